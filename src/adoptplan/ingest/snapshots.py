"""Snapshot rows and the files they go to: one wide CSV per period, as `metrics.load` reads them.

`period,segment,<dimension columns>,members,<metrics>`: rows sorted by period, segment and
dimension values (the whole segment first), numbers written one way (whole counts as integers,
anything else with at most four decimals), files replaced atomically.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from adoptplan.files import write_atomic
from adoptplan.ingest.rows import Row

if TYPE_CHECKING:
    from adoptplan.diagnostics import Diagnostic
    from adoptplan.ingest.quality import Quality

COUNTS: tuple[str, ...] = (
    "members", "active_count", "posts", "reads", "likes", "files_shared", "organic_content",
    "managers",
)
"""Metrics that are whole numbers of people or events."""
METRIC_ORDER: tuple[str, ...] = (
    "members", "active_count", "active_members", "posts", "reads", "likes", "files_shared",
    "organic_content", "organic_content_growth", "social_reach", "posts_per_member",
    "reads_per_member", "likes_per_member", "managers", "managers_active",
)
"""The column order of the standard metrics; other counts follow, by name."""
DECIMALS = 4
QUALITY_FILE = "data-quality.json"
"""The data quality report, written beside the snapshots (the metrics loader skips it)."""


@attrs.frozen
class Ingested:
    """What an import or a build gives: snapshot rows, their dimension columns, the quality
    report, warnings, the texts to show them, and the SQL a build ran (name, text)."""

    rows: list[Row]
    dimensions: tuple[str, ...]
    quality: Quality
    warnings: tuple[Diagnostic, ...]
    sources: dict[str, str]
    sql: tuple[tuple[str, str], ...] = ()
    tables: Mapping[str, Mapping[str, Sequence]] = attrs.field(factory=dict)
    """A build's people and calendar tables (name -> columns), for running the SQL elsewhere."""


def ratio(part: float | None, whole: float | None, scale: float = 1.0) -> float | None:
    """part / whole, None when either is unknown or the whole is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return scale * part / whole


def derive(counts: Mapping[str, float | None]) -> dict[str, float | None]:
    """The rates of a group from its counts: the same formulas as sql/snapshot.sql."""
    members = counts.get("members")
    values = dict(counts)
    values["active_members"] = ratio(counts.get("active_count"), members, 100.0)
    for name, per in (("posts", "posts_per_member"), ("reads", "reads_per_member"),
                      ("likes", "likes_per_member")):
        if name in counts:
            values[per] = ratio(counts[name], members)
    if "managers" in counts:
        values["managers_active"] = ratio(counts.get("managers_active_count"),
                                          counts["managers"], 100.0)
        values.pop("managers_active_count", None)
    return values


def add_growth(rows: list[Row], ordinal: Mapping[str, int]) -> list[Row]:
    """organic_content_growth: the change from the group's previous period, in %.

    Only a period right after the one before counts (`ordinal` numbers periods consecutively);
    an unknown or zero previous value gives no growth.
    """
    previous = {(r.segment, r.dimensions, ordinal[r.period]): r.values.get("organic_content")
                for r in rows}
    grown = []
    for row in rows:
        if "organic_content" not in row.values:
            grown.append(row)
            continue
        before = previous.get((row.segment, row.dimensions, ordinal[row.period] - 1))
        now = row.values.get("organic_content")
        growth = None if now is None or before is None else ratio(now - before, before, 100.0)
        grown.append(attrs.evolve(row, values={**row.values, "organic_content_growth": growth}))
    return grown


def format_value(metric: str, value: float | None) -> str:
    """One spelling per value: `12`, `41.6667`, `0.5`, or empty when unknown.

    A cell of a data file, not text for a reader (numbers.shown): Python's fixed-point rounding,
    so snapshots already in teams' repositories are rebuilt byte for byte."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if metric in COUNTS or float(value).is_integer():
        return str(int(round(value)))
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def metric_columns(rows: Iterable[Row]) -> list[str]:
    """The metrics any row has, standard ones in their order, then the others by name."""
    present = {name for row in rows for name in row.values}
    standard = [name for name in METRIC_ORDER if name in present]
    return standard + sorted(present - set(METRIC_ORDER))


def sort_key(row: Row) -> tuple:
    return (row.period, row.segment, len(row.dimensions) > 0, row.dimensions)


def snapshot_text(rows: Sequence[Row], dimensions: Sequence[str], metrics: Sequence[str]) -> str:
    """The CSV text of rows (of one period, usually), sorted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["period", "segment", *dimensions, *metrics])
    for row in sorted(rows, key=sort_key):
        named = dict(row.dimensions)
        writer.writerow([row.period, row.segment, *(named.get(d, "") for d in dimensions),
                         *(format_value(m, row.values.get(m)) for m in metrics)])
    return buffer.getvalue()


def write_snapshots(rows: Sequence[Row], dimensions: Sequence[str], folder: Path) -> list[Path]:
    """One `<period>.csv` per period in `folder` (made if missing); the paths written, in order.

    Raises OSError when the folder cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    metrics = metric_columns(rows)
    by_period: dict[str, list[Row]] = {}
    for row in rows:
        by_period.setdefault(row.period, []).append(row)
    written = []
    for period in sorted(by_period):
        path = folder / f"{period}.csv"
        write_atomic(path, snapshot_text(by_period[period], sorted(dimensions), metrics))
        written.append(path)
    return written


def unwritable(folder: Path) -> str | None:
    """Why files cannot be written into `folder` (made if missing), or None when they can.

    Looked at, not tried, so nothing is made: the folder or the nearest one it would be made
    in must be a folder the user may write to."""
    path = folder
    try:
        while not path.exists() and not path.is_symlink() and path.parent != path:
            path = path.parent
        is_folder = path.is_dir()
    except OSError as error:  # a folder on the way that cannot be entered
        return (error.strerror or str(error)).lower()
    if not is_folder:
        return "it is a file, not a folder" if path == folder else \
            f"{path} is a file, not a folder"
    if not os.access(path, os.W_OK | os.X_OK):
        return "permission denied"
    return None
