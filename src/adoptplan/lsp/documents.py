"""Positions between the model and LSP: the model counts characters from 1, LSP counts UTF-16
code units from 0, so a line with an accent or an emoji needs converting, both ways."""

from __future__ import annotations

import re

from lsprotocol import types

from adoptplan import model as m

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 offset of the character at index `column` (from 0) of `line`."""
    head = line[:column]
    return len(head) + sum(1 for char in head if ord(char) > 0xFFFF)


def char_column(line: str, units: int) -> int:
    """The character index of a UTF-16 offset; one inside a surrogate pair goes to its start."""
    count = 0
    for index, char in enumerate(line):
        count += 2 if ord(char) > 0xFFFF else 1
        if count > units:
            return index
    return len(line)


def lines_of(text: str) -> list[str]:
    """Lines as the parser numbers them: LF, CRLF and a lone CR each end one."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _position(lines: list[str], line: int, column: int) -> types.Position:
    """A model position (from 1) as LSP's; past the end clamps to the end."""
    if line < 1 or not lines:
        return types.Position(0, 0)
    if line > len(lines):
        return types.Position(len(lines) - 1, utf16_column(lines[-1], len(lines[-1])))
    text = lines[line - 1]
    return types.Position(line - 1, utf16_column(text, max(0, column - 1)))


def to_range(span: m.Span, lines: list[str]) -> types.Range:
    start = _position(lines, span.line, span.column)
    end = _position(lines, span.end_line, span.end_column)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start, end)


def from_position(position: types.Position, lines: list[str]) -> tuple[int, int]:
    """An LSP position as the model's (line, column), both from 1."""
    line = min(position.line, len(lines) - 1) if lines else 0
    text = lines[line] if lines else ""
    return line + 1, char_column(text, position.character) + 1


def contains(span: m.Span, line: int, column: int) -> bool:
    """Whether a model position (from 1) is inside a span (end exclusive, end itself counted so
    the cursor just after a name still finds it)."""
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def word_at(lines: list[str], line: int, column: int) -> tuple[str, int]:
    """The name under a model position and the column (from 1) it starts at; ("", column)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    for found in _WORD.finditer(text):
        if found.start() < column <= found.end() + 1:
            return found.group(0), found.start() + 1
    return "", column
