"""Definition, references, rename and the outline: where each declared name is written."""

from __future__ import annotations

import re

from lsprotocol import types

from adoptplan import model as m
from adoptplan.check.index import included_file, is_library
from adoptplan.lsp.analysis import Analysis, Occurrence
from adoptplan.lsp.documents import contains, lines_of, to_range
from adoptplan.syntax import keywords

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class RenameError(ValueError):
    """A rename that cannot be done; the message says why, for the editor to show."""


def occurrence_at(analysis: Analysis, line: int, column: int) -> Occurrence | None:
    for occurrence in analysis.occurrences():
        if occurrence.span.path == analysis.shown and contains(occurrence.span, line, column):
            return occurrence
    return None


def location(analysis: Analysis, span: m.Span) -> types.Location:
    file = analysis.files.get(span.path)
    uri = file.as_uri() if file else span.path
    return types.Location(uri, to_range(span, lines_of(analysis.text(span.path))))


def definition(analysis: Analysis, line: int, column: int) -> list[types.Location]:
    """The declaration of the name under the cursor, or the file an include loads."""
    found = occurrence_at(analysis, line, column)
    if found is not None:
        return [location(analysis, o.span) for o in analysis.occurrences()
                if o.name == found.name and o.declaration][:1]
    source = analysis.source()
    for item in source.items if source else ():
        if isinstance(item, m.Include) and item.span.line <= line <= item.span.end_line:
            target = included_file(analysis.playbook, analysis.shown, item)
            if target is not None:
                return [location(analysis, m.Span(target.path, 1, 1, 1, 1))]
    return []


def references(analysis: Analysis, line: int, column: int,
               with_declaration: bool = True) -> list[types.Location]:
    found = occurrence_at(analysis, line, column)
    if found is None:
        return []
    return [location(analysis, o.span) for o in analysis.occurrences()
            if o.name == found.name and (with_declaration or not o.declaration)]


def rename(analysis: Analysis, line: int, column: int, new_name: str) -> types.WorkspaceEdit:
    """Every occurrence of the declared name under the cursor, in every file of the playbook.

    Raises RenameError for an invalid new name or a name the method library declares.
    """
    found = occurrence_at(analysis, line, column)
    if found is None:
        raise RenameError("no declared name here")
    if not _NAME.fullmatch(new_name) or new_name in keywords().values():
        raise RenameError(f"'{new_name}' cannot be a name: use letters, digits and _, "
                          "not a keyword")
    spans = [o.span for o in analysis.occurrences() if o.name == found.name]
    if any(is_library(span.path) for span in spans):
        raise RenameError(f"'{found.name}' is used in the method library, which cannot change")
    changes: dict[str, list[types.TextEdit]] = {}
    for span in spans:
        place = location(analysis, span)
        changes.setdefault(place.uri, []).append(types.TextEdit(place.range, new_name))
    return types.WorkspaceEdit(changes=changes)


_SYMBOL_KINDS = {
    m.Header: types.SymbolKind.Namespace,
    m.Segment: types.SymbolKind.Class,
    m.Priority: types.SymbolKind.Event,
    m.Tool: types.SymbolKind.Interface,
    m.Metric: types.SymbolKind.Field,
    m.Param: types.SymbolKind.Constant,
    m.Rule: types.SymbolKind.Function,
    m.Barrier: types.SymbolKind.Event,
    m.Waiver: types.SymbolKind.Key,
    m.Intervention: types.SymbolKind.Object,
    m.Include: types.SymbolKind.File,
}


def symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """The outline: every include and declaration of the document, in the order written."""
    source = analysis.source()
    lines = lines_of(analysis.text(analysis.shown))
    found = []
    for item in source.items if source else ():
        if isinstance(item, m.Include):
            name, detail, selection = f"include {item.target}", "", item.span
        elif isinstance(item, m.Header):
            name, detail, selection = "playbook", item.title.value, item.title.span
        else:
            title = getattr(item, "title", None)
            name, detail, selection = item.name.text, title.value if title else "", item.name.span
        keyword = "waive" if isinstance(item, m.Waiver) else type(item).__name__.lower()
        found.append(types.DocumentSymbol(
            name=name, kind=_SYMBOL_KINDS[type(item)], range=to_range(item.span, lines),
            selection_range=to_range(selection, lines),
            detail=f"{keyword} {detail}".strip()))
    return found
