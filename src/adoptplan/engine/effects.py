"""Did it work? Each intervention's effect against comparison groups (difference in differences).

Per period, the gap is the treated group's value less the comparison groups' (member-weighted
means). The effect is the mean gap from the intervention's start on less the mean gap before it:
whatever moved the whole network moved both and cancels out. Its 95% interval comes from how
the gap varied before the start (Student's t with one degree of freedom fewer than the periods
before), so an effect no larger than the usual wobble is "no clear effect".
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine.frame import Frame
from adoptplan.engine.statistics import t_quantile

BEFORE = 8
"""At most this many periods before the start are compared with."""
AFTER = 4
"""The effect is read from the start to the evaluated period, at most this many after `to`."""
MINIMUM_BEFORE = 3
"""Fewer periods before the start with a value give no interval: not enough history."""

Values = Callable[[str], np.ndarray | None]  # metric -> [group, period] values, None if unknown


def _selected(frame: Frame, selection: m.Selection) -> list[int]:
    """The rows a selection names: whole segments, or their groups with one of the values."""
    rows: list[int] = []
    for segment in selection.segments:
        if selection.dimension is None:
            rows += frame.rows(segment.text, None).tolist()
            continue
        wanted = {v.value for v in selection.values}
        for row in frame.rows(segment.text, selection.dimension.text).tolist():
            value = dict(frame.groups[row].dimensions).get(selection.dimension.text)
            if not wanted or value in wanted:
                rows.append(row)
    return rows


def _default_comparison(frame: Frame, treated: m.Selection, busy: set[int]) -> list[int]:
    """The breakdown's other groups, or for a whole segment the other segments, that no other
    intervention treated at the same time."""
    segment = treated.segments[0].text
    if treated.dimension is not None:
        candidates = frame.rows(segment, treated.dimension.text).tolist()
    else:
        candidates = [row for row, group in enumerate(frame.groups)
                      if not group.dimensions and group.segment != segment]
    return [row for row in candidates if row not in busy]


def _index(frame: Frame, period: str) -> int | None:
    return frame.periods.index(period) if period in frame.periods else None


def _weighted(values: np.ndarray, sizes: np.ndarray | None, rows: list[int],
              span: range) -> np.ndarray:
    """Per period of `span`: the member-weighted mean of the rows' values (plain without sizes);
    NaN where any row has none, so a period's gap is between the same groups."""
    block = values[rows][:, span.start:span.stop]
    if sizes is None:
        return block.mean(axis=0)
    weights = sizes[rows][:, span.start:span.stop]
    weights = np.where(np.isnan(weights), 1.0, weights)
    return (block * weights).sum(axis=0) / weights.sum(axis=0)


def measure(intervention: m.Intervention, frame: Frame, values: Values, floor: float,
            busy: set[int], unit: str) -> r.Effect:
    """The effect of one intervention on the frame. `busy`: rows other interventions treated
    while it ran (no default comparison); `floor`: the privacy minimum group size."""
    treated_sel = intervention.scope
    label = intervention.name.text
    base = r.Effect(
        intervention=label, title=intervention.title.value if intervention.title else label,
        segment=treated_sel.segments[0].text,
        dimensions=tuple((treated_sel.dimension.text, v.value) for v in treated_sel.values)
        if treated_sel.dimension else (),
        kind=intervention.kind.text if intervention.kind else "",
        measure=intervention.measure.text, unit=unit, starts=intervention.starts.text,
        ends=intervention.ends.text, status=r.MEASURED,
        expect=intervention.expect.text if intervention.expect else m.INCREASE,
        path=intervention.span.path, line=intervention.span.line)
    data = values(intervention.measure.text)
    start = _index(frame, intervention.starts.text)
    if data is None:
        return _unmeasured(base, r.NOT_ENOUGH_HISTORY)
    if start is None:
        begun = frame.periods and frame.periods[0] > intervention.starts.text
        return _unmeasured(base, r.NOT_ENOUGH_HISTORY if begun else r.NOT_STARTED)
    treated = _selected(frame, treated_sel)
    small = frame.small(floor)
    if not treated:
        return _unmeasured(base, r.NOT_ENOUGH_HISTORY)
    if small[treated].any():
        return _unmeasured(base, r.GROUP_TOO_SMALL)
    compared = (_selected(frame, intervention.comparison) if intervention.comparison
                else _default_comparison(frame, treated_sel, busy))
    compared = [row for row in compared if row not in treated and not small[row]]
    if not compared:
        return _unmeasured(base, r.COMPARISON_TOO_SMALL)
    end = _index(frame, intervention.ends.text)
    last = frame.t if end is None else min(frame.t, end + AFTER)
    sizes = frame.values.get("members")
    before = range(max(0, start - BEFORE), start)
    after = range(start, last + 1)
    gap_before = (_weighted(data, sizes, treated, before)
                  - _weighted(data, sizes, compared, before))
    gap_after = _weighted(data, sizes, treated, after) - _weighted(data, sizes, compared, after)
    gap_before, gap_after = gap_before[~np.isnan(gap_before)], gap_after[~np.isnan(gap_after)]
    counted = {"before": int(gap_before.size), "after": int(gap_after.size),
               "comparison": tuple(sorted(frame.label(row) for row in compared))}
    if gap_before.size < MINIMUM_BEFORE or not gap_after.size:
        return _unmeasured(base, r.NOT_ENOUGH_HISTORY, **counted)
    effect, low, high = did_interval(gap_before, gap_after)
    return attrs.evolve(base, status=r.MEASURED, verdict=verdict(low, high, base.expect),
                        effect=effect, low=low, high=high, **counted)


def verdict(low: float, high: float, expect: str) -> str:
    """In words, from the interval and the way the measure should move: an interval wholly on
    the wished side worked, wholly on the other made it worse, across 0 says nothing clear."""
    wished, unwished = (low > 0, high < 0) if expect != m.DECREASE else (high < 0, low > 0)
    return r.WORKED if wished else r.MADE_IT_WORSE if unwished else r.NO_CLEAR_EFFECT


def did_interval(gap_before: np.ndarray, gap_after: np.ndarray) -> tuple[float, ...]:
    """The difference in differences and its 95% interval: the standard error of a difference
    of two means, each period's gap varying as it did before the start."""
    effect = float(gap_after.mean() - gap_before.mean())
    spread = float(gap_before.std(ddof=1))
    error = spread * math.sqrt(1 / gap_before.size + 1 / gap_after.size)
    quantile = t_quantile(0.975, gap_before.size - 1)
    return effect, effect - quantile * error, effect + quantile * error


def _unmeasured(base: r.Effect, status: str, **counted) -> r.Effect:
    return attrs.evolve(base, status=status, **counted)


def _busy(playbook: m.Playbook, frame: Frame, this: m.Intervention) -> set[int]:
    """Rows other interventions treated in a window overlapping this one's."""
    rows: set[int] = set()
    for other in playbook.interventions:
        if other is this or other.scope is None or other.starts is None or other.ends is None:
            continue
        if other.starts.text <= this.ends.text and this.starts.text <= other.ends.text:
            rows.update(_selected(frame, other.scope))
    return rows


def intervention_effects(playbook: m.Playbook, frame: Frame, values: Values, floor: float,
                         units: Callable[[str], str]) -> tuple[r.Effect, ...]:
    """The effect of each complete intervention (those `check` accepts), in playbook order."""
    found = []
    for intervention in playbook.interventions:
        if None in (intervention.scope, intervention.starts, intervention.ends,
                    intervention.measure) or len(intervention.scope.segments) != 1:
            continue
        found.append(measure(intervention, frame, values, floor,
                             _busy(playbook, frame, intervention),
                             units(intervention.measure.text)))
    return tuple(found)

