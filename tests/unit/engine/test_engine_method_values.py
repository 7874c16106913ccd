"""What the method library needs of the engine: segment values, a measure of missing baselines,
params as look-back windows, and param values computed from the critical mass."""

import pytest

from adoptplan.engine.errors import CompileError

from support.engine import HEADER, WEEKS, compute, history, ids, run

DE = "reps/geography=DE"

UNSERVED = HEADER + """
segment visitors "Visitors" {
  members       40
  collaboration low
  likelihood    low
}
"""
"""HEADER plus a segment without a business priority."""


# ------------------------------------------------------------------ values of the segment


def test_focus_score_is_the_segments_focus_for_each_of_its_groups():
    data = history({"reps": {"posts": [1] * 8}, DE: {"posts": [1] * 8},
                    "office": {"posts": [1] * 8}})
    assert compute(HEADER, data, "focus_score", "reps") == 1.0
    assert compute(HEADER, data, "focus_score", DE) == 1.0  # a group has its segment's focus
    assert compute(HEADER, data, "focus_score", "office") == pytest.approx(2 / 9, rel=1e-12)


def test_priority_count_counts_the_priorities_that_name_the_segment():
    data = history({"reps": {"posts": [1] * 8}, "visitors": {"posts": [1] * 8}})
    assert compute(UNSERVED, data, "priority_count", "reps") == 1.0
    assert compute(UNSERVED, data, "priority_count", "visitors") == 0.0


def test_a_rule_can_ask_for_a_priority_where_a_segment_has_none():
    data = history({"reps": {"posts": [1] * 8}, "office": {"posts": [1] * 8},
                    "visitors": {"posts": [1] * 8}})
    text = UNSERVED + """
rule ask "Ask for a priority" {
  when priority_count < 1
  in   all
  do   measure "Ask the managers of {segment} for their top business priority"
}
"""
    evaluation = run(text, data)
    assert ids(evaluation) == ["ask/visitors"]
    (found,) = evaluation.findings
    assert found.message == "Ask the managers of Visitors for their top business priority"
    assert found.evidence[0].expression == "priority_count < 1"
    assert found.evidence[0].value == "0"


# ------------------------------------------------------------- measured_before_launch


def test_measured_before_launch_counts_the_periods_with_a_value_before_the_launch():
    # launch is 2026-W03: two periods before it
    data = history({"reps": {"social_reach": [None, 4, 5, 6, 7, 8, 9, 10],
                             "posts": [1] * 8},
                    "office": {"posts": [1] * 8}})
    assert compute(HEADER, data, "measured_before_launch(social_reach)", "reps") == 1.0
    assert compute(HEADER, data, "measured_before_launch(posts)", "reps") == 2.0
    # never missing: no value at all is 0 periods, not "not evaluated"
    assert compute(HEADER, data, "measured_before_launch(social_reach)", "office") == 0.0


def test_measured_before_launch_before_the_launch_counts_up_to_the_evaluated_period():
    data = history({"reps": {"posts": [1] * 8}})
    assert compute(HEADER, data, "measured_before_launch(posts)", "reps",
                   at=WEEKS[0]) == 1.0


def test_a_missing_baseline_fires_a_measure_rule_instead_of_not_evaluated():
    data = history({"reps": {"social_reach": [None, None, 5, 6, 7, 8, 9, 10]},
                    "office": {"social_reach": [4] * 8}})
    text = HEADER + """
rule no_baseline "No baseline" {
  when measured_before_launch(social_reach) < 1 period
  in   all
  do   measure "Measure social reach of {segment} before the launch"
}
"""
    evaluation = run(text, data)
    assert ids(evaluation) == ["no_baseline/reps"]
    assert evaluation.not_evaluated == ()


# ------------------------------------------------------------------- params in history


def test_a_periods_param_sets_how_far_a_history_function_looks_back():
    data = history({"reps": {"posts": [1, 2, 3, 4, 5, 6, 7, 8]}})
    text = HEADER + "param window periods = 3 periods\n"
    assert compute(text, data, "change(posts, window)", "reps") == 3.0
    text += """
rule rising "Posts rise" {
  when change(posts, window) > 2
  in   reps
  do   measure "Posts rose {value}"
}
"""
    assert ids(run(text, data)) == ["rising/reps"]
    # the command line's 1 period wins: a change of 1
    assert ids(run(text, data, overrides={"window": "1 period"})) == []


def test_a_history_function_without_a_number_of_periods_cannot_compile():
    data = history({"reps": {"posts": [1] * 8}})
    with pytest.raises(CompileError):
        compute(HEADER + 'param label text = "x"\n', data, "change(posts, label)", "reps")


# ------------------------------------------------------------------ computed param values


def test_a_param_value_may_follow_the_critical_mass_and_earlier_params():
    data = history({"reps": {"active_members": [0.55] * 8}})
    text = HEADER + (
        "param floor percent = critical_mass - 10pp\n"
        "param lower percent = floor - 5pp\n"
    )
    assert compute(text, data, "floor", "reps") == pytest.approx(0.5)
    assert compute(text, data, "lower", "reps") == pytest.approx(0.45)
    evaluation = run(text + """
rule fell_back "Fell back" {
  when active_members < floor
  in   reps
  do   sustain "Fell back under {floor}"
}
""", data, overrides={"floor": "critical_mass - 2pp"})
    assert [f.message for f in evaluation.findings] == ["Fell back under 58%"]
