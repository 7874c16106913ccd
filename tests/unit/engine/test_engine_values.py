"""Values as people read them, and message templates."""

import math

import pytest

from adoptplan import catalogue as cat
from adoptplan.engine.values import (
    fill,
    format_value,
    partial_template,
    render_template,
    shown_number,
)


@pytest.mark.parametrize("value, unit, text", [
    (0.3125, cat.PERCENT, "31.3%"),  # half-up, as the comment and the JSON round it
    (0.4, cat.PERCENT, "40%"),
    (-0.051, cat.POINTS, "-5.1pp"),
    (0.02, cat.POINTS, "+2pp"),
    (1200.0, cat.COUNT, "1,200"),
    (3.0, cat.PERIODS, "3 periods"),
    (1.256, cat.NUMBER, "1.26"),
    (-0.0001, cat.NUMBER, "0"),
    (math.nan, cat.COUNT, "missing"),
])
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_template_keeps_unknown_placeholders():
    assert render_template("Use {tool} in {nowhere}", {"tool": "Q&A"}) == "Use Q&A in {nowhere}"


def test_a_template_filled_in_two_steps_reads_as_filled_in_one():
    template = "{segment}: use {tool} in {group} ({nowhere})"
    shared = {"segment": "Reps", "tool": "Q&A"}
    pieces = partial_template(template, tuple(sorted(shared.items())))
    assert fill(pieces, {"group": "reps/geography=DE"}) == render_template(
        template, {**shared, "group": "reps/geography=DE"}) == \
        "Reps: use Q&A in reps/geography=DE ({nowhere})"


def test_a_value_filled_in_first_is_never_read_as_a_placeholder():
    pieces = partial_template("{segment} in {group}", (("segment", "Team {group}"),))
    assert fill(pieces, {"group": "DE"}) == "Team {group} in DE"


@pytest.mark.parametrize("value, unit, text", [
    (1.0, cat.PERIODS, "1 period"),
    (-1.0, cat.PERIODS, "-1 period"),
    (2.0, cat.PERIODS, "2 periods"),
    (1.0, cat.HOURS, "1 hour"),
    (1.5, cat.HOURS, "1.5 hours"),
])
def test_one_period_and_one_hour_are_singular(value, unit, text):
    assert format_value(value, unit) == text


@pytest.mark.parametrize(("value", "unit", "number"), [
    (0.312, "percent", 31.2),
    (-0.12, "pp", -12.0),
    (1200.0, "count", 1200.0),
    (2.5, "hours", 2.5),
    (float("nan"), "percent", None),
])
def test_shown_number_is_the_value_in_the_unit_people_see(value, unit, number):
    assert shown_number(value, unit) == (pytest.approx(number) if number is not None else None)
