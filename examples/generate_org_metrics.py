"""Generate the metrics histories of the three example organisations that use the method library.

Each organisation has a short playbook in examples/<org>/playbook.adopt that includes the library
(playbooks/method) and a history written here as one wide CSV per period in examples/<org>/metrics:

    harbour-contact        a contact-centre company, weekly, seven weeks after the launch: some
                           segments passed critical mass (sustain), one fell back, agents stall
    meridian-engineering   a global engineering firm, monthly, six months after the launch:
                           geographies lag, a team went quiet, a baseline was never measured
    fernway-stores         a retailer whose frontline staff work on phones, weekly, piloting two
                           weeks before the chain-wide launch

    python examples/generate_org_metrics.py            # writes examples/<org>/metrics/*.csv
    python examples/generate_org_metrics.py --out DIR  # writes DIR/<org>/metrics/*.csv
    python examples/generate_org_metrics.py --actions  # and examples/<org>/actions.md

`--actions` writes what `adoptplan evaluate examples/<org> --metrics examples/<org>/metrics
--format markdown` prints when run from the repository's root.

The numbers are fictional, shaped so that every step and every barrier of the method fires in at
least one organisation. A segment broken down by a dimension gets one row per value, and its
whole-segment row is the sum (or the members-weighted mean) of those rows, so the two agree. The
output is byte-for-byte the same for the same seeds; a test regenerates it and compares, and
another evaluates each playbook and compares the result with the committed
examples/<org>/actions.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import random
from collections.abc import Sequence
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]

Curve = float | Sequence[tuple[int, float]]
"""A value per period: a constant, or (period index, value) points joined by straight lines."""

METRICS = (
    "members", "active_members", "posts", "reads", "likes", "files_shared", "organic_content",
    "organic_content_growth", "social_reach", "posts_per_member", "managers_active",
    "reach_top_share", "pilot_active", "pilot_feedback",
)


def at(curve: Curve, index: int) -> float:
    """The curve's value at a period index (flat before the first and after the last point)."""
    if isinstance(curve, (int, float)):
        return float(curve)
    points = sorted(curve)
    if index <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if index <= x1:
            return y0 + (y1 - y0) * (index - x0) / (x1 - x0)
    return points[-1][1]


@attrs.frozen
class Part:
    """A group of a segment (or a whole segment without a breakdown) and how it behaves."""

    size: int
    active: Curve  # share of members active, 0..1
    growth: Curve = 1.0  # members as a multiple of size (new hires join)
    posting: Curve = 1.0  # posts per member as a multiple of the usual for its activity
    files: float = 0.12  # files shared per post
    managers: Curve | None = None  # share of managers active (default: a little above active)


@attrs.frozen
class Segment:
    parts: dict[str, Part]  # dimension value -> part; "" for a segment without a breakdown
    dimension: str = ""
    reach_top_share: Curve = 0.35  # share of social reach from the top 10% of authors
    pilot_active: Sequence[tuple[int, float]] | None = None  # the pilot group, from its start
    pilot_feedback: Sequence[tuple[int, float]] | None = None
    reach_from: int = 0  # the first period the export has social reach for


@attrs.frozen
class Org:
    periods: tuple[str, ...]
    seed: int
    segments: dict[str, Segment]

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(sorted({s.dimension for s in self.segments.values() if s.dimension}))

    @property
    def metrics(self) -> tuple[str, ...]:
        """The columns it exports: pilot numbers only where something is piloted."""
        piloted = any(s.pilot_active is not None for s in self.segments.values())
        return tuple(m for m in METRICS if piloted or not m.startswith("pilot_"))


def weeks(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"2026-W{week:02d}" for week in range(first, last + 1))


def months(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"2026-{month:02d}" for month in range(first, last + 1))


def rollout(before: float, *after: tuple[int, float], launch: int) -> list[tuple[int, float]]:
    """Flat at `before` up to the launch, then through the given points."""
    return [(0, before), (launch, before), *after]


# ------------------------------------------------------------------------- the organisations


def _harbour() -> Org:
    """Contact centre, launch 2026-W37 (index 4), critical mass 55%, evaluated at 2026-W44."""

    def agents(end: float, **more) -> Part:
        size = more.pop("size")
        return Part(size, rollout(0.16, (9, end - 0.02), (11, end), launch=4),
                    growth=[(9, 1.0), (11, 1.06)], posting=[(9, 1.0), (11, 0.8)], **more)

    def leads(size: int) -> Part:
        return Part(size, rollout(0.25, (7, 0.70), launch=4))

    return Org(weeks(33, 44), seed=11, segments={
        "agents": Segment(dimension="geography", parts={
            "PH": agents(0.53, size=620, files=0.02),  # hesitant to share files
            "IN": agents(0.51, size=540),
            "ZA": agents(0.31, size=260, managers=0.18),  # managers keep agents off it
            "UK": agents(0.55, size=480),
            "US": agents(0.54, size=500),
        }),
        "team_leads": Segment(dimension="geography", reach_top_share=0.64, parts={
            "PH": leads(50), "IN": leads(45), "ZA": leads(25), "UK": leads(45), "US": leads(45),
        }),
        "quality": Segment({"": Part(60, [(0, 0.2), (4, 0.2), (7, 0.62), (8, 0.63),
                                         (11, 0.42)])}),  # reached critical mass, fell back
        "workforce": Segment({"": Part(45, rollout(0.1, (11, 0.42), launch=4),
                                       posting=0.3)}),  # visit, read, hardly post
    })


def _meridian() -> Org:
    """Engineering firm, launch 2026-04 (index 3), critical mass 50%, evaluated at 2026-10."""

    def design(end: float, size: int) -> Part:
        return Part(size, rollout(0.1, (9, end), launch=3))

    def site(end: float, size: int, **more) -> Part:
        return Part(size, rollout(0.1, (7, end - 0.01), (9, end), launch=3), posting=0.35,
                    **more)

    return Org(months(1, 10), seed=23, segments={
        "design_engineers": Segment(dimension="geography", parts={
            "DE": design(0.42, 900), "US": design(0.42, 800), "IN": design(0.40, 700),
            "JP": design(0.15, 400),  # a geography lagging its peers
            "BR": design(0.40, 400),
        }),
        "site_engineers": Segment(dimension="geography", parts={
            "DE": site(0.36, 400), "US": site(0.36, 400), "IN": site(0.36, 300),
            "BR": site(0.20, 350, managers=0.12),  # managers discourage time on it
            "CN": site(0.36, 350),
        }),
        "project_managers": Segment({"": Part(600, [(0, 0.15), (3, 0.15), (6, 0.48), (7, 0.46),
                                                    (9, 0.22)])}),  # once active, now quiet
        "procurement": Segment({"": Part(250, rollout(0.08, (9, 0.25), launch=3))},
                               reach_from=3),  # social reach only exported from the launch
    })


def _fernway() -> Org:
    """Retailer, launch 2026-W46 (after the history), critical mass 40%, evaluated at 2026-W44."""
    return Org(weeks(33, 44), seed=37, segments={
        "store_staff": Segment(
            dimension="device",
            parts={"mobile": Part(4400, 0.05), "terminal": Part(800, 0.04)},
            pilot_active=[(5, 0.22), (11, 0.38)],  # the pilot stores use it too little
            pilot_feedback=[(5, 0.55), (11, 0.71)],
        ),
        "store_managers": Segment(dimension="device", parts={
            "mobile": Part(200, 0.09),  # the phone app asks for the VPN: a device class lags
            "desktop": Part(140, 0.30),
        }),
        "merchandising": Segment(
            {"": Part(280, [(0, 0.30), (11, 0.35)])},
            reach_top_share=0.72,  # a few buyers post everything
            pilot_active=[(6, 0.50), (11, 0.64)], pilot_feedback=[(6, 0.78), (11, 0.8)],
        ),
        "seasonal": Segment({"": Part(1100, 0.02)}),
    })


ORGS: dict[str, Org] = {
    "harbour-contact": _harbour(),
    "meridian-engineering": _meridian(),
    "fernway-stores": _fernway(),
}


# ------------------------------------------------------------------------------------ rows


class Generator:
    """The rows of one organisation, period by period."""

    def __init__(self, org: Org):
        self.org = org
        self.random = random.Random(org.seed)

    def noise(self, scale: float) -> float:
        return self.random.uniform(-scale, scale)

    def part(self, part: Part, index: int) -> dict[str, float]:
        """Raw numbers of one group in one period."""
        members = round(part.size * at(part.growth, index))
        active = max(0.0, min(1.0, at(part.active, index) + self.noise(0.004)))
        per_member = (0.1 + 1.6 * active) * at(part.posting, index) + self.noise(0.01)
        posts = round(members * per_member)
        reads = round(posts * (15 + self.noise(1)))
        managers = at(part.managers, index) if part.managers is not None else min(0.95,
                                                                                 active + 0.25)
        return {
            "members": members, "active": active, "posts": posts, "reads": reads,
            "likes": round(reads * 0.1), "files_shared": round(posts * part.files),
            "organic_content": round(posts * 0.85),
            "social_reach": 8 + 14 * active + self.noise(0.2), "managers": managers,
        }

    def series(self, segment: Segment) -> dict[str, list[dict[str, float]]]:
        """Group label ("" for the whole segment, else the dimension value) -> raw rows."""
        parts = {value: [self.part(part, i) for i in range(len(self.org.periods))]
                 for value, part in sorted(segment.parts.items())}
        if "" not in parts:
            parts[""] = [_total([rows[i] for rows in parts.values()])
                         for i in range(len(self.org.periods))]
        return parts


def _total(rows: list[dict[str, float]]) -> dict[str, float]:
    """A whole segment from its groups: counts add up, shares are weighted by members."""
    members = sum(r["members"] for r in rows)
    total = {k: sum(r[k] for r in rows) for k in ("members", "posts", "reads", "likes",
                                                  "files_shared", "organic_content")}
    for share in ("active", "social_reach", "managers"):
        total[share] = sum(r[share] * r["members"] for r in rows) / members
    return total


def _cells(segment: Segment, raw: dict[str, float], previous: dict[str, float] | None,
           index: int, whole: bool) -> dict[str, object]:
    """The CSV cells of one row: rounded, with the segment-level numbers on its whole row."""
    growth = (raw["organic_content"] / previous["organic_content"] - 1) if previous else 0.03
    cells: dict[str, object] = {
        "members": raw["members"],
        "active_members": round(raw["active"] * 100, 1),
        "posts": raw["posts"], "reads": raw["reads"], "likes": raw["likes"],
        "files_shared": raw["files_shared"], "organic_content": raw["organic_content"],
        "organic_content_growth": round(growth * 100, 1),
        "social_reach": round(raw["social_reach"], 2) if index >= segment.reach_from else "",
        "posts_per_member": round(raw["posts"] / raw["members"], 2),
        "managers_active": round(raw["managers"] * 100, 1),
        "reach_top_share": round(at(segment.reach_top_share, index) * 100, 1) if whole else "",
    }
    for name, curve in (("pilot_active", segment.pilot_active),
                        ("pilot_feedback", segment.pilot_feedback)):
        started = curve is not None and index >= curve[0][0]
        cells[name] = round(at(curve, index) * 100, 1) if whole and started else ""
    return cells


def snapshots(org: Org) -> dict[str, str]:
    """File name -> wide CSV text, one file per period."""
    generator = Generator(org)
    rows: list[list[dict[str, object]]] = [[] for _ in org.periods]
    for name, segment in sorted(org.segments.items()):
        for value, series in sorted(generator.series(segment).items()):
            for index, raw in enumerate(series):
                previous = series[index - 1] if index else None
                cells = _cells(segment, raw, previous, index, whole=value == "")
                dims = {d: (value if d == segment.dimension else "") for d in org.dimensions}
                rows[index].append({"segment": name, **dims, **cells})
    files = {}
    for index, period in enumerate(org.periods):
        out = io.StringIO()
        columns = ("period", "segment", *org.dimensions, *org.metrics)
        writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows[index]:
            writer.writerow({"period": period, **row})
        files[f"{period}.csv"] = out.getvalue()
    return files


def generate() -> dict[str, dict[str, str]]:
    """Organisation -> file name -> CSV text."""
    return {name: snapshots(org) for name, org in ORGS.items()}


def actions(org: str) -> str:
    """The evaluation of the organisation's committed playbook and metrics, as markdown."""
    from adoptplan import api
    from adoptplan.report.render import render

    folder = Path("examples") / org
    with contextlib.chdir(ROOT):  # paths in the report are relative to the repository
        prepared = api.prepare([folder], [folder / "metrics"])
        return render(api.evaluate_prepared(prepared, record_cases=False), "markdown", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "examples")
    parser.add_argument("--actions", action="store_true",
                        help="also write examples/<org>/actions.md from the committed files")
    args = parser.parse_args()
    for org, files in generate().items():
        folder = args.out / org / "metrics"
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.csv"):
            if stale.name not in files:
                stale.unlink()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {len(files)} snapshots to {folder}")
        if args.actions:
            (ROOT / "examples" / org / "actions.md").write_text(actions(org), encoding="utf-8")
            print(f"wrote examples/{org}/actions.md")


if __name__ == "__main__":
    main()
