"""`.adopt-test` quoted texts read escapes as playbooks do: an unknown one is AP816 at its
backslash."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api, exitcodes
from adoptplan import playbook_tests as pt
from adoptplan.cli import cli
from adoptplan.codes.playbook_tests import EXAMPLE_PLAYBOOK, TEST_CODES, UNKNOWN_ESCAPE
from adoptplan.diagnostics import InputError
from adoptplan.playbook_tests.parse import parse_test_file

HEAD = 'playbook "playbook.adopt"\n'


def one_test(*lines: str, head: str = HEAD, title: str = "") -> str:
    opening = f'test t "{title}" {{\n' if title else "test t {\n"
    return head + opening + "".join(f"  {line}\n" for line in lines) + "}\n"


def positions(text: str) -> list[tuple[str, int, int, int, str]]:
    """(code, line, column, end column, message) of every finding of parsing `text`."""
    _, found = parse_test_file(text, "x.adopt-test")
    return [(d.code, d.span.line, d.span.column, d.span.end_column, d.message) for d in found]


def bad(line: int, column: int, escape: str = "\\n") -> tuple[str, int, int, int, str]:
    return (UNKNOWN_ESCAPE, line, column, column + 2, f"'{escape}' is not an escape in quoted text")


# -------------------------------------------------------------------------- every quoted text


@pytest.mark.parametrize("text, expected", [
    # the file's playbook line
    (one_test("from 2026-W01", head='playbook "play\\nbook.adopt"\n'), [bad(1, 15)]),
    # a test's own playbook line, second of a list
    (one_test('playbook "a.adopt", "b\\t.adopt"'), [bad(3, 25, "\\t")]),
    # the title of a test
    (one_test("from 2026-W01", title="Reps\\nget a workshop"), [bad(2, 13)]),
    # a quoted group of a series
    (one_test("from 2026-W01", 'series "reps/geography=North\\nAmerica" posts 3'), [bad(4, 31)]),
    # a quoted id of an expectation
    (one_test('expect no "reps\\_inactive"'), [bad(3, 18, "\\_")]),
    # the message of an expectation
    (one_test('expect action r/reps high "Workshop\\non the\\tQ&A"'),
     [bad(3, 38), bad(3, 46, "\\t")]),
])
def test_an_unknown_escape_is_reported_at_its_backslash(text, expected):
    assert positions(text) == expected


def test_quote_and_backslash_escapes_stay_and_read_as_themselves():
    text = one_test('expect action r/reps high "say \\"hi\\" \\\\ \\\\n"', title='a \\"b\\"')
    parsed, found = parse_test_file(text, "x.adopt-test")
    assert found == []
    (test,) = parsed.tests
    assert test.title == 'a "b"'
    assert test.expectations[0].message == 'say "hi" \\ \\n'


def test_the_finding_reads_as_the_playbook_one_but_under_the_test_code():
    """One shared reading: the same message and hint as AP112, only the code differs."""
    playbook = api.check_text('metric x "a\\qb" {\n  unit number\n}\n').diagnostics
    (ap112,) = [d for d in playbook if d.code == "AP112"]
    _, (ours,) = parse_test_file(one_test("from 2026-W01", title="a\\qb"), "x.adopt-test")
    assert (ours.code, ours.message, ours.hint) == (UNKNOWN_ESCAPE, ap112.message, ap112.hint)
    assert "write the words out" in ours.hint


def test_the_wrong_example_points_at_its_backslash_and_the_right_one_is_clean():
    (code,) = [c for c in TEST_CODES if c.code == UNKNOWN_ESCAPE]
    assert positions(code.wrong) == [bad(6, 53)]
    assert code.wrong.splitlines()[5][52] == "\\"
    assert positions(code.right) == []


# ------------------------------------------------------------------------------------ running


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbook.adopt").write_text(EXAMPLE_PLAYBOOK, encoding="utf-8")
    return tmp_path


BAD_MESSAGE = one_test("from 2026-W41", "series reps active_members 50% 35%",
                       'expect action reps_inactive/reps high "Workshop on\\nthe expert Q&A"')


def test_a_test_with_an_unknown_escape_does_not_run(folder):
    (folder / "a.adopt-test").write_text(BAD_MESSAGE, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        pt.run([folder])
    assert [(d.code, d.span.path, d.span.line, d.span.column)
            for d in raised.value.diagnostics] == [(UNKNOWN_ESCAPE, "a.adopt-test", 5, 53)]


def test_cli_exits_2_with_the_positioned_error_source_line_caret_and_hint(folder):
    (folder / "tests").mkdir()
    (folder / "tests" / "a.adopt-test").write_text(
        BAD_MESSAGE.replace("playbook.adopt", "../playbook.adopt"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "tests"])
    assert result.exit_code == exitcodes.BAD_INPUT
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    start = lines.index("tests/a.adopt-test:5:53: error[AP816]: '\\n' is not an escape in quoted "
                        "text")
    source, caret, hint = lines[start + 1:start + 4]
    assert source.endswith('expect action reps_inactive/reps high "Workshop on\\nthe expert Q&A"')
    assert caret.index("^^") == source.index("\\n")
    assert hint.strip() == ("hint: only \\\" and \\\\ are escapes; a text is one line, so write "
                            "the words out")
