"""The evaluation in a reader's words: group titles, the headline, sparklines, changes."""

import attrs
import pytest

from adoptplan.report.readable import (
    active_series,
    change,
    group_title,
    headline,
    place,
    points,
    progress_in_order,
    progress_row,
    sparkline,
)
from adoptplan.report.render import render
from adoptplan.result import NOT_AT_THIS_PACE, Forecast, Progress

from support.report import empty_evaluation, evaluation


@pytest.mark.parametrize(("value", "expected"), [
    ("BR", "Brazil"), ("de", "Germany"), ("US", "the United States"),
    ("GB", "the United Kingdom"), ("NL", "the Netherlands"), ("KR", "South Korea"),
    ("EMEA", "EMEA"), ("Berlin", "Berlin"), ("XX", "XX"),
])
def test_a_country_code_reads_as_the_country(value, expected):
    assert place(value) == expected


def test_a_group_is_named_by_its_segment_title_and_dimension_values():
    titles = {"field_engineers": "Field service engineers"}
    assert group_title("field_engineers", (("geography", "BR"),), titles) == \
        "Field service engineers in Brazil"
    assert group_title("field_engineers", (("device", "mobile"), ("geography", "US")), titles) \
        == "Field service engineers on mobile in the United States"
    assert group_title("field_engineers", (("team", "North"),), titles) == \
        "Field service engineers (team North)"
    assert group_title("unknown", (), titles) == "unknown"


def test_the_headline_names_the_first_open_finding_and_the_progress():
    assert headline(empty_evaluation()) == "Nothing needs attention at 2026-11."
    text = headline(evaluation(), "high")
    assert text.startswith("2 critical findings need attention at 2026-W48; first the barrier "
                           "alert \u201cManagers discourage use\u201d for Customer service reps "
                           "in APAC.")
    assert "1 of 3 segments has reached critical mass (60% active)" in text
    assert text.endswith("5 findings are at or above high: the check fails.")


def test_a_waived_finding_is_not_what_needs_attention():
    waived = tuple(attrs.evolve(f, status="waived") for f in evaluation().findings)
    assert headline(attrs.evolve(evaluation(), findings=waived)).startswith(
        "Nothing needs attention at 2026-W48.")


def test_a_sparkline_scales_to_the_target_and_marks_missing_periods():
    assert sparkline((0.0, 0.3, 0.6, None, 0.9), 0.6) == "\u2581\u2583\u2586\u00b7\u2588"
    assert sparkline((0.0, 0.3, 0.6), 1.0) == "\u2581\u2583\u2585"  # the target is the top
    assert sparkline((None, None)) == "\u00b7\u00b7"
    assert sparkline((0.0, 0.0)) == "\u2581\u2581"


def test_changes_are_in_signed_percentage_points():
    assert points(change((0.1, 0.2, 0.25), 1)) == "+5pp"
    assert points(change((0.3, 0.2), 0)) == "-10pp"
    assert points(change((0.3, None), 0)) == "n/a"
    assert points(change((0.3,), 0)) == "n/a"  # nothing before the last value
    assert points(change((0.1, 0.2), -1)) == "n/a"  # no baseline


def test_since_launch_reads_from_the_last_period_before_it():
    result = evaluation()  # launch 2026-W40: the baseline is 2026-W39, the second period
    reps = next(p for p in result.critical_mass if p.segment == "reps")
    assert progress_row(result, reps)["launch"] == "+23.2pp"  # 31.2% - 8%
    no_launch = attrs.evolve(result, launch="")
    assert progress_row(no_launch, reps)["launch"] == "n/a"


def test_the_whole_network_is_the_member_weighted_share_of_the_segments():
    result = evaluation()
    whole = active_series(result, "(all)")
    assert whole[0] == pytest.approx((0.05 * 1200 + 0.3 * 340 + 0.1 * 85) / (1200 + 340 + 85))
    assert whole[2] is None  # engineering has no value that week


def test_groups_of_forecast_by_sit_under_their_segment_with_their_own_trend_in_every_format():
    phone = Progress("reps", 0.08, 0.6, 150, Forecast(NOT_AT_THIS_PACE, note="flat or falling"),
                     (("device", "phone"),), (0.05,) * 10 + (0.08,))
    result = attrs.evolve(evaluation(), group_progress=(phone,))
    assert [(p.segment, p.dimensions) for p in progress_in_order(result)][:3] == [
        ("reps", ()), ("reps", (("device", "phone"),)), ("sales", ())]
    row = progress_row(result, phone)
    assert (row["active"], row["last"], row["forecast"]) == ("8%", "+3pp", "not at this pace")
    assert ("| Customer service reps on phone | ▂▂▂▂▂▂▂▂▂▂▂ | 8% | +3pp | +3pp |"
            in render(result, "markdown"))
    assert "reps (phone)" in render(result, "table")
    assert "Customer service reps on phone: 8%25 active of 60%25 target, forecast not at this pace" \
        in render(result, "github")
    assert 'name="reps/device=phone"' in render(result, "junit")
    assert render(result, "json").count('"name": "device"') == 1
