"""The data quality report of an import or a build: what was read, who was mapped, what looks off.

Printed as a table and written as JSON beside the snapshots, so a reviewer can tell whether a
drop in a metric is the platform's or the data's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from adoptplan.report import jsontext
from adoptplan.report.table import PLAIN, Layout, fitted
from adoptplan.report.visible import visible

if TYPE_CHECKING:
    from adoptplan.ingest.rows import Row

FORMAT_VERSION = 1
EXAMPLES = 5
"""Examples listed per finding: enough to look one up, never a list of people."""
SMALL_GROUPS_LISTED = 20
FAR_DAYS = 90
"""A gap in the data of more than a quarter (and longer than the bulk lasts) sets apart the
events beyond it as far outside the bulk."""
MAX_CUTS = 10  # a bound on the cuts: each sets apart the events beyond one gap


@attrs.frozen
class InputFile:
    """One file read: its rows, how many were used, and why the others were not."""

    path: str
    kind: str  # "people", "events", an export's name
    rows: int
    used: int
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, rows), sorted by reason


@attrs.frozen
class Finding:
    """A value that looks wrong: what, how often, a few examples."""

    check: str
    count: int
    examples: tuple[str, ...] = ()


@attrs.frozen
class PartialPeriod:
    period: str
    first: str
    last: str
    covered_first: str
    covered_last: str


@attrs.frozen
class SmallGroup:
    period: str
    group: str
    members: int


@attrs.define
class Quality:
    """Everything the report says; every list sorted by an explicit key before it is shown."""

    command: str
    period: str
    inputs: list[InputFile] = attrs.field(factory=list)
    directory_people: int = 0
    segment_people: dict[str, int] = attrs.field(factory=dict)
    no_segment: int = 0
    several_segments: int = 0
    people_active: int = 0  # distinct people in the activity data
    not_in_directory: int = 0  # of them, unknown to the directory
    not_in_directory_examples: tuple[str, ...] = ()
    not_in_segment: int = 0  # known to the directory but in no segment
    periods: list[str] = attrs.field(factory=list)
    partial: list[PartialPeriod] = attrs.field(factory=list)
    minimum: int = 0
    small_groups: list[SmallGroup] = attrs.field(factory=list)
    findings: list[Finding] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)

    def look_wrong(self, check: str, count: int, examples: Iterable[str] = ()) -> None:
        """Record a finding when anything was found."""
        if count:
            shown = tuple(sorted(set(examples)))[:EXAMPLES]
            self.findings.append(Finding(check, int(count), shown))

    def as_dict(self) -> dict:
        return {
            "format_version": FORMAT_VERSION,
            "command": self.command,
            "period": self.period,
            "inputs": [attrs.asdict(i) | {"skipped": dict(i.skipped)}
                       for i in sorted(self.inputs, key=lambda i: (i.kind, i.path))],
            "people": {
                "directory": self.directory_people,
                "in_segments": sum(self.segment_people.values()),
                "by_segment": dict(sorted(self.segment_people.items())),
                "in_no_segment": self.no_segment,
                "in_several_segments": self.several_segments,
            },
            "activity": {
                "people": self.people_active,
                "not_in_directory": self.not_in_directory,
                "not_in_directory_examples": list(self.not_in_directory_examples),
                "in_no_segment": self.not_in_segment,
            },
            "periods": {
                "count": len(self.periods),
                "first": self.periods[0] if self.periods else None,
                "last": self.periods[-1] if self.periods else None,
                "partial": [attrs.asdict(p) for p in sorted(self.partial,
                                                              key=lambda p: p.period)],
            },
            "small_groups": {
                "minimum": self.minimum,
                "count": len(self.small_groups),
                "groups": [attrs.asdict(g) for g in self._small_sorted()[:SMALL_GROUPS_LISTED]],
            },
            "look_wrong": [attrs.asdict(f) | {"examples": list(f.examples)}
                           for f in sorted(self.findings, key=lambda f: f.check)],
            "notes": sorted(self.notes),
        }

    def _small_sorted(self) -> list[SmallGroup]:
        return sorted(self.small_groups, key=lambda g: (g.period, g.group))

    def to_json(self) -> str:
        return jsontext.dumps(self.as_dict())

    def render(self, layout: Layout = PLAIN) -> str:
        """The report as a table for the terminal, laid out by rich to the layout's width (a
        long path or value folds inside its column)."""
        data = self.as_dict()
        people, activity, periods = data["people"], data["activity"], data["periods"]
        rows: list[tuple[str, str]] = []
        for item in data["inputs"]:
            skipped = ", ".join(f"{reason} {count}" for reason, count in item["skipped"].items())
            rows.append((f"{item['kind']} {item['path']}",
                         f"{item['rows']} rows, {item['used']} used"
                         + (f" ({skipped} skipped)" if skipped else "")))
        rows.append(("people in the directory", str(people["directory"])))
        for segment, count in people["by_segment"].items():
            rows.append((f"  in segment {segment}", str(count)))
        rows.append(("  in no segment", str(people["in_no_segment"])))
        if people["in_several_segments"]:
            rows.append(("  in several segments", str(people["in_several_segments"])))
        rows.append(("people in the activity data", str(activity["people"])))
        rows.append(("  not in the directory", _with_examples(
            activity["not_in_directory"], activity["not_in_directory_examples"])))
        rows.append(("  in no segment", str(activity["in_no_segment"])))
        if periods["count"]:
            rows.append(("periods", f"{periods['count']}: {periods['first']} to {periods['last']}"))
        for part in periods["partial"]:
            rows.append((f"  partial {part['period']}",
                         f"data covers {part['covered_first']} to {part['covered_last']} of "
                         f"{part['first']} to {part['last']}"))
        small = data["small_groups"]
        rows.append((f"groups below {small['minimum']} members", str(small["count"])))
        for finding in data["look_wrong"]:
            rows.append((f"looks wrong: {finding['check']}",
                         _with_examples(finding["count"], finding["examples"])))
        for note in data["notes"]:
            rows.append(("note", note))
        grid = Table.grid(padding=(0, 2, 0, 0))
        longest = max(len(label) for label, _ in rows)
        grid.add_column(overflow="fold", min_width=min(longest, layout.width // 2 - 2))
        grid.add_column(overflow="fold")
        for label, value in rows:
            grid.add_row(Text(visible(label)), Text(visible(value)))
        return fitted(layout, Text("data quality"), Padding(grid, (0, 0, 0, 2))) + "\n"


def add_row_quality(quality: Quality, rows: Sequence[Row], minimum: int) -> None:
    """Groups below the minimum size, and more active people than members."""
    for row in rows:
        members = row.values.get("members")
        if row.dimensions and members is not None and members < minimum:
            quality.small_groups.append(SmallGroup(row.period, row.label(), int(members)))
    over = [f"{r.label()} in {r.period}" for r in rows
            if (r.values.get("active_count") or 0) > (r.values.get("members") or 0)]
    quality.look_wrong("more active people than members", len(over), over)


def bulk_of(events: Mapping[dt.date, int], far: int = FAR_DAYS) -> tuple[dt.date, dt.date]:
    """The first and last day of the bulk of the data, from the events per day.

    The days are cut at their widest gap when it is more than `far` days and longer than the
    side with more events lasts: the side with fewer events lies far outside (a stray
    1970-01-01 row before a year of data), and the rest is cut again the same way.
    """
    days = sorted(day for day, count in events.items() if count > 0)
    for _ in range(MAX_CUTS):
        if len(days) < 2:
            break
        gaps = [(after - before).days for before, after in zip(days, days[1:])]
        widest = max(gaps)
        cut = gaps.index(widest) + 1
        sides = days[:cut], days[cut:]
        weights = [sum(events[day] for day in side) for side in sides]
        if weights[0] == weights[1]:
            break
        bulk = sides[0] if weights[0] > weights[1] else sides[1]
        if widest <= max(far, (bulk[-1] - bulk[0]).days):
            break
        days = bulk
    return days[0], days[-1]


def _with_examples(count: int, examples: Sequence[str]) -> str:
    if not count:
        return "0"
    return f"{count} (e.g. {', '.join(examples)})" if examples else str(count)
