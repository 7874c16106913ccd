"""Values an `.adopt-test` file gives that the engine would refuse are positioned AP8xx errors.

Periods that are not on the calendar (AP817) or not of the playbook's cadence (AP818), param
values of the wrong type or range (AP819), series values out of range (AP820): each is exit 2
with file:line:col, the source line, a caret and a hint, never a traceback. Every case runs
through `adoptplan test` on a folder made by `adoptplan init`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan import playbook_tests as pt
from adoptplan import testing as steps
from adoptplan.cli import cli
from adoptplan.codes.playbook_tests import EXAMPLE_PLAYBOOK
from adoptplan.diagnostics import InputError
from adoptplan.periods import period_range

HEAD = 'playbook "../playbooks/rollout.adopt"\n\n'
FROM = "from 2026-W41"
SERIES = "series reps/geography=DE active_members 35% 30%"
OTHERS = "others allowed"


def one_test(*lines: str) -> str:
    """A test file with one test `t`: its clauses start on line 4, at column 3."""
    return HEAD + "test t {\n" + "".join(f"  {line}\n" for line in lines) + "}\n"


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    """`adoptplan init R`, made once: the playbook and the working example test."""
    root = tmp_path_factory.mktemp("init")
    result = CliRunner().invoke(cli, ["init", str(root / "R")])
    assert result.exit_code == 0, result.output
    return root / "R"


@pytest.fixture
def project(initialised, tmp_path, monkeypatch) -> Path:
    """A copy of the initialised folder without its example test, as the current folder."""
    copy = tmp_path / "R"
    shutil.copytree(initialised, copy)
    (copy / "tests" / "rollout.adopt-test").unlink()
    monkeypatch.chdir(copy)
    return copy


def run_cli(project: Path, text: str):
    (project / "tests" / "x.adopt-test").write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["test", "tests"])


def the_error(result) -> tuple[str, str, str, str]:
    """(first line, source line, caret line, hint line) of the one error of the output."""
    assert "Traceback" not in result.output
    assert result.exit_code == exitcodes.BAD_INPUT, result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("tests/x.adopt-test:"))
    assert "1 error" in result.output, result.output
    first, source, caret, hint = lines[start:start + 4]
    return first, source, caret, hint.strip()


# ----------------------------------------------------------------------- the example still runs


def test_the_initialised_example_passes(initialised, monkeypatch):
    monkeypatch.chdir(initialised)
    result = CliRunner().invoke(cli, ["test", "tests"])
    assert result.exit_code == exitcodes.OK, result.output


# ---------------------------------------------------------------------- each value, in the CLI

CASES = [
    # (clause lines, the line with the error, what the caret is under, code, message, hint)
    pytest.param((("from 2026-W60", SERIES, OTHERS)), "2026-W60", "AP817",
                 "there is no week 2026-W60", "2026 has weeks 2026-W01 to 2026-W53",
                 id="from-week-60"),
    pytest.param(("from 2025-W53", SERIES, OTHERS), "2025-W53", "AP817",
                 "there is no week 2025-W53", "2025 has weeks 2025-W01 to 2025-W52",
                 id="from-week-53-of-a-52-week-year"),
    pytest.param(("from 2026-13", SERIES, OTHERS), "2026-13", "AP817",
                 "there is no month 2026-13", "a year has months 2026-01 to 2026-12",
                 id="from-month-13"),
    pytest.param(("from 2026-02-30", SERIES, OTHERS), "2026-02-30", "AP817",
                 "there is no date 2026-02-30", "2026-02 has days 2026-02-01 to 2026-02-28",
                 id="from-february-30"),
    pytest.param(("from 0000-W01", SERIES, OTHERS), "0000-W01", "AP817",
                 "there is no week 0000-W01", "years run from 0001 to 9999", id="from-year-0"),
    pytest.param((FROM, SERIES, "at 2026-W60"), "2026-W60", "AP817",
                 "there is no week 2026-W60", "2026 has weeks 2026-W01 to 2026-W53",
                 id="at-week-60"),
    pytest.param((FROM, SERIES, "at 2026-13"), "2026-13", "AP817",
                 "there is no month 2026-13", "a year has months 2026-01 to 2026-12",
                 id="at-month-13"),
    pytest.param(("from 9999-W52", "series reps/geography=DE active_members 35%x3"),
                 "series", "AP817", "from 9999-W52, the 4 values of this series run past the "
                 "year 9999", "start the series earlier", id="series-past-9999"),
    pytest.param(("from 2026-10", SERIES, OTHERS), "2026-10", "AP818",
                 "2026-10 is a month, but the playbook's cadence is weekly",
                 "give the series in ISO weeks: from 2026-W40?", id="from-month-weekly"),
    pytest.param((FROM, SERIES, "at 2026-10"), "2026-10", "AP818",
                 "2026-10 is a month, but the series run in ISO weeks from 2026-W41",
                 "write `at` as `from` is written, such as 2026-W42", id="at-month-of-weeks"),
    pytest.param((FROM, SERIES, "param active_floor = banana", OTHERS), "banana", "AP819",
                 "active_floor is a percent param, but `banana` is not a value",
                 "write a percentage such as 35%", id="param-banana"),
    pytest.param((FROM, SERIES, "param active_floor = high", OTHERS), "high", "AP819",
                 "active_floor is a percent param, but `high` is a level", "give a percentage",
                 id="param-level-for-percent"),
    pytest.param((FROM, SERIES, "param active_floor = 0.3", OTHERS), "0.3", "AP819",
                 "active_floor is a percent param, but `0.3` is a bare number", "write 30%",
                 id="param-bare-number"),
    pytest.param((FROM, SERIES, "param educate_window = 40%", OTHERS), "40%", "AP819",
                 "educate_window is a periods param, but `40%` is a percentage",
                 "write 40 periods", id="param-percent-for-periods"),
    # the range a param's uses allow, as the engine checks a --param (the message goes on to
    # name where the playbook uses it)
    pytest.param((FROM, SERIES, "param active_floor = 150%", OTHERS), "150%", "AP819",
                 "active_floor is 150%, but `active_members < active_floor` (",
                 "a share lies between 0% and 100%", id="param-share-above-100"),
    pytest.param((FROM, SERIES, "param educate_window = 0 periods", OTHERS), "0 periods",
                 "AP819", "educate_window is 0 periods, but `growth(active_members, "
                 "educate_window)` (", "a history function looks back a whole number of periods, "
                 "at least 1", id="param-window-0"),
    pytest.param((FROM, SERIES, "param active_flor = 30%", OTHERS), "param", "AP813",
                 "the playbook has no param 'active_flor'", "did you mean 'active_floor'?",
                 id="param-unknown"),
    pytest.param((FROM, "series reps/geography=DE active_members 35% 135%", OTHERS), "135%",
                 "AP820", "active_members is a percentage from 0% to 100%, not 135%",
                 "only a growth metric (named ..._growth) goes below 0% or above 100%",
                 id="series-share-above-100"),
    pytest.param((FROM, "series reps/geography=DE active_members 40%-20x3", OTHERS),
                 "40%-20x3", "AP820", "active_members is a percentage from 0% to 100%, not -20%",
                 "only a growth metric (named ..._growth) goes below 0% or above 100%",
                 id="series-run-below-0"),
    pytest.param((FROM, SERIES, "series reps/geography=DE members 400 -5", OTHERS), "-5",
                 "AP820", "members is a count, never -5", "a count is 0 or more",
                 id="series-negative-count"),
    pytest.param((FROM, "series reps/geography=DE active_members NaN 30%", OTHERS), "NaN",
                 "AP804", "'NaN' is not a series value",
                 "write 40%, 1200, _ or a run such as 1200x3 or 40%-2x3", id="series-nan"),
    pytest.param((FROM, "series reps/geography=DE active_members 35% high", OTHERS), "high",
                 "AP804", "'high' is not a series value",
                 "write 40%, 1200, _ or a run such as 1200x3 or 40%-2x3", id="series-text"),
    pytest.param((FROM, "series reps/geography=DE posts " + "9" * 400, OTHERS), "9" * 400,
                 "AP804", f"'{'9' * 21}...' is not a series value: the number is too large",
                 "check the number of digits", id="series-too-large"),
    pytest.param((FROM, "series reps/geography=DE,geography=FR active_members 35%", OTHERS),
                 "reps/geography=DE,geography=FR", "AP808",
                 "dimension 'geography' is given twice in 'reps/geography=DE,geography=FR'",
                 "give each dimension one value", id="group-dimension-twice"),
]


@pytest.mark.parametrize("lines, under, code, message, hint", CASES)
def test_a_value_the_engine_would_refuse_is_a_positioned_error(project, lines, under, code,
                                                                message, hint):
    first, source, caret, shown_hint = the_error(run_cli(project, one_test(*lines)))
    line = next(n for n, text in enumerate(lines, start=4) if under in text)
    column = lines[line - 4].index(under) + 3
    expected = f"tests/x.adopt-test:{line}:{column}: error[{code}]: {message}"
    assert first == expected or message.endswith("(") and first.startswith(expected)
    if len(source) < 100:  # a long line is shown cut, with the caret under what is left of it
        assert source.endswith(lines[line - 4])
        assert caret.index("^") == source.index(under, source.index("|"))
    assert shown_hint == f"hint: {hint}"


@pytest.mark.parametrize("lines", [
    pytest.param(("from 2026-W53", SERIES, OTHERS), id="week-53-of-2026"),
    pytest.param(("from 2024-02-29", SERIES, OTHERS), id="a-leap-day"),
    pytest.param(("from 2026-10-05", SERIES, "at 2026-10-06", OTHERS), id="dates-fit-weekly"),
    pytest.param((FROM, SERIES, "param active_floor = 100%", OTHERS), id="param-at-the-edge"),
    pytest.param((FROM, SERIES, "param educate_window = 3 weeks", OTHERS), id="param-weeks"),
    pytest.param((FROM, SERIES, "param active_floor = sustain_floor", OTHERS),
                 id="param-from-another-param"),
    pytest.param((FROM, SERIES, "series reps/geography=DE organic_content_growth -50% 150%",
                  OTHERS), id="growth-beyond-0-100"),
    pytest.param((FROM, "series reps/geography=DE active_members 0% 100%", OTHERS),
                 id="shares-at-the-edges"),
])
def test_values_that_fit_run(project, lines):
    result = run_cli(project, one_test(*lines))
    assert result.exit_code in (exitcodes.OK, exitcodes.FINDINGS), result.output
    assert "Traceback" not in result.output and "error[" not in result.output
    assert "1 test:" in result.output


def test_a_period_far_back_is_a_clean_test_failure(project):
    """Year 1 is on the calendar: the test runs, and fails as a test, not as a crash."""
    result = run_cli(project, one_test("from 0001-W01", SERIES,
                                       "expect action reps_inactive/reps/geography=DE high"))
    assert "Traceback" not in result.output and "error[" not in result.output
    assert result.exit_code in (exitcodes.OK, exitcodes.FINDINGS)


def test_every_problem_of_a_file_is_shown_at_once(project):
    text = one_test("from 2026-W60", SERIES, "param active_floor = banana") + "\n" + one_test(
        FROM, "series reps/geography=DE active_members 135%").replace("test t", "test u").replace(
        HEAD, "")
    result = run_cli(project, text)
    assert result.exit_code == exitcodes.BAD_INPUT and "Traceback" not in result.output
    for found in ("tests/x.adopt-test:4:8: error[AP817]",
                  "tests/x.adopt-test:6:24: error[AP819]",
                  "tests/x.adopt-test:11:43: error[AP820]"):
        assert found in result.output
    assert "3 errors" in result.output


# -------------------------------------------------------------------------- a monthly playbook


@pytest.fixture
def monthly(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbook.adopt").write_text(
        EXAMPLE_PLAYBOOK.replace("cadence weekly", "cadence monthly").replace(
            "launch  2026-W40", "launch  2026-10"), encoding="utf-8")
    return tmp_path


def monthly_test(*lines: str) -> str:
    return 'playbook "playbook.adopt"\n\ntest t {\n' + "".join(f"  {x}\n" for x in lines) + "}\n"


def test_weeks_for_a_monthly_playbook_are_ap818_with_the_month_to_write(monthly):
    (monthly / "a.adopt-test").write_text(monthly_test(
        "from 2026-W41", "series reps active_members 50% 35%"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        pt.run([monthly / "a.adopt-test"])
    (found,) = raised.value.diagnostics
    assert (found.code, found.span.line, found.span.column, found.message, found.hint) == (
        "AP818", 4, 8, "2026-W41 is a week, but the playbook's cadence is monthly",
        "give the series in months: from 2026-10?")


def test_months_for_a_monthly_playbook_run(monthly):
    (monthly / "a.adopt-test").write_text(monthly_test(
        "from 2026-10", "series reps active_members 50% 35%", "at 2026-11",
        "expect action reps_inactive/reps high"), encoding="utf-8")
    run = pt.run([monthly / "a.adopt-test"])
    assert [(r.passed, r.period) for r in run.results] == [(True, "2026-11")]


# ------------------------------------------------------------------------- pieces on their own


@pytest.mark.parametrize("period, expected", [
    ("2026-W60", "2026 has weeks 2026-W01 to 2026-W53"),
    ("2027-W53", "2027 has weeks 2027-W01 to 2027-W52"),
    ("2026-00", "a year has months 2026-01 to 2026-12"),
    ("2024-02-30", "2024-02 has days 2024-02-01 to 2024-02-29"),
    ("2026-04-31", "2026-04 has days 2026-04-01 to 2026-04-30"),
    ("2026-13-01", "a year has months 2026-01 to 2026-12"),
    ("0000-01-01", "years run from 0001 to 9999"),
])
def test_the_hint_gives_the_periods_there_are(period, expected):
    assert period_range(period) == expected


# --------------------------------------------------------------------- the pytest-bdd steps too


def test_the_step_library_reports_a_period_that_is_not_one():
    state = steps.ScenarioState(Path(__file__).resolve().parents[3])
    steps.given_the_playbook(state, "tests/fixtures/testing/rollout.adopt")
    steps.given_the_metrics(state, "2026-W60", [["group", "metric", "values"],
                                                ["reps/geography=DE", "active_members", "50%"]])
    steps.given_a_param(state, "active_floor", "banana")
    with pytest.raises(AssertionError) as raised:
        steps.when_i_evaluate(state)
    text = str(raised.value)
    assert "<scenario>:2:8: error[AP817]: there is no week 2026-W60" in text
    assert "error[AP819]: active_floor is a percent param, but `banana` is not a value" in text


def test_text_of_no_period_shape_gets_the_shapes_as_hint():
    """The grammar lets only period shapes through; a model built by hand still gets a hint."""
    assert period_range("next week").startswith("write an ISO week like 2026-W05")


def test_a_window_worked_out_below_one_period_is_a_positioned_error(project):
    """The checks see `w` alone, not `w - 3 periods`: the engine's refusal is reported at the
    test's param, never as a traceback."""
    playbook = project / "playbooks" / "rollout.adopt"
    playbook.write_text(playbook.read_text(encoding="utf-8") + (
        "\nparam w periods = 5 periods\n\n"
        "rule posting_falls \"Posting falls\" {\n"
        "  when     change(posts, w - 3 periods) < 0\n"
        "  in       reps by geography\n"
        "  do       educate \"Show reps what posting is for\"\n"
        "  serves   reputation\n"
        "  using    expert_qna\n"
        "}\n"), encoding="utf-8")
    checked = CliRunner().invoke(cli, ["check", "playbooks"])
    assert checked.exit_code == 0, checked.output
    first, source, caret, hint = the_error(run_cli(project, one_test(
        FROM, SERIES, "param w = 3 periods", OTHERS)))
    assert first == ("tests/x.adopt-test:6:13: error[AP819]: `w - 3 periods` in change() looks "
                     "back 0 periods: a history function looks back a whole number of periods, "
                     "at least 1")
    assert source.endswith("param w = 3 periods") and caret.strip() == "^" * len("3 periods")
    assert hint == "hint: give the params values the playbook's conditions can use"
