"""Files to model: read `.adopt` files and folders, follow includes, keep every source for errors.

Includes are resolved relative to the including file and must stay inside the playbook root (the
folder given, or the folder of the file given). `include method.pilot` names a playbook of the
method library shipped inside the package.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import attrs

from adoptplan import model as m
from adoptplan.codes.semantic import BAD_INCLUDE, INCLUDE_CYCLE, UNKNOWN_LIBRARY_PLAYBOOK
from adoptplan.codes.syntax import EMPTY_FILE, LINE_TOO_LONG
from adoptplan.diagnostics import Diagnostic, InputError, did_you_mean
from adoptplan.files import (
    Refused,
    confined,
    decode,
    exists,
    find_files,
    is_dir,
    line_one,
    read_user_file,
    resolved,
    unreadable,
    unreadable_folders,
)
from adoptplan.syntax import parse_text

SUFFIX = ".adopt"
MAX_INCLUDE_DEPTH = 50
"""Includes nested deeper than this are refused at the include line (AP403): no real playbook
comes near it. The loader keeps its own stack of open files, so no depth can exhaust Python's."""


@m.frozen
class Loaded:
    """What loading gave: the playbook, every source text by display path, and the findings."""

    playbook: m.Playbook
    sources: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


@functools.lru_cache(maxsize=1)
def library_root() -> Path:
    """The method library: inside the installed package, or `playbooks/` of a checkout (asked
    for every file shown, so found once)."""
    packaged = Path(__file__).resolve().parent / "library"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "playbooks"


def library_file(name: str) -> Path:
    """The file of library playbook `name` (`method.barriers`), as findings name it."""
    return library_root().joinpath(*name.split(".")).with_suffix(SUFFIX)


def library_names() -> list[str]:
    root = library_root()
    return sorted(
        ".".join(p.relative_to(root).with_suffix("").parts)
        for p in root.rglob(f"*{SUFFIX}")
        if "method" in p.relative_to(root).parts[:1]
    )


MAX_LINE = 100_000
"""The longest line a playbook may hold (AP115)."""


def long_lines(text: str, shown: str) -> list[Diagnostic]:
    """AP115 at the first line longer than MAX_LINE: a 5 MB name took a minute to evaluate."""
    if len(text) <= MAX_LINE:
        return []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            return [Diagnostic(LINE_TOO_LONG, f"this line holds {len(line):,} characters, more "
                               f"than the {MAX_LINE:,} a line may hold",
                               m.Span(shown, number, MAX_LINE + 1, number, MAX_LINE + 2),
                               hint="shorten the name or text on it")]
    return []


def _empty(source: m.SourceFile) -> list[Diagnostic]:
    """A file without a single declaration is a mistake: a failed copy or a wrong path."""
    if source.items:
        return []
    return [Diagnostic(
        EMPTY_FILE, "this file holds no declarations", m.Span(source.path, 1, 1, 1, 2),
        hint='a playbook starts with `playbook "Name" { ... }`; an included file declares '
             "segments, metrics, rules or barriers",
    )]


@attrs.define
class _Open:
    """A file being loaded: its model, and the includes of it not yet followed."""

    path: Path
    root: Path
    chain: tuple[Path, ...]
    """The files that included it, outermost first, and itself last."""
    source: m.SourceFile
    includes: Iterator[m.Include]


class _Loader:
    """Loads files and what they include, depth first, with an explicit stack: an included file
    comes before the file including it, in the order of the include lines."""

    def __init__(self, overlay: dict[Path, str] | None = None) -> None:
        self.overlay = overlay or {}
        self.files: list[m.SourceFile] = []
        self.sources: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[Path] = set()
        self.unplaced: Path | None = None  # standard input read without --stdin-filename

    def include_hint(self, path: Path, hint: str | None) -> str | None:
        """The hint of an include of `path` that cannot be followed: read from standard input
        without a name, its includes resolve from the working folder, which is most likely why."""
        return STDIN_INCLUDE_HINT if path == self.unplaced else hint

    def display(self, path: Path) -> str:
        library = library_root()
        # in a checkout the library folder is playbooks/, which also holds example playbooks
        if path.is_relative_to(library / "method"):
            return ".".join(path.relative_to(library).with_suffix("").parts)
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()

    def display_folder(self, path: Path) -> str:
        return self.display(resolved(path))

    def load_file(
        self, path: Path, root: Path, chain: tuple[Path, ...], via: m.Include | None = None
    ) -> None:
        self._follow(self._open(path, root, chain, via))

    def load_data(self, data: bytes, path: Path, shown: str, root: Path,
                  chain: tuple[Path, ...]) -> None:
        """Parse a playbook's bytes, shown as `shown`, and follow its includes from `path`."""
        self._follow(self._parse(data, path, shown, root, chain))

    def _follow(self, first: _Open | None) -> None:
        """Every include below `first`, depth first; each file's model is kept once its own
        includes are (the order the recursive loader gave, without its depth)."""
        stack = [first] if first else []
        while stack:
            top = stack[-1]
            include = next(top.includes, None)
            if include is None:
                stack.pop()
                self.files.append(top.source)
                continue
            opened = self._include(include, top.path, top.root, top.chain)
            if opened:
                stack.append(opened)

    def _open(self, path: Path, root: Path, chain: tuple[Path, ...],
              via: m.Include | None) -> _Open | None:
        """Read and parse one file, unless it is refused, part of a cycle or already loaded."""
        try:
            path = confined(path, root)
        except Refused as error:  # named as given: where a link points is not shown
            self.diagnostics.append(unreadable(self.display(path.absolute()), error))
            return None
        if path in chain:
            self._cycle(path, chain, via)
            return None
        if path in self.seen:
            return None
        self.seen.add(path)
        shown = self.display(path)
        try:
            data = self.overlay[path].encode("utf-8") if path in self.overlay else read_user_file(path)
        except OSError as error:
            self.diagnostics.append(unreadable(shown, error))
            return None
        return self._parse(data, path, shown, root, chain)

    def _parse(self, data: bytes, path: Path, shown: str, root: Path,
               chain: tuple[Path, ...]) -> _Open | None:
        text, problems = decode(data, shown)
        problems = problems or long_lines(text, shown)
        self.sources[shown] = text
        self.diagnostics.extend(problems)
        if problems:
            return None
        try:
            source, found = parse_text(text, shown)
        except InputError as error:
            self.diagnostics.extend(error.diagnostics)
            return None
        self.diagnostics.extend(found + _empty(source))
        includes = (item for item in source.items if isinstance(item, m.Include))
        return _Open(path, root, (*chain, path), source, includes)

    def _include(self, include: m.Include, path: Path, root: Path, chain: tuple[Path, ...]
                 ) -> _Open | None:
        """The file `include` (written in `path`, included through `chain`) names, opened; or
        None, with the finding at the include line when it cannot be followed."""
        if include.library:
            target = library_root().joinpath(*include.target.split(".")).with_suffix(SUFFIX)
            if not target.is_file():
                hint = did_you_mean(include.target, library_names())
                self.diagnostics.append(Diagnostic(
                    UNKNOWN_LIBRARY_PLAYBOOK, f"there is no library playbook '{include.target}'", include.span,
                    hint=hint or "library playbooks: " + ", ".join(library_names()),
                ))
                return None
            return self._open(target, library_root(), chain, include)
        if len(chain) > MAX_INCLUDE_DEPTH:
            self.diagnostics.append(Diagnostic(
                BAD_INCLUDE, f"cannot include '{include.target}': includes are nested more than "
                f"{MAX_INCLUDE_DEPTH} files deep", include.span,
                hint="include the shared files from the main playbook instead of from each other"))
            return None
        try:
            target = confined(path.parent / include.target, None)
        except Refused as error:
            self.diagnostics.append(Diagnostic(
                BAD_INCLUDE, f"cannot include '{include.target}': {error}", include.span,
                hint=error.hint))
            return None
        if not target.is_relative_to(root):
            self.diagnostics.append(Diagnostic(
                BAD_INCLUDE, f"'{include.target}' is outside the playbook folder {self.display(root)}",
                include.span, hint=self.include_hint(
                    path, "includes must stay inside the folder of the playbooks"),
            ))
            return None
        try:
            target.is_file()
        except OSError as error:  # a folder on the way cannot be entered
            problem = unreadable(self.display(target), error, "path")
            self.diagnostics.append(attrs.evolve(
                problem, message=f"cannot include '{include.target}': {error.strerror or error}",
                span=include.span))
            return None
        if not target.is_file() or target.suffix != SUFFIX:
            what = "is not a .adopt file" if target.is_file() else "does not exist"
            siblings = [p.name for p in target.parent.glob(f"*{SUFFIX}")] if target.parent.is_dir() else []
            self.diagnostics.append(Diagnostic(
                BAD_INCLUDE, f"cannot include '{include.target}': it {what}", include.span,
                hint=self.include_hint(path, did_you_mean(target.name, siblings)),
            ))
            return None
        return self._open(target, root, chain, include)

    def _cycle(self, path: Path, chain: tuple[Path, ...], via: m.Include | None) -> None:
        loop = chain[chain.index(path):] + (path,)
        shown = " -> ".join(self.display(p) for p in loop)
        span = via.span if via else line_one(self.display(chain[-1]))
        self.diagnostics.append(Diagnostic(
            INCLUDE_CYCLE, f"include cycle: {shown}", span, hint="remove one of these includes",
        ))


def is_playbook(path: Path) -> bool:
    return path.suffix == SUFFIX


def find_playbook_files(path: Path) -> list[Path]:
    """A file as given, or every `.adopt` file under a folder in a stable order (folders that
    cannot be read left out: `find_files` names them)."""
    return list(find_files(path, is_playbook).files)


def _without_library(given: Path, files: list[Path]) -> list[Path]:
    """In a checkout the method library sits in `playbooks/method/`: a folder around it is read
    without it (its playbooks are included by name, never run as part of the folder), a folder
    inside it is the library itself. So is a copy of it: `playbooks/` of a checkout read by an
    installed package, whose library is the one inside the package."""
    libraries = [(library_root() / "method").resolve()]
    if is_dir(given) and _is_library_copy(given / "method"):
        libraries.append((given / "method").resolve())
    if any(resolved(given).is_relative_to(library) for library in libraries):
        return files
    return [f for f in files
            if not any(resolved(f).is_relative_to(library) for library in libraries)]


def _is_library_copy(folder: Path) -> bool:
    """A `method` folder whose playbooks are all the method library's, name and text: a team's
    own `method/` folder is read as usual."""
    if not is_dir(folder):
        return False
    files = find_playbook_files(folder)
    return bool(files) and all(_same_file(library_root() / p.relative_to(folder.parent), p)
                               for p in files)


def _same_file(one: Path, other: Path) -> bool:
    """False for a file that cannot be read: the folder is then read as usual, which says why."""
    try:
        return one.is_file() and one.read_bytes() == other.read_bytes()
    except OSError:
        return False


def load(paths: list[Path], overlay: dict[Path, str] | None = None) -> Loaded:
    """Load every playbook file under `paths` and what they include.

    `overlay`: texts by resolved path read instead of the files (an editor's unsaved buffers).

    Raises FileNotFoundError for a path that does not exist or a folder without playbooks (a
    usage error, not a finding). A file or folder that cannot be read is a finding (AP113).
    """
    loader = _Loader(overlay)
    for given in paths:
        if given not in loader.overlay and not exists(given):
            raise FileNotFoundError(f"no such file or folder: {given}")
        found = find_files(given, is_playbook)
        files = _without_library(given, list(found.files)) if found.files else []
        if not files and not found.unreadable:
            raise FileNotFoundError(f"no {SUFFIX} files in the folder {given}")
        loader.diagnostics.extend(d for d in unreadable_folders(found, loader.display_folder)
                                  if d not in loader.diagnostics)
        root = (given if is_dir(given) else given.parent).resolve()
        for path in files:
            loader.load_file(path, root, ())
    return Loaded(m.Playbook(tuple(loader.files)), loader.sources, tuple(loader.diagnostics))


STDIN_SHOWN = "<stdin>"
STDIN_INCLUDE_HINT = ("the playbook is read from standard input, so its includes resolve from the "
                      "working folder: give --stdin-filename PATH to resolve them from the file's "
                      "folder")


def load_stdin(data: bytes, filename: Path | None = None) -> Loaded:
    """A playbook an editor sends on standard input, loaded as if it were saved at `filename`
    (its includes followed from there, its findings located there); `<stdin>` without one.

    The file on disk at `filename`, if any, is not read: the text given replaces it.
    """
    loader = _Loader()
    path = resolved(filename) if filename else Path.cwd() / STDIN_SHOWN
    loader.seen.add(path)
    loader.unplaced = None if filename else path
    shown = loader.display(path) if filename else STDIN_SHOWN
    loader.load_data(data, path, shown, path.parent, ())
    return Loaded(m.Playbook(tuple(loader.files)), loader.sources, tuple(loader.diagnostics))


def load_text(text: str, path: str = "playbook.adopt") -> Loaded:
    """Parse one playbook given as text (no includes followed): for tests and tools."""
    decoded, problems = decode(text.encode("utf-8"), path)
    sources = {path: decoded}
    if problems:
        return Loaded(m.Playbook(()), sources, tuple(problems))
    try:
        source, found = parse_text(decoded, path)
    except InputError as error:
        return Loaded(m.Playbook(()), sources, error.diagnostics)
    return Loaded(m.Playbook((source,)), sources, tuple(found + _empty(source)))
