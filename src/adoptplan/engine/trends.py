"""The history a result carries: each segment's and each large enough group's headline metrics."""

from __future__ import annotations

import numpy as np

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine.frame import Frame

HEADLINE = ("members", "active_members", "organic_content", "organic_content_growth",
            "social_reach")
"""The method's headline metrics (active members %, organic content and its growth, average
social reach) and the group size they are read against."""


def history_series(playbook: m.Playbook, frame: Frame, minimum: float) -> tuple[r.Series, ...]:
    """Each segment of the playbook, then its groups, over the frame's periods.

    A group (a part of a segment) is shown only when it is withheld at no period (its size known
    and at least `minimum`, and not withheld with a small group): a works council must never
    find a small group's numbers here, nor work them out from its siblings. A segment's own
    values are blank from a period its total is withheld (a breakdown of one small group).
    """
    metrics = [name for name in HEADLINE if name in frame.values]
    titles = {s.name.text: s.title.value if s.title else s.name.text for s in playbook.segments}
    withheld = frame.withheld(minimum)
    shown = _large_enough(frame, metrics, withheld)
    rows_of: dict[str, list[int]] = {}
    for row, group in enumerate(frame.groups):
        if shown[row] or not group.dimensions:
            rows_of.setdefault(group.segment, []).append(row)
    rows = [row for segment in playbook.segments
            for row in sorted(rows_of.get(segment.name.text, []),
                              key=lambda row: frame.groups[row].dimensions)]
    # a segment's total: blank from when it is withheld
    values = [_values(np.where(withheld[rows], np.nan, frame.values[name][rows]))
              for name in metrics]
    return tuple(
        r.Series(segment=group.segment, title=titles[group.segment],
                 dimensions=group.dimensions,
                 metrics=tuple(zip(metrics, (column[index] for column in values))))
        for index, group in enumerate(frame.groups[row] for row in rows))


def _values(block: np.ndarray) -> list[tuple[float | None, ...]]:
    """Each row of `block` as a tuple, None where it has no value."""
    values = block.astype(object)
    values[~np.isfinite(block)] = None
    return [tuple(row) for row in values.tolist()]


def _large_enough(frame: Frame, metrics: list[str], withheld: np.ndarray) -> np.ndarray:
    """Per group: it has a headline value and is never withheld over the frame
    (engine.disclosure: small, of unknown size, or withheld with a small one)."""
    has_value = np.zeros(len(frame.groups), dtype=bool)
    for name in metrics:
        has_value |= np.isfinite(frame.values[name]).any(axis=1)
    return has_value & ~withheld[:, frame.t] if withheld.size else has_value
