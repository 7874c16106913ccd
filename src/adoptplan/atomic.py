"""Atomic file writes for every command that writes (`fmt`, `-o FILE`): all or nothing.

The new content goes to a temporary file in the same folder, is flushed to disk, and then
replaces the target in one `os.replace`, so a reader (or a crash) never sees half a file.
A device, pipe or socket (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written to as it is:
replacing it would put a regular file in its place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DEFAULT_MODE = 0o666
"""What a new file gets before the umask, as with `open(path, "w")`."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual default under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return DEFAULT_MODE & ~_umask()


def _is_special(target: Path) -> bool:
    """Whether the target (or what it links to) exists and is neither a regular file nor a
    folder."""
    try:
        kind = target.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(kind) or stat.S_ISDIR(kind))


def write_atomic(
    path: str | os.PathLike[str], content: str | bytes, encoding: str = "utf-8"
) -> None:
    """Replace `path` with `content` in one step, keeping its mode; text is written as is (no
    newline translation). A symbolic link is followed, so the link stays a link.

    Raises OSError when the folder is not writable or the disk is full; the target is then
    untouched and no temporary file is left behind.
    """
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    if _is_special(target) or target.as_posix().startswith("/dev/"):
        # through any link: /dev/stdout links to the process's own pipe or to the file it is
        # redirected to, which must be written in place (`>> summary.md` appends to it)
        with open(target, "ab") as stream:  # "wb" would truncate a file stdout is sent to
            stream.write(data)
        return
    if target.is_symlink():
        target = target.resolve()
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
