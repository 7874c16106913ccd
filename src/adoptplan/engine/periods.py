"""Period arithmetic: ISO weeks, months and dates as positions on one time axis."""

from __future__ import annotations

import datetime as dt
import functools
import re

from adoptplan.metrics import periods as written

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def start_date(period: str) -> dt.date:
    """The first day of a period. Raises ValueError for text that is not a period."""
    if match := WEEK.match(period):
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    if match := MONTH.match(period):
        return dt.date(int(match[1]), int(match[2]), 1)
    if DATE.match(period):
        return dt.date.fromisoformat(period)
    raise ValueError(f"not a period: {period!r}")


def kind_of(period: str) -> str:
    if WEEK.match(period):
        return "week"
    if MONTH.match(period):
        return "month"
    if DATE.match(period):
        return "date"
    raise ValueError(f"not a period: {period!r}")


def ordinal(period: str) -> int:
    """A position on the axis of the period's kind: consecutive periods differ by one."""
    kind = kind_of(period)
    day = start_date(period)
    if kind == "week":
        return day.toordinal() // 7
    if kind == "month":
        return day.year * 12 + day.month - 1
    return day.toordinal()


def from_ordinal(value: int, kind: str) -> str:
    if kind == "week":
        year, week, _ = dt.date.fromordinal(value * 7 + 1).isocalendar()
        # the ordinal of a Monday is 1 mod 7, so value * 7 + 1 is that Monday
        return f"{year:04d}-W{week:02d}"
    if kind == "month":
        return f"{value // 12:04d}-{value % 12 + 1:02d}"
    return dt.date.fromordinal(value).isoformat()


@functools.lru_cache(maxsize=16)
def contiguous(periods: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Every week or month from the first period to the last, so `N periods ago` is calendar-true.

    Dates have no fixed spacing; they are kept as given and counted by position. Remembered: the
    frames of one history ask for the same axis.
    """
    if not periods or kind == "date":
        return periods
    first, last = ordinal(periods[0]), ordinal(periods[-1])
    return tuple(from_ordinal(value, kind) for value in range(first, last + 1))


def chosen_period(at: str | None, periods: tuple[str, ...], kind: str) -> str:
    """The period to evaluate: the latest by default, else `at` as the history spells it (a
    loosely written one, 2026-w5, is read as 2026-W05). Raises ValueError saying whether `at` is
    no period at all, another kind of period, or one the history does not hold."""
    if at is None or not at.strip():  # `--at "$PERIOD"` with the variable unset: the latest
        return periods[-1]
    at = at.strip()
    canonical = at if written.period_kind(at) else written.suggest(at)
    if canonical in periods:
        return canonical
    span = f"{periods[0]} to {periods[-1]}"
    given = written.period_kind(canonical or "")
    if given is None:
        raise ValueError(f"'{at}' is not a period: expected {written.EXPECTED}")
    if given != kind:
        raise ValueError(f"{at} is a {given}, but the metrics hold {written.NAMES[kind]} ({span})")
    raise ValueError(f"period {at} is not in the metrics ({span})")
