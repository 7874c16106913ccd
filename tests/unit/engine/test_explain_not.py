"""explain --why-not under `not`, mixed `and`/`or` and a division by zero: the comparison that
stopped the rule with its polarity, the reason `evaluate` gives, and the tree's brackets."""

from hypothesis import given, settings
from test_engine_explain import UNITS, cases

from adoptplan.engine.explain import explain
from adoptplan.report.explain import render_explanation

from support.engine import HEADER, history, outcomes, playbook, rule, run

DE, FR = "reps/geography=DE", "reps/geography=FR"
DATA = history({
    DE: {"active_members": [0.4] * 8, "posts": [8] * 8, "files_shared": [4] * 8,
         "members": [50] * 8},
    FR: {"active_members": [0.3] * 8, "posts": [2] * 8, "files_shared": [0] * 8,
         "members": [50] * 8},
})


def _why_not(condition: str, label: str = DE) -> tuple[str, list[str]]:
    """The --why-not line and the tree at the latest period (the rule is not sustained), for a
    rule `r` with `condition`."""
    text = render_explanation(explain(playbook(HEADER + rule("r", condition)), DATA,
                                      f"r/{label}"), why_not=True)
    lines = text.splitlines()
    return lines[-1], lines[lines.index("at 2026-W08:") + 1:-2]


def test_a_comparison_that_held_under_not_is_what_stopped_the_rule():
    line, tree = _why_not("not (active_members > 35%)")
    assert line == "why not: not (active_members > 35%) was false (40% against 35%, margin -5pp)"
    assert tree == [
        "  not (active_members > 35%)  -> false",
        "  └─ active_members > 35% = 40% against 35% (margin +5pp)  -> true",
    ]


def test_under_not_or_the_first_comparison_that_held_is_named_not_one_that_failed():
    line, _ = _why_not("not (active_members > 20% or posts > 5)")
    assert line == "why not: not (active_members > 20%) was false (40% against 20%, margin -20pp)"
    # only the second held: it is the one named
    line, _ = _why_not("not (active_members > 50% or posts > 5)")
    assert line == "why not: not (posts > 5) was false (8 against 5, margin -3)"


def test_not_not_is_the_comparison_itself():
    line, _ = _why_not("not (not (active_members > 50%))")
    assert line == "why not: active_members > 50% was false (40% against 50%, margin -10pp)"


def test_and_inside_or_that_did_not_fire_names_its_first_failing_comparison():
    line, tree = _why_not("(active_members > 35% and posts > 10) or files_shared > 5")
    assert line == "why not: posts > 10 was false (8 against 10, margin -2)"
    assert tree == [
        "  (active_members > 35% and posts > 10) or files_shared > 5  -> false",
        "  ├─ active_members > 35% and posts > 10  -> false",
        "  │  ├─ active_members > 35% = 40% against 35% (margin +5pp)  -> true",
        "  │  └─ posts > 10 = 8 against 10 (margin -2)  -> false",
        "  └─ files_shared > 5 = 4 against 5 (margin -1)  -> false",
    ]


def test_a_comparison_that_failed_inside_an_or_that_held_is_not_named():
    # the `or` held (posts > 5): what stopped the rule is the `and`'s right operand
    line, _ = _why_not("(active_members > 50% or posts > 5) and files_shared > 5")
    assert line == "why not: files_shared > 5 was false (4 against 5, margin -1)"


def test_the_tree_keeps_the_brackets_the_meaning_needs():
    _, tree = _why_not("active_members > 50% and (posts > 10 or files_shared > 5)")
    assert tree[0] == ("  active_members > 50% and (posts > 10 or files_shared > 5)  -> false")
    _, tree = _why_not("active_members > 50% or (posts > 10 or files_shared > 5)")
    assert tree[0] == "  active_members > 50% or (posts > 10 or files_shared > 5)  -> false"
    _, tree = _why_not("active_members > 50% or posts > 10 or files_shared > 5")
    assert tree[0] == "  active_members > 50% or posts > 10 or files_shared > 5  -> false"
    _, tree = _why_not("not (active_members > 35%) and not (posts > 10 or files_shared > 5)")
    assert tree[0] == ("  not (active_members > 35%) and not (posts > 10 or files_shared > 5)"
                       "  -> false")


def test_a_division_by_zero_is_given_the_reason_evaluate_gives():
    condition = "posts / files_shared > 1"
    line, tree = _why_not(condition, FR)
    (case,) = [n for n in run(HEADER + rule("r", condition), DATA).not_evaluated
               if n.id == f"r/{FR}"]
    assert "a division by zero" in case.reason
    assert line == f"why not: the condition could not be evaluated: {case.reason}"
    assert line == ("why not: the condition could not be evaluated: posts / files_shared > 1 "
                    f"cannot be computed for {FR} at 2026-W08: a division by zero")


@settings(max_examples=20, deadline=None)
@given(cases())
def test_why_not_names_a_comparison_or_the_reason_evaluate_gives(case):
    condition, data, at = case
    text = HEADER + rule("r", condition) + UNITS
    book, evaluation = playbook(text), run(text, data, at=at)
    reasons = {n.id: n.reason for n in evaluation.not_evaluated}
    for case_id, outcome in outcomes(evaluation).items():
        if outcome == "suppressed":
            continue
        explanation = explain(book, data, case_id, at=at)
        failure = explanation.first_failure
        if outcome == "clear":
            assert failure is not None and failure.holds is False and failure.threshold, case_id
        else:
            assert failure is None, case_id
        if outcome == "not-evaluated":
            assert explanation.unknown == reasons[case_id], case_id


def test_an_explanation_shows_control_characters_as_codes():
    """A group label or title with an escape sequence never acts on the terminal."""
    data = history({"reps/geography=D\x1bE": {"posts": [1.0] * 8}})
    book = playbook(HEADER + rule("quiet", "posts < 5"))
    text = render_explanation(explain(book, data, "quiet/reps/geography=D\x1bE"))
    assert "\x1b" not in text and "quiet/reps/geography=D\\x1bE: fired" in text
