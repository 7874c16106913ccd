"""Intervention effects: calibration on seeded synthetic histories (the interval covers a known
effect, and 0 when there is none, at least 90 times in 100), the statuses when the data cannot
say, the privacy floor, and every format."""

import json

import jsonschema
import pytest
from click.testing import CliRunner

from adoptplan import result as r
from adoptplan.cli import cli
from adoptplan.engine import effects, evaluate
from adoptplan.report.json_report import render_json, schema
from adoptplan.report.readable import effect_words

from support.effects import PLAYBOOK, WEEKS, book, effect_of, synthetic
from support.engine import playbook


def test_the_interval_covers_a_known_effect_in_at_least_90_of_100_trials():
    covered = sum(1 for seed in range(100)
                  if (e := effect_of(synthetic(seed, 0.06))).low <= 0.06 <= e.high)
    assert covered >= 90


def test_with_no_effect_the_interval_covers_0_in_at_least_90_of_100_trials():
    covered = sum(1 for seed in range(100)
                  if (e := effect_of(synthetic(1000 + seed, 0.0))).low <= 0 <= e.high)
    assert covered >= 90


def test_a_clear_effect_worked_and_a_drop_made_it_worse_whatever_the_network_did():
    worked = effect_of(synthetic(1, 0.08))
    assert (worked.status, worked.verdict) == (r.MEASURED, r.WORKED)
    assert worked.effect == pytest.approx(0.08, abs=0.02)
    assert (worked.before, worked.after) == (8, 7)  # W30-W37; W38 to W44 (4 after `to`)
    assert worked.comparison == tuple(f"reps/geography={g}" for g in ("AT", "CH", "FR", "IT"))
    assert effect_of(synthetic(1, -0.08)).verdict == r.MADE_IT_WORSE


def test_an_intervention_that_should_lower_its_metric_worked_when_it_fell():
    """`expect decrease`: a fall against the comparison groups is the wished effect."""
    text = PLAYBOOK.replace("COMPARE", "  expect     decrease\n")
    fell = evaluate(playbook(text), synthetic(1, -0.08)).effects[0]
    assert (fell.expect, fell.verdict) == ("decrease", r.WORKED)
    assert fell.effect == pytest.approx(-0.08, abs=0.02)
    rose = evaluate(playbook(text), synthetic(1, 0.08)).effects[0]
    assert rose.verdict == r.MADE_IT_WORSE
    assert evaluate(playbook(text), synthetic(1000, 0.0)).effects[0].verdict == r.NO_CLEAR_EFFECT
    assert effect_of(synthetic(1, -0.08)).expect == "increase"  # the default


@pytest.mark.parametrize(("low", "high", "expect", "verdict"), [
    (0.01, 0.05, "increase", r.WORKED), (-0.05, -0.01, "increase", r.MADE_IT_WORSE),
    (-0.01, 0.05, "increase", r.NO_CLEAR_EFFECT), (-0.05, -0.01, "decrease", r.WORKED),
    (0.01, 0.05, "decrease", r.MADE_IT_WORSE), (-0.01, 0.05, "decrease", r.NO_CLEAR_EFFECT)])
def test_the_verdict_follows_the_wished_direction(low, high, expect, verdict):
    assert effects.verdict(low, high, expect) == verdict


def test_the_verdict_reads_as_a_sentence():
    found = r.Effect("x", "X", "reps", (), "educate", "active_members", "percent", "2026-W38",
                     "2026-W40", r.MEASURED, r.WORKED, 0.062, 0.021, 0.103)
    assert effect_words(found) == "+6.2pp against comparison groups (95% CI +2.1 to +10.3): worked"


def test_named_comparison_groups_are_the_only_ones_used():
    found = effect_of(synthetic(2, 0.06), compare="reps by geography = AT, CH")
    assert found.comparison == ("reps/geography=AT", "reps/geography=CH")


def test_before_the_start_it_has_not_started():
    assert effect_of(synthetic(3, 0.06), at="2026-W37").status == r.NOT_STARTED


def test_with_fewer_than_three_periods_before_it_there_is_not_enough_history():
    short = synthetic(4, 0.06, weeks=tuple(f"2026-W{w}" for w in range(36, 46)))
    found = effect_of(short)
    assert (found.status, found.before, found.effect) == (r.NOT_ENOUGH_HISTORY, 2, None)


def test_a_treated_group_below_the_privacy_floor_shows_no_value():
    found = effect_of(synthetic(5, 0.06, de_members=4))
    assert (found.status, found.effect, found.low, found.comparison) == (
        r.GROUP_TOO_SMALL, None, None, ())


def test_comparison_groups_below_the_privacy_floor_are_left_out():
    # four groups of 8 (about 6 active people together: DE is not needed to protect them)
    found = effect_of(synthetic(6, 0.06, members=8, de_members=200))
    assert (found.status, found.effect, found.comparison) == (r.COMPARISON_TOO_SMALL, None, ())


def test_another_intervention_at_the_same_time_is_no_default_comparison():
    text = PLAYBOOK.replace("COMPARE", "") + """
intervention champions_at "Champion sessions in Austria" {
  for        reps by geography = AT
  from       2026-W39
  to         2026-W41
  measure    active_members
}
"""
    from support.engine import playbook

    first, second = evaluate(playbook(text), synthetic(8, 0.06)).effects
    assert "reps/geography=AT" not in first.comparison
    assert "reps/geography=DE" not in second.comparison


def test_the_json_has_an_interventions_list_the_schema_accepts():
    document = json.loads(render_json(evaluate(book(), synthetic(9, 0.06))))
    jsonschema.validate(document, schema())
    (row,) = document["interventions"]
    assert row["dimensions"] == [{"name": "geography", "value": "DE"}]
    assert row["verdict"] == "worked"


def _files(tmp_path):
    book_path = tmp_path / "rollout.adopt"
    book_path.write_text(PLAYBOOK.replace("COMPARE", ""))
    data = synthetic(10, 0.08)
    lines = ["period,segment,geography,metric,value"]
    for row, group in enumerate(data.groups):
        geo = dict(group.dimensions).get("geography", "")
        for metric, values in data.values.items():
            for t, period in enumerate(WEEKS):
                value = float(values[row, t])
                shown = f"{value * 100!r}%" if metric == "active_members" else repr(value)
                lines.append(f"{period},{group.segment},{geo},{metric},{shown}")
    metrics = tmp_path / "metrics.csv"
    metrics.write_text("\n".join(lines) + "\n")
    return book_path, metrics


@pytest.mark.parametrize("fmt, heading", [
    ("table", "Interventions (effect against comparison groups)"),
    ("markdown", "### Interventions"),
    ("html", "<h2>Interventions</h2>"),
])
def test_every_format_has_an_interventions_section(tmp_path, fmt, heading):
    book_path, metrics = _files(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(book_path), "--metrics", str(metrics),
                                      "--format", fmt], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert heading in result.output
    assert "Champion sessions in Germany" in result.output
    assert "against comparison groups (95% CI" in result.output
