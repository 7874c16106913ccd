"""One check of the playbook an open document belongs to, as `adoptplan check` would run it, with
the editor's unsaved texts read instead of the files, and the names it declares and uses."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from adoptplan import model as m
from adoptplan.api import Checked, check_loaded
from adoptplan.codes.syntax import TOO_LARGE_TO_CHECK
from adoptplan.diagnostics import Diagnostic
from adoptplan.load import SUFFIX, Loaded, library_file, library_root, load

MAX_BYTES = 2_000_000
"""Above this a document is not checked as you type (AP114): the editor must stay responsive."""

MAX_WORKSPACE_FILES = 2_000
"""How many playbook files of a workspace are looked at to find which ones include a document."""

_SKIPPED = {"node_modules", "__pycache__", "site-packages"}
_INCLUDE = re.compile(r'^[ \t]*include[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w.]*))', re.MULTILINE)


@attrs.frozen
class Occurrence:
    """A declared name where it is declared or used."""

    name: str
    span: m.Span
    declaration: bool


@attrs.frozen
class Analysis:
    """The check of one document's playbook, and where its files are."""

    document: Path
    shown: str
    """The document's display path in `checked` (as `adoptplan check` names it)."""
    checked: Checked
    files: dict[str, Path]
    """Display path -> file, for every file the check read."""

    @property
    def playbook(self) -> m.Playbook:
        return self.checked.loaded.playbook

    def text(self, shown: str) -> str:
        return self.checked.loaded.sources.get(shown, "")

    def diagnostics(self) -> list[Diagnostic]:
        return [d for d in self.checked.diagnostics if d.span.path == self.shown]

    def source(self, shown: str | None = None) -> m.SourceFile | None:
        wanted = shown or self.shown
        return next((f for f in self.playbook.files if f.path == wanted), None)

    def occurrences(self) -> list[Occurrence]:
        return list(_occurrences(self.playbook))


def analyse(document: Path, text: str, overlay: dict[Path, str], roots: list[Path]) -> Analysis:
    """Check the playbook `document` belongs to: the workspace file that includes it (directly or
    through others), or the document itself when none does. Never raises for bad input."""
    document = document.resolve()
    if len(text.encode("utf-8")) > MAX_BYTES:
        return _too_large(document, text)
    top = top_file(document, {**overlay, document: text}, roots)
    loaded = load([top], {**overlay, document: text})
    files = {shown: file_of(shown) for shown in loaded.sources}
    shown = next((s for s, p in files.items() if p == document), document.as_posix())
    return Analysis(document, shown, check_loaded(loaded), files)


def _too_large(document: Path, text: str) -> Analysis:
    shown = document.as_posix()
    size = len(text.encode("utf-8")) / 1_000_000
    problem = Diagnostic(
        TOO_LARGE_TO_CHECK, f"this file is too large to check as you type ({size:.1f} MB)",
        m.Span(shown, 1, 1, 1, 2), "warning",
        hint="run `adoptplan check` on it, or split it into included files",
    )
    loaded = Loaded(m.Playbook(()), {shown: ""}, (problem,))
    return Analysis(document, shown, Checked(loaded, (problem,)), {shown: document})


def file_of(shown: str) -> Path:
    """The file behind a display path of the loader (relative to the working folder, absolute,
    or in the method library)."""
    if m.is_library_path(shown):
        return library_file(shown).resolve()
    return Path(shown).resolve()


def top_file(document: Path, overlay: dict[Path, str], roots: list[Path]) -> Path:
    """The first (by path) workspace file that includes `document`, through any chain of
    includes, and is itself included by none; `document` when nothing includes it."""
    included_by: dict[Path, set[Path]] = {}
    for file in _workspace_files(roots):
        for target in _includes(file, overlay):
            included_by.setdefault(target, set()).add(file)
    seen, pending, tops = {document}, [document], []
    while pending:
        current = pending.pop()
        parents = included_by.get(current, set()) - seen
        if not included_by.get(current) and current != document:
            tops.append(current)
        seen |= parents
        pending.extend(sorted(parents))
    return min(tops) if tops else document


def _workspace_files(roots: list[Path]) -> Iterator[Path]:
    count = 0
    for root in roots:
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders
                                   if not d.startswith(".") and d not in _SKIPPED)
            for name in sorted(names):
                if name.endswith(SUFFIX):
                    count += 1
                    if count > MAX_WORKSPACE_FILES:
                        return
                    yield Path(folder, name).resolve()


def _includes(file: Path, overlay: dict[Path, str]) -> tuple[Path, ...]:
    """The files `file` includes, by a quick look at its include lines (the check that follows
    reads them properly); a file that cannot be read includes nothing here."""
    if file in overlay:
        return tuple(_targets(file, overlay[file]))
    try:
        return _saved_includes(file, file.stat().st_mtime_ns)
    except OSError:
        return ()


@functools.lru_cache(maxsize=4096)
def _saved_includes(file: Path, modified: int) -> tuple[Path, ...]:
    """A saved file's includes, read again only when it changes (every keystroke asks)."""
    try:
        return tuple(_targets(file, file.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return ()


def _targets(file: Path, text: str) -> Iterator[Path]:
    for relative, library in _INCLUDE.findall(text):
        if relative:
            yield (file.parent / relative).resolve()
        else:
            yield library_root().joinpath(*library.split(".")).with_suffix(SUFFIX).resolve()


# ------------------------------------------------------------------------------------ names


_DECLARED = (m.Segment, m.Priority, m.Tool, m.Metric, m.Param, m.Rule, m.Barrier)


def declarations(playbook: m.Playbook) -> dict[str, object]:
    """Every declared name, first declaration wins (as the checks resolve them)."""
    found: dict[str, object] = {}
    for declaration in playbook.declarations():
        if isinstance(declaration, _DECLARED):
            found.setdefault(declaration.name.text, declaration)
    return found


def _occurrences(playbook: m.Playbook) -> Iterator[Occurrence]:
    """Declarations and every use of a declared name: scopes, `using`, `serves`, waivers,
    include overrides, and references in expressions."""
    declared = declarations(playbook)
    for source in playbook.files:
        for item in source.items:
            if isinstance(item, _DECLARED):
                yield Occurrence(item.name.text, item.name.span, True)
                for field in attrs.fields(type(item)):
                    if field.name != "name":
                        yield from _uses(getattr(item, field.name), declared)
            else:
                yield from _uses(item, declared)


def _uses(node: object, declared: dict[str, object]) -> Iterator[Occurrence]:
    if isinstance(node, tuple):
        for each in node:
            yield from _uses(each, declared)
        return
    if isinstance(node, m.Name) and node.text in declared:
        yield Occurrence(node.text, node.span, False)
    elif isinstance(node, m.Ref) and node.name in declared:
        yield Occurrence(node.name, node.span, False)
    elif attrs.has(type(node)) and not isinstance(node, (m.Name, m.Ref, m.Text, m.Period)):
        for field in attrs.fields(type(node)):
            yield from _uses(getattr(node, field.name), declared)
