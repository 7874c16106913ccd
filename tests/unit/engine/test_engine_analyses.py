"""The method's built-in analyses: focus and effort, capability gaps, baseline, critical mass."""

import json
import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan import api
from adoptplan.engine import analyses, evaluate
from adoptplan.load import load_text
from adoptplan.report.render import render
from adoptplan.result import Progress

from support.engine import HEADER, finding, history, ids, playbook, run


def _segment(name: str, collaboration: str, likelihood: str, effort: str = "",
             members: int = 100) -> str:
    planned = f"  effort        {effort}\n" if effort else ""
    return f"""
segment {name} "{name.title()}" {{
  members       {members}
  collaboration {collaboration}
  likelihood    {likelihood}
{planned}}}
"""


def _playbook(*segments: str, effort: str = "90 hours") -> str:
    return f"""playbook "Rollout" {{
  cadence       weekly
  launch        2026-W03
  critical_mass 50%
  effort        {effort}
}}
""" + "".join(segments)


@pytest.mark.parametrize("collaboration, likelihood, score", [
    ("high", "high", 1.0),
    ("high", "medium", 2 / 3),
    ("medium", "medium", 4 / 9),
    ("low", "medium", 2 / 9),
    ("low", "low", 1 / 9),
    ("low", "high", 1 / 3),
])
def test_focus_score_is_collaboration_times_likelihood(collaboration, likelihood, score):
    book = playbook(_playbook(_segment("a", collaboration, likelihood)))
    assert analyses.focus_score(book.segments[0]) == score


def test_effort_is_shared_out_by_focus_score_highest_first():
    book = playbook(_playbook(_segment("desk", "low", "medium", "30 hours"),
                              _segment("reps", "high", "high", "30 hours"),
                              _segment("field", "medium", "medium")))
    shares, total = analyses.effort_shares(book)
    assert total == 90
    assert [(s.segment, s.focus_score, s.recommended_hours, s.planned_hours) for s in shares] == [
        ("reps", 1.0, 54.0, 30.0),
        ("field", 4 / 9, 24.0, None),
        ("desk", 2 / 9, 12.0, 30.0),
    ]
    assert [(s.collaboration, s.likelihood, s.title) for s in shares][0] == (
        "high", "high", "Reps")


@pytest.mark.parametrize("effort, hours", [
    ("400 hours", [200, 400 / 3, 400 / 9, 200 / 9]),
    ("10000 hours", [5000, 10000 / 3, 10000 / 9, 5000 / 9]),
])
def test_effort_is_shared_from_exact_focus_scores(effort, hours):
    book = playbook(_playbook(_segment("a", "high", "high"), _segment("b", "high", "medium"),
                              _segment("c", "low", "medium"), _segment("d", "low", "low"),
                              effort=effort))
    shares, _ = analyses.effort_shares(book)
    assert [s.recommended_hours for s in shares] == pytest.approx(hours, rel=1e-12)
    assert [s.focus_score for s in shares] == pytest.approx([1, 2 / 3, 2 / 9, 1 / 9], rel=1e-12)


def test_without_an_effort_to_share_nothing_is_recommended():
    book = playbook(_playbook(_segment("reps", "high", "high")).replace(
        "  effort        90 hours\n", ""))
    shares, total = analyses.effort_shares(book)
    assert (total, [s.recommended_hours for s in shares]) == (None, [0.0])


def test_equal_effort_across_unequal_focus_is_a_focus_action():
    text = _playbook(_segment("desk", "low", "medium", "30 hours"),
                     _segment("reps", "high", "high", "30 hours"))
    evaluation = run(text, history({"reps": {"posts": [1] * 8}}))
    found = finding(evaluation, "focus/equal-effort")
    assert (found.kind, found.level, found.segment, found.source) == (
        "focus", "high", "reps", "analysis")
    assert "move promotion effort toward Reps" in found.message
    assert (found.path, found.line) == ("playbook.adopt", 12)  # the first planned effort
    assert evaluation.warnings == ("effort is spread equally across segments of unequal focus",)


@pytest.mark.parametrize("segments", [
    (_segment("desk", "low", "medium", "30 hours"), _segment("reps", "high", "high", "40 hours")),
    (_segment("desk", "high", "high", "30 hours"), _segment("reps", "high", "high", "30 hours")),
    (_segment("desk", "low", "medium", "30 hours"), _segment("reps", "high", "high")),
])
def test_unequal_effort_or_equal_focus_is_fine(segments):
    evaluation = run(_playbook(*segments), history({"reps": {"posts": [1] * 8}}))
    assert "focus/equal-effort" not in ids(evaluation)
    assert evaluation.warnings == ()


# ------------------------------------------------------------------------- capability gaps

UNSERVED = """
priority unserved "Answer customers on social media" {
  for    reps
  weight 2
}
"""
GAPS = HEADER + """
tool wiki "Team wiki" {
  serves reputation
  needs  "page history", "Offline reading", "templates"
  has    "page history", "offline reading"
}
"""


def test_a_priority_no_tool_serves_is_a_build_action():
    text = HEADER + UNSERVED  # `check` may refuse it (AP502); the engine still reports it
    evaluation = evaluate(load_text(text).playbook, history({"reps": {"posts": [1] * 8}}))
    found = finding(evaluation, "capability-gap/unserved")
    assert (found.kind, found.level, found.score, found.segment, found.rule) == (
        "build", "high", 2.0, "reps", "capability-gap")
    assert '"Answer customers on social media"' in found.message
    assert found.line == text.splitlines().index(
        'priority unserved "Answer customers on social media" {') + 1


def test_a_needed_capability_the_tool_lacks_is_a_build_action():
    evaluation = run(GAPS, history({"reps": {"posts": [1] * 8}}))
    gaps = [f for f in evaluation.findings if f.id.startswith("capability-gap/wiki/")]
    assert [f.id for f in gaps] == ["capability-gap/wiki/templates"]  # "Offline reading" is had
    (gap,) = gaps
    assert (gap.kind, gap.level, gap.score, gap.tool) == ("build", "medium", 3.0, "Team wiki")
    assert 'needs "templates"' in gap.message


def test_a_playbook_whose_priorities_are_served_has_no_gaps():
    evaluation = run(HEADER, history({"reps": {"posts": [1] * 8}}))
    assert [i for i in ids(evaluation) if i.startswith("capability-gap")] == []


# --------------------------------------------------------------------------------- baseline


def test_no_snapshot_before_launch_is_a_measure_action():
    after_launch = history({"reps": {"posts": [1, 2]}}, ("2026-W03", "2026-W04"))
    evaluation = run(HEADER, after_launch)
    found = finding(evaluation, "baseline/missing")
    assert (found.kind, found.level, found.line) == ("measure", "high", 3)
    assert "No snapshot before the launch in 2026-W03" in found.message


def test_a_snapshot_before_launch_is_a_baseline():
    assert "baseline/missing" not in ids(run(HEADER, history({"reps": {"posts": [1] * 8}})))


def test_evaluating_before_the_launch_is_not_a_missing_baseline():
    evaluation = run(HEADER, history({"reps": {"posts": [1] * 8}}), at="2026-W01")
    assert "baseline/missing" not in ids(evaluation)


# ---------------------------------------------------------------------------- critical mass


def test_critical_mass_progress_per_segment_and_for_the_whole_network():
    data = history({
        "reps": {"active_members": [0.3] * 7 + [0.45], "members": [1000] * 8},
        "office": {"active_members": [0.9] * 8},  # size from the playbook: 200
        "reps/geography=DE": {"active_members": [0.99] * 8, "members": [10] * 8},
    })
    evaluation = run(HEADER, data)
    assert tuple(attrs.evolve(p, forecast=None) for p in evaluation.critical_mass) == (
        Progress("reps", 0.45, 0.6, 1000),
        Progress("office", 0.9, 0.6, 200),
        Progress("(all)", pytest.approx((0.45 * 1000 + 0.9 * 200) / 1200), 0.6, 1200),
    )
    assert [p.reached for p in evaluation.critical_mass] == [False, True, False]
    assert evaluation.critical_mass[0].ratio == pytest.approx(0.75)


def test_a_segment_without_data_has_no_progress_and_does_not_count_in_all():
    data = history({"office": {"active_members": [0.3] * 7 + [None]},
                    "reps": {"active_members": [0.5] * 8}})
    evaluation = run(HEADER, data)
    assert tuple(attrs.evolve(p, forecast=None) for p in evaluation.critical_mass) == (
        Progress("reps", 0.5, 0.6, 1200),
        Progress("office", None, 0.6, 200),
        Progress("(all)", 0.5, 0.6, 1200),
    )
    assert evaluation.critical_mass[1].ratio is None


def test_critical_mass_follows_the_evaluated_period():
    data = history({"reps": {"active_members": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]}})
    progress = run(HEADER, data, at="2026-W02").critical_mass[0]
    assert (progress.segment, progress.active) == ("reps", 0.2)


def test_without_a_target_there_is_no_critical_mass_table():
    text = HEADER.replace("  critical_mass 60%\n", "")
    assert run(text, history({"reps": {"active_members": [0.5] * 8}})).critical_mass == ()


_RATINGS = ("low", "medium", "high")


@settings(max_examples=60, deadline=None)
@given(ratings=st.lists(st.tuples(st.sampled_from(_RATINGS), st.sampled_from(_RATINGS)),
                        min_size=1, max_size=6),
       hours=st.integers(min_value=1, max_value=1_000_000))
def test_recommended_hours_add_up_to_the_effort_in_proportion_to_focus(ratings, hours):
    segments = [_segment(f"s{i}", c, l) for i, (c, l) in enumerate(ratings)]
    shares, total = analyses.effort_shares(playbook(_playbook(*segments, effort=f"{hours} hours")))
    assert math.isclose(sum(s.recommended_hours for s in shares), total, rel_tol=1e-9)
    points = {f"s{i}": (_RATINGS.index(c) + 1) * (_RATINGS.index(l) + 1)
              for i, (c, l) in enumerate(ratings)}
    weight = sum(points.values())
    for share in shares:
        assert math.isclose(share.recommended_hours, hours * points[share.segment] / weight,
                            rel_tol=1e-12)


def test_json_shows_focus_scores_and_hours_to_four_decimals():
    text = _playbook(_segment("a", "high", "high"), _segment("b", "high", "medium"),
                     _segment("c", "low", "medium"), _segment("d", "low", "low"),
                     effort="400 hours")
    shares = {s["segment"]: s for s in json.loads(render(run(text, history({"a": {"posts": [1] * 8}})), "json"))
              ["effort"]["shares"]}
    assert (shares["b"]["focus_score"], shares["b"]["recommended_hours"]) == (0.6667, 133.3333)
    assert (shares["d"]["focus_score"], shares["d"]["recommended_hours"]) == (0.1111, 22.2222)


@pytest.mark.parametrize("need, has, gap", [
    ("Offline Upload", "offline  upload", False),  # inner spacing
    ("offline upload", "Offline-Upload", False),   # punctuation
    ("offline upload", " OFFLINE UPLOAD. ", False),
    ("Search by expertise", "search_by_expertise", False),
    ("offline upload", "offline uploads", True),
    ("offline upload", "online upload", True),
])
def test_check_and_evaluate_compare_capabilities_the_same_way(need, has, gap):
    text = HEADER + f"""
tool wiki "Team wiki" {{
  serves reputation
  needs  "{need}"
  has    "{has}"
}}
"""
    warned = [d for d in api.check_text(text).diagnostics if d.code == "AP505"]
    built = [f for f in run(text, history({"reps": {"posts": [1] * 8}})).findings
             if f.id.startswith("capability-gap/wiki/")]
    assert (bool(warned), bool(built)) == (gap, gap)
