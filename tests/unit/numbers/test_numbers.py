"""numbers.py, the one number formatter: exact spellings for playbooks, rounded ones for readers,
and every format rounding a value the same way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptplan import catalogue as cat
from adoptplan.engine.values import format_value
from adoptplan.numbers import rounded, rounded_all, shown, source
from adoptplan.report.json_report import number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_source_reads_back_to_the_same_float_and_never_in_exponent_form(amount):
    text = source(amount)
    assert float(text) == amount
    assert "e" not in text.lower()


@pytest.mark.parametrize(("amount", "text"), [
    (40.0, "40"), (0.05, "0.05"), (1e-05, "0.00001"), (1200.0, "1200"), (1e16, "10000000000000000"),
])
def test_source_spells_as_a_playbook_writes(amount, text):
    assert source(amount) == text


@pytest.mark.parametrize(("value", "places", "options", "text"), [
    (0.125, 2, {}, "0.13"),               # half-up on the shortest decimal, not the binary
    (2.675, 2, {}, "2.68"),
    (-0.0001, 2, {}, "0"),                # never "-0"
    (-0.0001, 2, {"signed": True}, "0"),
    (3.25, 1, {"signed": True}, "+3.3"),
    (-3.25, 1, {"signed": True}, "-3.3"),
    (1234567.5, 1, {"grouped": True}, "1,234,567.5"),
    (1e6, 0, {"grouped": True}, "1,000,000"),
    (2 / 3, 4, {}, "0.6667"),
    (12.0, 2, {}, "12"),
])
def test_shown_rounds_for_a_reader(value, places, options, text):
    assert shown(value, places, **options) == text


def test_shown_refuses_a_value_with_no_spelling():
    with pytest.raises(ValueError, match="nan"):
        shown(float("nan"), 2)


@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_every_format_rounds_a_value_the_same_way(value):
    """The table's values (engine) and the JSON's and comments' numbers (report) agree."""
    assert format_value(value, cat.HOURS).split(" ")[0].replace(",", "") == number(value, 1)
    assert rounded(value, 1) == float(number(value, 1))


def _rounded_by_decimal(value: float, places: int) -> int | float:
    """The definition: half-up on the shortest decimal, through Decimal for every value."""
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    with localcontext(prec=400 + places):
        exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.integers(-10**6, 10**6).map(lambda n: n / 100),
                 st.integers(-10**6, 10**6).map(lambda n: n / 8)),
       st.integers(0, 6))
def test_rounded_without_decimal_where_nothing_rounds_is_the_same(value, places):
    expected = _rounded_by_decimal(value, places)
    found = rounded(value, places)
    assert found == expected and type(found) is type(expected)


def _tie(digits: int, places: int) -> float:
    """The float read from a decimal exactly halfway between two steps of `places`."""
    return float(f"{digits}5e-{places + 1}")


NEAR_TIES = st.builds(
    lambda digits, places, sign, nudge: (sign * _nudged(_tie(digits, places), nudge), places),
    st.integers(0, 10**15), st.integers(0, 8), st.sampled_from([1, -1]), st.integers(-2, 2))


def _nudged(value: float, steps: int) -> float:
    """`value` moved `steps` floats up or down: the binary neighbours of a decimal tie."""
    import math

    for _ in range(abs(steps)):
        value = math.nextafter(value, math.inf if steps > 0 else -math.inf)
    return value


@given(NEAR_TIES)
def test_rounded_at_and_beside_every_tie_is_decimals(case):
    """Half-up on the shortest decimal, also where the float sits a hair below or above a tie:
    the float arithmetic leaves these to Decimal."""
    value, places = case
    expected = _rounded_by_decimal(value, places)
    found = rounded(value, places)
    assert found == expected and type(found) is type(expected)


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.floats(-1e12, 1e12, allow_nan=False),
                 st.floats(-1, 1, allow_nan=False),
                 st.decimals(-10**9, 10**9, places=6).map(float)),
       st.integers(0, 16))
def test_rounded_is_decimals_for_every_float(value, places):
    """The float arithmetic's answer is Decimal's, value for value (int when whole)."""
    expected = _rounded_by_decimal(value, places)
    found = rounded(value, places)
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(("value", "expected"), [
    (0.00005, 0.0001), (-0.00005, -0.0001), (0.00015, 0.0002), (2.67495, 2.675),
    (1.00005, 1.0001), (0.99995, 1), (-0.99995, -1), (-0.0, 0), (5e-324, 0),
    (2.0 ** 44, 2 ** 44), (123456789012.34565, 123456789012.3457), (1e300, 10 ** 300),
])
def test_rounded_at_four_places(value, expected):
    found = rounded(value, 4)
    assert found == expected and type(found) is type(expected)


@given(st.lists(st.one_of(st.floats(), st.floats(-1e6, 1e6), NEAR_TIES.map(lambda c: c[0]),
                          st.integers(-10**6, 10**6).map(lambda n: n / 8))),
       st.integers(0, 16))
def test_rounded_all_is_rounded_of_each(values, places):
    """The array arithmetic gives each value's `rounded`, of the same type (int when whole,
    None for NaN and the infinities)."""
    import numpy as np

    expected = [rounded(v, places) for v in values]
    found = rounded_all(np.array(values, dtype=float), places)
    assert found == expected and [type(f) for f in found] == [type(e) for e in expected]


def test_rounded_all_keeps_the_shape_and_reads_none_as_no_value():
    assert rounded_all([(0.123456, None), (2.5, -0.00005)], 4) == [[0.1235, None], [2.5, -0.0001]]
    assert rounded_all([(1.0, float("inf"))], 20) == [[1, None]]


def test_rounded_all_says_nothing_of_the_values_it_leaves_out():
    """No numpy warning reaches a user's terminal for a history with gaps."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rounded_all([float("nan"), float("inf"), -float("inf"), 1.5, 1e308], 4) == [
            None, None, None, 1.5, 10**308]
