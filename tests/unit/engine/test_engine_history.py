"""History functions, three-valued logic and arithmetic, computed per group on small histories."""

import math

import pytest

from support.engine import HEADER, compute, history, rule, run

DE, FR, US = "reps/geography=DE", "reps/geography=FR", "reps/geography=US"

# launch is 2026-W03: W01 and W02 are before it
ACTIVE = history({
    DE: {"active_members": [0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80]},
    FR: {"active_members": [0.30, None, None, 0.40, 0.50, None, 0.70, 0.00]},
    US: {"active_members": [None, None, 0.30, 0.30, 0.30, 0.30, 0.30, 0.30]},
    "reps": {"active_members": [0.30] * 8},
    "office": {"active_members": [0.50] * 8},
    "office/geography=DE": {"active_members": [0.90] * 8},
})


def value(expression: str, label: str, at: str | None = None) -> float:
    return compute(HEADER, ACTIVE, expression, label, at)


def same(got: float, expected: float | None) -> bool:
    if expected is None:
        return math.isnan(got)
    return math.isclose(got, expected, abs_tol=1e-9)


@pytest.mark.parametrize("label, expected", [
    (DE, 0.20),  # the last value before launch
    (FR, 0.30),  # W02 is missing: the last value that is not
    (US, None),  # nothing before launch
])
def test_baseline_is_the_last_value_before_launch_that_is_not_missing(label, expected):
    assert same(value("baseline(active_members)", label), expected)


def test_baseline_before_launch_reads_only_the_periods_so_far():
    assert same(value("baseline(active_members)", DE, at="2026-W01"), 0.10)


@pytest.mark.parametrize("expression, label, expected", [
    ("previous(active_members, 1 period)", DE, 0.70),
    ("previous(active_members, 2 periods)", DE, 0.60),
    ("previous(active_members, 2 periods)", FR, None),  # W06 is missing
    ("previous(active_members, 7 periods)", DE, 0.10),
    ("previous(active_members, 8 periods)", DE, None),  # before the history
    ("change(active_members, 2 periods)", DE, 0.20),
    ("change(active_members, 3 periods)", FR, -0.50),
    ("change(active_members, 2 periods)", FR, None),
    ("growth(active_members, 4 periods)", DE, 1.0),  # 40% -> 80%: +100%
    ("growth(active_members, 1 period)", US, 0.0),
    ("average(active_members, 3 periods)", DE, 0.70),
    ("average(active_members, 1 period)", DE, 0.80),
    ("average(active_members, 3 periods)", FR, None),  # a missing period in the window
    ("peak(active_members)", DE, 0.80),
    ("peak(active_members)", FR, 0.70),  # missing periods are skipped
    ("average(active_members, 4 periods before)", DE, 0.55),  # W04..W07, not W08
    ("average(active_members, 1 period before)", DE, 0.70),
    ("average(active_members, 2 periods before)", FR, None),  # W06 is missing
    ("average(active_members, 7 periods before)", DE, 0.40),
    ("average(active_members, 8 periods before)", DE, None),  # reaches before the history
    ("max(active_members, 3 periods)", FR, None),
    ("max(active_members, 2 periods)", FR, 0.70),
    ("max(active_members, 2 periods before)", DE, 0.70),
    ("min(active_members, 2 periods)", FR, 0.00),
    ("min(active_members, 3 periods before)", DE, 0.50),
    ("min(active_members, 1 period before)", FR, 0.70),
])
def test_history_functions(expression, label, expected):
    assert same(value(expression, label), expected)


def test_a_window_before_this_period_is_named_so_in_the_evidence():
    text = HEADER + rule("drop", "active_members < 80% * average(active_members, 4 periods before)")
    drop = history({DE: {"active_members": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3]}})
    (found,) = run(text, drop).findings
    assert [e.expression for e in found.evidence] == [
        "active_members < 80% * average(active_members, 4 periods before)"]


def test_growth_from_zero_is_not_a_number():
    flat = history({DE: {"posts": [0, 0, 0, 0, 0, 0, 0, 5]}})
    assert math.isnan(compute(HEADER, flat, "growth(posts, 1 period)", DE))


def test_peak_only_sees_the_periods_up_to_the_evaluated_one():
    assert same(value("peak(active_members)", DE, at="2026-W04"), 0.40)


@pytest.mark.parametrize("label, expected", [
    (DE, 0.15),  # the median of FR (0%) and US (30%): itself excluded
    (FR, 0.55),  # of DE (80%) and US (30%)
    (US, 0.40),  # of DE (80%) and FR (0%)
    ("reps", 0.50),  # whole segments are peers of the other whole segments
    ("office", 0.30),
    ("office/geography=DE", None),  # the only group of its breakdown: no peers
])
def test_peers_is_the_median_of_the_other_groups_of_the_same_breakdown(label, expected):
    assert same(value("peers(active_members)", label), expected)


def test_peers_skips_groups_without_a_value():
    assert same(value("peers(active_members)", DE, at="2026-W01"), 0.30)  # US missing: FR only
    assert same(value("peers(active_members)", DE, at="2026-W02"), None)  # FR and US missing


def test_a_missing_metric_is_not_a_number():
    assert math.isnan(value("likes", DE))
    assert math.isnan(value("active_members + likes", DE))


def test_arithmetic_on_ratios():
    assert same(value("active_members * 2 - 10pp", DE), 1.50)
    assert same(value("-active_members", DE), -0.80)


@pytest.mark.parametrize("expression", ["active_members / 0", "0 / (active_members - 30%)"])
def test_division_by_zero_is_not_a_number(expression):
    assert math.isnan(value(expression, US))


def test_periods_since_launch_counts_from_the_launch_period():
    assert value("periods_since_launch", DE) == 5.0
    assert value("periods_since_launch", DE, at="2026-W03") == 0.0
    assert value("periods_since_launch", DE, at="2026-W01") == -2.0


def test_periods_since_launch_is_calendar_true_when_the_history_starts_after_launch():
    late = history({DE: {"posts": [1, 2, 3]}}, ("2026-W05", "2026-W06", "2026-W07"))
    assert compute(HEADER, late, "periods_since_launch", DE) == 4.0
    assert math.isnan(compute(HEADER, late, "baseline(posts)", DE))


# ------------------------------------------------------------------ three-valued logic

TRUTH = {"true": 0.0, "false": 5.0, "missing": None}  # values of x or y; "x < 1" is the truth
CASES = [(a, b) for a in TRUTH for b in TRUTH]
LOGIC = history(
    {f"reps/geography=G{i}": {"x": [TRUTH[a]] * 8, "y": [TRUTH[b]] * 8}
     for i, (a, b) in enumerate(CASES)}
)


def _kleene(expression: str) -> dict[tuple[str, str], str]:
    names = {1.0: "true", 0.0: "false"}
    return {
        case: names.get(compute(HEADER, LOGIC, expression, f"reps/geography=G{i}"), "missing")
        for i, case in enumerate(CASES)
    }


def test_and_is_false_when_either_is_false_even_if_the_other_is_missing():
    assert _kleene("x < 1 and y < 1") == {
        ("true", "true"): "true", ("true", "false"): "false", ("true", "missing"): "missing",
        ("false", "true"): "false", ("false", "false"): "false", ("false", "missing"): "false",
        ("missing", "true"): "missing", ("missing", "false"): "false",
        ("missing", "missing"): "missing",
    }


def test_or_is_true_when_either_is_true_even_if_the_other_is_missing():
    assert _kleene("x < 1 or y < 1") == {
        ("true", "true"): "true", ("true", "false"): "true", ("true", "missing"): "true",
        ("false", "true"): "true", ("false", "false"): "false", ("false", "missing"): "missing",
        ("missing", "true"): "true", ("missing", "false"): "missing",
        ("missing", "missing"): "missing",
    }


def test_not_of_missing_is_missing():
    got = _kleene("not x < 1")
    assert {a: got[(a, "true")] for a in TRUTH} == {
        "true": "false", "false": "true", "missing": "missing"}


def test_comparisons_with_a_missing_side_are_missing():
    got = _kleene("x == y")
    assert got[("true", "true")] == "true"
    assert got[("true", "false")] == "false"
    assert got[("missing", "true")] == "missing"
    assert _kleene("x != y")[("true", "missing")] == "missing"


@pytest.mark.parametrize(("condition", "at", "warned"), [
    ("active_members - baseline(active_members) < 5pp", "2026-W02", True),
    ("active_members - baseline(active_members) < 5pp", "2026-W03", False),  # the launch
    ("active_members < 40%", "2026-W02", False),  # no baseline read: a pilot phase is normal
    ("active_members < 40%", "2026-W02", "clear"),  # read by a barrier's clear condition
])
def test_a_period_before_the_launch_is_warned_of_when_baseline_is_read(condition, at, warned):
    """Before the launch, baseline() is the latest value: a rule about progress since launch
    compares a value with itself, and fires on a change of 0."""
    data = history({"reps/geography=DE": {"active_members": [0.3] * 8}})
    text = HEADER + rule("no_lift", condition)
    if warned == "clear":
        text += ('barrier low "Low" {\n  when     active_members < 40%\n'
                 '  clear    when active_members - baseline(active_members) > 5pp\n'
                 '  in       reps by geography\n  severity high\n  remedy   "Act"\n}\n')
    evaluation = run(text, data, at)
    expected = (f"{at} is before the launch (2026-W03): baseline() is the latest value, so a "
                "change since launch reads 0")
    assert (expected in evaluation.warnings) is bool(warned)


def test_an_overflow_is_not_evaluated_never_a_finding_on_inf(recwarn):
    """1e200 squared is too large to hold: the rule is not evaluated, with the reason, and numpy
    prints no warning."""
    data = history({"reps/geography=DE": {"likes": [1e200] * 8, "posts": [2.0] * 8}})
    evaluation = run(HEADER + rule("huge", "likes * likes > 5 or posts < 0"), data)
    assert evaluation.findings == ()
    (reason,) = [n.reason for n in evaluation.not_evaluated]
    assert reason == ("likes * likes > 5 cannot be computed for reps/geography=DE at 2026-W08: "
                      "a number too large to compute")
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("condition", ["average(likes, 2 periods) > 5", "likes < peers(likes)"])
def test_an_overflow_in_a_history_function_is_not_evaluated_either(condition, recwarn):
    """A mean of two values near the largest float overflows: missing, never a crash or a
    finding on inf."""
    data = history({"reps/geography=DE": {"likes": [1.7e308] * 8},
                    "reps/geography=FR": {"likes": [1.7e308] * 8},
                    "reps/geography=ES": {"likes": [1.0] * 8}})
    evaluation = run(HEADER + rule("huge", condition), data)
    assert all("inf" not in e.value for f in evaluation.findings for e in f.evidence)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_a_value_that_is_not_finite_is_written_as_such():
    from adoptplan.engine.values import format_value

    assert (format_value(math.inf, "count"), format_value(-math.inf, "percent")) == (
        "too large", "too small")
