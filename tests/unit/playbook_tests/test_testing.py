"""The pytest-bdd step library (adoptplan.testing): a failing step says why, like `adoptplan test`."""

from __future__ import annotations

from pathlib import Path

import pytest

from adoptplan import testing as steps

ROOT = Path(__file__).resolve().parents[3]
TABLE = [["group", "metric", "values"], ["reps/geography=DE", "active_members", "50% 38% 35%"]]


@pytest.fixture
def state() -> steps.ScenarioState:
    state = steps.ScenarioState(ROOT)
    steps.given_the_playbook(state, "tests/fixtures/testing/rollout.adopt")
    return state


def evaluated(state: steps.ScenarioState, table=TABLE) -> steps.ScenarioState:
    steps.given_the_metrics(state, "2026-W44", table)
    steps.when_i_evaluate(state)
    return state


def test_a_finding_that_did_not_fire_fails_with_the_why_not_tree(state):
    evaluated(state)
    with pytest.raises(AssertionError) as raised:
        steps.then_the_alert(state, "lurkers/reps/geography=DE", "low")
    text = str(raised.value)
    assert "expected alert lurkers/reps/geography=DE: not evaluated, no value of reads" in text


def test_a_wrong_level_fails_with_expected_and_got(state):
    evaluated(state)
    with pytest.raises(AssertionError, match="level: expected medium, got high"):
        steps.then_the_action(state, "reps_inactive/reps/geography=DE", "medium")


def test_no_other_findings_names_the_ones_no_step_expected(state):
    evaluated(state)
    with pytest.raises(AssertionError) as raised:
        steps.then_no_others(state)
    assert "unexpected action reps_inactive/reps/geography=DE at high" in str(raised.value)
    steps.then_the_action(state, "reps_inactive/reps/geography=DE", "high")
    steps.then_no_others(state)


def test_a_typo_in_the_metrics_is_a_positioned_diagnostic(state):
    table = [TABLE[0], ["reps/geography=DE", "active_member", "50%"]]
    with pytest.raises(AssertionError) as raised:
        evaluated(state, table)
    assert "<scenario>:3:30: error[AP809]: the playbook reads no metric 'active_member'" in str(
        raised.value)
    assert "hint: did you mean 'active_members'?" in str(raised.value)


def test_the_metrics_table_needs_its_three_columns(state):
    with pytest.raises(AssertionError, match="group | metric | values"):
        steps.given_the_metrics(state, "2026-W44", [["group", "values"], ["reps", "1"]])


def test_a_playbook_written_in_the_scenario_is_checked_first(tmp_path):
    state = steps.ScenarioState(tmp_path)
    steps.given_the_playbook_text(state, 'playbook "R" {\n  cadense weekly\n}', tmp_path)
    with pytest.raises(AssertionError, match=r"error\[AP103\]"):
        evaluated(state)


def test_every_step_is_exported_for_a_star_import():
    exported = set(steps.__all__)
    assert {"ScenarioState", "adoptplan_scenario"} <= exported
    assert sum(name.startswith("pytestbdd_stepdef_then") for name in exported) == 6
