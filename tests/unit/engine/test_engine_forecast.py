"""Forecast to critical mass: known linear and logistic curves, an outlier week, flat and falling
trends and too little history."""

import json

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

from adoptplan import periods as p
from adoptplan import result as r
from adoptplan.cli import cli
from adoptplan.engine import forecast as fc
from adoptplan.report.json_report import render_json, schema
from adoptplan.report.readable import forecast_words

from support.engine import HEADER, history, run

WEEKS = tuple(p.from_ordinal(p.ordinal("2026-W01") + i, "week") for i in range(60))


def _forecast(values, target=0.6) -> r.Forecast:
    return fc.forecast_series(WEEKS[: len(values)], np.asarray(values, dtype=float), target)


def test_a_linear_curve_reaches_the_target_in_the_period_it_crosses_it():
    # 10% + 3pp a week, 8 weeks: 31% now (W08); 60% is reached at week index 17 (61%): W18
    found = _forecast([0.10 + 0.03 * i for i in range(8)])
    assert (found.status, found.period, found.earliest, found.latest) == (
        r.ON_PACE, "2026-W18", "2026-W18", "2026-W18")
    assert found.slope == pytest.approx(0.03)
    assert found.fitted == WEEKS[:8]


def test_one_outlier_week_does_not_move_the_trend():
    clean = [0.10 + 0.03 * i for i in range(8)]
    spiked = list(clean)
    spiked[5] += 0.25  # an all-hands week
    assert _forecast(spiked).period == _forecast(clean).period == "2026-W18"


def test_the_trend_reads_the_last_eight_periods_only():
    values = [0.5] * 10 + [0.10 + 0.03 * i for i in range(8)]
    found = _forecast(values)
    assert found.fitted == WEEKS[10:18]
    assert found.slope == pytest.approx(0.03)


def test_noise_gives_a_range_around_the_period():
    rng = np.random.default_rng(7)
    values = [0.10 + 0.03 * i + rng.normal(0, 0.01) for i in range(8)]
    found = _forecast(values)
    assert found.status == r.ON_PACE
    assert p.ordinal(found.earliest) <= p.ordinal(found.period) <= p.ordinal(found.latest)
    assert found.earliest != found.latest
    assert p.ordinal(found.earliest) <= p.ordinal("2026-W18") <= p.ordinal(found.latest)


def _logistic(t):
    return 0.8 / (1 + np.exp(-(np.asarray(t, dtype=float) - 20) / 4))


@pytest.mark.parametrize("weeks", [20, 22, 24])
def test_a_logistic_curve_at_and_past_its_inflection_is_forecast_within_the_range(weeks):
    truth = next(i for i in range(60) if _logistic(i) >= 0.6)  # index 25: W26
    found = _forecast(_logistic(range(weeks)))
    assert found.status == r.ON_PACE
    assert p.ordinal(found.earliest) <= p.ordinal(WEEKS[truth]) <= p.ordinal(found.latest)


@pytest.mark.parametrize("weeks", [14, 17])
def test_a_logistic_curve_before_its_inflection_is_forecast_late_never_early(weeks):
    # a straight line under a curve that is still speeding up: the honest error is "later"
    truth = next(i for i in range(60) if _logistic(i) >= 0.6)
    found = _forecast(_logistic(range(weeks)))
    assert found.status == r.ON_PACE
    assert p.ordinal(found.period) > p.ordinal(WEEKS[truth])


@pytest.mark.parametrize("values, note", [
    ([0.30] * 8, "flat or falling"),
    ([0.40 - 0.01 * i for i in range(8)], "flat or falling"),
    ([0.10 + 0.001 * i for i in range(8)], "more than two years away"),
])
def test_flat_falling_or_slow_is_not_at_this_pace(values, note):
    found = _forecast(values)
    assert (found.status, found.note, found.period) == (r.NOT_AT_THIS_PACE, note, "")
    assert forecast_words(found) == "not at this pace"


def test_a_segment_at_the_target_has_reached_it():
    assert _forecast([0.5, 0.55, 0.61]).status == r.REACHED


def test_fewer_than_four_values_are_not_enough_history():
    found = _forecast([None, 0.1, None, 0.2, 0.3, None, None, None])
    assert found.status == r.NOT_ENOUGH_HISTORY
    assert "4 of the last 8" in found.note


def test_words_give_the_period_and_its_range():
    found = r.Forecast(r.ON_PACE, "2026-W50", "2026-W48", "")
    assert forecast_words(found) == "2026-W50 (2026-W48 to later)"
    assert forecast_words(r.Forecast(r.ON_PACE, "2026-W50", "2026-W50", "2026-W50")) == "2026-W50"


def _rising_history():
    weeks = tuple(f"2026-W{w:02d}" for w in range(1, 9))
    return history({
        "reps/geography=DE": {"active_members": [0.1] * 8, "members": [100] * 8},
        "reps": {"active_members": [0.10 + 0.03 * i for i in range(8)], "members": [1200] * 8},
        "office": {"active_members": [0.2] * 8, "members": [200] * 8},
    }, weeks)


def test_each_segment_of_the_critical_mass_table_has_its_forecast_in_every_format():
    evaluation = run(HEADER, _rising_history())
    by_segment = {p.segment: p.forecast for p in evaluation.critical_mass}
    assert by_segment["reps"].period == "2026-W18"
    assert by_segment["office"].status == r.NOT_AT_THIS_PACE
    assert by_segment["(all)"] is None
    document = json.loads(render_json(evaluation))
    jsonschema.validate(document, schema())
    rows = {row["segment"]: row["forecast"] for row in document["critical_mass"]}
    assert rows["reps"]["period"] == "2026-W18"
    assert rows["reps"]["fitted"][0] == "2026-W01"


def _cli(tmp_path, *args):
    book = tmp_path / "rollout.adopt"
    book.write_text(HEADER)
    metrics = tmp_path / "metrics.csv"
    lines = ["period,segment,geography,metric,value"]
    for i in range(8):
        week = f"2026-W{i + 1:02d}"
        lines.append(f"{week},reps,,active_members,{10 + 3 * i}%")
        lines.append(f"{week},reps,,members,1200")
        lines.append(f"{week},office,,active_members,20%")
        lines += [f"{week},reps,DE,active_members,{20 + 2 * i}%", f"{week},reps,DE,members,300"]
        lines += [f"{week},reps,LU,active_members,{30 + 5 * i}%", f"{week},reps,LU,members,3"]
        # a second small group: with two withheld, no shown group must be withheld beside them
        # (together they have 3 active people or more: subtraction isolates no fewer)
        lines += [f"{week},reps,MT,active_members,{25 + 4 * i}%", f"{week},reps,MT,members,9"]
    metrics.write_text("\n".join(lines) + "\n")
    return CliRunner().invoke(cli, [*args, str(book), "--metrics", str(metrics)])


@pytest.mark.parametrize("fmt, shown", [
    ("table", "2026-W18"), ("markdown", "| 2026-W18 |"), ("html", "<td>2026-W18</td>"),
])
def test_the_forecast_column_is_in_the_table_markdown_and_html(tmp_path, fmt, shown):
    result = _cli(tmp_path, "evaluate", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "forecast" in result.output and shown in result.output


def test_explain_forecast_shows_the_fit(tmp_path):
    result = _cli(tmp_path, "explain", "forecast/reps")
    assert result.exit_code == 0, result.output
    assert "Theil–Sen trend of the last 8 periods: +3.00pp a period" in result.output
    assert "reaches the target in 2026-W18" in result.output
    assert "2026-W04      19%     19%" in result.output


def test_explain_forecast_of_an_unknown_segment_says_which(tmp_path):
    result = _cli(tmp_path, "explain", "forecast/rep")
    assert result.exit_code == 2
    assert "no segment 'rep' to forecast; did you mean 'reps'?" in result.output


def test_explain_forecast_of_a_group_of_the_breakdown(tmp_path):
    result = _cli(tmp_path, "explain", "forecast/reps/geography=DE")
    assert result.exit_code == 0, result.output
    assert "+2.00pp a period" in result.output
    assert "reaches the target in 2026-W21" in result.output


def test_explain_forecast_never_shows_a_group_below_the_privacy_floor(tmp_path):
    result = _cli(tmp_path, "explain", "forecast/reps/geography=LU")
    assert result.exit_code == 2
    assert "no group 'reps/geography=LU' to forecast" in result.output
    assert "%" not in result.output


GROUPED = HEADER.replace("  critical_mass 60%\n", "  critical_mass 60%\n  forecast      by geography\n"
                         ).replace("  by            geography\n", "  by            geography, device\n")


def _grouped_history(small: bool = False):
    """Reps climbing 4pp a week; DE a geography of its own people; a phone group counted by the
    people seen on phones (its members are its active people every week); a small geography."""
    weeks = len(WEEKS[:8])
    return history({
        "reps": {"active_members": [0.2 + 0.04 * i for i in range(weeks)],
                 "members": [1000] * weeks},
        "reps/geography=DE": {"active_members": [0.2 + 0.04 * i for i in range(weeks)],
                              "members": [200] * weeks},
        **({"reps/geography=IS": {"active_members": [0.5] * weeks, "members": [4] * weeks}}
           if small else {}),
        "reps/device=phone": {"active_members": [1.0] * weeks,
                              "members": [100 + 20 * i for i in range(weeks)],
                              "active_count": [100 + 20 * i for i in range(weeks)]},
        "office": {"active_members": [0.4] * weeks, "members": [200] * weeks},
    }, WEEKS[:8])


def test_forecast_by_gives_each_group_of_the_dimension_its_row_and_forecast():
    found = run(GROUPED, _grouped_history()).group_progress
    # only the header's dimension
    assert [(g.segment, g.dimensions) for g in found] == [("reps", (("geography", "DE"),))]
    # never a group below the privacy floor (IS, 4 people), nor one that would give it away
    assert run(GROUPED, _grouped_history(small=True)).group_progress == ()
    (de,) = found
    assert de.active == pytest.approx(0.48)
    assert (de.forecast.status, de.forecast.period) == (r.ON_PACE, "2026-W11")  # 4pp a week
    assert de.shares[0] == pytest.approx(0.2) and len(de.shares) == 8


def test_a_group_counted_by_its_activity_is_read_against_its_segment():
    """A device group's members are the people seen on it: 100% active every week, which says
    nothing. Its active people against the segment's members do: 10% climbing 2pp a week."""
    text = GROUPED.replace("forecast      by geography", "forecast      by device, geography")
    found = {g.dimensions: g for g in run(text, _grouped_history()).group_progress}
    phone = found[(("device", "phone"),)]
    assert phone.active == pytest.approx(0.24)
    assert phone.shares[:2] == pytest.approx((0.10, 0.12))
    assert phone.forecast.status == r.ON_PACE  # not "reached", as 100% would say
    assert found[(("geography", "DE"),)].active == pytest.approx(0.48)  # its own share


def test_without_forecast_by_there_are_no_group_rows():
    assert run(HEADER, _grouped_history()).group_progress == ()
