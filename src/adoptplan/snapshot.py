"""The metrics model: a columnar history of values per group and period, free of any file I/O.

The engine evaluates a condition for every group at once, so each metric is one float array of
shape (groups, periods) rather than a list of rows; NaN marks a value the data does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from adoptplan.model import frozen

if TYPE_CHECKING:
    import numpy

PERIOD_KINDS: tuple[str, ...] = ("week", "month", "date")


@frozen(order=True)
class Group:
    """A segment, or a part of it broken down by dimensions such as geography or device."""

    segment: str
    dimensions: tuple[tuple[str, str], ...] = ()  # sorted (dimension, value); () = whole segment

    def label(self) -> str:
        """`reps`, `reps/geography=DE`, `reps/device=mobile,geography=DE`."""
        if not self.dimensions:
            return self.segment
        return self.segment + "/" + ",".join(f"{name}={value}" for name, value in self.dimensions)


def _frozen_mapping(values: Mapping[str, numpy.ndarray]) -> Mapping[str, numpy.ndarray]:
    """Sorted by metric name and read-only, so iteration order never depends on file order."""
    return MappingProxyType(dict(sorted(values.items())))


@frozen(eq=False)
class History:
    """Every metric value the data has, as `values[metric][group index, period index]`.

    Loaded metrics are laid out period by period in memory (the transpose of a C-ordered
    (period, group) array): the engine reads one period of every group at a time, so a period's
    values are contiguous. Any layout reads the same; others are only slower.

    Percentages are stored as ratios (42% is 0.42); the group size `members` is a metric too.
    `period_kind` is "week", "month" or "date" ("" for an empty history).
    """

    period_kind: str
    periods: tuple[str, ...]  # ascending, canonical text: 2026-W05, 2026-01, 2026-01-31
    groups: tuple[Group, ...]  # sorted
    values: Mapping[str, numpy.ndarray] = attrs.field(converter=_frozen_mapping)
    # a playbook test's made-up groups: one without a size is not withheld as of unknown size
    made_up: bool = False

    def metrics(self) -> frozenset[str]:
        return frozenset(self.values)

    def group_index(self) -> Mapping[Group, int]:
        return {group: index for index, group in enumerate(self.groups)}

    def period_index(self, period: str) -> int:
        """The column of `period`. Raises KeyError when the history does not have it."""
        try:
            return self.periods.index(period)
        except ValueError:
            raise KeyError(period) from None

    @classmethod
    def empty(cls) -> History:
        return cls("", (), (), {})
