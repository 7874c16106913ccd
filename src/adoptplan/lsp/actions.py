"""Code actions and formatting: the fixes `check` already knows, applied in the editor."""

from __future__ import annotations

import difflib
import re

from lsprotocol import types

from adoptplan.fmt import format_text
from adoptplan.lsp.documents import char_column, lines_of, utf16_column

_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def quick_fixes(uri: str, text: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """One action per did-you-mean hint: replace the misspelt word with the suggestion."""
    lines = lines_of(text)
    actions = []
    for diagnostic in diagnostics:
        suggestion = _DID_YOU_MEAN.search(diagnostic.message)
        if suggestion is None:
            continue
        edit = _replacement(lines, diagnostic.range, suggestion.group(1))
        if edit is not None:
            actions.append(types.CodeAction(
                title=f"Change to '{suggestion.group(1)}'", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [edit]})))
    return actions


def _replacement(lines: list[str], where: types.Range, wanted: str) -> types.TextEdit | None:
    """The edit replacing the word of the range closest to `wanted` (a diagnostic may cover a
    whole include line, not only the misspelt name)."""
    if where.start.line >= len(lines):
        return None
    line = lines[where.start.line]
    start = char_column(line, where.start.character)
    # a span ending on the next line (an include with its newline) ends with this line here
    same_line = where.end.line == where.start.line
    end = char_column(line, where.end.character) if same_line else len(line)
    words = [w for w in _WORD.finditer(line) if w.start() < max(end, start + 1) and w.end() > start]
    if not words:
        return None
    best = max(words, key=lambda w: difflib.SequenceMatcher(None, w.group(0), wanted).ratio())
    if best.group(0) == wanted:
        return None
    begin = types.Position(where.start.line, utf16_column(line, best.start()))
    finish = types.Position(where.start.line, utf16_column(line, best.end()))
    return types.TextEdit(types.Range(begin, finish), wanted)


def formatting(text: str, path: str) -> list[types.TextEdit]:
    """The whole document in its canonical form, as `adoptplan fmt` writes it; no edit when it
    does not parse (the diagnostics say why) or is already canonical."""
    formatted = format_text(text, path)
    if formatted.after is None or not formatted.changed:
        return []
    lines = lines_of(text)
    end = types.Position(len(lines) - 1, len(lines[-1].encode("utf-16-le")) // 2)
    return [types.TextEdit(types.Range(types.Position(0, 0), end), formatted.after)]
