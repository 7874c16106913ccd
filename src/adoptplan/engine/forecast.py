"""Forecast to critical mass: when each segment's active share reaches the target at its pace.

The pace is the Theil–Sen trend of the last `FORECAST_PERIODS` periods: the median of the slopes
between every two periods, so one outlier week (a holiday, an all-hands) does not move it, as it
would a least-squares line. The range comes from the slope's 95% interval (Sen's method).
"""

from __future__ import annotations

import math

import numpy as np

from adoptplan import periods as p
from adoptplan import result as r
from adoptplan.engine.frame import Frame
from adoptplan.engine.statistics import median, theil_sen

FORECAST_PERIODS = 8
"""How many recent periods the trend is fitted on: two months of weeks."""
MINIMUM_POINTS = 4
"""Fewer periods with a value than this give no trend worth a date."""
FLAT = 0.0005
"""A slope at or below this (0.05 percentage points a period) is flat: not at this pace."""
HORIZON = {"week": 104, "month": 24, "date": 730}
"""Further ahead than this (two years) is not at this pace either: no one plans on it."""


def forecast_series(periods: tuple[str, ...], values: np.ndarray, target: float) -> r.Forecast:
    """The forecast of one active-share series (one value per period of `periods`, NaN where
    missing) against `target`; the last period is now."""
    now = values[-1] if values.size else math.nan
    if not math.isnan(now) and now >= target:
        return r.Forecast(r.REACHED)
    start = max(0, len(periods) - FORECAST_PERIODS)
    x = np.arange(start, len(periods), dtype=float)
    y = values[start:]
    present = ~np.isnan(y)
    fitted = tuple(periods[int(i)] for i in x[present])
    if present.sum() < MINIMUM_POINTS:
        return r.Forecast(r.NOT_ENOUGH_HISTORY, fitted=fitted,
                          note=f"a trend needs a value in {MINIMUM_POINTS} of the last "
                               f"{FORECAST_PERIODS} periods")
    x, y = x[present], y[present]
    slope, intercept, low, high = theil_sen(y, x, alpha=0.95)
    fit = {"slope": slope, "low_slope": low, "high_slope": high,
           "intercept": float(intercept + slope * x[0]), "fitted": fitted}
    last = len(periods) - 1
    kind = p.kind_of(periods[-1])
    ahead = _ahead(slope, intercept, target, last, HORIZON[kind])
    if ahead is None:
        return r.Forecast(r.NOT_AT_THIS_PACE, **fit,
                          note="flat or falling" if slope <= FLAT else
                          "more than two years away")
    soonest = _ahead(high, median(y - high * x), target, last, HORIZON[kind])
    slowest = _ahead(low, median(y - low * x), target, last, HORIZON[kind])
    return r.Forecast(r.ON_PACE, _later(periods[-1], ahead),
                      _later(periods[-1], soonest or ahead),
                      "" if slowest is None else _later(periods[-1], slowest), **fit)


def _ahead(slope: float, intercept: float, target: float, last: int,
           horizon: int) -> int | None:
    """Periods from now until the line reaches the target (at least 1), None past the horizon."""
    if slope <= FLAT:
        return None
    ahead = max(1, math.ceil((target - intercept) / slope - last - 1e-9))
    return ahead if ahead <= horizon else None


def _later(period: str, ahead: int) -> str:
    """The period `ahead` periods after `period`; dates have no fixed spacing, so a count."""
    kind = p.kind_of(period)
    if kind == "date":
        return f"{ahead} period{'s' if ahead != 1 else ''} after {period}"
    return p.from_ordinal(p.ordinal(period) + ahead, kind)


def segment_forecast(frame: Frame, segment: str, target: float) -> r.Forecast:
    """The forecast of a segment's active share in the frame (no breakdown: the whole segment)."""
    rows = frame.rows(segment, None)
    return row_forecast(frame, int(rows[0]) if rows.size else None, target)


def row_forecast(frame: Frame, row: int | None, target: float) -> r.Forecast:
    """The forecast of one group's active share (a segment, or a group of its breakdown)."""
    active = frame.values.get("active_members")
    if row is None or active is None:
        return r.Forecast(r.NOT_ENOUGH_HISTORY, note="no active_members in the metrics")
    return forecast_series(frame.periods, np.asarray(active[row, : frame.t + 1], dtype=float),
                           target)

