"""Periods: ISO weeks, months and dates, parsed here and nowhere else.

Playbooks, metrics files, playbook tests, the engine and ingest all read and reckon periods
through these functions: one spelling of a period (2026-W05, 2026-01, 2026-01-31), one way to say
why a text is not one, and one time axis on which consecutive periods differ by one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LOOSE_WEEK = re.compile(r"(\d{4})\s*-?\s*[wW]\s*(\d{1,2})")
_LOOSE_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_LOOSE_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")

EXAMPLES: dict[str, str] = {"week": "2026-W05", "month": "2026-01", "date": "2026-01-31"}
NAMES: dict[str, str] = {"week": "ISO weeks", "month": "months", "date": "dates"}
EXPECTED = "an ISO week like 2026-W05, a month like 2026-01 or a date like 2026-01-31"


def period_kind(text: str) -> str | None:
    """"week", "month" or "date" for a canonical, real period; None for anything else.

    Only the canonical spelling counts (2026-W05, not 2026-w5), so a period has one text and the
    history can be sorted and matched as text.
    """
    try:
        if match := _WEEK.fullmatch(text):
            dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return "week"
        if match := _MONTH.fullmatch(text):
            dt.date(int(match[1]), int(match[2]), 1)
            return "month"
        if match := _DATE.fullmatch(text):
            dt.date(int(match[1]), int(match[2]), int(match[3]))
            return "date"
    except ValueError:
        return None
    return None


def suggest(text: str) -> str | None:
    """The canonical spelling of a period written loosely (2026-w5 -> 2026-W05), if it is one."""
    text = text.strip()
    candidates = []
    if match := _LOOSE_WEEK.fullmatch(text):
        candidates.append(f"{match[1]}-W{int(match[2]):02d}")
    if match := _LOOSE_DATE.fullmatch(text):
        candidates.append(f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}")
    if match := _LOOSE_MONTH.fullmatch(text):
        candidates.append(f"{match[1]}-{int(match[2]):02d}")
    return next((c for c in candidates if c != text and period_kind(c)), None)


def start_date(period: str) -> dt.date:
    """The first day of a period. Raises ValueError for text that is not a period."""
    if match := _WEEK.fullmatch(period):
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    if match := _MONTH.fullmatch(period):
        return dt.date(int(match[1]), int(match[2]), 1)
    if _DATE.fullmatch(period):
        return dt.date.fromisoformat(period)
    raise ValueError(f"not a period: {period!r}")


def kind_of(period: str) -> str:
    if _WEEK.fullmatch(period):
        return "week"
    if _MONTH.fullmatch(period):
        return "month"
    if _DATE.fullmatch(period):
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


def containing(period: str, kind: str) -> str | None:
    """The week or month a date falls in (2014-08-06 -> 2014-W32 or 2014-08); the period itself
    when it is of that kind already; None when it cannot be said (a week spans two months)."""
    given = kind_of(period)
    if given == kind:
        return period
    if given != "date":
        return None
    if kind == "week":
        year, week, _ = dt.date.fromisoformat(period).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return period[:7] if kind == "month" else None


def chosen_period(at: str | None, periods: tuple[str, ...], kind: str) -> str:
    """The period to evaluate: the latest by default, else `at` as the history spells it (a
    loosely written one, 2026-w5, is read as 2026-W05; a date as the week or month it falls in).
    Raises ValueError saying whether `at` is no period at all, another kind of period, or one the
    history does not hold."""
    if at is None or not at.strip():  # `--at "$PERIOD"` with the variable unset: the latest
        return periods[-1]
    at = at.strip()
    canonical = at if period_kind(at) else suggest(at)
    if canonical in periods:
        return canonical
    span = f"{periods[0]} to {periods[-1]}"
    given = period_kind(canonical or "")
    if given is None:
        raise ValueError(f"'{at}' is not a period: expected {EXPECTED}")
    resolved = containing(canonical, kind)
    if resolved is None:
        raise ValueError(f"{at} is a {given}, but the metrics hold {NAMES[kind]} ({span})")
    if resolved in periods:
        return resolved
    shown = at if resolved == at else f"{at} ({resolved})"
    raise ValueError(f"period {shown} is not in the metrics ({span})")


def period_problem(text: str) -> str | None:
    """Why `2026-W60` or `2026-13` is not a period, or None."""
    week, month, date = _WEEK.fullmatch(text), _MONTH.fullmatch(text), _DATE.fullmatch(text)
    found = week or month or date
    if found is None:
        return "not a period"
    year = found[1]
    if not 1 <= int(year) <= 9999:
        return "years run from 0001 to 9999"
    if week is not None:
        last = dt.date(int(year), 12, 28).isocalendar()[1]
        return None if 1 <= int(week[2]) <= last else f"{year} has weeks W01 to W{last}"
    if not 1 <= int(found[2]) <= 12:
        return "months run from 01 to 12"
    if date is not None:
        try:
            dt.date(int(year), int(found[2]), int(found[3]))
        except ValueError:
            return "there is no such day"
    return None


def period_range(text: str) -> str:
    """The periods there are around a wrong one: `2026 has weeks 2026-W01 to 2026-W53`."""
    if not (_WEEK.fullmatch(text) or _MONTH.fullmatch(text) or _DATE.fullmatch(text)):
        return f"write {EXPECTED}"
    year = int(text[:4])
    if not 1 <= year <= 9999:
        return "years run from 0001 to 9999"
    if match := _WEEK.fullmatch(text):
        last = dt.date(year, 12, 28).isocalendar()[1]
        return f"{match[1]} has weeks {match[1]}-W01 to {match[1]}-W{last:02d}"
    month = int(text[5:7])
    if not 1 <= month <= 12:
        return f"a year has months {text[:4]}-01 to {text[:4]}-12"
    import calendar  # start-up: only to say what is wrong with a period

    last = calendar.monthrange(year, month)[1]
    return f"{text[:7]} has days {text[:7]}-01 to {text[:7]}-{last:02d}"
