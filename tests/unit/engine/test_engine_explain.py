"""explain: the condition tree of one rule for one group, with values, thresholds and margins."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.engine.explain import ExplainError, explain
from adoptplan.report.explain import render_explanation

from support.engine import HEADER, history, outcomes, playbook, rule, run

DE, FR, US = "reps/geography=DE", "reps/geography=FR", "reps/geography=US"
TEXT = HEADER + rule(
    "stuck", "active_members < 40% and posts_per_member < peers(posts_per_member) for 2 periods"
) + """
barrier hesitant "Hesitant to share files" {
  when     files_shared < 5
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Ask a manager to share first"
}

tool wiki "Team wiki" {
  serves reputation
  needs  "page templates"
}
"""
DATA = history({
    DE: {"active_members": [0.2] * 8, "posts_per_member": [0.5] * 8, "members": [50] * 8,
         "files_shared": [1] * 8},
    FR: {"active_members": [0.3] * 7 + [0.45], "posts_per_member": [1.0] * 8,
         "members": [50] * 8, "files_shared": [9] * 8},
    US: {"active_members": [0.2] * 6 + [None, 0.2], "posts_per_member": [0.3] * 8,
         "members": [50] * 8, "files_shared": [1] * 8},
    "reps/geography=Atlantis": {"active_members": [0.1] * 8, "posts_per_member": [2.0] * 8,
                                "members": [4] * 8, "files_shared": [1] * 8},
    # withheld with Atlantis, the next smallest: else subtraction would give Atlantis away
    # (with a value of every metric Atlantis has, or the next smallest with one would go too)
    "reps/geography=GB": {"files_shared": [9] * 8, "members": [20] * 8,
                          "active_members": [0.5] * 8, "posts_per_member": [1.0] * 8},
})
BOOK = playbook(TEXT)


def test_a_fired_rule_shows_its_tree_at_each_sustained_period_newest_first():
    explanation = explain(BOOK, DATA, f"stuck/{DE}")
    assert (explanation.outcome, explanation.periods) == ("fired", ("2026-W08", "2026-W07"))
    assert (explanation.rule, explanation.title, explanation.path, explanation.line) == (
        "stuck", "stuck", "playbook.adopt", 33)
    tree = explanation.trees[0]
    assert tree.holds is True
    assert [(c.text, c.value, c.threshold, c.margin, c.holds) for c in tree.children] == [
        ("active_members < 40%", "20%", "40%", "+20pp", True),
        # the median of FR and US: the small group (4 members, below the barrier's minimum of
        # 30) is no peer, or a median of few groups could show its value
        ("posts_per_member < peers(posts_per_member)", "0.5", "0.65", "0.15", True),
    ]
    assert explanation.first_failure is None


def test_why_not_names_the_first_predicate_that_failed_and_its_margin():
    explanation = explain(BOOK, DATA, f"stuck/{FR}")
    assert explanation.outcome == "clear"
    failure = explanation.first_failure
    assert (failure.text, failure.value, failure.threshold, failure.margin) == (
        "active_members < 40%", "45%", "40%", "-5pp")
    text = render_explanation(explanation, why_not=True)
    assert text.endswith("why not: active_members < 40% was false (45% against 40%, "
                         "margin -5pp)\n")


def test_a_rule_not_evaluated_says_so():
    explanation = explain(BOOK, DATA, f"stuck/{US}")
    assert explanation.outcome == "not-evaluated"
    assert explanation.trees[1].children[0].value == "missing"
    assert render_explanation(explanation, True).endswith(
        "why not: the condition could not be evaluated: no value of active_members for "
        f"{US} at 2026-W07\n")


def test_explain_agrees_with_the_evaluation_on_every_case():
    for case_id, outcome in outcomes(run(TEXT, DATA)).items():
        if outcome != "suppressed":
            assert explain(BOOK, DATA, case_id).outcome == outcome, case_id


def test_explain_at_an_earlier_period():
    explanation = explain(BOOK, DATA, f"stuck/{US}", at="2026-W06")
    assert (explanation.outcome, explanation.periods) == ("fired", ("2026-W06", "2026-W05"))


def test_periods_before_the_history_are_not_evaluated():
    explanation = explain(BOOK, DATA, f"stuck/{DE}", at="2026-W01")
    assert explanation.periods == ("2026-W01", "(before the history)")
    assert explanation.outcome == "not-evaluated"


def test_a_built_in_analysis_is_explained_by_what_it_found():
    explanation = explain(BOOK, DATA, "capability-gap/wiki/page-templates")
    assert (explanation.outcome, explanation.rule, explanation.trees) == (
        "fired", "capability-gap", ())
    assert explanation.line == TEXT.splitlines().index('  needs  "page templates"') + 1
    assert 'Team wiki needs "page templates"' in render_explanation(explanation)


@pytest.mark.parametrize("finding_id, message", [
    ("stuk/reps/geography=DE",
     "no rule, barrier or analysis finding 'stuk/reps/geography=DE'; did you mean 'stuck'?"),
    ("capability-gap/wiki/search",
     "no rule, barrier or analysis finding 'capability-gap/wiki/search'"),
    ("capability-gap/wiki/page-templats",
     "no rule, barrier or analysis finding 'capability-gap/wiki/page-templats'; did you mean "
     "'capability-gap/wiki/page-templates'?"),
    ("stuck/reps/geography=XX",
     "stuck has no group 'reps/geography=XX' that can be shown (one below the minimum group size "
     "never is); its groups: reps/geography=DE, reps/geography=FR, reps/geography=US"),
    ("stuck/office", "stuck has no group 'office' that can be shown (one below the minimum "
                     "group size never is); its groups: reps/geography=DE"),
    # a small group is answered as a missing one: the answer does not confirm it exists
    ("hesitant/reps/geography=Atlantis",
     "hesitant has no group 'reps/geography=Atlantis' that can be shown (one below the minimum "
     "group size never is); its groups: reps/geography=DE, reps/geography=FR, "
     "reps/geography=US"),
    # the id json and junit give such a group
    ("hesitant/suppressed/1",
     "hesitant/suppressed/1 is a group below the minimum group size: it is evaluated and "
     "counted, but never shown or explained"),
])
def test_an_id_that_names_nothing_explainable_is_an_error(finding_id, message):
    with pytest.raises(ExplainError) as error:
        explain(BOOK, DATA, finding_id)
    assert str(error.value).startswith(message)


def test_the_list_of_groups_never_names_a_small_group():
    with pytest.raises(ExplainError) as error:
        explain(BOOK, DATA, "hesitant/reps/geography=XX")
    assert "Atlantis" not in str(error.value)


def test_a_period_not_in_the_history_is_an_error():
    with pytest.raises(ExplainError, match="period 2027-W01 is not in the metrics"):
        explain(BOOK, DATA, f"stuck/{DE}", at="2027-W01")


def test_a_period_is_chosen_as_evaluate_chooses_it():
    with pytest.raises(ExplainError, match="'soon' is not a period"):
        explain(BOOK, DATA, f"stuck/{DE}", at="soon")
    loose = explain(BOOK, DATA, f"stuck/{US}", at="2026-w6")
    assert loose == explain(BOOK, DATA, f"stuck/{US}", at="2026-W06")


# ------------------------------------------------------------------ property: same verdicts

CONDITIONS = ["x < 40%", "x < peers(x)", "change(x, 2 periods) < 0pp", "growth(y, 1 period) > 10%",
              "average(y, 3 periods) > 2", "peak(x) - x > 5pp", "baseline(x) < x", "y / z < 0.5",
              "previous(y, 1 period) > y", "not (x < 30% or y > 3)", "x < 40% and y / z > 1",
              "periods_since_launch > 2 periods"]
UNITS = """
metric x "X" {
  unit percent
}

metric y "Y" {
  unit number
}

metric z "Z" {
  unit number
}
"""
GROUPS = ["reps/geography=A", "reps/geography=B", "reps/geography=C"]
VALUE = st.one_of(st.none(), st.sampled_from([0, 0.1, 0.3, 0.5, 1, 2, 5]))


@st.composite
def cases(draw):
    weeks = sorted(draw(st.sets(st.integers(1, 11), min_size=1, max_size=6)))
    periods = tuple(f"2026-W{week:02d}" for week in weeks)
    column = st.lists(VALUE, min_size=len(weeks), max_size=len(weeks))
    data = {label: {**{name: draw(column) for name in "xyz"},
                    "members": draw(st.lists(st.sampled_from([5, 50, None]),
                                             min_size=len(weeks), max_size=len(weeks)))}
            for label in GROUPS}
    condition = draw(st.sampled_from(CONDITIONS))
    sustained = draw(st.sampled_from(["", " for 2 periods", " for 4 periods"]))
    return condition + sustained, history(data, periods), draw(st.sampled_from(periods))


@settings(max_examples=20, deadline=None)
@given(cases())
def test_explain_gives_the_verdict_of_the_evaluation(case):
    condition, data, at = case
    text = HEADER + rule("r", condition) + UNITS
    book = playbook(text)
    for case_id, outcome in outcomes(run(text, data, at=at)).items():
        if outcome == "suppressed":
            continue
        assert explain(book, data, case_id, at=at).outcome == outcome, case_id
