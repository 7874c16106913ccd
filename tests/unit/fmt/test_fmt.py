"""The formatter: one canonical layout, comments kept, meaning kept, and the `fmt` command."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import files
from adoptplan import model as m
from adoptplan.cli import cli
from adoptplan.fmt import format_source, format_text
from adoptplan.numbers import source as format_number
from adoptplan.syntax import parse_text
from adoptplan.syntax.comments import comments, scan_line

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "fmt"


def fmt(text: str) -> str:
    result = format_text(text)
    assert result.diagnostics == ()
    return result.after


def metric_value(expression: str) -> str:
    """The canonical spelling of an expression, through a whole file."""
    out = fmt(f"metric x {{\n  value {expression}\n}}\n")
    return out.split("\n")[1].removeprefix("  value ")


# ------------------------------------------------------------------------------------- layout


def test_golden_fixture_is_formatted_to_the_expected_file():
    messy = (FIXTURES / "rollout.adopt").read_text()
    expected = (FIXTURES / "rollout.expected.adopt").read_text()
    assert fmt(messy) == expected
    assert fmt(expected) == expected


def test_clauses_follow_grammar_order_with_values_in_one_column():
    text = 'segment reps "Reps" {\nby geography\n  likelihood high\n\n  members 1200\n}\n'
    assert fmt(text) == (
        'segment reps "Reps" {\n'
        "  members    1200\n"
        "  likelihood high\n"
        "  by         geography\n"
        "}\n"
    )


def test_the_playbook_floor_is_written_last_in_the_header_in_its_column():
    text = 'playbook "Rollout" {\n  minimum   12 people\n  launch 2026-W40\n  cadence weekly\n}\n'
    assert fmt(text) == (
        'playbook "Rollout" {\n'
        "  cadence weekly\n"
        "  launch  2026-W40\n"
        "  minimum 12 members\n"
        "}\n"
    )
    assert parse_text(fmt(text), "p.adopt")[0].items[0].minimum.amount == 12


def test_declarations_are_separated_by_exactly_one_blank_line():
    text = "segment a {\n}\n\n\n\nsegment b {\n}\nsegment c {\n}"
    assert fmt(text) == "segment a {\n}\n\nsegment b {\n}\n\nsegment c {\n}\n"


def test_consecutive_includes_and_params_stay_together_unless_set_apart():
    text = (
        'include "a.adopt"\ninclude "b.adopt"\nparam x percent = 1\nparam y percent = 2\n\n\n'
        "param z percent = 3\n"
    )
    assert fmt(text) == (
        'include "a.adopt"\ninclude "b.adopt"\n\nparam x percent = 1\nparam y percent = 2\n\n'
        "param z percent = 3\n"
    )


def test_include_overrides_one_per_line():
    one_line = "include method.pilot { floor = 30 %, level=high }\n"
    assert fmt(one_line) == "include method.pilot {\n  floor = 30%\n  level = high\n}\n"
    text = "include method.pilot { floor = 30 %\n   level=high\n}\ninclude method.x {}\n"
    assert fmt(text) == (
        "include method.pilot {\n  floor = 30%\n  level = high\n}\ninclude method.x\n"
    )


def test_rule_and_barrier_clauses():
    text = (
        'rule r {\n priority high\n serves a, b\n do focus "Go"\n in all by team\n'
        " using t\n when x > 1 for 3 period\n}\n"
        'barrier b {\n message "m"\n remedy "r"\n severity low\n minimum 30 people\n'
        " in s1, s2\n when y\n using t\n serves p\n}\n"
    )
    assert fmt(text) == (
        "rule r {\n"
        "  when     x > 1 for 3 periods\n"
        "  in       all by team\n"
        '  do       focus "Go"\n'
        "  using    t\n"
        "  priority high\n"
        "  serves   a, b\n"
        "}\n\n"
        "barrier b {\n"
        "  when     y\n"
        "  in       s1, s2\n"
        "  minimum  30 members\n"
        "  severity low\n"
        '  remedy   "r"\n'
        "  using    t\n"
        '  message  "m"\n'
        "  serves   p\n"
        "}\n"
    )


def test_intervention_clauses_with_the_expected_direction():
    text = ("intervention faster {\n expect decrease\n compare to sales\n measure answer_hours\n"
            " kind build\n to 2026-W43\n from 2026-W41\n for reps by geography = DE\n}\n")
    assert fmt(text) == (
        "intervention faster {\n"
        "  for        reps by geography = DE\n"
        "  from       2026-W41\n"
        "  to         2026-W43\n"
        "  kind       build\n"
        "  measure    answer_hours\n"
        "  expect     decrease\n"
        "  compare to sales\n"
        "}\n"
    )


def test_empty_file_stays_empty_and_files_end_with_one_newline():
    assert fmt("") == ""
    assert fmt("\n\n\n") == ""
    assert fmt("segment a {\n}") == "segment a {\n}\n"
    assert fmt("segment a {\n}\n\n\n") == "segment a {\n}\n"


# -------------------------------------------------------------------------------- values, exprs


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("40 %", "40%"),
        ("40%", "40%"),
        ("5 pp", "5pp"),
        ("5 points", "5pp"),
        ("3 period", "3 periods"),
        ("3periods", "3 periods"),
        ("2 week", "2 weeks"),
        ("2 month", "2 months"),
        ("1 months", "1 month"),
        ("1.0 periods", "1 period"),
        ("1 hours", "1 hour"),
        ("1 people", "1 members"),
        ("200 hour", "200 hours"),
        ("30 people", "30 members"),
        ("30 members", "30 members"),
        ("1200.0", "1200"),
        ("2.50", "2.5"),
        (".5", "0.5"),
        ("007", "7"),
        ("100000000000000000000", "100000000000000000000"),
        ("0.0000001", "0.0000001"),
    ],
)
def test_quantities_are_written_canonically(written, canonical):
    assert metric_value(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("(a * b) + c", "a * b + c"),
        ("(a + b) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a + (b + c)", "a + (b + c)"),
        ("(a - b) - c", "a - b - c"),
        ("a/b/c", "a / b / c"),
        ("a / (b * c)", "a / (b * c)"),
        ("-(a + b)", "-(a + b)"),
        ("- - a", "--a"),
        ("(-a) * b", "-a * b"),
        ("(a < b) or (c and d)", "a < b or c and d"),
        ("(a or b) and c", "(a or b) and c"),
        ("a or (b or c)", "a or (b or c)"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) and b", "not a and b"),
        ("not (a < b)", "not a < b"),
        ("(not a) < b", "(not a) < b"),
        ("(a < b) == c", "(a < b) == c"),
        ("not not a", "not not a"),
        ("(x)in[ \"a\",'b']".replace("'", '"'), 'x in ["a", "b"]'),
        ("x not in [1,2 %]", "x not in [1, 2%]"),
        ("(x in [1]) == y", "(x in [1]) == y"),
        ("growth( x ,4 periods )", "growth(x, 4 periods)"),
        ("average( x ,4 periods  before )", "average(x, 4 periods before)"),
        ("f()", "f()"),
        ("((((a))))", "a"),
    ],
)
def test_expressions_get_single_spaces_and_only_needed_parentheses(written, canonical):
    assert metric_value(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (r'"say \"hi\""', r'"say \"hi\""'),
        (r'"back\\slash"', r'"back\\slash"'),
        ('"# not a comment"', '"# not a comment"'),
        ('"tab\there"', '"tab\there"'),
    ],
)
def test_strings_are_requoted(written, canonical):
    assert metric_value(written) == canonical


def test_an_unknown_escape_is_reported_not_dropped():
    result = format_text('metric x {\n  value "\\q"\n}\n')
    assert [d.code for d in result.diagnostics] == ["AP112"]


def test_format_number_reads_back_to_the_same_float():
    for amount in (0.1, 1 / 3, 1e-300, 1.7976931348623157e308, 123456789.125, 0.0):
        assert float(format_number(amount)) == amount
    assert format_number(1200.0) == "1200"


def test_format_source_writes_a_model_without_source_text():
    source = m.SourceFile("p.adopt", (
        m.Param(m.Name("p"), m.Name("percent"), m.Negative(m.Quantity(40, "%"))),
        m.Metric(m.Name("x"), m.Text('A "B"'), value=m.Logical(
            "and", m.Ref("a"), m.Logical("or", m.Ref("b"), m.Ref("c")))),
    ))
    out = format_source(source)
    assert out == 'param p percent = -40%\n\nmetric x "A \\"B\\"" {\n  value a and (b or c)\n}\n'
    assert parse_text(out, "p.adopt")[0] == source


# ------------------------------------------------------------------------------------- comments


def test_comment_scanner_respects_strings_and_escapes():
    line = scan_line('  remedy "a # b \\" # c" # real  ', 4)
    assert (line.number, line.code, line.comment) == (4, 'remedy "a # b \\" # c"', "# real")
    assert comments('x "#" # one\n# two\n"\\\\" # three\n') == ("# one", "# two", "# three")


def test_trailing_comment_moves_with_its_clause_and_aligns():
    text = (
        "segment reps {\n"
        "  likelihood high # likely\n"
        "  members 1200   # headcount\n"
        "  by geography\n"
        "}\n"
    )
    assert fmt(text) == (
        "segment reps {\n"
        "  members    1200  # headcount\n"
        "  likelihood high  # likely\n"
        "  by         geography\n"
        "}\n"
    )


def test_trailing_comments_of_consecutive_lines_share_a_column():
    text = (
        "param a percent = 40%   # floor\n"
        "param long_name periods = 6 weeks # pilot\n"
        "param c number = 1\n"
        "param d number = 2 # alone\n"
    )
    assert fmt(text) == (
        "param a percent = 40%              # floor\n"
        "param long_name periods = 6 weeks  # pilot\n"
        "param c number = 1\n"
        "param d number = 2  # alone\n"
    )


def test_own_line_comments_stay_before_what_follows_them():
    text = (
        "# about the file\n"
        "\n"
        "\n"
        "# about reps\n"
        "segment reps { # head\n"
        "    # about likelihood\n"
        "likelihood high\n"
        "\n"
        "  # about members\n"
        "  members 10\n"
        "  # end of block\n"
        "} # after\n"
        "# end of file\n"
    )
    assert fmt(text) == (
        "# about the file\n"
        "\n"
        "# about reps\n"
        "segment reps {  # head\n"
        "  # about members\n"
        "  members    10\n"
        "  # about likelihood\n"
        "  likelihood high\n"
        "  # end of block\n"
        "}  # after\n"
        "# end of file\n"
    )


def test_comments_in_an_empty_include_block_are_kept():
    text = "include method.x { # a\n  # b\n}  # c\nparam p n = 1\n"
    out = fmt(text)
    assert comments(out) == ("# a", "# b", "# c")
    assert fmt(out) == out


# -------------------------------------------------------------------------------------- refusal


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("segment reps {\n  membres 10\n}\n", "AP103"),
        ('segment reps "open {\n}\n', "AP104"),
        ("segment reps {\n  members 1\n  members 2\n}\n", "AP106"),
    ],
)
def test_files_that_do_not_parse_are_refused(text, code):
    result = format_text(text)
    assert result.after is None and not result.changed
    assert [d.code for d in result.diagnostics] == [code]


def test_crlf_and_bom_count_as_changes():
    result = format_text("\ufeffsegment a {\r\n}\r\n")
    assert result.after == "segment a {\n}\n"
    assert result.changed
    assert not format_text("segment a {\n}\n").changed


def test_diff_is_unified_and_marks_a_missing_final_newline():
    result = format_text("segment a {\n}", "p.adopt")
    assert result.diff() == (
        "--- a/p.adopt\n+++ b/p.adopt\n@@ -1,2 +1,2 @@\n segment a {\n-}\n"
        "\\ No newline at end of file\n+}\n"
    )
    assert format_text("segment a {\n}\n").diff() == ""


# ------------------------------------------------------------------------------------------ CLI

MESSY = "segment reps {\n  likelihood high\n  members 40 %\n}\n"
CLEAN = "segment reps {\n  members    40%\n  likelihood high\n}\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "messy.adopt").write_text(MESSY)
    (tmp_path / "plans" / "clean.adopt").write_text(CLEAN)
    (tmp_path / "plans" / "notes.txt").write_text("not a playbook")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["fmt", *args])


def test_cli_check_names_files_that_would_change_and_writes_nothing(project):
    result = run("--check", "plans")
    assert result.exit_code == 1
    assert result.output == "would reformat plans/messy.adopt\n"
    assert (project / "plans" / "messy.adopt").read_text() == MESSY


def test_cli_check_exits_0_when_everything_is_canonical(project):
    result = run("--check", "plans/clean.adopt")
    assert (result.exit_code, result.output) == (0, "")


def test_cli_diff_prints_a_unified_diff_and_writes_nothing(project):
    result = run("--diff", "plans")
    assert result.exit_code == 1
    assert result.output.startswith("--- a/plans/messy.adopt\n+++ b/plans/messy.adopt\n")
    assert "-  members 40 %\n" in result.output and "+  members    40%\n" in result.output
    assert (project / "plans" / "messy.adopt").read_text() == MESSY
    assert run("--diff", "plans/clean.adopt").exit_code == 0


def test_cli_rewrites_changed_files_keeping_their_mode(project):
    messy = project / "plans" / "messy.adopt"
    messy.chmod(0o640)
    result = run("plans")
    assert (result.exit_code, result.output) == (0, "reformatted plans/messy.adopt\n")
    assert messy.read_text() == CLEAN
    assert messy.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in (project / "plans").iterdir()) == [
        "clean.adopt", "messy.adopt", "notes.txt"]
    assert run("--check", "plans").exit_code == 0


def test_cli_leaves_a_file_with_a_syntax_error_alone_and_exits_2(project):
    broken = project / "plans" / "broken.adopt"
    broken.write_text("segment reps {\n  membres 10\n}\n")
    result = run("plans")
    assert result.exit_code == 2
    assert "plans/broken.adopt:2:3: error[AP103]: unexpected 'membres'" in result.stderr
    assert "hint: did you mean 'members'?" in result.stderr
    assert "Traceback" not in result.output
    assert broken.read_text() == "segment reps {\n  membres 10\n}\n"
    assert (project / "plans" / "messy.adopt").read_text() == CLEAN  # the others are done


def test_cli_missing_path_is_a_usage_error(project):
    result = run("--check", "nope.adopt")
    assert result.exit_code == 2
    assert "no such file or folder: nope.adopt" in result.stderr


def test_cli_unreadable_file_exits_2_without_traceback(project, monkeypatch):
    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "_open_to_read", unreadable)
    result = run("plans/clean.adopt")
    assert result.exit_code == 2
    assert result.stderr == (  # AP113, as `check` reports it, without an empty source line
        "plans/clean.adopt:1:1: error[AP113]: cannot read this file: Permission denied\n"
        "  hint: check its permissions: the user running adoptplan needs to read it\n"
    )
    assert result.stdout == ""


def test_cli_refuses_a_file_that_is_not_utf8_text(project):
    binary = project / "plans" / "binary.adopt"
    binary.write_bytes(b"\xff\xfe segment")
    result = run("plans/binary.adopt")
    assert result.exit_code == 2
    assert result.stderr == (
        "plans/binary.adopt:1:1: error[AP101]: this file is not UTF-8 text (byte 0xFF)\n"
        "1 | \N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER} segment\n"  # shown, bad bytes replaced
        "    ^\n"
        "  hint: save the playbook as UTF-8\n"
    )
    assert binary.read_bytes() == b"\xff\xfe segment"
