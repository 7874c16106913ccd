"""What a finding carries: its id, its place in the total order, its evidence and its message."""

import attrs
import pytest

from adoptplan import api
from adoptplan.engine import EvaluationError, evaluate
from adoptplan.result import Evidence

from support.engine import HEADER, finding, history, ids, playbook, rule, run

DE, FR = "reps/geography=DE", "reps/geography=FR"


def test_ids_are_rule_segment_and_dimension_value():
    data = history({DE: {"posts": [1] * 8}, "office": {"posts": [1] * 8}})
    playbook_text = (HEADER + rule("quiet", "posts < 5")
                     + rule("office_quiet", "posts < 5", scope="office"))
    assert sorted(ids(run(playbook_text, data))) == ["office_quiet/office",
                                                     "quiet/reps/geography=DE"]


# ----------------------------------------------------------------------------- total order

ORDERED = HEADER + "".join([
    rule("b_low_reps", "posts < 5", "reps", "low"),
    rule("a_high_office", "posts < 5", "office", "high"),
    rule("c_high_reps", "posts < 5", "reps", "high"),
    rule("d_high_reps", "posts < 5", "reps", "high"),
    rule("e_info_reps", "posts < 5", "reps", "info"),
]) + """
barrier z_critical "Critical" {
  when     posts < 5
  in       office
  severity critical
  remedy   "Talk to the office managers"
}
"""


def test_findings_come_by_level_then_score_then_id():
    data = history({"reps": {"posts": [1] * 8}, "office": {"posts": [1] * 8}})
    evaluation = run(ORDERED, data)
    assert ids(evaluation) == [
        "z_critical/office",  # critical first, whatever its score
        "c_high_reps/reps",  # high, score 3 (focus 1 x weight 3)
        "d_high_reps/reps",  # same level and score: by id
        "a_high_office/office",  # high, score 0.222
        "b_low_reps/reps",
        "e_info_reps/reps",
    ]
    assert [f.score for f in evaluation.findings] == [0.222, 3.0, 3.0, 0.222, 3.0, 3.0]
    assert evaluation.findings[0].is_alert and evaluation.findings[0].kind == "remove_barrier"


def test_the_score_is_focus_times_the_weight_of_the_priority_served():
    data = history({"reps": {"posts": [1] * 8}, "office": {"posts": [1] * 8}})
    evaluation = run(ORDERED, data)
    assert finding(evaluation, "c_high_reps/reps").score == 3.0
    assert finding(evaluation, "a_high_office/office").score == 0.222  # 1 x 2/9, weight 1


# -------------------------------------------------------------------------------- evidence


@pytest.mark.parametrize("condition, series, expected, numbers", [
    ("active_members < 40%", [0.312],
     Evidence("active_members < 40%", "31.2%", "2026-W08", "40%", "+8.8pp", True),
     ("percent", 31.2, 40, 8.8)),
    ("members > 1000", [1200],
     Evidence("members > 1000", "1,200", "2026-W08", "1,000", "200", True),
     ("count", 1200, 1000, 200)),
    ("answer_hours > 2 hours", [2.5],
     Evidence("answer_hours > 2 hours", "2.5 hours", "2026-W08", "2 hours", "0.5 hours", True),
     ("hours", 2.5, 2, 0.5)),
    ("posts_per_member < 0.75", [0.5],
     Evidence("posts_per_member < 0.75", "0.5", "2026-W08", "0.75", "0.25", True),
     ("number", 0.5, 0.75, 0.25)),
    ("change(active_members, 1 period) < -10pp", [0.40, 0.28],
     Evidence("change(active_members, 1 period) < -10pp", "-12pp", "2026-W08", "-10pp", "+2pp",
              True),
     ("pp", -12, -10, 2)),
    ("periods_since_launch <= 6 periods", [1],
     Evidence("periods_since_launch <= 6 periods", "5 periods", "2026-W08", "6 periods",
              "1 period", True),
     ("periods", 5, 6, 1)),
])
def test_evidence_values_thresholds_and_margins_carry_their_units(condition, series, expected,
                                                                  numbers):
    """As text for people, and as numbers in the unit shown (31.2 for 31.2%) for programs."""
    metric = condition.split("(")[-1].split(",")[0].split()[0]
    values = [series[0]] * (8 - len(series)) + series
    data = history({DE: {metric: values}})
    text = HEADER + rule("r", condition) + """
metric answer_hours "Hours to an answer" {
  unit hours
}
"""
    (found,) = run(text, data).findings
    (evidence,) = found.evidence
    unit, *amounts = numbers
    assert attrs.evolve(evidence, unit="", number=None, threshold_number=None,
                        margin_number=None) == expected
    assert evidence.unit == unit
    assert [evidence.number, evidence.threshold_number, evidence.margin_number] == \
        pytest.approx(amounts)


def test_evidence_lists_every_comparison_even_the_ones_an_or_did_not_need():
    data = history({DE: {"posts": [1] * 8, "likes": [100] * 8}})
    evaluation = run(HEADER + rule("r", "posts < 5 or likes < 5"), data)
    (found,) = evaluation.findings
    assert [(e.expression, e.holds) for e in found.evidence] == [
        ("posts < 5", True), ("likes < 5", False)]


@pytest.mark.parametrize("condition, expressions", [
    ("(likes + posts / 10) / members < 0.4", ["(likes + posts / 10) / members < 0.4"]),
    ("likes * 2 / (posts + members) < 1", ["likes * 2 / (posts + members) < 1"]),
    ("likes - (posts - members) > 0", ["likes - (posts - members) > 0"]),
    ("(likes - posts) - members < 0", ["likes - posts - members < 0"]),
    ("-(likes + posts) < 0", ["-(likes + posts) < 0"]),
    ("not (likes > 5 and posts > 5)", ["not (likes > 5)", "not (posts > 5)"]),
    ("(likes < 5 or posts < 5) and members > 5", ["likes < 5", "posts < 5", "members > 5"]),
])
def test_evidence_keeps_the_brackets_the_meaning_needs(condition, expressions):
    """`(a + b) / c` written as `a + b / c` would read as another formula."""
    data = history({DE: {"likes": [2] * 8, "posts": [3] * 8, "members": [40] * 8}})
    (found,) = run(HEADER + rule("r", condition), data).findings
    assert [e.expression for e in found.evidence] == expressions


def test_a_comparison_under_not_is_shown_as_its_negation():
    """`not (a or b)` holds by `not (a)` and `not (b)`: each is written so, with the negation's
    truth and margin, so the evidence that holds is what the condition held by."""
    data = history({DE: {"likes": [2] * 8, "posts": [3] * 8}})
    (found,) = run(HEADER + rule("r", "posts < 5 and not (likes > 5 or posts >= 4)"),
                   data).findings
    assert [(e.expression, e.holds, e.margin, e.margin_number) for e in found.evidence] == [
        ("posts < 5", True, "2", 2),
        ("not (likes > 5)", True, "3", 3),
        ("not (posts >= 4)", True, "1", 1),
    ]


def test_a_double_negation_is_shown_as_written():
    data = history({DE: {"posts": [3] * 8}})
    (found,) = run(HEADER + rule("r", "not (not (posts < 5))"), data).findings
    assert [(e.expression, e.holds) for e in found.evidence] == [("posts < 5", True)]


def test_a_negated_comparison_that_fails_or_is_unknown_keeps_that_truth():
    """Under `or`, a negated branch that fails says so; a missing value stays unknown."""
    data = history({DE: {"posts": [3] * 8, "likes": [9] * 8}})
    (found,) = run(HEADER + rule("r", "posts < 5 or not (likes > 5)"), data).findings
    assert [(e.expression, e.holds, e.margin) for e in found.evidence] == [
        ("posts < 5", True, "2"), ("not (likes > 5)", False, "-4")]
    data = history({DE: {"posts": [3] * 8, "likes": [None] * 8}})
    (found,) = run(HEADER + rule("r", "posts < 5 or not (likes > 5)"), data).findings
    assert [(e.expression, e.holds, e.margin) for e in found.evidence] == [
        ("posts < 5", True, "2"), ("not (likes > 5)", None, "")]


def test_explain_keeps_the_brackets_of_and_or_not():
    from adoptplan.engine.explain import explain

    data = history({DE: {"likes": [2] * 8, "posts": [3] * 8, "members": [40] * 8}})
    text = HEADER + rule("r", "not (likes > 5 and posts > 5) and (likes < 5 or posts < 5)")
    tree = explain(playbook(text), data, "r/reps/geography=DE").trees[0]
    assert tree.text == "not (likes > 5 and posts > 5) and (likes < 5 or posts < 5)"


# ------------------------------------------------------------------------------- messages

MESSAGE = (
    "{segment}|{tool}|{priority}|{group}|{geography}|{title}|{value}|{threshold}|"
    "{active_members}|{members}|{floor}|{critical_mass}|{periods_since_launch}|{answer_rate}"
)
DERIVED = """
param floor percent = 12.5%

metric answer_rate "Share answered" {
  unit  percent
  value answered / questions
}

metric answered "Answered" {
  unit count
}

metric questions "Asked" {
  unit count
}
"""


def test_message_placeholders_are_filled_from_the_finding():
    data = history({DE: {"active_members": [0.25] * 8, "members": [1200] * 8,
                         "answered": [3] * 8, "questions": [4] * 8}})
    text = HEADER + DERIVED + rule("r", "active_members < floor * 3", message=MESSAGE)
    found = run(text, data).findings[0]
    assert found.message.split("|") == [
        "Customer service reps", "Q&A with experts", "Protect the brand", DE, "DE", "r",
        "25%", "37.5%", "25%", "1,200", "12.5%", "60%", "5 periods", "75%",
    ]


def test_a_barrier_fills_its_remedy_too():
    data = history({DE: {"posts": [1] * 8}})
    text = HEADER + """
barrier quiet "Quiet" {
  when     posts < 5
  in       reps by geography
  severity low
  remedy   "Ask the managers in {geography} to post about {priority}"
  message  "Only {posts} posts in {geography}"
}
"""
    found = run(text, data).findings[0]
    assert found.message == "Only 1 posts in DE"
    assert found.remedy == "Ask the managers in DE to post about Protect the brand"


# --------------------------------------------------------------------------------- params


def _include(tmp_path, override: str):
    (tmp_path / "shared.adopt").write_text(HEADER + """
param floor percent = 40%
""" + rule("low", "active_members < floor", message="below {floor}"), encoding="utf-8")
    (tmp_path / "main.adopt").write_text(f'include "shared.adopt"{override}\n', encoding="utf-8")
    checked = api.check_paths([tmp_path / "main.adopt"])
    assert [d for d in checked.diagnostics if d.severity == "error"] == []
    return checked.loaded.playbook


THIRTY = history({DE: {"active_members": [0.3] * 8}})


def test_a_param_default_is_used_without_overrides(tmp_path):
    evaluation = evaluate(_include(tmp_path, ""), THIRTY)
    assert [f.message for f in evaluation.findings] == ["below 40%"]


def test_an_include_block_overrides_a_param(tmp_path):
    book = _include(tmp_path, " { floor = 25% }")
    assert evaluate(book, THIRTY).findings == ()


def test_the_command_line_overrides_the_include_block(tmp_path):
    book = _include(tmp_path, " { floor = 25% }")
    overrides = api.parse_overrides(["floor=35%"])
    assert [f.message for f in evaluate(book, THIRTY, overrides=overrides).findings] == [
        "below 35%"]


@pytest.mark.parametrize("override, message", [
    ("flor=35%", "--param flor: the playbook has no param 'flor'; did you mean 'floor'?"),
    ("ceiling=35%", "--param ceiling: the playbook has no param 'ceiling'; params: floor"),
    ("floor=35", "--param floor: floor is a percent param, but `35` is a bare number; write 35%"),
    ("floor=high", "--param floor: floor is a percent param, but `high` is a level; "
                   "give a percentage"),
    ("floor=nonsense", "--param floor: give a percent, not `nonsense`"),
])
def test_a_command_line_param_must_exist_and_have_the_params_type(tmp_path, override, message):
    book = _include(tmp_path, "")
    with pytest.raises(EvaluationError) as error:
        evaluate(book, THIRTY, overrides=api.parse_overrides([override]))
    assert str(error.value) == message

