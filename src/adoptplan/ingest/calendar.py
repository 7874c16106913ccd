"""Periods of snapshots as days: which period a day falls in, and each period's first and last day.

A `day` period with a window of N days is a rolling window: the period `2014-07-31` with a
7-day window holds the days 2014-07-25 to 2014-07-31, as Slack's and Yammer's own dashboards
count weekly active people.
"""

from __future__ import annotations

import datetime as dt

import attrs

PERIODS: tuple[str, ...] = ("week", "month", "day")
"""What `--period` accepts; a day period is written as a date (2014-07-31)."""


def label(day: dt.date, period: str) -> str:
    """The period a day falls in: 2014-W31, 2014-07 or 2014-07-31."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def first_day(day: dt.date, period: str, window: int = 1) -> dt.date:
    """The first day of the period that `day` labels (for a day period: of its window)."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day - dt.timedelta(days=window - 1)


def last_day(day: dt.date, period: str) -> dt.date:
    """The last day of the period that `day` falls in."""
    if period == "week":
        return day + dt.timedelta(days=6 - day.weekday())
    if period == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return day


@attrs.frozen
class Period:
    """One period of a calendar: its label, its days, and the days the data covers of it."""

    label: str
    first: dt.date
    last: dt.date
    covered_first: dt.date
    covered_last: dt.date

    @property
    def partial(self) -> bool:
        return self.covered_first > self.first or self.covered_last < self.last


def periods(first: dt.date, last: dt.date, period: str, window: int = 1) -> list[Period]:
    """Every period that holds a day from `first` to `last`, in order, with what is covered."""
    found: list[Period] = []
    day = first
    while day <= last:
        end = last_day(day, period)
        start = first_day(end, period, window)
        found.append(Period(label(end, period), start, end, max(start, first), min(end, last)))
        day = end + dt.timedelta(days=1)
    return found


def days_of(item: Period) -> list[dt.date]:
    """The days of a period the data covers: what a calendar table lists for it."""
    count = (item.covered_last - item.covered_first).days + 1
    return [item.covered_first + dt.timedelta(days=k) for k in range(count)]
