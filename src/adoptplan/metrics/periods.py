"""Periods in metrics files: canonical ISO weeks, months and dates, and what to say if not one."""

from __future__ import annotations

import datetime as dt
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
