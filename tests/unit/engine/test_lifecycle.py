"""Alert lifecycles read from the history (issue 18): each finding says since when it is open,
whether `clear` alone holds it, and when it cleared, with no `--previous` file; and a chain of
`--previous` files, week by week, says exactly what one replayed run says."""

from __future__ import annotations

import json

import pytest

from adoptplan import api
from adoptplan.engine import evaluate as engine_evaluate
from adoptplan.result import Cleared, Lifecycle, Previous

from support.barriers import HEADER, by_id, evaluate, run, write

DE = "falling_use/reps/geography=DE"
BARRIER = """
barrier falling_use "Use falls below 80% of the four weeks before" {
  when     active_members < 80% * average(active_members, 4 periods before)
  clear    when active_members >= 95% * max(active_members, 8 periods before)
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Ask the team what changed the week it fell"
  message  "{group}: {value} active, {threshold} needed"
}
"""
PLAYBOOK = HEADER + BARRIER
WEEKS = [f"2026-W{week}" for week in range(30, 48)]
DROP = "2026-W38"


def _active(week: str, geography: str) -> int:
    """DE falls from 50% to 30% in 2026-W38 and stays there; FR stays at 50%."""
    return 30 if geography == "DE" and week >= DROP else 50


METRICS = "period,segment,geography,members,active_members,posts,files_shared\n" + "".join(
    f"{week},reps,{geography},400,{_active(week, geography)},100,5\n"
    for week in WEEKS for geography in ("DE", "FR"))


def alert(tmp_path, at: str, previous=frozenset()):
    return by_id(evaluate(tmp_path, PLAYBOOK, METRICS, at, previous)).get(DE)


def test_the_condition_alone_fires_three_weeks_only(tmp_path):
    """The trailing average takes in the drop: `when` alone holds W38-W40, then no more."""
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    prepared = api.prepare([playbook], [metrics])
    fired = [week for week in WEEKS
             if DE in by_id(engine_evaluate(prepared.checked.loaded.playbook, prepared.history,
                                            week, replay=False))]
    assert fired == ["2026-W38", "2026-W39", "2026-W40"]


def test_a_sustained_drop_is_open_since_its_first_week_without_a_previous_file(tmp_path):
    assert alert(tmp_path, "2026-W38").lifecycle == Lifecycle("2026-W38", 1)
    assert alert(tmp_path, "2026-W40").lifecycle == Lifecycle("2026-W38", 3)
    held = alert(tmp_path, "2026-W44")
    assert held.lifecycle == Lifecycle("2026-W38", 7, "2026-W41")
    assert held.evidence[0].value == "open since 2026-W38"
    assert held.message == "reps/geography=DE: 30% active, 47.5% needed"  # clear's threshold


def test_it_clears_when_the_clearing_condition_holds_and_says_how_long_it_was_open(tmp_path):
    """Eight weeks after the drop the reference has taken it in: `clear` holds at 2026-W46."""
    assert alert(tmp_path, "2026-W45").lifecycle == Lifecycle("2026-W38", 8, "2026-W41")
    evaluation = evaluate(tmp_path, PLAYBOOK, METRICS, "2026-W46")
    assert DE not in by_id(evaluation)
    assert evaluation.cleared == (Cleared(
        DE, "falling_use", "Use falls below 80% of the four weeks before", "high", "reps",
        (("geography", "DE"),), "2026-W38", 8, "2026-W46",
        evaluation.cleared[0].path, evaluation.cleared[0].line),)
    assert evaluate(tmp_path, PLAYBOOK, METRICS, "2026-W47").cleared == ()
    assert not [f for f in by_id(evaluation).values() if "FR" in f.id]


def test_a_rule_without_clear_is_open_for_its_run_of_weeks(tmp_path):
    rule = BARRIER.replace("  clear    when active_members >= 95% * max(active_members, 8 "
                           "periods before)\n", "")
    evaluation = evaluate(tmp_path, HEADER + rule, METRICS, "2026-W40")
    assert by_id(evaluation)[DE].lifecycle == Lifecycle("2026-W38", 3)
    after = evaluate(tmp_path, HEADER + rule, METRICS, "2026-W41")
    assert DE not in by_id(after)
    assert [(c.id, c.since, c.periods, c.cleared) for c in after.cleared] == [
        (DE, "2026-W38", 3, "2026-W41")]


def _week_by_week(tmp_path, replay: bool) -> dict[str, tuple]:
    """Each week evaluated with the result of the week before (the first without), as a team's
    CI keeps them; with `replay=False` only the chain of results carries the state."""
    playbook_path, metrics_path = write(tmp_path, PLAYBOOK, METRICS)
    prepared = api.prepare([playbook_path], [metrics_path])
    playbook, history = prepared.checked.loaded.playbook, prepared.history
    states, previous = {}, frozenset()
    for week in WEEKS:
        evaluation = engine_evaluate(playbook, history, week, previous=previous, replay=replay)
        states[week] = _state(evaluation)
        previous = Previous(week, {f.id: f.lifecycle for f in evaluation.findings
                                   if f.lifecycle is not None})
    return states


def _state(evaluation) -> tuple:
    return (tuple((f.id, f.lifecycle, f.message, f.evidence) for f in evaluation.findings),
            evaluation.cleared)


@pytest.mark.parametrize("replay", [True, False], ids=["replay on", "state from the chain"])
def test_a_chain_of_previous_results_agrees_with_the_replay(tmp_path, replay):
    playbook_path, metrics_path = write(tmp_path, PLAYBOOK, METRICS)
    prepared = api.prepare([playbook_path], [metrics_path])
    replayed = {week: _state(engine_evaluate(prepared.checked.loaded.playbook, prepared.history,
                                             week)) for week in WEEKS}
    assert _week_by_week(tmp_path, replay) == replayed
    assert any(lifecycle.held_since for week in WEEKS for _, lifecycle, _, _ in replayed[week][0])


def test_previous_files_on_the_command_line_agree_with_the_replay(tmp_path):
    """The same through the CLI: json results kept week by week, each given to the next."""
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    common = ["evaluate", str(playbook), "--metrics", str(metrics), "--format", "json"]
    last = None
    for week in WEEKS[6:]:
        kept = tmp_path / f"{week}.json"
        chained = run(*common, "--at", week, "-o", str(kept),
                      *(["--previous", str(last)] if last else []))
        assert chained.exit_code == 0, chained.output
        alone = json.loads(run(*common, "--at", week).stdout)
        document = json.loads(kept.read_text(encoding="utf-8"))
        assert (document["findings"], document["cleared"]) == (alone["findings"],
                                                               alone["cleared"]), week
        last = kept
    assert document["cleared"] == [] and json.loads(
        (tmp_path / "2026-W44.json").read_text(encoding="utf-8"))["findings"][0]["lifecycle"] == {
        "since": "2026-W38", "periods": 7, "held_since": "2026-W41"}


def test_a_previous_result_that_disagrees_is_the_record(tmp_path):
    """A previous result that had nothing open (the alert acknowledged and closed, or a file
    from before the barrier): the replay continues from what it says."""
    closed = Previous("2026-W41", {})
    assert alert(tmp_path, "2026-W42", closed) is None
    reopened = Previous("2026-W41", {DE: Lifecycle("2026-W36", 6, "2026-W41")})
    assert alert(tmp_path, "2026-W42", reopened).lifecycle == Lifecycle("2026-W36", 7,
                                                                        "2026-W41")


def test_a_previous_result_of_the_first_period_or_a_later_one_says_nothing_of_before(tmp_path):
    assert alert(tmp_path, "2026-W30", frozenset({DE})) is None
    later = Previous("2026-W47", {DE: Lifecycle("2026-W47", 1)})
    assert alert(tmp_path, "2026-W40", later).lifecycle == Lifecycle("2026-W38", 3)
