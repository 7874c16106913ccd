"""After a syntax error, find the next: a beginner's mistakes named, then the parse resumed.

The LALR parser stops at the first error. To report every one, the text is mended where the
error is and parsed again, until it parses: a mistake beginners make is mended as they meant it
(curly quotes made straight, `1,500` made `1500`, `active members` made `active_members`), a
block left open is closed where the next declaration starts, and any other line is blanked
(inside a block: that line; on a declaration's first line: the whole declaration). Mending
never moves a character, so every later error keeps its line and column in the file as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from adoptplan import model as m
from adoptplan.codes.syntax import UNEXPECTED_CHARACTER, UNEXPECTED_TOKEN
from adoptplan.diagnostics import Diagnostic

MAX_ERRORS = 50
"""Enough for any file a person wrote; a file of noise stops here rather than parse forever."""

DECLARATIONS = ("include", "playbook", "segment", "priority", "tool", "metric", "param", "rule",
                "barrier", "waive")
_BLOCK_START = re.compile(rf"^\s*(?:{'|'.join(DECLARATIONS)})\b[^#]*\{{\s*(?:#.*)?$")
_LINE_DECLARATION = re.compile(r"^\s*(?:include|param)\b")
_TEXT_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#.*')

CURLY_QUOTES = {"\u201c": "left double", "\u201d": "right double", "\u201e": "low double",
                "\u2018": "left single", "\u2019": "right single", "\u00ab": "left angle",
                "\u00bb": "right angle"}
"""What word processors and phones type for `"`: the language reads only the straight one."""
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@m.frozen
class Error:
    """A syntax error as the mending needs it: where, and what the parser met and wanted."""

    line: int
    column: int
    found: str  # the token's text, or the character
    token_type: str  # the terminal's name; "" for a character no terminal reads; "$END"
    expected: frozenset[str]


@m.frozen
class Mended:
    """A named mistake: its finding and the lines with it mended (None: parse no further)."""

    diagnostic: Diagnostic
    lines: list[str] | None


def is_block_start(line: str) -> bool:
    """`segment reps "Reps" {`: a declaration that opens a block on this line."""
    return bool(_BLOCK_START.match(line))


def is_declaration_start(line: str) -> bool:
    return is_block_start(line) or bool(_LINE_DECLARATION.match(line))


def open_brace(lines: Sequence[str], line: int, column: int) -> tuple[int, int] | None:
    """(line, column) of the `{` still open at `line`:`column` (1-based), outside texts and
    comments; None when every block before it is closed."""
    stack: list[tuple[int, int]] = []
    for number, text in enumerate(lines[:line], start=1):
        code = _TEXT_OR_COMMENT.sub(lambda found: " " * len(found.group(0)), text)
        if number == line:
            code = code[:column - 1]
        for index, char in enumerate(code, start=1):
            if char == "{":
                stack.append((number, index))
            elif char == "}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _blank(lines: Sequence[str], first: int, last: int) -> list[str]:
    """Lines `first`..`last` (1-based, inclusive) emptied; the others as they were."""
    return [("" if first <= number <= last else text)
            for number, text in enumerate(lines, start=1)]


def _declaration_end(lines: Sequence[str], start: int) -> int:
    """The last line of the declaration that starts at `start`: before the next one starts."""
    for number in range(start + 1, len(lines) + 1):
        if is_declaration_start(lines[number - 1]):
            return number - 1
    return len(lines)


def _declaration_start(lines: Sequence[str], line: int) -> int:
    for number in range(line, 0, -1):
        if is_declaration_start(lines[number - 1]):
            return number
    return 1


def _span(path: str, line: int, column: int, width: int = 1) -> m.Span:
    return m.Span(path, line, column, line, column + max(width, 1))


# ----------------------------------------------------------------------- beginners' mistakes


def curly_quotes(error: Error, lines: list[str], path: str) -> Mended | None:
    """`segment reps “Reps” {`: quotes a word processor typed."""
    if error.found not in CURLY_QUOTES:
        return None
    text = lines[error.line - 1]
    straight = "".join('"' if char in CURLY_QUOTES else char for char in text)
    quoted = re.search(r'"[^"]*"', straight[error.column - 1:])
    hint = (f"write {quoted.group(0)}" if quoted else 'write straight quotes "..."')
    diagnostic = Diagnostic(
        UNEXPECTED_CHARACTER,
        f"'{error.found}' is a curly quote ({CURLY_QUOTES[error.found]}): texts are "
        'quoted with the straight quote "', _span(path, error.line, error.column), hint=hint)
    return Mended(diagnostic, [*lines[:error.line - 1], straight, *lines[error.line:]])


def thousands_separator(error: Error, lines: list[str], path: str) -> Mended | None:
    """`members 1,500`: a number written with a thousands separator."""
    if error.token_type != "COMMA":
        return None
    text = lines[error.line - 1]
    for found in _THOUSANDS.finditer(text):
        if found.start() < error.column - 1 < found.end():
            written = found.group(0)
            plain = written.replace(",", "")
            diagnostic = Diagnostic(
                UNEXPECTED_TOKEN,
                f"unexpected ',' in {written}: numbers are written without separators",
                _span(path, error.line, found.start() + 1, len(written)), hint=f"write {plain}")
            mended = text[:found.start()] + plain.ljust(len(written)) + text[found.end():]
            return Mended(diagnostic, [*lines[:error.line - 1], mended, *lines[error.line:]])
    return None


def spaced_name(error: Error, lines: list[str], path: str,
                names: Callable[[], Iterable[str]]) -> Mended | None:
    """`active members < 25%`: a name written as separate words."""
    if not re.fullmatch(r"[A-Za-z_]\w*", error.found):
        return None
    text = lines[error.line - 1]
    before = re.search(r"(?:[A-Za-z_]\w*[ \t]+)*$", text[:error.column - 1])
    after = re.match(r"[A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)*", text[error.column - 1:])
    if not after:
        return None
    known = set(names())
    words_before, words_after = before.group(0).split(), after.group(0).split()
    for take_before in range(len(words_before), -1, -1):
        for take_after in range(len(words_after), 0, -1):
            words = words_before[len(words_before) - take_before:] + words_after[:take_after]
            if len(words) < 2 or "_".join(words) not in known:
                continue
            start = before.start() + len(" ".join(words_before[:len(words_before) - take_before]))
            start = text.index(words[0], start)
            end = (error.column - 1 + after.group(0).index(words_after[take_after - 1])
                   + len(words_after[take_after - 1]))
            written = text[start:end]
            diagnostic = Diagnostic(
                UNEXPECTED_TOKEN, f"unexpected '{error.found}': `{written}` is one name, written "
                "without spaces", _span(path, error.line, start + 1, len(written)),
                hint=f"write {'_'.join(words)}")
            mended = text[:start] + re.sub(r"[ \t]", "_", written) + text[end:]
            return Mended(diagnostic, [*lines[:error.line - 1], mended, *lines[error.line:]])
    return None


def unclosed_block(error: Error, lines: list[str], path: str) -> Mended | None:
    """A `{` never closed: found at the next declaration or at the end of the file, and
    reported at the `{` itself."""
    at_end = error.token_type == "$END"
    if not at_end and not (error.line <= len(lines)
                           and is_declaration_start(lines[error.line - 1])
                           and error.column - 1 <= len(lines[error.line - 1])
                           - len(lines[error.line - 1].lstrip())):
        return None
    opened = open_brace(lines, len(lines) if at_end else error.line,
                        len(lines[-1]) + 1 if at_end else error.column)
    if opened is None:
        return None
    line, column = opened
    header = lines[line - 1].strip().rstrip("{").strip()
    where = "at the end of its block" if at_end else f"before line {error.line}"
    diagnostic = Diagnostic(UNEXPECTED_TOKEN, f"this '{{' is never closed: `{header}` needs a '}}'",
                            _span(path, line, column), hint=f"add a line with '}}' {where}")
    if at_end:
        return Mended(diagnostic, None)
    start = _declaration_start(lines, line)
    return Mended(diagnostic, _blank(lines, start, error.line - 1))


def skip(error: Error, lines: list[str], diagnostic: Diagnostic) -> Mended:
    """Any other error: its line blanked, or its whole declaration when the error is on the
    line that opens or closes a block (the parse would otherwise be out of step)."""
    if error.token_type == "$END" or error.line > len(lines):
        return Mended(diagnostic, None)
    text = lines[error.line - 1]
    code = _TEXT_OR_COMMENT.sub("", text)
    if is_declaration_start(text) or "{" in code or "}" in code:
        start = _declaration_start(lines, error.line)
        return Mended(diagnostic, _blank(lines, start, _declaration_end(lines, start)))
    return Mended(diagnostic, _blank(lines, error.line, error.line))


def mend(error: Error, lines: list[str], path: str, names: Callable[[], Iterable[str]],
         described: Callable[[], Diagnostic]) -> Mended:
    """The first named mistake that explains the error, else the parser's own words."""
    for mistake in (curly_quotes, thousands_separator, unclosed_block):
        found = mistake(error, lines, path)
        if found is not None:
            return found
    found = spaced_name(error, lines, path, names)
    return found if found is not None else skip(error, lines, described())
