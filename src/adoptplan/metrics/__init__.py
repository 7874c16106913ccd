"""The metrics stage: CSV and JSON snapshot files (or folders of them) into one History.

Every problem in the data is a positioned Diagnostic (codes AP6xx), rendered by the same renderer
as playbook errors; `sources` keeps each file's decoded text so the renderer can show the row.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from adoptplan.codes.metrics import (
    EMPTY_METRICS,
    LONGER_THAN_HISTORY,
    MISSING_METRIC,
    NO_ROWS,
    UNREADABLE_METRICS,
)
from adoptplan.csv_dialect import standard
from adoptplan.diagnostics import WARNING, Diagnostic, did_you_mean, sort_diagnostics
from adoptplan.expressions import LookBack
from adoptplan.files import (
    decode,
    display_path,
    exists,
    find_files,
    read_user_file,
    resolved,
    root_of,
    unreadable,
    unreadable_folders,
)
from adoptplan.model import Span, frozen
from adoptplan.periods import period_kind
from adoptplan.snapshot import History

if TYPE_CHECKING:
    from adoptplan.files import Found

__all__ = ["LoadedMetrics", "check_scopes_have_rows", "check_used_metrics", "load_metrics",
           "period_kind"]

SUFFIXES = (".csv", ".json")
REPORTS = frozenset({"data-quality.json"})
"""The data quality report `adoptplan metrics import/build` writes beside its snapshots."""


@frozen
class LoadedMetrics:
    """The history, every file's text by display path, and every finding about the data."""

    history: History
    sources: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def _is_metrics(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and path.name not in REPORTS


def find_metrics_files(path: Path) -> Found:
    """A file as given, or every .csv and .json file under a folder (but a data quality
    report), in a stable order; and the folders that cannot be read."""

    return find_files(path, _is_metrics)


def _read(path: Path, shown: str, root: Path) -> tuple[str | None, list[Diagnostic]]:
    """Decoded text (BOM dropped, CRLF to LF), or why it cannot be read (and None, when there is
    no text at all to show under the finding)."""

    try:
        data = read_user_file(path, root)
    except OSError as error:
        return None, [unreadable(shown, error, code=UNREADABLE_METRICS)]
    text, problems = decode(data, shown)
    if not problems and path.suffix.lower() == ".csv":
        text = standard(text)  # `;` and decimal commas, as European spreadsheets save CSV
    return text, [
        attrs.evolve(d, code=UNREADABLE_METRICS, message=d.message.replace("a playbook", "metrics"),
                     hint="save metrics as UTF-8 CSV or JSON")
        for d in problems
    ]


def _usual_period(texts: Iterable[str]) -> tuple[str | None, str]:
    """The kind of period most CSV files start with, and the first such period: a stray file of
    another kind (one monthly file among weekly ones) is then the one reported, not the others.
    A quick look at each file's first row; the files are read in full afterwards."""
    firsts = [first for first in map(_first_period, texts) if first is not None]
    kinds = Counter(kind for kind, _ in firsts)
    if not kinds:
        return None, ""
    usual = max(kinds, key=lambda kind: kinds[kind])  # on a tie, the first file's kind
    return usual, next(period for kind, period in firsts if kind == usual)


def _first_period(text: str) -> tuple[str, str] | None:
    """The kind and text of a CSV file's first period, when its first row has a valid one.

    Read as `CsvSource` reads it, so the majority agrees with what the full read reports: the
    header is the first line that is not blank, cells are unquoted by the csv module (a quoted
    `,` does not shift columns) and stripped, and the first row is the first record after the
    header of the header's width with a cell that is not blank. Only those lines are read.
    """
    lines = _lines(text)
    line = next((line for line in lines if line.strip()), None)
    if line is None:
        return None
    try:
        header = [cell.strip() for cell in next(csv.reader([line.rstrip("\n")]), [])]
        if "period" not in header:
            return None
        row = next((record for record in csv.reader(lines) if len(record) == len(header)
                    and any(cell.strip() for cell in record)), None)
    except csv.Error:  # the full read reports what is wrong with the file
        return None
    cell = row[header.index("period")].strip() if row is not None else ""
    kind = period_kind(cell)
    return (kind, cell) if kind else None


def _lines(text: str) -> Iterator[str]:
    """The lines of a text one by one, each with its line end (so the csv module reads a quoted
    cell spanning lines as one cell), without splitting all of it."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def load_metrics(paths: Sequence[Path], units: Mapping[str, str],
                 segments: Collection[str], dimensions: Collection[str] = ()) -> LoadedMetrics:
    """Load metrics files and folders into one history; a file given twice is read once.

    `units` maps metric names to catalogue unit kinds (which columns are metrics, which are
    percentages or counts); `segments` are the playbook's segment names and `dimensions` the names
    it breaks segments down by (never metrics, even when numeric). Raises FileNotFoundError
    for a path that does not exist (a usage error, not a finding).
    """
    # start-up: loads numpy only when this runs
    from adoptplan.metrics.build import Builder
    from adoptplan.metrics.csv_source import CsvSource
    from adoptplan.metrics.json_source import JsonSource

    for given in paths:
        if not exists(given):
            raise FileNotFoundError(f"no such file or folder: {given}")
    builder = Builder(units, segments, dimensions)
    sources: dict[str, str] = {}
    seen: set[Path] = set()
    readable: list[tuple[Path, str, str, bool]] = []
    for given in paths:
        found = find_metrics_files(given)
        if not found.files and not found.unreadable:
            builder.diagnostics.append(Diagnostic(
                EMPTY_METRICS, "this folder holds no .csv or .json metrics files",
                Span(display_path(given), 1, 1, 1, 1)))
        builder.diagnostics.extend(d for d in unreadable_folders(found, display_path, UNREADABLE_METRICS)
                                   if d not in builder.diagnostics)
        for path in found.files:
            if resolved(path) in seen:
                continue
            seen.add(resolved(path))
            shown = display_path(path)
            text, problems = _read(path, shown, root_of(given))
            if text is not None:
                sources[shown] = text
            if text is None or problems:
                builder.diagnostics.extend(problems)
                continue
            readable.append((path, shown, text))
    builder.expect(*_usual_period(text for path, _, text in readable
                                  if path.suffix.lower() != ".json"))
    for path, shown, text in readable:
        if path.suffix.lower() == ".json":
            builder.add(JsonSource(shown, text))
        else:
            builder.add(CsvSource(shown, text))
    history = builder.history()
    return LoadedMetrics(history, sources, tuple(sort_diagnostics(builder.diagnostics)))


def check_used_metrics(history: History, used: Mapping[str, Span]) -> list[Diagnostic]:
    """A warning at the first use of each metric the playbook reads but the data never has."""
    have = history.metrics()
    dimensions = {name for group in history.groups for name, _ in group.dimensions}
    found = []
    for name, span in sorted(used.items()):
        if name in have:
            continue
        hint = did_you_mean(name, have)
        if hint is None and (close := did_you_mean(name, dimensions)):
            hint = f"{close} (the data has it as a dimension column, not as a metric)"
        if hint is None:
            hint = f"the metrics have: {', '.join(sorted(have))}" if have else \
                "the metrics have no values at all"
        found.append(Diagnostic(
            MISSING_METRIC, f"the playbook uses metric '{name}' but the metrics data never has it",
            span, WARNING, hint))
    return found


def check_look_backs(history: History, look_backs: Iterable[LookBack]) -> list[Diagnostic]:
    """A warning at each look-back (`for N periods`, a history function's window) longer than
    the history: the condition can never be decided, whatever the data says."""
    held = len(history.periods)
    span = f" ({history.periods[0]} to {history.periods[-1]})" if held > 1 else ""
    found = []
    for look in look_backs:
        if look.periods <= held:
            continue
        needs = f"{look.text} needs {look.periods} periods" if look.sustained else \
            f"{look.text} {look.periods} periods"
        outcome = "the condition can never hold" if look.sustained else \
            "its value is never known, so the condition is never decided"
        found.append(Diagnostic(
            LONGER_THAN_HISTORY,
            f"{needs}, but the metrics hold {held} period{'' if held == 1 else 's'}{span}: "
            f"{outcome}", look.span, WARNING,
            f"it will be decided once the history is {look.periods} periods long; or look back "
            f"at most {held} periods"))
    return found


def check_scopes_have_rows(history: History, scopes: Mapping[tuple[str, str], Span]) -> list[
        Diagnostic]:
    """A warning for each segment, or breakdown of one, that matches no row of the history:
    `scopes` maps (segment, dimension or "") to where the playbook declares or reads it."""
    dimensions: dict[str, set[str]] = {}
    for group in history.groups:
        dimensions.setdefault(group.segment, set()).update(n for n, _ in group.dimensions)
    found = []
    for (segment, dimension), span in sorted(scopes.items()):
        if segment not in dimensions:
            if not dimension:
                have = sorted(dimensions)
                found.append(Diagnostic(
                    NO_ROWS, f"segment '{segment}' matches no rows of the metrics", span,
                    WARNING, did_you_mean(segment, have) or (
                        f"the metrics have the segments: {', '.join(have)}" if have
                        else "the metrics have no rows at all")))
        elif dimension and dimension not in dimensions[segment]:
            have = sorted(dimensions[segment])
            found.append(Diagnostic(
                NO_ROWS, f"segment '{segment}' by {dimension} matches no rows of the metrics",
                span, WARNING, f"the metrics break {segment} down by: {', '.join(have)}" if have
                else f"the metrics have {segment} only as a whole, without a '{dimension}' column"))
    return found
