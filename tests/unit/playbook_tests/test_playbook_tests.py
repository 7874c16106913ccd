"""`adoptplan test`: the test file format, running tests, failures, coverage and the CLI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan import playbook_tests as pt
from adoptplan.cli import cli
from adoptplan.codes.playbook_tests import EXAMPLE_PLAYBOOK, TEST_CODES
from adoptplan.diagnostics import InputError
from adoptplan.load import find_playbook_files
from adoptplan.playbook_tests.parse import parse_test_file
from adoptplan.playbook_tests.report import render_github, render_text

PLAYBOOK = EXAMPLE_PLAYBOOK + """
barrier lurkers "Reps read but never post" {
  when     reads > 50 * posts
  in       reps by geography
  minimum  30 members
  severity low
  remedy   "Thank every first post"
}
"""

PASSING = """playbook "playbook.adopt"

test inactive "Reps below the floor get a workshop" {
  from   2026-W41
  series reps active_members 50% 35%
  at     2026-W42
  expect action reps_inactive/reps high "Workshop on the expert Q&A"
}

test active "Active reps get nothing" {
  from   2026-W41
  series reps active_members 45%+5x2
}
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbook.adopt").write_text(PLAYBOOK, encoding="utf-8")
    return tmp_path


def run_text(folder: Path, text: str) -> pt.TestRun:
    (folder / "a.adopt-test").write_text(text, encoding="utf-8")
    return pt.run([folder / "a.adopt-test"])


def one_test(*lines: str, head: str = 'playbook "playbook.adopt"\n') -> str:
    return head + "test t {\n" + "".join(f"  {line}\n" for line in lines) + "}\n"


# ----------------------------------------------------------------------------- the format


def values_of(notation: str) -> tuple:
    parsed, found = parse_test_file(one_test("from 2026-W01", f"series reps m {notation}"), "x")
    assert found == []
    return parsed.tests[0].series[0].expanded()


@pytest.mark.parametrize("notation, expected", [
    ("50% 38%", (50.0, 38.0)),
    ("1200x3", (1200.0,) * 4),
    ("1+1x3", (1.0, 2.0, 3.0, 4.0)),
    ("40%-2x3", (40.0, 38.0, 36.0, 34.0)),
    ("40%-2ppx1", (40.0, 38.0)),
    ("-2+4x3", (-2.0, 2.0, 6.0, 10.0)),
    ("_ 3 _x2 .5", (None, 3.0, None, None, 0.5)),
])
def test_series_notation_expands_like_promtool(notation, expected):
    assert values_of(notation) == expected


@pytest.mark.parametrize("notation, problem", [
    ("1+1", "a step needs a repeat count"),
    ("5+1%x2", "a step in % needs a start in %"),
    ("_x0", "_x0 stands for no period"),
    ("1x10001", "more than 10000 periods"),
])
def test_malformed_runs_are_positioned_ap804(notation, problem):
    _, found = parse_test_file(one_test("from 2026-W01", f"series reps m 1 {notation}"), "x")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("AP804", 4, 19)]
    assert problem in found[0].message


def test_a_test_file_is_not_a_playbook_for_check(folder):
    (folder / "a.adopt-test").write_text(PASSING, encoding="utf-8")
    assert find_playbook_files(folder) == [folder / "playbook.adopt"]


def test_expectations_and_clauses_are_read_with_their_lines():
    text = one_test(
        "from 2026-W01", 'series "reps/geography=North America" posts 3', "at 2026-W01",
        "param active_floor = 35%", 'expect alert lurkers/reps/geography=DE low "Thank"',
        "expect not_evaluated reps_inactive/reps", "expect no reps_inactive", "others allowed")
    parsed, found = parse_test_file(text, "x")
    (test,) = parsed.tests
    assert found == []
    assert test.series[0].group == "reps/geography=North America"
    assert [(p.name, p.text) for p in test.params] == [("active_floor", "35%")]
    assert [(e.what, e.id, e.level, e.message, e.span.line) for e in test.expectations] == [
        ("alert", "lurkers/reps/geography=DE", "low", "Thank", 7),
        ("not_evaluated", "reps_inactive/reps", "", None, 8),
        ("no", "reps_inactive", "", None, 9),
    ]
    assert test.others_allowed and test.at == "2026-W01"


def test_syntax_errors_raise_positioned_diagnostics():
    with pytest.raises(InputError) as raised:
        parse_test_file(one_test("from 2026-W01", "exepct no x"), "x.adopt-test")
    (found,) = raised.value.diagnostics
    assert (found.code, found.span.line, found.span.column, found.hint) == (
        "AP802", 4, 3, "did you mean 'expect'?")


# ------------------------------------------------------------------------------ the codes


@pytest.mark.parametrize("code", TEST_CODES, ids=lambda c: c.code)
def test_wrong_example_gives_its_code(folder, code):
    with pytest.raises(InputError) as raised:
        run_text(folder, code.wrong.replace("playbook.adopt", "playbook.adopt", 1))
    assert code.code in {d.code for d in raised.value.diagnostics}


@pytest.mark.parametrize("code", TEST_CODES, ids=lambda c: c.code)
def test_right_example_runs_and_passes(folder, code):
    (folder / "playbook.adopt").write_text(EXAMPLE_PLAYBOOK, encoding="utf-8")
    run = run_text(folder, code.right)
    assert run.results and not run.failed


def test_codes_are_the_test_range_in_order_and_documented():
    names = [c.code for c in TEST_CODES]
    assert names == sorted(set(names)) and all(n.startswith("AP8") for n in names)
    assert all(c.title and c.explanation and c.severity == "error" for c in TEST_CODES)


# ------------------------------------------------------------------------------- running


def test_passing_tests_pass(folder):
    run = run_text(folder, PASSING)
    assert [(r.test.name, r.passed, r.period) for r in run.results] == [
        ("inactive", True, "2026-W42"), ("active", True, "2026-W43")]


def test_a_small_group_beside_groups_of_unknown_size_is_protected_and_the_run_ends(folder):
    """The groups of a test are large when given no size, yet one of them still protects a
    small sibling (this run never ended: the protector was chosen by an infinite rank)."""
    run = run_text(folder, one_test(
        "from 2026-W41", "series reps/geography=DE members 3",
        "series reps/geography=DE active_members 35% 30%",
        "series reps/geography=FR active_members 35% 30%",
        "expect no reps_inactive", "others allowed"))
    assert [r.passed for r in run.results] == [True]


def test_a_different_level_and_message_are_field_level_mismatches(folder):
    run = run_text(folder, one_test(
        "from 2026-W41", "series reps active_members 35%",
        'expect alert reps_inactive/reps medium "Workshop"'))
    (failure,) = run.results[0].failures
    assert failure.span.line == 5
    assert [(m.field, m.expected, m.got) for m in failure.mismatches] == [
        ("kind of finding", "alert", "action"), ("level", "medium", "high"),
        ("message", "Workshop", "Workshop on the expert Q&A")]
    assert failure.explanation.outcome == "fired"


def test_a_missing_action_shows_why_it_did_not_fire(folder):
    run = run_text(folder, one_test("from 2026-W41", "series reps active_members 55%",
                                    "expect action reps_inactive/reps high"))
    (failure,) = run.results[0].failures
    assert failure.summary == "expected action reps_inactive/reps did not fire"
    text = render_text(run)
    assert "why not: active_members < active_floor was false (55% against 40%" in text
    assert text.startswith('FAIL t (a.adopt-test:2, at 2026-W41)\n  a.adopt-test:5: expected')


def test_a_missing_group_is_explained_by_the_closest_one(folder):
    run = run_text(folder, one_test(
        "from 2026-W41", "series reps/geography=DE reads 100", "series reps/geography=DE posts 1",
        "expect alert lurkers/reps/geography=DK low", "others allowed"))
    (failure,) = run.results[0].failures
    assert failure.explanation.id == "lurkers/reps/geography=DE"
    assert "explained lurkers/reps/geography=DE instead" in failure.note


def test_unexpected_findings_fail_unless_others_are_allowed(folder):
    lines = ("from 2026-W41", "series reps/geography=DE reads 100",
             "series reps/geography=DE posts 1")
    (failure,) = run_text(folder, one_test(*lines)).results[0].failures
    assert failure.summary.startswith("unexpected alert lurkers/reps/geography=DE at low: ")
    assert run_text(folder, one_test(*lines, "others allowed")).results[0].passed


def test_expect_no_names_a_rule_or_an_id_and_is_reported_once(folder):
    lines = ("from 2026-W41", "series reps/geography=DE reads 100",
             "series reps/geography=DE posts 1")
    (failure,) = run_text(folder, one_test(*lines, "expect no lurkers")).results[0].failures
    assert failure.summary == "expected no lurkers, but lurkers/reps/geography=DE fired at low"
    assert run_text(folder, one_test(*lines, "expect no lurkers/reps/geography=FR",
                                     "others allowed")).results[0].passed


def test_not_evaluated_is_an_outcome_a_test_can_expect(folder):
    missing = one_test("from 2026-W41", "series reps posts 3",
                       "expect not_evaluated reps_inactive/reps")
    assert run_text(folder, missing).results[0].passed
    decided = missing.replace("posts 3", "active_members 50%")
    (failure,) = run_text(folder, decided).results[0].failures
    assert failure.summary == ("expected reps_inactive/reps not evaluated, but it was decided "
                               "and did not fire")


def test_a_param_override_changes_the_threshold(folder):
    lines = ("from 2026-W41", "series reps active_members 50%")
    assert run_text(folder, one_test(*lines)).results[0].passed
    raised = one_test(*lines, "param active_floor = 60%", "expect action reps_inactive/reps high")
    assert run_text(folder, raised).results[0].passed


def test_a_playbook_with_errors_is_bad_input_with_its_own_codes(folder):
    (folder / "playbook.adopt").write_text(PLAYBOOK.replace("members 1200", "membres 1200"))
    with pytest.raises(InputError) as raised:
        run_text(folder, PASSING)
    assert {d.code for d in raised.value.diagnostics} == {"AP103"}
    assert "playbook.adopt" in raised.value.sources


# ------------------------------------------------------------------------------- coverage


def test_coverage_counts_firing_and_clear_per_rule(folder):
    run = run_text(folder, PASSING)
    assert [(c.rule, c.fired, c.clear, c.line) for c in run.coverage.rules] == [
        ("reps_inactive", True, True, 13), ("lurkers", False, False, 20)]
    assert (run.coverage.seen, run.coverage.total, run.coverage.percent) == (2, 4, 50.0)
    text = render_text(run, minimum=60)
    assert "rule coverage: 2 of 4 outcomes seen (50%; each rule firing and clear), below the " \
           "minimum of 60%" in text
    assert "  playbook.adopt:20: lurkers never seen firing or clear" in text


def test_rules_of_the_method_library_are_not_counted(folder, monkeypatch):
    from adoptplan import load

    library = folder / "library" / "method"
    library.mkdir(parents=True)
    (library / "extra.adopt").write_text(
        'rule extra "Extra" {\n  when posts < 1\n  do measure "Ask"\n}\n', encoding="utf-8")
    monkeypatch.setattr(load, "library_root", lambda: folder / "library")
    (folder / "playbook.adopt").write_text("include method.extra\n" + PLAYBOOK)
    assert [c.rule for c in run_text(folder, PASSING).coverage.rules] == [
        "reps_inactive", "lurkers"]


# ------------------------------------------------------------------------------------ CLI


def invoke(*args: str):
    return CliRunner().invoke(cli, ["test", *args])


def test_cli_exit_codes(folder):
    (folder / "a.adopt-test").write_text(PASSING, encoding="utf-8")
    assert invoke().exit_code == exitcodes.OK
    assert invoke("--min-coverage", "60").exit_code == exitcodes.FINDINGS
    (folder / "b.adopt-test").write_text(one_test(
        "from 2026-W41", "series reps active_members 55%", "expect action reps_inactive/reps high"))
    result = invoke(".")
    assert result.exit_code == exitcodes.FINDINGS
    assert "3 tests: 2 passed, 1 failed" in result.output
    (folder / "c.adopt-test").write_text("test t {\n  fro 2026-W41\n}\n")
    result = invoke(".")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "c.adopt-test:2:3: error[AP802]: unexpected 'fro'" in result.output
    assert invoke("missing").exit_code == exitcodes.BAD_INPUT


def test_cli_writes_junit_and_github_annotations(folder):
    (folder / "a.adopt-test").write_text(PASSING + "\n" + one_test(
        "from 2026-W41", "series reps active_members 55%", "expect action reps_inactive/reps high",
        head="").replace("test t", "test broken"))
    result = invoke("--format", "github", "--junit", "out/junit.xml")
    assert result.exit_code == exitcodes.FINDINGS
    root = ET.parse(folder / "out" / "junit.xml").getroot()
    assert (root.get("tests"), root.get("failures")) == ("3", "1")
    (failed,) = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert (failed.get("name"), failed.get("line")) == ("broken", "15")
    assert failed.find("failure").get("message") == (
        "expected action reps_inactive/reps did not fire")
    assert "::error file=a.adopt-test,line=18,title=adoptplan test broken::" in result.output
    assert "::notice title=adoptplan test::3 tests: 2 passed, 1 failed" in result.output


def test_github_coverage_short_of_the_minimum_is_an_error(folder):
    run = run_text(folder, PASSING)
    out = render_github(run, 75)
    assert "::error title=adoptplan test coverage::rule coverage: 2 of 4" in out
    assert "::warning file=playbook.adopt,line=20,title=rule not covered::lurkers" in out


def test_the_examples_of_the_guide_parse():
    import re

    guide = (Path(__file__).resolve().parents[3] / "docs" / "ci.md").read_text(encoding="utf-8")
    examples = re.findall(r"^```adopt-test\n(.*?)^```$", guide, re.S | re.M)
    assert examples
    for example in examples:
        parsed, found = parse_test_file(example, "docs/ci.md")
        assert found == [] and parsed.tests
