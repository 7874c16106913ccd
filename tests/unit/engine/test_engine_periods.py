"""Period arithmetic: the engine's time axis."""

import pytest

from adoptplan import periods as p


@pytest.mark.parametrize("period", ["2026-W01", "2026-W40", "2020-W53", "2026-01", "2026-12",
                                    "2026-10-05"])
def test_ordinal_round_trips(period):
    assert p.from_ordinal(p.ordinal(period), p.kind_of(period)) == period


def test_contiguous_fills_gaps_across_years():
    assert p.contiguous(("2025-W51", "2026-W02"), "week") == (
        "2025-W51", "2025-W52", "2026-W01", "2026-W02")
    assert p.contiguous(("2025-11", "2026-02"), "month") == (
        "2025-11", "2025-12", "2026-01", "2026-02")


def test_dates_are_kept_as_given():
    assert p.contiguous(("2026-01-01", "2026-03-01"), "date") == ("2026-01-01", "2026-03-01")


def test_not_a_period():
    with pytest.raises(ValueError):
        p.start_date("2026-W99x")
