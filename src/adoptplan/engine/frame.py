"""The history as the engine reads it: a contiguous time axis, group indexes, peers, launch."""

from __future__ import annotations

import weakref
from collections.abc import Mapping

import attrs
import numpy as np

from adoptplan import periods as p
from adoptplan.engine import disclosure
from adoptplan.snapshot import Group, History


@attrs.frozen(eq=False)
class Frame:
    """Values per metric as [group, period] arrays on a gap-free axis up to the evaluated period."""

    periods: tuple[str, ...]
    groups: tuple[Group, ...]
    values: Mapping[str, np.ndarray]
    launch_index: int  # position of the launch on the axis; may lie before or after it
    peer_rows: Mapping[int, np.ndarray]  # breakdown id -> rows of that breakdown
    rows_by_key: Mapping[tuple, np.ndarray]  # (segment, dimension name or "") -> rows, sorted
    broken_down: np.ndarray  # per group: True when it is a part of a segment (has dimensions)
    labels: dict[int, str]  # row -> its group's label, made when first asked for (see `label`)

    totals: Mapping[int, int]  # breakdown id -> the row of its segment's total (-1: none)
    crossed: np.ndarray  # per group: a part of a segment by two dimensions or more
    small_groups: dict[float, np.ndarray] = attrs.field(factory=dict)  # minimum -> mask
    _has_value: list[np.ndarray] = attrs.field(factory=list)  # [group, period], made once
    unknown_size_small: bool = True  # a group of unknown size is withheld (not in made-up data)

    @property
    def t(self) -> int:
        """The evaluated period: the last of the axis."""
        return len(self.periods) - 1

    def small(self, minimum: float) -> np.ndarray:
        """Per group: withheld at the evaluated period under the floor `minimum` (see
        `withheld`)."""
        return self.withheld(minimum)[:, self.t]

    def withheld(self, minimum: float) -> np.ndarray:
        """[group, period]: the values that may not be shown under the floor `minimum`: a part
        of a segment that is small, of unknown size, or withheld with one (engine.disclosure),
        from the first such period on. Worked out once per minimum, for every group."""
        found = self.small_groups.get(minimum)
        if found is None:
            found = self.small_groups[minimum] = disclosure.withheld(
                self.values.get("members"), self.has_value(), self.broken_down,
                self.peer_rows.values(), minimum, self.unknown_size_small, self.values,
                self.amounts(), [self.totals[key] for key in self.peer_rows], self.crossed)
        return found

    def amounts(self) -> list[np.ndarray]:
        """The numbers of people subtraction could isolate among the withheld groups: their
        members, and their active people (`active_count`, or `active_members` of `members`)."""
        found = [self.values[name] for name in PEOPLE if name in self.values]
        if "active_count" not in self.values and {"active_members", "members"} <= set(
                self.values):
            found.append(self.values["active_members"] * self.values["members"])
        return found

    def has_value(self) -> np.ndarray:
        """[group, period]: the group has some value at the period."""
        if not self._has_value:
            self._has_value.append(disclosure.present(
                self.values, (len(self.groups), len(self.periods))))
        return self._has_value[0]

    def label(self, row: int) -> str:
        """A group's label (`reps/geography=DE`), made once for the history: many rules and
        runs name the same group."""
        found = self.labels.get(row)
        if found is None:
            found = self.labels[row] = self.groups[row].label()
        return found

    def rows(self, segment: str, dimension: str | None) -> np.ndarray:
        return self.rows_by_key.get((segment, dimension or ""), np.zeros(0, dtype=np.intp))


PEOPLE = ("active_count", "members")
"""The method's counts of people: a sum of them over groups is a number of people."""


def build_frame(history: History, at: str, launch: str | None) -> Frame:
    """The history up to and including `at`, reindexed so that consecutive periods are adjacent."""
    kind = history.period_kind
    known = history.periods[: history.periods.index(at) + 1]
    axis = p.contiguous(known, kind)
    position = {period: i for i, period in enumerate(history.periods)}
    take = np.array([position.get(period, -1) for period in axis], dtype=np.intp)
    present = take >= 0
    values: dict[str, np.ndarray] = {}
    gap_free = bool(present.all()) and np.array_equal(take, np.arange(len(axis)))
    for metric, column in history.values.items():
        if gap_free:  # the history's own columns, up to `at`: no copy
            out = column[:, : len(axis)]
        else:
            out = np.full((len(axis), len(history.groups)), np.nan).T  # as History lays it out
            out[:, present] = column[:, take[present]]
        out.flags.writeable = False  # shared by every node that reads it
        values[metric] = out
    return Frame(
        periods=axis,
        groups=history.groups,
        values=values,
        launch_index=_launch_index(axis, launch),
        unknown_size_small=not history.made_up,
        **_indexes(history),
    )


def _launch_index(axis: tuple[str, ...], launch: str | None) -> int:
    """Weeks and months count calendar periods, so a history that starts after the launch (or
    ends before it) still says how many periods ago the launch was; dates count by position."""
    if launch is None:
        return 0
    kind = p.kind_of(axis[0])
    if kind != "date" and p.kind_of(launch) == kind:
        return p.ordinal(launch) - p.ordinal(axis[0])
    start = p.start_date(launch)
    for index, period in enumerate(axis):
        if p.start_date(period) >= start:
            return index
    return len(axis)


_INDEXES: weakref.WeakKeyDictionary[History, dict] = weakref.WeakKeyDictionary()
"""History -> its group indexes: the frames of one history (each period evaluated, `diff`,
`explain`) share them, and they go with the history."""


def _indexes(history: History) -> dict:
    """Rows by breakdown (peers: the same segment broken down by the same dimensions; every
    whole segment is one breakdown) and by (segment, dimension) for the rules' scopes."""
    found = _INDEXES.get(history)
    if found is None:
        found = _INDEXES[history] = _group_indexes(history.groups)
    return found


def _group_indexes(groups: tuple[Group, ...]) -> dict:
    breakdowns: dict[tuple, list[int]] = {}
    by_key: dict[tuple, list[int]] = {}
    for row, group in enumerate(groups):
        dimensions = group.dimensions
        if not dimensions:
            breakdowns.setdefault(("", ()), []).append(row)
            by_key.setdefault((group.segment, ""), []).append(row)
        elif len(dimensions) == 1:
            key = (group.segment, dimensions[0][0])
            breakdowns.setdefault((key[0], (key[1],)), []).append(row)
            by_key.setdefault(key, []).append(row)
        else:
            names = tuple(name for name, _ in dimensions)
            breakdowns.setdefault((group.segment, names), []).append(row)
    segment_rows = {groups[rows[0]].segment: rows[0] for key, rows in by_key.items()
                    if key[1] == ""}
    return {
        "totals": {key: -1 if not segment else segment_rows.get(segment, -1)
                   for key, (segment, _) in enumerate(breakdowns)},
        "peer_rows": {key: np.array(rows, dtype=np.intp)
                      for key, rows in enumerate(breakdowns.values())},
        "rows_by_key": {k: np.array(v, dtype=np.intp) for k, v in by_key.items()},
        "broken_down": np.array([bool(g.dimensions) for g in groups], dtype=bool),
        "crossed": np.array([len(g.dimensions) > 1 for g in groups], dtype=bool),
        "labels": {},
    }
