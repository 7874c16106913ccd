"""Generated organisations for the attacker's suite: segments broken down by geography, device and
location, with one, two or several groups below the privacy floor, and one that grows past it.

Each organisation is written as a metrics folder (one wide CSV per week) beside a playbook whose
rules and barriers read every breakdown; the ground truth (every group's every count) stays in
Python for the attacker to check its guesses against.
"""

from __future__ import annotations

import random
from pathlib import Path

import attrs

WEEKS = tuple(f"2026-W{week}" for week in range(40, 47))
COUNTS = ("members", "active_count", "posts", "files_shared")
"""The additive counts a snapshot holds per group: the attacker subtracts these."""
FLOOR = 10


@attrs.frozen
class Breakdown:
    segment: str
    dimension: str  # "device,geography": crossed (names in order), each value "phone,XA"
    sizes: dict[str, tuple[int, ...]]  # value -> members per week
    # value -> count -> its value every week (None: the data have none), over the random ones
    fixed: dict[str, dict[str, int | None]] = attrs.field(factory=dict)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(self.dimension.split(","))


@attrs.frozen
class Organisation:
    name: str
    breakdowns: tuple[Breakdown, ...]
    # (segment, dimension, value or "", week) -> count -> value; "" is the whole segment
    truth: dict[tuple[str, str, str, str], dict[str, int]]

    def small(self) -> list[tuple[Breakdown, str, str]]:
        """(breakdown, value, week) of every group below the floor at a week."""
        return [(b, value, week) for b in self.breakdowns for value, sizes in b.sizes.items()
                for week, size in zip(WEEKS, sizes) if size < FLOOR]

    def small_values(self) -> set[str]:
        """The dimension values of groups that are below the floor at some week (a crossed
        group's are each shown in groups of their own, so they are not told apart here)."""
        return {value for b, value, _ in self.small() if "," not in b.dimension}


def _flat(size: int) -> tuple[int, ...]:
    return (size,) * len(WEEKS)


def organisations() -> list[Organisation]:
    """One, two and several small groups; by geography, device and location."""
    return [
        _organisation("one-small", 1, [
            ("sales", "geography", {"XA": _flat(500), "XB": _flat(400), "XS": _flat(6)})]),
        _organisation("two-small", 2, [
            ("sales", "geography", {"XA": _flat(520), "XB": _flat(430), "XS": _flat(7),
                                    "XT": _flat(4)}),
            ("sales", "device", {"desktop": _flat(800), "phone": _flat(150),
                                 "kioskterm": _flat(6)})]),
        _organisation("several-small", 3, [
            ("field", "location", {"Portmere": _flat(300), "Eastholm": _flat(260),
                                   "Lowbury": _flat(40), "Smallvik": _flat(9),
                                   "Tinyford": _flat(3), "Wee Haven": _flat(2),
                                   "Grownqz": (8, 8, 8, 8, 8, 8, 45)}),
            ("field", "device", {"desktop": _flat(400), "phone": _flat(250),
                                 "watchpad": _flat(5)})]),
        # two small groups with 1 active person between them, the second with no files shared
        # or posts at all (the next smallest of each metric must be one that has a value)
        _organisation("tiny-sums", 4, [
            ("ops", "geography", {"XA": _flat(300), "XB": _flat(200), "XC": _flat(150),
                                  "XS": _flat(4), "XT": _flat(3)},
             {"XS": {"active_count": 1, "posts": 2, "files_shared": 1},
              "XT": {"active_count": 0, "posts": None, "files_shared": None}})]),
        # a segment whose only group is small: its total is that group
        _organisation("only-group", 5, [
            ("sales", "geography", {"XA": _flat(500), "XB": _flat(400), "XS": _flat(7),
                                    "XT": _flat(6)}),
            ("pilot", "geography", {"XP": _flat(6)})]),
        # geography by device beside geography and device
        _organisation("crossed", 6, [
            ("sales", "geography", {"XA": _flat(500), "XB": _flat(400)}),
            ("sales", "device", {"desktop": _flat(700), "phone": _flat(200)}),
            ("sales", "device,geography", {"desktop,XA": _flat(420), "phone,XA": _flat(80),
                                           "desktop,XB": _flat(397), "phone,XB": _flat(3)})]),
    ]


def _organisation(name: str, seed: int, specs: list[tuple]) -> Organisation:
    rng = random.Random(seed)
    breakdowns = tuple(Breakdown(*spec) for spec in specs)
    truth: dict[tuple[str, str, str, str], dict[str, int | None]] = {}
    for breakdown in breakdowns:
        for value, sizes in breakdown.sizes.items():
            for week, size in zip(WEEKS, sizes):
                active = rng.randint(size // 5, size)
                counts = {"members": size, "active_count": active,
                          "posts": active * rng.randint(2, 6),
                          "files_shared": rng.randint(1, size)}
                counts.update(breakdown.fixed.get(value, {}))
                truth[(breakdown.segment, breakdown.dimension, value, week)] = counts
    for breakdown in breakdowns:  # the whole segment: the sum of its first breakdown
        first = next(b for b in breakdowns if b.segment == breakdown.segment)
        for week in WEEKS:
            truth[(breakdown.segment, "", "", week)] = {
                count: sum(truth[(first.segment, first.dimension, v, week)][count] or 0
                           for v in first.sizes) for count in COUNTS}
    return Organisation(name, breakdowns, truth)


def playbook_text(organisation: Organisation) -> str:
    segments: dict[str, list[str]] = {}
    for breakdown in organisation.breakdowns:  # a crossed breakdown is read by no rule
        if "," not in breakdown.dimension:
            segments.setdefault(breakdown.segment, []).append(breakdown.dimension)
    text = [('playbook "Privacy drill" {\n  cadence       weekly\n  launch        2026-W41\n'
             '  critical_mass 60%\n  effort        100 hours\n}\n'),
            "param posting_floor number = 4\n", "param active_floor percent = 50%\n"]
    for segment, dimensions in segments.items():
        text.append(f'\nsegment {segment} "{segment.title()} staff" {{\n  members       1000\n'
                    f"  collaboration high\n  likelihood    high\n"
                    f"  by            {', '.join(dimensions)}\n}}\n")
        text.append(f'\npriority {segment}_growth "Grow {segment}" {{\n  for    {segment}\n}}\n')
    text.append('\ntool qna "Q&A" {\n  serves ' + ", ".join(f"{s}_growth" for s in segments)
                + "\n}\n")
    for segment, dimensions in segments.items():
        text.append(f'\nrule {segment}_quiet "{segment} is quiet" {{\n'
                    f"  when     posts_per_member < posting_floor\n  in       {segment}\n"
                    f'  do       educate "Show {{group}} what to post"\n  priority medium\n}}\n')
        for dimension in dimensions:
            name = f"{segment}_{dimension}"
            text.append(
                f'\nbarrier {name}_thin "Thin conversation" {{\n'
                f"  when     posts_per_member < posting_floor\n  in       {segment} by {dimension}\n"
                f"  severity high\n"
                f'  remedy   "Ask a manager in {{group}} to post first"\n}}\n'
                f'\nbarrier {name}_inactive "Inactive" {{\n'
                f"  when     active_members < active_floor for 2 periods\n"
                f"  in       {segment} by {dimension}\n  severity medium\n"
                f'  remedy   "Invite {{group}} to a workshop"\n}}\n'
                f'\nrule {name}_behind "Behind its peers" {{\n'
                f"  when     posts_per_member < peers(posts_per_member)\n"
                f"  in       {segment} by {dimension}\n"
                f'  do       educate "Post more in {{group}}"\n  priority low\n}}\n')
    return "".join(text)


def write(organisation: Organisation, folder: Path) -> tuple[Path, Path]:
    """The playbook and the metrics folder of the organisation."""
    playbook = folder / "drill.adopt"
    playbook.write_text(playbook_text(organisation), encoding="utf-8")
    metrics = folder / "metrics"
    metrics.mkdir()
    dimensions = sorted({d for b in organisation.breakdowns for d in b.dimensions})
    header = ["period", "segment", *dimensions, "members", "active_members", "posts",
              "files_shared", "posts_per_member"]
    for week in WEEKS:
        lines = [",".join(header)]
        for (segment, dimension, value, when), counts in sorted(organisation.truth.items()):
            if when != week:
                continue
            named = dict(zip(dimension.split(","), value.split(","))) if dimension else {}
            cells = [named.get(d, "") for d in dimensions]
            members = counts["members"]
            posts = counts["posts"]
            lines.append(",".join([week, segment, *cells, str(members),
                                   f"{100 * counts['active_count'] / members:.4f}",
                                   _cell(posts), _cell(counts["files_shared"]),
                                   "" if posts is None else f"{posts / members:.4f}"]))
        (metrics / f"{week}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return playbook, metrics


def _cell(count: int | None) -> str:
    return "" if count is None else str(count)
