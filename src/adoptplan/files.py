"""Files: finding them in folders, reading them as text, showing their paths, writing atomically.

Every command reads and writes user files through these functions, so that a folder that cannot
be read is reported rather than passed over, a path is shown the same way everywhere, and a
write is all or nothing: the new content goes to a temporary file in the same folder, is
flushed to disk, and then replaces the target in one `os.replace`, so a reader (or a crash) never sees half a file.
Only a regular file (or a new one) is written: a named pipe, a device or a socket is refused
(`output_target`), since a write could wait forever, fill a disk or land in another program.
`-o /dev/stdout` with standard output redirected to a file writes that file in place (appending).

Input arrives through pull requests, so reading is guarded (`read_user_file`): only regular
files, a link only when it stays inside the folder being read, nothing over a size cap.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from adoptplan import model as m
from adoptplan.codes.syntax import NOT_TEXT, UNREADABLE
from adoptplan.diagnostics import Diagnostic

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest file adoptplan reads (256 MiB); ADOPTPLAN_MAX_FILE_MB sets another cap."""

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


def output_target(path: str | os.PathLike[str]) -> None:
    """Raise Refused when `path` (or what it links to) exists and is a named pipe, a device or
    a socket: called before a command does its work, and again by `write_atomic`. The null
    device is the one device allowed: writing there can neither hang nor leak."""
    try:
        found = os.stat(path)
    except OSError:
        return  # new, or a folder on the way is missing: the write itself says so
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode) or _is_null(found)):
        _refuse_kind(found.st_mode)


def _is_null(found: os.stat_result) -> bool:
    """Whether `found` is os.devnull itself (by device and inode, so a link to it counts)."""
    try:
        return os.path.samestat(found, os.stat(os.devnull))
    except OSError:
        return False


def write_atomic(
    path: str | os.PathLike[str], content: str | bytes, encoding: str = "utf-8"
) -> None:
    """Replace `path` with `content` in one step, keeping its mode; text is written as is (no
    newline translation). A symbolic link is followed, so the link stays a link.

    Raises OSError when the folder is not writable or the disk is full; the target is then
    untouched and no temporary file is left behind. Raises Refused (an OSError) for a named
    pipe, a device or a socket (see `output_target`).
    """
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    output_target(target)
    with contextlib.suppress(OSError):
        if _is_null(os.stat(target)):
            return  # discarded: never a temporary file beside it, never a rename over it
    if target.as_posix().startswith("/dev/"):
        # /dev/stdout redirected to a file links to that file through /proc, which must be
        # written in place (`>> summary.md` appends to it)
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


class Refused(OSError):
    """A file adoptplan will not read or write, with why and what to do instead: reported like
    any unreadable file, at the path the user gave (a link is named, never what it points to)."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.hint = hint


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def max_file_bytes() -> int:
    """The size cap: ADOPTPLAN_MAX_FILE_MB when set to a positive number, else MAX_FILE_BYTES."""
    given = os.environ.get("ADOPTPLAN_MAX_FILE_MB", "")
    try:
        return max(1, int(float(given) * 1024 * 1024)) if given else MAX_FILE_BYTES
    except ValueError:
        return MAX_FILE_BYTES


def _allow_csv_fields() -> None:
    """Let a CSV cell be as large as the file cap: `csv`'s own limit (128 KiB) raises an error
    in the middle of a read. A cell that large is then reported by the reader that meets it."""
    csv.field_size_limit(max(csv.field_size_limit(), min(max_file_bytes(), 2**31 - 1)))


_allow_csv_fields()


def confined(path: Path, root: Path | None) -> Path:
    """The file `path` names, resolved; Refused when it is a link that loops or leads out of
    `root` (a pull request's `x.adopt -> /etc/passwd` must not be read into a CI log)."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop
        raise Refused("it is a link that leads back to itself", "replace the link with the file") \
            from None
    if root is not None and not target.is_relative_to(resolved(root)):
        raise Refused(f"it is a link to a file outside {display_path(root)}",
                      "copy the file into the folder instead of linking to it")
    return target


def resolved(path: Path) -> Path:
    """`path.resolve()`, or the path as given when it cannot be resolved (a link to itself):
    reading it then reports why."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _refuse_kind(mode: int) -> None:
    for test, what in _KINDS:
        if test(mode):
            raise Refused(f"it is {what}, not a regular file", "give a regular file")


def _too_big(size: int, cap: int) -> Refused:
    return Refused(f"it is larger than the limit of {_size(cap)} ({_size(size)} or more)",
                   "set ADOPTPLAN_MAX_FILE_MB to a larger limit if the file is really this big")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def regular_file(path: Path, root: Path | None = None) -> tuple[Path, os.stat_result]:
    """The resolved path and status of a regular file inside `root` (see `confined`), for a
    reader that streams the file itself; Refused for a pipe, a device, a socket or a folder."""
    target = confined(path, root)
    info = os.stat(target)
    _refuse_kind(info.st_mode)
    return target, info


def root_of(given: Path) -> Path:
    """The folder a path given to a command confines its files to: the folder itself, or the
    folder holding the file given."""
    return given if is_dir(given) else given.parent


def _open_to_read(target: Path) -> int:
    """Open without blocking (a pipe swapped in after the `stat` does not wait for a writer)."""
    return os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def read_user_file(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a file a user (or a pull request) gave: only a regular file, inside `root`
    when a root is given, up to the size cap. Pipes, devices and sockets are refused after a
    `stat`, before any open (one opened would block or never end); the open itself does not
    block (O_NONBLOCK) and is checked again, so a file swapped for a pipe in between is refused
    too. Raises OSError (Refused for a file refused on purpose)."""
    target, info = regular_file(path, root)
    cap = max_file_bytes()
    if info.st_size > cap:
        raise _too_big(info.st_size, cap)
    descriptor = _open_to_read(target)
    with os.fdopen(descriptor, "rb") as stream:
        _refuse_kind(os.fstat(descriptor).st_mode)
        data = stream.read(cap + 1)
    if len(data) > cap:
        raise _too_big(len(data), cap)
    return data


MAX_JSON_DEPTH = 64
"""JSON nested deeper than this is refused before parsing: Python's parser recurses, and no
metrics file or result comes near it."""


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> int | None:
    """The offset of the first `[` or `{` nested deeper than `limit`, outside strings; None
    when the text stays within it. Linear and without recursion, unlike `json.loads`."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token[0]
        if char in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif char in "]}":
            depth -= 1
    return None


_LONE_SURROGATE = re.compile(r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                             r"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")


def json_lone_surrogate(text: str) -> int | None:
    """The offset of a `\\ud800`-like escape that is half of a character: JSON lets it through,
    but it is no text and cannot be printed or written."""
    found = _LONE_SURROGATE.search(text)
    return found.start() if found else None


def _shown(data: bytes) -> str:
    """Text that cannot be read, as it can be shown under its finding: bad bytes and NULs
    replaced, so the line and the caret still appear."""
    text = data.decode("utf-8", errors="replace").replace("\x00", "\N{REPLACEMENT CHARACTER}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text with BOM dropped and CRLF/CR turned into LF; bad bytes are a positioned error
    (and the text returned is then only for showing under it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        span = m.Span(path, line, column, line, column + 1)
        return _shown(data), [
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
        return _shown(data), [
            Diagnostic(NOT_TEXT, "this file holds binary data, not a playbook", span,
                       hint="playbooks are plain text files ending in .adopt")
        ]
    if "\r" not in text:  # one scan of a large file, not two
        return text, []
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@m.frozen
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
    """Anything but a folder: a broken link, a loop, a pipe or a device is kept, so that
    reading it reports why (AP113) instead of passing over it in silence."""
    try:
        return not entry.is_dir(follow_symlinks=False)
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
    hint = error.hint if isinstance(error, Refused) else \
        f"check its permissions: the user running adoptplan needs to {need}"
    return Diagnostic(code, f"cannot read {what}: {error.strerror or error}", line_one(shown),
                      hint=hint)


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
    """A path as the user would type it: relative to the working folder when inside it; a
    link is shown as itself, not as what it points to."""
    with contextlib.suppress(ValueError):
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(os.getcwd())).as_posix()
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
