"""anomaly(metric, N periods): a robust z-score against the group's own last N periods, on known
spikes and drops, in rules and barriers, and what the checks say about its window."""

import math

import numpy as np
import pytest

from adoptplan import api

from support.engine import HEADER, WEEKS, compute, history, ids, run


def _data(reps, de=None):
    data = {"reps": {"active_members": reps, "members": [1200] * 8}}
    data["reps/geography=DE"] = {"active_members": de or [0.3] * 8, "members": [100] * 8}
    return history(data)


def _score(values, periods=6):
    return compute(HEADER, _data(values), f"anomaly(active_members, {periods} periods)", "reps")


def test_a_known_spike_scores_its_distance_in_robust_standard_deviations():
    earlier = [0.30, 0.31, 0.29, 0.30, 0.32, 0.28, 0.30]  # median 0.30, MAD 0.01
    assert _score([*earlier, 0.36]) == pytest.approx((0.36 - 0.30) / (1.4826 * 0.01))
    assert _score([*earlier, 0.24]) == pytest.approx(-6 / 1.4826)
    assert _score([*earlier, 0.30]) == pytest.approx(0.0)


def test_one_outlier_among_the_earlier_periods_does_not_hide_a_drop():
    earlier = [0.30, 0.31, 0.29, 0.90, 0.32, 0.28, 0.30]  # an all-hands week among them
    assert _score([*earlier, 0.22]) < -3


def test_the_window_is_the_n_periods_before_this_one():
    values = [0.9, 0.9, 0.30, 0.31, 0.29, 0.30, 0.31, 0.30]
    assert _score(values, 3) == pytest.approx(0.0)  # W05-W07: 0.29 0.30 0.31, median 0.30


def test_equal_earlier_values_fall_back_to_the_mean_deviation():
    earlier = [0.30, 0.30, 0.30, 0.30, 0.30, 0.36, 0.30]  # MAD 0, mean deviation 0.01 (of 6)
    assert _score([*earlier, 0.33]) == pytest.approx(0.03 / (1.2533 * 0.01))


@pytest.mark.parametrize("values", [
    [0.3] * 8,  # no spread at all
    [None, None, None, None, None, 0.3, 0.31, 0.5],  # two earlier values only
])
def test_without_a_spread_to_measure_against_the_score_is_missing(values):
    assert math.isnan(_score(values))


_RULE = """
rule sudden_drop "Sudden drop in activity" {
  when     anomaly(active_members, 6 periods) < -3
  in       reps by geography
  do       educate "Ask the group's managers what changed"
  priority high
}

barrier drop "Sudden drop" {
  when     anomaly(active_members, 6 periods) <= -3
  in       reps
  severity high
  remedy   "Ask the managers what changed"
}
"""


def test_a_rule_and_a_barrier_fire_on_a_drop_and_not_on_the_usual_wobble():
    steady = [0.30, 0.31, 0.29, 0.30, 0.32, 0.28, 0.30, 0.31]
    dropped = [*steady[:7], 0.15]
    evaluation = run(HEADER + _RULE, _data(dropped, de=dropped))
    assert {"sudden_drop/reps/geography=DE", "drop/reps"} <= set(ids(evaluation))
    quiet = run(HEADER + _RULE, _data(steady, de=steady))
    assert not {"sudden_drop/reps/geography=DE", "drop/reps"} & set(ids(quiet))


def test_the_evidence_shows_the_score():
    dropped = [0.30, 0.31, 0.29, 0.30, 0.32, 0.28, 0.30, 0.15]
    evaluation = run(HEADER + _RULE, _data(dropped))
    (finding,) = [f for f in evaluation.findings if f.id == "drop/reps"]
    assert finding.evidence[0].expression == "anomaly(active_members, 6 periods) <= -3"
    assert finding.evidence[0].number == pytest.approx(-15 / 1.4826, abs=0.01)


def test_a_window_of_fewer_than_three_periods_is_an_error_of_check():
    checked = api.check_text(HEADER + _RULE.replace("6 periods) < -3", "2 periods) < -3"))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert error.code == "AP305"
    assert "a spread needs at least 3 periods" in error.message


def test_an_unknown_function_near_anomaly_is_suggested():
    checked = api.check_text(HEADER + _RULE.replace("anomaly(active_members, 6 periods) < -3",
                                                    "anomaly_score(active_members) < -3"))
    assert any("did you mean 'anomaly'" in (d.hint or "") + d.message
               for d in checked.diagnostics)


def test_the_score_is_computed_for_every_group_at_once():
    data = _data([0.30, 0.31, 0.29, 0.30, 0.32, 0.28, 0.30, 0.15],
                 de=[0.30, 0.31, 0.29, 0.30, 0.32, 0.28, 0.30, 0.45])
    de = compute(HEADER, data, "anomaly(active_members, 6 periods)", "reps/geography=DE")
    reps = compute(HEADER, data, "anomaly(active_members, 6 periods)", "reps")
    assert np.sign([reps, de]).tolist() == [-1.0, 1.0]
    assert len(WEEKS) == 8
