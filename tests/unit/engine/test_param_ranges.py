"""Param values are held to the ranges of a literal in their place: a default, an include's
override (AP305 at its position) and `--param` (one line, exit 2); the engine refuses a history
window below 1 period rather than reading past the history."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

from adoptplan import api, exitcodes
from adoptplan.check.ranges import ParamRanges
from adoptplan.cli import cli
from adoptplan.diagnostics import Diagnostic
from adoptplan.engine import EvaluationError
from adoptplan.engine.compile import window
from adoptplan.engine.evaluate import Evaluator
from adoptplan.engine.frame import build_frame
from adoptplan.engine.params import check_overrides, resolve_params
from adoptplan.syntax import parse_expression

from support.engine import HEADER, history, playbook

RULES = """
param floor percent = {floor}
param window periods = {window}
param pace percent = {pace}
param people count = {people}
param wait hours = {wait}
param per number = {per}

metric posts_per {{
  value posts / per
}}

metric answer_hours {{
  unit hours
}}

rule r "Reps protect the brand" {{
  when active_members < floor and change(posts, window) > people and growth(posts, 1 period) < pace and posts_per > 1 and average(answer_hours, 2 periods) > wait
  in   reps
  do   educate "Workshop to protect the brand with {{tool}}"
  using qna
}}
"""
WINDOW_HINT = "a history function looks back a whole number of periods, at least 1"
FINE = {"floor": "40%", "window": "2 periods", "pace": "5%", "people": "3", "wait": "2 hours",
        "per": "0.5"}


def found(text: str, code: str = "AP305") -> list[Diagnostic]:
    return [d for d in api.check_text(text).diagnostics if d.code == code]


def rules(**values: str) -> str:
    return HEADER + RULES.format(**{**FINE, **values})


def at(text: str, line_text: str, value: str) -> tuple[int, int]:
    """The 1-based line and column of `value` on the line that starts with `line_text`."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(line_text):
            return number, line.index(value, len(line_text)) + 1
    raise AssertionError(line_text)


# ---------------------------------------------------------------------------- defaults


def test_values_in_range_are_clean():
    assert found(rules()) == []


@pytest.mark.parametrize("name, value, message, hint", [
    ("floor", "500%", "floor is 500%, but `active_members < floor` (line {when}) compares it with "
     "active_members, a share of members", "a share lies between 0% and 100%"),
    ("floor", "-5%", "floor is -5%, but `active_members < floor` (line {when}) compares it with "
     "active_members, a share of members", "a share lies between 0% and 100%"),
    ("window", "-2 weeks", "window is -2 weeks, but `change(posts, window)` (line {when}) "
     "looks back that many periods", WINDOW_HINT),
    ("window", "0 weeks", "window is 0 weeks, but `change(posts, window)` (line {when}) "
     "looks back that many periods", WINDOW_HINT),
    ("window", "1.5 periods", "window is 1.5 periods, but `change(posts, window)` (line {when}) "
     "looks back that many periods", WINDOW_HINT),
    ("people", "-3", "people is -3: a count is never negative", "give 0 or more"),
    ("wait", "-1 hours", "wait is -1 hours: a number of hours is never negative",
     "give 0 or more"),
    ("per", "0", "per is 0, but `posts / per` (line {value}) divides by it",
     "give a value other than 0"),
])
def test_a_default_out_of_range_is_ap305_at_the_default(name, value, message, hint):
    text = rules(**{name: value})
    [diagnostic] = found(text)
    assert (diagnostic.span.line, diagnostic.span.column) == at(text, f"param {name} ", value)
    assert diagnostic.span.end_column == diagnostic.span.column + len(value)
    lines = {"when": at(text, "  when", " ")[0], "value": at(text, "  value", " ")[0]}
    assert (diagnostic.message, diagnostic.hint) == (message.format(**lines), hint)
    assert diagnostic.severity == "error"


@pytest.mark.parametrize("value", ["0%", "100%", "60%"])
def test_a_share_threshold_may_be_0_to_100_percent(value):
    assert found(rules(floor=value)) == []


@pytest.mark.parametrize("value", ["-5%", "150%"])
def test_a_percent_compared_only_with_a_growth_may_be_negative_or_above_100(value):
    assert found(rules(pace=value)) == []


def test_a_negated_param_is_judged_as_the_value_written_there():
    text = HEADER + ("param drop percent = 5%\n\n"
                     "rule r {\n  when active_members < -drop\n  do educate \"x\"\n}\n")
    [diagnostic] = found(text)
    assert diagnostic.message.startswith("drop is 5%, but `active_members < -drop`")


def test_a_computed_default_is_judged_at_the_value_it_comes_to():
    text = HEADER.replace("critical_mass 60%", "critical_mass 3%") \
        + "param low percent = critical_mass - 5pp\n\nrule r {\n  when active_members < low\n" \
          "  do educate \"x\"\n}\n"
    [diagnostic] = found(text)
    assert diagnostic.message.startswith("low is critical_mass - 5pp = -2%, but")
    assert (diagnostic.span.line, diagnostic.span.column) == at(text, "param low ",
                                                                "critical_mass - 5pp")


def test_a_value_of_the_wrong_type_is_ap306_alone():
    text = rules(floor="500")
    assert [d.code for d in api.check_text(text).diagnostics if d.code in ("AP305", "AP306")] \
        == ["AP306"]


# ------------------------------------------------------------------------- windows as written


@pytest.mark.parametrize("written, code, message", [
    ("1.5 periods", "AP305", "change() looks back 1.5 periods: it must be a whole number of "
     "periods"),
    ("window - 2 periods", "AP305", "change() looks back `window - 2 periods` = 0 periods"),
    ("periods_since_launch", "AP304", "change() looks back a fixed number of periods, but "
     "`periods_since_launch` changes from period to period"),
])
def test_a_window_that_is_not_a_whole_fixed_number_of_periods(written, code, message):
    text = rules().replace("change(posts, window)", f"change(posts, {written})")
    problems = [d for d in api.check_text(text).diagnostics if d.code in ("AP304", "AP305")]
    assert [(d.code, d.message) for d in problems] == [(code, message)]
    assert (problems[0].span.line, problems[0].span.column) == at(text, "  when", written)


@pytest.mark.parametrize("written", ["window + 1 period", "-(0 periods - window)", "3 weeks"])
def test_a_fixed_window_of_whole_periods_is_clean(written):
    text = rules().replace("change(posts, window)", f"change(posts, {written})")
    assert [d for d in api.check_text(text).diagnostics if d.code in ("AP304", "AP305")] == []


# --------------------------------------------------------------------------- include overrides


def _library_repo(tmp_path: Path, include: str) -> Path:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "main.adopt").write_text(HEADER + "\ninclude method.sustain\n")
    (folder / "zz.adopt").write_text(include + "\n")
    return folder


@pytest.mark.parametrize("include, value, message", [
    ("include method.barriers { barrier_window = -2 weeks }", "-2 weeks",
     "barrier_window is -2 weeks, but `growth(organic_content, barrier_window)` "
     "(method.barriers:53) looks back that many periods"),
    ("include method.educate { educate_floor = 500% }", "500%",
     "educate_floor is 500%, but `active_members < educate_floor` "
     "(method.educate:13) compares it with active_members, a share of members"),
])
def test_an_include_override_out_of_range_is_ap305_at_the_override(tmp_path, include, value,
                                                                  message):
    folder = _library_repo(tmp_path, include)
    [diagnostic] = [d for d in api.check_paths([folder]).diagnostics if d.code == "AP305"]
    assert diagnostic.span.path.endswith("zz.adopt")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, include.index(value) + 1)
    assert diagnostic.message == message


def test_an_override_in_range_keeps_a_computed_default_out_of_the_judgement(tmp_path):
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "main.adopt").write_text(
        HEADER.replace("critical_mass 60%", "critical_mass 3%")
        + "\ninclude method.sustain { sustain_floor = 1% }\n")
    assert [d for d in api.check_paths([folder]).diagnostics if d.code == "AP305"] == []
    (folder / "main.adopt").write_text(
        HEADER.replace("critical_mass 60%", "critical_mass 3%") + "\ninclude method.sustain\n")
    [diagnostic] = [d for d in api.check_paths([folder]).diagnostics if d.code == "AP305"]
    assert diagnostic.message.startswith("sustain_floor is critical_mass - 5pp = -2%")


def test_param_ranges_of_a_value_the_command_line_gives():
    book = playbook(rules())
    floor = next(p for p in book.params if p.name.text == "floor")
    limits = ParamRanges.of(book, {"floor": parse_expression("500%")})
    assert limits.problem(floor, parse_expression("500%")).code == "AP305"
    assert limits.problem(floor, parse_expression("50%")) is None


# ----------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A repository as `adoptplan init` makes it."""
    folder = tmp_path_factory.mktemp("init") / "R"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _evaluate(sample: Path, *extra: str) -> Result:
    return CliRunner().invoke(cli, ["evaluate", str(sample / "playbooks"), "--metrics",
                                    str(sample / "metrics"), *extra])


@pytest.mark.parametrize("param, message", [
    ("barrier_window=-2weeks", "--param barrier_window: barrier_window is -2 weeks, but "
     "`growth(organic_content, barrier_window)` (method.barriers:53) looks back "
     "that many periods; a history function looks back a whole number of periods, at least 1"),
    ("barrier_window=0weeks", "--param barrier_window: barrier_window is 0 weeks, but "
     "`growth(organic_content, barrier_window)` (method.barriers:53) looks back "
     "that many periods; a history function looks back a whole number of periods, at least 1"),
    ("active_floor=500%", "--param active_floor: active_floor is 500%, but "
     "`active_members < active_floor`"),
    ("active_floor=-5%", "--param active_floor: active_floor is -5%, but "
     "`active_members < active_floor`"),
])
def test_a_param_out_of_range_is_one_line_and_exit_2(sample, param, message):
    result = _evaluate(sample, "--param", param)
    assert result.exit_code == exitcodes.BAD_INPUT, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("adoptplan: " + message)


@pytest.mark.parametrize("param", ["barrier_window=3weeks", "active_floor=100%",
                                   "active_floor=0%"])
def test_a_param_in_range_evaluates(sample, param):
    result = _evaluate(sample, "--param", param)
    assert result.exit_code == exitcodes.OK, result.output


def test_an_include_override_out_of_range_stops_evaluate(sample, tmp_path):
    extra = sample / "playbooks" / "zz.adopt"
    extra.write_text("include method.barriers { barrier_window = -2 weeks }\n")
    try:
        result = _evaluate(sample)
        checked = CliRunner().invoke(cli, ["check", str(sample / "playbooks")])
    finally:
        extra.unlink()
    assert result.exit_code == exitcodes.BAD_INPUT, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert "zz.adopt:1:44: error[AP305]: barrier_window is -2 weeks" in result.output
    assert checked.exit_code == exitcodes.FINDINGS
    assert "error[AP305]" in checked.output


def test_a_param_computed_from_a_command_line_value_is_judged_too():
    book = playbook(HEADER + "param base percent = 40%\nparam top percent = base + 10pp\n\n"
                    "rule r {\n  when active_members < top\n  do educate \"x\"\n}\n")
    check_overrides(book, {"base": parse_expression("80%")})
    # named with its file: the message is shown for the command line, not in the playbook
    with pytest.raises(EvaluationError, match=r"^--param base: top is base \+ 10pp = 105%, but "
                       r"`active_members < top` \(playbook.adopt:\d+\)"):
        check_overrides(book, {"base": parse_expression("95%")})


# ------------------------------------------------------------------------------- the engine


@pytest.mark.parametrize("amount", [0, -2, 0.4, 1.5, math.inf, math.nan])
def test_the_engine_refuses_a_window_below_one_or_not_whole(amount):
    with pytest.raises(EvaluationError, match="a whole number of periods, at least 1"):
        window(amount)


@pytest.mark.parametrize("amount, periods", [(1, 1), (2.0, 2), (3.0000000000001, 3)])
def test_the_engine_takes_a_whole_window(amount, periods):
    assert window(amount) == periods


@pytest.mark.parametrize("value", [-2.0, 0.0])
@pytest.mark.parametrize("function", ["change", "previous", "growth", "average"])
def test_a_window_param_below_one_reaching_the_engine_is_an_evaluation_error(function, value):
    book = playbook(HEADER + "param w periods = 2 periods\n\nrule r {\n"
                    "  when change(posts, w) > 0\n  do educate \"x\"\n}\n")
    data = history({"reps": {"posts": [1.0] * 8}})
    frame = build_frame(data, data.periods[-1], "2026-W03")
    evaluator = Evaluator(book, frame, {**resolve_params(book, {}), "w": value})  # no checks
    with pytest.raises(EvaluationError, match=r"^`w` in " + function + r"\(\) looks back"):
        evaluator.compiler.compile(parse_expression(f"{function}(posts, w)"))


def test_a_whole_window_reads_the_history_as_before():
    book = playbook(HEADER + "param w periods = 2 periods\n\nrule r {\n"
                    "  when change(posts, w) > 0\n  do educate \"x\"\n}\n")
    data = history({"reps": {"posts": [float(k) for k in range(8)]}})
    frame = build_frame(data, data.periods[-1], "2026-W03")
    evaluator = Evaluator(book, frame, resolve_params(book, {}))
    node = evaluator.compiler.compile(parse_expression("change(posts, w - 1 period)"))
    row = np.array([[g.label() for g in frame.groups].index("reps")], dtype=np.intp)
    assert node.at(row, frame.t).tolist() == [1.0]


def test_explain_turns_a_window_the_engine_refuses_into_its_own_error(monkeypatch):
    """`explain` reports it as one line (an ExplainError), as `evaluate` does, never a trace."""
    from adoptplan.engine import explain as module

    book = playbook(HEADER + "param w periods = 2 periods\n\nrule r {\n"
                    "  when change(posts, w) > 0\n  do educate \"x\"\n}\n")
    data = history({"reps": {"posts": [1.0] * 8}})
    # as if a value had got past the checks
    monkeypatch.setattr(module, "resolve_params", lambda book, overrides: {"w": 0.0})
    with pytest.raises(module.ExplainError, match=r"^`w` in change\(\) looks back"):
        module.explain(book, data, "r/reps")
