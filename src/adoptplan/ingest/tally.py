"""People's activity in one period, tallied into snapshot rows per segment and dimension value.

`metrics import` uses it for per-user exports; the formulas are those of sql/snapshot.sql, which
`metrics build` runs on raw events, and a test holds the two to the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np

from adoptplan.ingest.rows import Row
from adoptplan.ingest.setup import UNKNOWN, Breakdown, Setup
from adoptplan.ingest.snapshots import derive


@attrs.define
class Activity:
    """What each person of the segments did in one period (arrays by People position)."""

    active: np.ndarray  # bool
    directory_active: np.ndarray  # bool per directory row: whether managers were active
    counts: dict[str, np.ndarray] = attrs.field(factory=dict)  # metric -> float
    devices: dict[str, np.ndarray] = attrs.field(factory=dict)  # device class -> bool

    @classmethod
    def empty(cls, people: int, directory: int) -> Activity:
        return cls(np.zeros(people, dtype=bool), np.zeros(directory, dtype=bool))

    def add(self, metric: str, person: int, value: float) -> None:
        if metric not in self.counts:
            self.counts[metric] = np.zeros(len(self.active))
        self.counts[metric][person] += value

    def device(self, name: str) -> np.ndarray:
        if name not in self.devices:
            self.devices[name] = np.zeros(len(self.active), dtype=bool)
        return self.devices[name]


def _labels(breakdown: Breakdown, end_day: int) -> np.ndarray:
    """Each person's value of a person dimension in the period ending on `end_day`."""
    if breakdown.source == "age":
        assert breakdown.since is not None and breakdown.dimension is not None
        ages = end_day - breakdown.since
        buckets = np.searchsorted(np.array(breakdown.dimension.days), ages, side="right")
        labels = np.array(breakdown.dimension.labels, dtype=object)[np.minimum(
            buckets, len(breakdown.dimension.days))]
        return np.where(np.isnan(ages) | (ages < 0), UNKNOWN, labels)
    assert breakdown.values is not None
    return breakdown.values


def tally(setup: Setup, breakdowns: Mapping[str, Breakdown], period: str, end_day: int,
          activity: Activity) -> list[Row]:
    """Rows for every segment, whole and broken down by the dimensions it asks for.

    A person dimension splits the segment's people; an event dimension (the device of an
    export) counts a person under each device they used, and its members are the people who
    used it (a group's own size, as the privacy floor needs).
    """
    people = setup.people
    member = people.joined <= end_day  # NaN (never joined) compares False
    managers = _manager_activity(setup, activity)
    rows = []
    for index, segment in enumerate(setup.segments):
        inside = people.segment == index
        groups: list[tuple[tuple[tuple[str, str], ...], np.ndarray, np.ndarray | None]] = [
            ((), inside, None)]
        for name in setup.segment_dimensions.get(segment, ()):
            breakdown = breakdowns.get(name)
            if breakdown is None:  # a dimension the data cannot give (warned about)
                continue
            if breakdown.source == "event":
                for device, used in sorted(activity.devices.items()):
                    groups.append((((name, device),), inside, inside & used))
                continue
            labels = _labels(breakdown, end_day)
            for value in sorted(set(labels[inside].tolist())):
                groups.append((((name, value),), inside & (labels == value), None))
        for dimensions, who, device_active in groups:
            row = _row(period, segment, dimensions, who, member, activity, people.organic,
                       managers, device_active)
            if dimensions and not row.values["active_count"] and (
                    device_active is not None or not row.values["members"]):
                continue  # a value no one has, or a device no one used
            rows.append(row)
    return rows


def _manager_activity(setup: Setup, activity: Activity) -> tuple[np.ndarray, np.ndarray] | None:
    """Each person's manager (an id, "" if none) and whether that manager was active."""
    if setup.directory.manager_column(setup.settings.manager) is None:
        return None
    index = setup.directory.index()
    active = np.array([bool(activity.directory_active[index[m]]) if m in index else False
                       for m in setup.people.manager.tolist()], dtype=bool)
    return setup.people.manager, active


def _row(period: str, segment: str, dimensions: tuple, who: np.ndarray, member: np.ndarray,
         activity: Activity, organic: np.ndarray,
         managers: tuple[np.ndarray, np.ndarray] | None,
         device_active: np.ndarray | None) -> Row:
    counts: dict[str, float | None] = {"members": float(np.sum(who & member))}
    if device_active is not None:  # a device: who used it, nothing else is known per device
        counts["members"] = float(np.sum(device_active))  # its size: the people seen with it
        counts["active_count"] = float(np.sum(device_active & activity.active))
        return Row(period, segment, dimensions, derive(counts))
    counts["active_count"] = float(np.sum(who & activity.active))
    for metric, values in sorted(activity.counts.items()):
        counts[metric] = float(np.sum(values[who]))
    if "posts" in activity.counts:
        counts["organic_content"] = float(np.sum(activity.counts["posts"][who] * organic[who]))
    if managers is not None:
        ids, active = managers
        mine = who & member & (ids != "")
        counts["managers"] = float(len(set(ids[mine].tolist())))
        counts["managers_active_count"] = float(len(set(ids[mine & active].tolist())))
    return Row(period, segment, dimensions, derive(counts))
