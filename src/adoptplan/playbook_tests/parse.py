"""Test files to model: the LALR parser of `grammar/tests.lark`, its errors as diagnostics."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any

import attrs
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.tree import Meta

from adoptplan.codes import playbook_tests as codes
from adoptplan.diagnostics import Diagnostic, InputError, did_you_mean
from adoptplan.model import Span
from adoptplan.periods import EXPECTED, suggest
from adoptplan.playbook_tests import model as t
from adoptplan.syntax.build import unknown_escapes, unquote
from adoptplan.syntax.parser import OPTIONS as LANGUAGE_OPTIONS
from adoptplan.syntax.parser import TERMINAL_WORDS as PLAYBOOK_TERMINAL_WORDS
from adoptplan.syntax.parser import grammar_path as language_grammar_path
from adoptplan.syntax.tables import load_parser

MAX_VALUES = 10_000
"""More periods than any test needs; a longer run is a typo (x100000) that would fill memory."""

TERMINAL_WORDS: dict[str, str] = {
    **PLAYBOOK_TERMINAL_WORDS,  # the same words for the terminals both languages share
    "LABEL": "an id or a group such as reps/geography=DE",
    "SERIES_VALUE": "a value such as 40%, 1200, _ or 1200x3",
    "PARAM_VALUE": "a value",
}

_RUN = re.compile(
    r"(?P<start>_|-?(?:\d+(?:\.\d+)?|\.\d+))(?P<percent>%?)"
    r"(?:(?P<sign>[+-])(?P<step>\d+(?:\.\d+)?|\.\d+)(?P<step_unit>%|pp)?)?"
    r"(?:x(?P<repeat>\d+))?"
)


def grammar_path() -> Path:
    """The test grammar: beside the language's grammar, in the package or in a checkout."""
    return language_grammar_path().with_name("tests.lark")


OPTIONS = LANGUAGE_OPTIONS


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """Built once per process, from the tables shipped beside the grammar (see `tables`)."""
    return load_parser(grammar_path(), OPTIONS)


@functools.lru_cache(maxsize=1)
def keywords() -> dict[str, str]:
    """Keyword terminal name -> the word, e.g. EXPECT -> expect."""
    return {term.name: term.pattern.value for term in parser().terminals
            if term.pattern.type == "str" and re.fullmatch(r"[a-z_]+", term.pattern.value)}


def parse_test_file(text: str, path: str) -> tuple[t.PlaybookTestFile, list[Diagnostic]]:
    """One test file's model and the problems of its clauses.

    `text` is decoded with newlines normalised. Raises InputError on a syntax error.
    """
    if not text.endswith("\n"):
        text += "\n"
    too_long = _too_many_values(text, path)
    if too_long is not None:
        raise InputError([too_long])
    try:
        tree = parser().parse(text)
    except UnexpectedInput as error:
        raise InputError([_syntax_diagnostic(error, text, path)]) from None
    builder = _Builder(path)
    items = builder.transform(tree)
    return builder.file(items), builder.diagnostics


def _too_many_values(text: str, path: str) -> Diagnostic | None:
    """A line of more than MAX_VALUES values, found before parsing: parsing a million values
    only to refuse them took half a minute and most of a gigabyte."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_VALUES and len(words := line.split()) > MAX_VALUES + 3:
            column = len(line) - len(line.lstrip()) + 1
            return Diagnostic(codes.BAD_SERIES_VALUE, f"this line holds {len(words) - 3:,} "
                              f"values: a series holds at most {MAX_VALUES:,}",
                              Span(path, number, column, number, column + len(words[0])),
                              hint="test a shorter stretch of periods, or write runs (40%x52)")
    return None


# ------------------------------------------------------------------------------ tree to model


@attrs.frozen
class _Once:
    """A clause a test has at most once, and the fields of the test it sets."""

    keyword: Token
    values: dict[str, Any]


class _Builder(Transformer):
    def __init__(self, path: str):
        super().__init__(visit_tokens=False)
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def _span(self, meta: Meta) -> Span:
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _token_span(self, token: Token) -> Span:
        return Span(self.path, token.line, token.column, token.end_line, token.end_column)

    def _report(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))

    def _unquote(self, token: Token) -> str:
        """The text of a STRING token; an escape other than `\\"` and `\\\\` is reported, as in
        a playbook (a silent `\\n` -> `n` would make a message never match)."""
        self.diagnostics.extend(unknown_escapes(token, self.path, codes.UNKNOWN_ESCAPE))
        return unquote(str(token))

    def _strings(self, children: list) -> tuple[str, ...]:
        return tuple(self._unquote(c) for c in children if c.type == "STRING")

    # ------------------------------------------------------------------------------ file level

    def start(self, children: list) -> list:
        return children

    def playbooks(self, children: list) -> tuple:
        return ("playbooks", self._strings(children), self._span_of(children))

    def file(self, items: list) -> t.PlaybookTestFile:
        playbooks: tuple[str, ...] = ()
        playbooks_span = Span(self.path, 1, 1, 1, 2)
        tests: list[t.PlaybookTest] = []
        names: set[str] = set()
        for item in items:
            if isinstance(item, t.PlaybookTest):
                if item.name in names:
                    self._report(codes.TEST_TWICE, f"there is already a test named '{item.name}'",
                                 item.span, "give each test of the file its own name")
                names.add(item.name)
                tests.append(item)
            elif playbooks:
                self._report(codes.CLAUSE_TWICE, "'playbook' is given twice in this file",
                             item[2], "list several playbooks on one line, separated by commas")
            else:
                playbooks, playbooks_span = item[1], item[2]
        if not tests:
            self._report(codes.NO_TESTS, "this file holds no tests", Span(self.path, 1, 1, 1, 2),
                         'a test starts with `test name "What it shows" { ... }`')
        return t.PlaybookTestFile(self.path, playbooks, tuple(tests), playbooks_span=playbooks_span)

    # ------------------------------------------------------------------------------------ tests

    @v_args(meta=True)
    def test(self, meta: Meta, children: list) -> t.PlaybookTest:
        name = str(children[1])
        title = self._unquote(children[2]) if children[2].type == "STRING" else ""
        fields: dict[str, Any] = {}
        series: list[t.Series] = []
        params: list[t.ParamOverride] = []
        expectations: list[t.Expectation] = []
        for clause in children:
            if isinstance(clause, t.Series):
                self._add_series(series, clause)
            elif isinstance(clause, t.ParamOverride):
                params.append(clause)
            elif isinstance(clause, t.Expectation):
                expectations.append(clause)
            elif isinstance(clause, _Once):
                self._set_once(fields, clause)
        return t.PlaybookTest(name, title, series=tuple(series), params=tuple(params),
                              expectations=tuple(expectations), span=self._span(meta), **fields)

    def _set_once(self, fields: dict[str, Any], clause: _Once) -> None:
        if clause.values.keys() & fields.keys():
            self._report(codes.CLAUSE_TWICE, f"'{clause.keyword}' is given twice in this test",
                         self._token_span(clause.keyword), "keep one line")
            return
        fields.update(clause.values)

    def _add_series(self, series: list[t.Series], new: t.Series) -> None:
        if any((s.group, s.metric) == (new.group, new.metric) for s in series):
            self._report(codes.SERIES_TWICE,
                         f"the series of {new.metric} for {new.group} is given twice",
                         new.span, "write every value of the series on one line")
            return
        series.append(new)

    def test_playbooks(self, c: list) -> _Once:
        return _Once(c[0], {"playbooks": self._strings(c[1:]), "playbooks_span": self._span_of(c)})

    def start_period(self, c: list) -> _Once:
        return _Once(c[0], {"start": str(c[1]), "start_span": self._token_span(c[1])})

    def at(self, c: list) -> _Once:
        return _Once(c[0], {"at": str(c[1]), "at_span": self._token_span(c[1])})

    def others(self, c: list) -> _Once:
        return _Once(c[0], {"others_allowed": c[1].type == "ALLOWED"})

    def _span_of(self, tokens: list) -> Span:
        first, last = tokens[0], tokens[-1]
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)

    @v_args(meta=True)
    def param(self, meta: Meta, c: list) -> t.ParamOverride:
        value = c[3]
        quoted = self._unquote(value) if value.type == "STRING" else None
        return t.ParamOverride(str(c[1]), str(value).strip(), quoted, span=self._span(meta),
                               value_span=self._token_span(value))

    def label(self, c: list) -> Token:
        token = c[0]
        return token.update(value=self._unquote(token)) if token.type == "STRING" else token

    @v_args(meta=True)
    def series(self, meta: Meta, c: list) -> t.Series:
        group, metric = c[1], c[2]
        values = tuple(self._value(token) for token in c[3:])
        return t.Series(str(group), str(metric), values, span=self._span(meta),
                        group_span=self._token_span(group), metric_span=self._token_span(metric))

    def _value(self, token: Token) -> t.Value:
        """`40%-2x3` as its values; a malformed run is reported and read as no value."""
        span = self._token_span(token)
        run = _RUN.fullmatch(str(token))
        problem = _run_problem(run)
        if problem:
            self._report(codes.BAD_SERIES_VALUE, f"'{token}' is not a series value: {problem}",
                         span, "write 40%, 1200, _ or a run such as 1200x3 or 40%-2x3")
            return t.Value((None,), span=span)
        percent = bool(run["percent"])
        if run["start"] == "_":
            return t.Value((None,) * int(run["repeat"] or 1), percent, span=span)
        start = float(run["start"])
        step = float(run["step"] or 0) * (-1 if run["sign"] == "-" else 1)
        count = int(run["repeat"] or 0) + 1
        values = tuple(start + step * k for k in range(count))
        if not all(math.isfinite(v) for v in values):  # 400 digits: float() reads infinity
            self._report(codes.BAD_SERIES_VALUE, f"'{_shortened(str(token))}' is not a series "
                         "value: the number is too large", span, "check the number of digits")
            return t.Value((None,), span=span)
        return t.Value(values, percent, span=span)

    @v_args(meta=True)
    def expect_finding(self, meta: Meta, c: list) -> t.Expectation:
        what = t.ACTION if c[1].type == "ACTION" else t.ALERT
        message = self._unquote(c[4]) if len(c) > 4 else None
        return t.Expectation(what, str(c[2]), str(c[3]), message, span=self._span(meta),
                             id_span=self._token_span(c[2]), level_span=self._token_span(c[3]))

    @v_args(meta=True)
    def expect_not_evaluated(self, meta: Meta, c: list) -> t.Expectation:
        return t.Expectation(t.NOT_EVALUATED, str(c[2]), span=self._span(meta),
                             id_span=self._token_span(c[2]))

    @v_args(meta=True)
    def expect_absent(self, meta: Meta, c: list) -> t.Expectation:
        return t.Expectation(t.ABSENT, str(c[2]), span=self._span(meta),
                             id_span=self._token_span(c[2]))


def _shortened(text: str, length: int = 24) -> str:
    """A value short enough to show in a message."""
    return text if len(text) <= length else text[: length - 3] + "..."


def _run_problem(run: re.Match | None) -> str | None:
    """What is wrong with a run, or None. The grammar already refuses most malformed values."""
    if run is None:
        return "expected a number, a percentage, _ or a run"
    if run["step"] is not None and run["repeat"] is None:
        return "a step needs a repeat count, as in 40%-2x3"
    if run["start"] == "_" and run["percent"]:
        return "_ stands for no value and takes no %"
    if run["step_unit"] and not run["percent"]:
        return f"a step in {run['step_unit']} needs a start in %"
    if run["repeat"] is not None and int(run["repeat"]) > MAX_VALUES:
        return f"more than {MAX_VALUES} periods"
    if run["start"] == "_" and run["repeat"] is not None and int(run["repeat"]) == 0:
        return "_x0 stands for no period at all"
    return None


# ------------------------------------------------------------------------- syntax errors


def _syntax_diagnostic(error: UnexpectedInput, text: str, path: str) -> Diagnostic:
    line = getattr(error, "line", 1) or 1
    column = getattr(error, "column", 1) or 1
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text, path, line, column)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return _unexpected_token(error, text, path)
    last = text.rstrip("\n").count("\n") + 1
    expected = _expected_words(getattr(error, "expected", set()))
    return Diagnostic(codes.UNEXPECTED_TOKEN, f"the file ends too early: expected {expected}",
                      Span(path, last, 1, last, 2), hint="a test opened with '{' needs a closing '}'")


def _unexpected_character(error: UnexpectedCharacters, text: str, path: str, line: int,
                          column: int) -> Diagnostic:
    rest = text[error.pos_in_stream:].split("\n", 1)[0]
    if error.char == '"':
        span = Span(path, line, column, line, column + max(1, len(rest)))
        return Diagnostic(codes.UNTERMINATED_TEXT, "this text is never closed", span,
                          hint='close it with " on the same line')
    word = re.match(r"[^\s#]*", rest).group(0) or error.char
    span = Span(path, line, column, line, column + max(1, len(word)))
    if error.allowed & {"SERIES_VALUE", "PERIOD"}:
        return _bad_value(error.allowed, word, span)
    shown = f"'{error.char}'" if error.char.isprintable() else f"U+{ord(error.char):04X}"
    guess = did_you_mean(word, _allowed_words(error.allowed)) if word else None
    hint = guess or (f"expected {_expected_words(error.allowed)}" if error.allowed else None)
    if re.fullmatch(r"[A-Za-z_]\w*", word) and guess:
        return Diagnostic(codes.UNEXPECTED_TOKEN, f"unexpected '{word}'", span, hint=hint)
    return Diagnostic(codes.UNEXPECTED_CHARACTER, f"unexpected {shown}",
                      Span(path, line, column, line, column + 1), hint=hint)


def _unexpected_token(error: UnexpectedToken, text: str, path: str) -> Diagnostic:
    token: Token = error.token
    line, column = token.line or 1, token.column or 1
    word = re.match(r"[^\s#]*", text[token.start_pos:]).group(0)
    if token.type != "_NL" and error.expected & {"SERIES_VALUE", "PERIOD"}:
        return _bad_value(error.expected, word, Span(path, line, column, line, column + len(word)))
    if token.type == "_NL":
        shown, end = "the end of the line", column + 1
    else:
        shown, end = f"'{token}'", token.end_column or column + len(str(token))
    hint = did_you_mean(str(token), _allowed_words(error.expected)) if token.type != "_NL" else None
    if hint is None:
        hint = f"expected {_expected_words(error.expected)}"
    return Diagnostic(codes.UNEXPECTED_TOKEN, f"unexpected {shown}", Span(path, line, column, line,
                                                                       end), hint=hint)


def _bad_value(expected: set[str], word: str, span: Span) -> Diagnostic:
    """A word where a series value or a period belongs: say what such a value looks like."""
    if "SERIES_VALUE" in expected:
        return Diagnostic(codes.BAD_SERIES_VALUE, f"'{word}' is not a series value", span,
                          hint="write 40%, 1200, _ or a run such as 1200x3 or 40%-2x3")

    close = suggest(word)
    return Diagnostic(codes.BAD_PERIOD, f"'{word}' is not a period", span,
                      hint=f"did you mean '{close}'?" if close else f"write {EXPECTED}")


def _allowed_words(terminals: set[str]) -> list[str]:
    words = keywords()
    return [words[name] for name in terminals if name in words]


def _expected_words(terminals: set[str]) -> str:
    words = keywords()
    described = sorted({TERMINAL_WORDS.get(name) or f"'{words.get(name, name.lower())}'"
                        for name in terminals})
    return ", ".join(described) if described else "something else"
