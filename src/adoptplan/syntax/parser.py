"""Text to model: the LALR parser built once from the grammar, and its errors as diagnostics."""

from __future__ import annotations

import functools
from collections.abc import Iterable
import re
from pathlib import Path

from lark import Lark, Token
from lark.exceptions import (LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput,
                             UnexpectedToken)

from adoptplan import model as m
from adoptplan.diagnostics import Diagnostic, DiagnosticsError, did_you_mean
from adoptplan.syntax.build import build_file
from adoptplan.syntax.tables import load_parser

MAX_NESTING = 64
"""Deeper brackets than any plan needs; refused before parsing so nothing recurses too far."""

TERMINAL_WORDS: dict[str, str] = {
    "_NL": "a new line",
    "$END": "the end of the file",
    "NAME": "a name",
    "STRING": 'a quoted text ("...")',
    "NUMBER": "a number",
    "PERIOD": "a period such as 2026-W40, 2026-10 or 2026-10-05",
    "QUANTITY_UNIT": "a unit (%, pp, periods, weeks, hours, members)",
    "COMPARE": "a comparison (<, <=, >, >=, ==, !=)",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "DOT": "'.'",
    "EQUALS": "'='",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "TIMES": "'*'",
    "DIVIDE": "'/'",
}


def grammar_path() -> Path:
    """The grammar inside the installed package, or the repository's when run from a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "grammar" / "adoptplan.lark"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "grammar" / "adoptplan.lark"


OPTIONS = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True,
           "maybe_placeholders": False}


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """Built once per process, from the tables shipped beside the grammar (see `tables`)."""
    return load_parser(grammar_path(), OPTIONS)


@functools.lru_cache(maxsize=1)
def keywords() -> dict[str, str]:
    """Keyword terminal name -> the word, e.g. WHEN -> when."""
    return {
        t.name: t.pattern.value
        for t in parser().terminals
        if t.pattern.type == "str" and re.fullmatch(r"[a-z_]+", t.pattern.value)
    }


def accepted_after(text: str) -> frozenset[str]:
    """The terminals the grammar accepts after `text`, such as WHEN or NAME: what an editor may
    offer at the cursor. Empty when `text` does not parse up to there."""
    interactive = parser().parse_interactive(text)
    try:
        interactive.exhaust_lexer()
        return frozenset(interactive.accepts())
    except LarkError:
        return frozenset()


def describe_terminal(name: str) -> str:
    if name in TERMINAL_WORDS:
        return TERMINAL_WORDS[name]
    word = keywords().get(name)
    return f"'{word}'" if word else name.lower()


def parse_text(text: str, path: str) -> tuple[m.SourceFile, list[Diagnostic]]:
    """One file's model and its clause problems. Raises DiagnosticsError on a syntax error.

    `text` is already decoded with newlines normalised (see `adoptplan.load`).
    """
    _check_nesting(text, path)
    _check_length(text, path)
    if not text.endswith("\n"):
        text += "\n"
    try:
        tree = parser().parse(text)
    except UnexpectedInput as error:
        raise DiagnosticsError([_syntax_diagnostic(error, text, path)]) from None
    return build_file(tree, path)


def _check_nesting(text: str, path: str) -> None:
    depth = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        in_string = False
        for column, char in enumerate(line, start=1):
            if char == '"' and (column == 1 or line[column - 2] != "\\"):
                in_string = not in_string
            elif in_string:
                continue
            elif char == "#":
                break
            elif char in "([{":
                depth += 1
                if depth > MAX_NESTING:
                    span = m.Span(path, line_number, column, line_number, column + 1)
                    raise DiagnosticsError([Diagnostic(
                        "AP105",
                        f"brackets are nested more than {MAX_NESTING} deep",
                        span,
                        hint="split the expression into derived metrics",
                    )])
            elif char in ")]}":
                depth = max(0, depth - 1)


MAX_OPERATORS = 64
"""More operators on one line than any condition needs: a longer chain is as deep as its length."""
_TEXT_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#.*')
_OPERATOR = re.compile(r"[-+*/]|[<>=!]=?|\b(?:and|or|not)\b")


def _check_length(text: str, path: str) -> None:
    """`1 + 1 + ... + 1` nests as deep as it is long; refused before it can recurse too far."""
    for line_number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_OPERATORS:
            continue
        code = _TEXT_OR_COMMENT.sub(lambda found: " " * len(found.group(0)), line)
        operators = list(_OPERATOR.finditer(code))
        if len(operators) > MAX_OPERATORS:
            column = operators[MAX_OPERATORS].start() + 1
            span = m.Span(path, line_number, column, line_number, column + 1)
            raise DiagnosticsError([Diagnostic(
                "AP105",
                f"this line holds more than {MAX_OPERATORS} operators",
                span,
                hint="split the expression into derived metrics",
            )])


def _syntax_diagnostic(error: UnexpectedInput, text: str, path: str) -> Diagnostic:
    line = getattr(error, "line", 1) or 1
    column = getattr(error, "column", 1) or 1
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text, path, line, column)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, path)
    if isinstance(error, UnexpectedEOF):
        last = text.rstrip("\n").count("\n") + 1
        span = m.Span(path, last, 1, last, 2)
        expected = _expected_words(error.expected)
        return Diagnostic("AP103", f"the file ends too early: expected {expected}", span,
                          hint="a block opened with '{' needs a closing '}'")
    span = m.Span(path, line, column, line, column + 1)
    return Diagnostic("AP103", "invalid syntax", span)


def _unexpected_character(
    error: UnexpectedCharacters, text: str, path: str, line: int, column: int
) -> Diagnostic:
    char = error.char
    if char == '"':
        end = text.find("\n", error.pos_in_stream)
        end_column = column + ((end if end >= 0 else len(text)) - error.pos_in_stream)
        span = m.Span(path, line, column, line, max(end_column, column + 1))
        return Diagnostic(
            "AP104",
            "this text is never closed",
            span,
            hint='close it with " on the same line',
        )
    span = m.Span(path, line, column, line, column + 1)
    if char == "\t":
        shown = "a tab"
    elif char.isprintable():
        shown = f"'{char}'"
    else:
        shown = f"the character U+{ord(char):04X}"
    word = _word_at(text, error.pos_in_stream)
    hint = None
    if error.allowed:
        hint = f"expected {_expected_words(error.allowed)}"
        guess = did_you_mean(word, _allowed_words(error.allowed)) if word else None
        if guess:
            hint = guess
    return Diagnostic("AP102", f"unexpected {shown}", span, hint=hint)


def _unexpected_token(error: UnexpectedToken, path: str) -> Diagnostic:
    token: Token = error.token
    line = token.line or 1
    column = token.column or 1
    if token.type == "$END":
        return Diagnostic(
            "AP103",
            f"the file ends too early: expected {_expected_words(error.expected)}",
            m.Span(path, line, column, line, column + 1),
        )
    value = str(token)
    if token.type == "_NL":
        shown = "the end of the line"
        end_line, end_column = line, column + 1
    else:
        shown = f"'{value}'"
        end_line = token.end_line or line
        end_column = token.end_column or column + len(value)
    span = m.Span(path, line, column, end_line, end_column)
    expected = _expected_words(error.expected)
    hint = did_you_mean(value, _allowed_words(error.expected)) if token.type != "_NL" else None
    if hint is None and expected:
        hint = f"expected {expected}"
    return Diagnostic("AP103", f"unexpected {shown}", span, hint=hint)


def _allowed_words(terminals: set[str]) -> list[str]:
    words = keywords()
    return [words[t] for t in terminals if t in words]


def _expected_words(terminals: set[str]) -> str:
    described = sorted({describe_terminal(t) for t in terminals})
    if len(described) > 8:
        described = described[:8] + ["..."]
    return ", ".join(described) if described else "something else"


def _word_at(text: str, pos: int) -> str:
    match = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[pos:])
    if match:
        return match.group(0)
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    match = re.match(r"[A-Za-z0-9_]+", text[start:])
    return match.group(0) if match else ""




def parse_expression(text: str, path: str = "<command line>") -> "m.Expr":
    """One expression on its own, such as a `--param` value. Raises DiagnosticsError."""
    if "\n" in text:
        raise DiagnosticsError([Diagnostic("AP103", "a value must fit on one line",
                                           m.Span(path, 1, 1, 1, 2))])
    wrapped = f"metric value_ {{\n  value {text}\n}}\n"
    try:
        source, problems = parse_text(wrapped, path)
    except DiagnosticsError as error:
        raise DiagnosticsError(_unwrapped(error.diagnostics, path)) from None
    errors = [d for d in problems if d.severity == "error"]  # a number too large (AP305)...
    if errors:
        raise DiagnosticsError(_unwrapped(errors, path))
    return source.items[0].value


def _unwrapped(diagnostics: Iterable[Diagnostic], path: str) -> list[Diagnostic]:
    """Findings in the wrapper `parse_expression` reads, placed in the value as given."""
    return [Diagnostic(d.code, d.message, m.Span(path, 1, max(1, d.span.column - 8), 1,
                                                 max(2, d.span.end_column - 8)), d.severity, d.hint)
            for d in diagnostics]
