"""The regular-expression scans that replaced character loops (issue 15: `fmt` on 20,000
segments) agree with the loops on every short line of the characters that matter."""

import itertools

import pytest

from adoptplan import model as m
from adoptplan.diagnostics import InputError
from adoptplan.syntax import parser
from adoptplan.syntax.comments import COMMENT_TRAILING_SPACE, Line, scan_line

ALPHABET = 'a"#\\ ('


def texts(alphabet: str, longest: int):
    for size in range(longest + 1):
        yield from ("".join(chars) for chars in itertools.product(alphabet, repeat=size))


def scan_line_by_characters(text: str, number: int) -> Line:
    """The scanner as it was: one character at a time."""
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#":
            comment = text[index:].rstrip(COMMENT_TRAILING_SPACE)
            return Line(number, text[:index].strip(COMMENT_TRAILING_SPACE), comment)
    return Line(number, text.strip(COMMENT_TRAILING_SPACE), None)


def deepest_by_characters(text: str, limit: int) -> tuple[int, int] | None:
    """Where the nesting check as it was first went deeper than `limit` (line, column)."""
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
                if depth > limit:
                    return line_number, column
            elif char in ")]}":
                depth = max(0, depth - 1)
    return None


def test_comments_are_split_where_the_character_loop_split_them():
    for text in texts(ALPHABET, 6):
        assert scan_line(text, 1) == scan_line_by_characters(text, 1), repr(text)


def test_nesting_is_refused_where_the_character_loop_refused_it(monkeypatch):
    monkeypatch.setattr(parser, "MAX_NESTING", 2)
    for text in texts('(}"#\\\n', 6):
        try:
            parser._check_nesting(text, "p")
            found = None
        except InputError as error:
            span: m.Span = error.diagnostics[0].span
            found = (span.line, span.column)
        assert found == deepest_by_characters(text, 2), repr(text)


@pytest.mark.parametrize("line", ['"' * 100_000, '\\"' * 50_000, 'a "b" ' * 16_000 + "# c"],
                         ids=["quotes", "escaped quotes", "texts then a comment"])
def test_a_long_line_of_quotes_is_scanned_in_linear_time(line):
    assert scan_line(line, 1).code.startswith(line[:10].strip())


NESTED = '''playbook "P" {{
  cadence weekly
}}

metric m "M ((( {{ [" {{  # ((( not counted
  value {value}
}}
'''


def refusal(text: str) -> tuple[str, m.Span] | None:
    try:
        parser.parse_text(text, "p.adopt")
    except InputError as error:
        return error.diagnostics[0].message, error.diagnostics[0].span
    return None


@pytest.mark.parametrize("value", ["((1))", "(((1)))", "[(1), ((2))]", "((([1])))",
                                   "((1)) + ((((2))))", "((((1) + 2) * 3) / 4)", "(((1)"])
def test_brackets_too_deep_are_refused_where_the_whole_text_scan_refuses_them(monkeypatch, value):
    """The parse counts the brackets it reads; a text it refuses is scanned whole: either way
    the refusal, and where it is, are those of the scan of the whole text."""
    monkeypatch.setattr(parser, "MAX_NESTING", 2)
    text = NESTED.format(value=value)
    try:
        parser._check_nesting(text, "p.adopt")
        expected = None
    except InputError as error:
        expected = error.diagnostics[0].message, error.diagnostics[0].span
    found = refusal(text)
    if expected is None:
        assert found is None or "nested" not in found[0]
    else:
        assert found == expected


def test_a_text_ending_in_an_escaped_backslash_ends_there_for_the_nesting_scan_too():
    """`"a\\\\"` is a whole text (the backslash is escaped): the brackets after it count, as the
    parse counts them, so a deep nest after it is refused, not handed to a recursive parser."""
    deep = 'param p percent = "a\\\\" in ' + "[" * 1000 + "1" + "]" * 1000 + "\n"
    found = refusal(deep)
    assert found is not None and "nested more than" in found[0]
    inside = 'param p text = "a\\\\" == "' + "(" * 70 + '"\n'
    found = refusal(inside)
    assert found is None or "nested" not in found[0]


def test_spaces_before_no_token_are_refused_at_once():
    """Each lexer takes the spaces before a token whole: where no token follows, the text is
    refused (and lark says why) without trying every way to split the spaces."""
    text = 'playbook "P" {\n  cadence' + " \t" * 40 + "\x01\n}\n"
    found = refusal(text)
    assert found is not None and found[1].line == 2
