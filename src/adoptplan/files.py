"""Files: finding them in folders, reading them as text, showing their paths, writing atomically.

Every command reads and writes user files through these functions, so that a folder that cannot
be read is reported rather than passed over, a path is shown the same way everywhere, and a
write is all or nothing: the new content goes to a temporary file in the same folder, is
flushed to disk, and then replaces the target in one `os.replace`, so a reader (or a crash) never sees half a file.
A device, pipe or socket (`-o /dev/stdout`, `-o /dev/null`, a named pipe) is written to as it is:
replacing it would put a regular file in its place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from adoptplan import model as m
from adoptplan.codes.syntax import NOT_TEXT, UNREADABLE
from adoptplan.diagnostics import Diagnostic

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


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text with BOM dropped and CRLF/CR turned into LF; bad bytes are a positioned error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        span = m.Span(path, line, column, line, column + 1)
        return "", [
            Diagnostic(
                NOT_TEXT,
                f"this file is not UTF-8 text (byte 0x{data[error.start]:02X})",
                span,
                hint="save the playbook as UTF-8",
            )
        ]
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        span = m.Span(path, line, column, line, column + 1)
        return "", [
            Diagnostic(NOT_TEXT, "this file holds binary data, not a playbook", span,
                       hint="playbooks are plain text files ending in .adopt")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@attrs.frozen
class Found:
    """The files a walk found, and the folders it could not list with why: a folder that cannot
    be read is reported, never passed over as if it held nothing."""

    files: tuple[Path, ...]
    unreadable: tuple[tuple[Path, OSError], ...] = ()


def find_files(path: Path, wanted: Callable[[Path], bool]) -> Found:
    """A file as given, or every file under a folder that `wanted` accepts, in a stable order.

    Symlinked folders are not followed (as `Path.rglob` does not). A file whose kind cannot be
    looked up is kept, so that reading it reports why.
    """
    try:
        if not path.is_dir():
            return Found((path,))
    except OSError as error:  # a folder on the way cannot be entered
        return Found((), ((path, error),))
    files: list[Path] = []
    unreadable: list[tuple[Path, OSError]] = []
    pending = [path]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            unreadable.append((folder, error))
            continue
        for entry in entries:
            found = Path(entry.path)
            if _is_folder(entry):
                pending.append(found)
            elif wanted(found) and _is_file(entry):
                files.append(found)
    return Found(tuple(sorted(files)), tuple(sorted(unreadable, key=lambda u: u[0])))


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """A file, or a link that should be one: a broken link or a loop is kept, so that reading
    it reports why (AP113) instead of passing over it in silence."""
    try:
        return entry.is_file() or entry.is_symlink()
    except OSError:
        return True


def exists(path: Path) -> bool:
    """`Path.exists`, but a path that cannot be looked at (inside a folder that cannot be
    entered) counts as there: reading it then reports why, instead of "no such file"."""
    try:
        return path.exists()
    except OSError:
        return True


_UNREADABLE = {
    "file": ("this file", "read it"),
    "folder": ("this folder", "list and enter it"),
    "path": ("this path", "enter the folders on the way to it"),
}


def unreadable(shown: str, error: OSError, kind: str = "file", code: str = UNREADABLE) -> Diagnostic:
    """A file, a folder or a path (one inside a folder that cannot be entered) that cannot be
    read, with the system's reason: an error, since what it holds would go unchecked. AP113 for
    playbooks; metrics say the same as AP611."""
    what, need = _UNREADABLE[kind]
    return Diagnostic(
        code, f"cannot read {what}: {error.strerror or error}", line_one(shown),
        hint=f"check its permissions: the user running adoptplan needs to {need}",
    )


def unreadable_input(diagnostics: Iterable[Diagnostic]) -> bool:
    """Some input could not be read (AP113): what it holds went unchecked, so the question
    could not be answered (exit 2), whatever else was found."""
    return any(d.code == UNREADABLE for d in diagnostics)


def unreadable_folders(found: Found, display: Callable[[Path], str],
                       code: str = UNREADABLE) -> list[Diagnostic]:
    """A finding for each folder a walk could not list (or path it could not look at)."""
    return [unreadable(display(path), error, "folder" if is_dir(path) else "path", code)
            for path, error in found.unreadable]


def line_one(path: str) -> m.Span:
    return m.Span(path, 1, 1, 1, 2)


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
