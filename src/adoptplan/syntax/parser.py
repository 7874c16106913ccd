"""Text to model: the LALR parser built once from the grammar, and its errors as diagnostics."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from lark import Lark, Token
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from adoptplan import model as m
from adoptplan.codes.syntax import (
    TOO_DEEP,
    UNEXPECTED_CHARACTER,
    UNEXPECTED_TOKEN,
    UNTERMINATED_TEXT,
)
from adoptplan.diagnostics import Diagnostic, InputError, did_you_mean
from adoptplan.syntax import inline, recovery
from adoptplan.syntax.build import Builder, build_file, finish
from adoptplan.syntax.tables import InlineTables, inline_tables, load_parser

MAX_NESTING = 64
"""Deeper brackets than any plan needs; refused as the parse reads them, so nothing recurses
too far."""

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
def fast_tables() -> InlineTables | Lark:
    """What the inline parse reads, once per process: the first line of the shipped tables (lark's
    whole parser is loaded only for a refused text, see `tables`)."""
    return inline_tables(grammar_path(), OPTIONS)


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
    """One file's model and its clause problems. Raises InputError on a syntax error.

    `text` is already decoded with newlines normalised (see `adoptplan.load`).
    """
    try:
        _check_length(text, path)
    except InputError:
        _check_nesting(text, path)  # brackets nested too deep are said first
        raise
    if not text.endswith("\n"):
        text += "\n"
    builder = Builder(path)
    try:  # the parse counts the brackets it reads: those of a text it takes are all there are
        items = inline.parse(fast_tables(), text, builder, MAX_NESTING)
    except inline.TooDeep as deep:
        raise _too_deep(NESTED_TOO_DEEP.format(MAX_NESTING), path, deep.line, deep.column) from None
    if items is not None:
        return finish(items, builder)
    _check_nesting(text, path)  # a refused text: brackets nested too deep are said first
    try:  # refused: lark's own parser says why, and recovery finds the later errors
        tree = parser().parse(text)
    except UnexpectedInput as error:
        raise InputError(_every_syntax_error(error, text, path)) from None
    return build_file(tree, path)


def _every_syntax_error(error: UnexpectedInput, text: str, path: str) -> list[Diagnostic]:
    """This error and every later one: the text mended where each is (see `recovery`) and
    parsed again, until it parses or nothing more can be mended."""
    lines = text.split("\n")
    found: list[Diagnostic] = []
    while len(found) < recovery.MAX_ERRORS:
        current = "\n".join(lines)
        mended = recovery.mend(_error_of(error, lines), lines, path, _known_names,
                               lambda: _syntax_diagnostic(error, current, path))
        if mended.diagnostic not in found:
            found.append(mended.diagnostic)
        if mended.lines is None or mended.lines == lines:
            break
        lines = mended.lines
        try:
            parser().parse("\n".join(lines))
            break
        except UnexpectedInput as later:
            error = later
    return found


def _error_of(error: UnexpectedInput, lines: list[str]) -> recovery.Error:
    """What the mending needs to know of lark's error."""
    if isinstance(error, UnexpectedCharacters):
        return recovery.Error(error.line, error.column, error.char, "",
                              frozenset(error.allowed or ()))
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token = error.token
        return recovery.Error(token.line or 1, token.column or 1, str(token), token.type,
                              frozenset(error.expected))
    expected = frozenset(getattr(error, "expected", None) or ())
    return recovery.Error(len(lines), 1, "", "$END", expected)


@functools.lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """Names a beginner may write as separate words: standard metrics, built-in values,
    functions and clause words (`critical mass`)."""
    # start-up: loads adoptplan only when this runs
    from adoptplan import catalogue

    return frozenset({*catalogue.STANDARD_METRICS, *catalogue.BUILTIN_VALUES,
                      *catalogue.FUNCTIONS, *(w for w in keywords().values() if "_" in w)})


_SKIPPED = r'(?<!\\)"(?:[^"\\\n]|\\.)*"?|#[^\n]*'
"""A quoted text or comment, whose brackets do not count: a text as the language reads it (a
backslash escapes the next character), an unclosed one running to the end of its line."""
_BRACKET_OR_SKIPPED = re.compile(_SKIPPED + r"|[(\[{]|[)\]}]")
NESTED_TOO_DEEP = "brackets are nested more than {} deep"


def _check_nesting(text: str, path: str) -> None:
    """Refuse brackets nested deeper than MAX_NESTING, at the first that goes too deep. Only a
    text the parse refused comes here: the parse counts the brackets of a text it reads."""
    depth = 0
    for found in _BRACKET_OR_SKIPPED.finditer(text):
        char = found.group(0)
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                line_number = text.count("\n", 0, found.start()) + 1
                column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
                raise _too_deep(NESTED_TOO_DEEP.format(MAX_NESTING), path, line_number, column)
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
            raise _too_deep(f"this line holds more than {MAX_OPERATORS} operators",
                            path, line_number, column)


def _too_deep(message: str, path: str, line: int, column: int) -> InputError:
    """A nesting refused (AP105) at one character, before the parser could recurse on it."""
    return InputError([Diagnostic(TOO_DEEP, message, m.Span(path, line, column, line, column + 1),
                                  hint="split the expression into derived metrics")])


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
        return Diagnostic(UNEXPECTED_TOKEN, f"the file ends too early: expected {expected}", span,
                          hint="a block opened with '{' needs a closing '}'")
    span = m.Span(path, line, column, line, column + 1)
    return Diagnostic(UNEXPECTED_TOKEN, "invalid syntax", span)


def _unexpected_character(
    error: UnexpectedCharacters, text: str, path: str, line: int, column: int
) -> Diagnostic:
    char = error.char
    if char == '"':
        end = text.find("\n", error.pos_in_stream)
        end_column = column + ((end if end >= 0 else len(text)) - error.pos_in_stream)
        span = m.Span(path, line, column, line, max(end_column, column + 1))
        return Diagnostic(
            UNTERMINATED_TEXT,
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
    return Diagnostic(UNEXPECTED_CHARACTER, f"unexpected {shown}", span, hint=hint)


def _unexpected_token(error: UnexpectedToken, path: str) -> Diagnostic:
    token: Token = error.token
    line = token.line or 1
    column = token.column or 1
    if token.type == "$END":
        return Diagnostic(
            UNEXPECTED_TOKEN,
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
    return Diagnostic(UNEXPECTED_TOKEN, f"unexpected {shown}", span, hint=hint)


def _allowed_words(terminals: set[str]) -> list[str]:
    words = keywords()
    return [words[t] for t in terminals if t in words]


OPERATORS = frozenset({"COMPARE", "PLUS", "MINUS", "TIMES", "DIVIDE", "AND", "OR"})
FIRST_EXPECTED = ("_NL", "$END")
"""Shown first: how a line or the file ends."""
MAX_EXPECTED = 3


def _expected_words(terminals: set[str]) -> str:
    """At most three things the parser expected, in words: `a new line, a unit or an operator`.

    How a line ends comes first, then kinds of thing (a name, a number), then operators as one
    (`an operator`), then the words that may start a clause as one, then single characters;
    beyond three, the rest are left out rather than listed."""
    terminals = set(terminals)
    words = sorted(keywords()[t] for t in terminals - OPERATORS if t in keywords())
    operators = terminals & OPERATORS
    grouped = len(terminals) > MAX_EXPECTED
    if grouped:
        terminals -= operators | {t for t in terminals if t in keywords()}
    first = [describe_terminal(t) for t in FIRST_EXPECTED if t in terminals]
    others = sorted(describe_terminal(t) for t in terminals if t not in FIRST_EXPECTED)
    kinds = [d for d in others if d.startswith(("a ", "an "))]
    groups = []
    if grouped and operators:
        groups.append("an operator (<, +, and, ...)")
    if grouped and words:
        groups.append(f"a clause word ({', '.join(words[:2])}{', ...' if len(words) > 2 else ''})")
    described = [*first, *kinds, *groups, *(d for d in others if d not in kinds)]
    described = list(dict.fromkeys(described))[:MAX_EXPECTED]
    if not described:
        return "something else"
    return described[0] if len(described) == 1 else (
        ", ".join(described[:-1]) + " or " + described[-1])


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
    """One expression on its own, such as a `--param` value. Raises InputError."""
    if "\n" in text:
        raise InputError([Diagnostic(UNEXPECTED_TOKEN, "a value must fit on one line",
                                           m.Span(path, 1, 1, 1, 2))])
    wrapped = f"metric value_ {{\n  value {text}\n}}\n"
    try:
        source, problems = parse_text(wrapped, path)
    except InputError as error:
        raise InputError(_unwrapped(error.diagnostics, path)) from None
    errors = [d for d in problems if d.severity == "error"]  # a number too large (AP305)...
    if errors:
        raise InputError(_unwrapped(errors, path))
    return source.items[0].value


def _unwrapped(diagnostics: Iterable[Diagnostic], path: str) -> list[Diagnostic]:
    """Findings in the wrapper `parse_expression` reads, placed in the value as given."""
    return [Diagnostic(d.code, d.message, m.Span(path, 1, max(1, d.span.column - 8), 1,
                                                 max(2, d.span.end_column - 8)), d.severity, d.hint)
            for d in diagnostics]
