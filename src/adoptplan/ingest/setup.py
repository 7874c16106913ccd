"""What both `metrics import` and `metrics build` need first: the playbook, the people in segments,
the mapping settings and each dimension resolved to where its values come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan.codes.ingest import (
    BAD_COLUMN,
    BAD_VALUE,
    DIMENSION_UNAVAILABLE,
    DIMENSION_WITHOUT_DATA,
    PERIOD_MISFIT,
)
from adoptplan.diagnostics import WARNING, Diagnostic, InputError, did_you_mean, sort_diagnostics
from adoptplan.ingest.mapping import Dimension, Settings, read_mapping
from adoptplan.ingest.people import (
    Directory,
    Segmentation,
    each_distinct,
    normalize_ids,
    normalize_name,
    parse_day,
    read_directory,
    segment_people,
)

EPOCH = dt.date(1970, 1, 1)
UNKNOWN = "unknown"
"""The value of a dimension a person or an event has no value for."""


class BuildFailed(Exception):
    """The engine could not finish a build (out of memory or disk), or its output cannot be
    written: not a problem of the inputs; the message says what happened and what to do."""


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: dates as integers, the same in Python and in any SQL engine."""
    return (day - EPOCH).days


@attrs.frozen(eq=False)
class Breakdown:
    """A dimension and where its values come from.

    `person`: a value per person (a directory column, or its classes); `age`: the bucket of the
    days from a directory date to the end of each period; `event`: a column of the activity data
    (device, location), put in classes when the mapping says so.
    """

    name: str
    source: str  # "person", "age" or "event"
    column: str  # the directory or event column it is made from (normalized)
    values: np.ndarray | None = None  # person: one label per person of the People table
    since: np.ndarray | None = None  # age: day number per person, NaN when unknown
    dimension: Dimension | None = None  # the mapping's definition, if any

    def age_label(self, days: float) -> str:
        """The bucket of an age in days; `unknown` for a missing or negative age."""
        if self.dimension is None or np.isnan(days) or days < 0:
            return UNKNOWN
        position = int(np.searchsorted(np.array(self.dimension.days), days, side="right"))
        return self.dimension.labels[position]


@attrs.frozen(eq=False)
class People:
    """The people of the directory who are in exactly one segment, as columns."""

    ids: tuple[str, ...]
    rows: np.ndarray  # their positions in the directory
    segment: np.ndarray  # index into Setup.segments
    joined: np.ndarray  # day number from which they count as members; NaN: never; -inf: always
    manager: np.ndarray  # normalized manager id, "" when none
    organic: np.ndarray  # 1 unless their posts are excluded from organic content

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False)
class Setup:
    """A checked playbook and its people in segments; everything a command needs to start."""

    playbook: m.Playbook
    directory: Directory
    segmentation: Segmentation
    people: People
    settings: Settings
    segment_dimensions: dict[str, tuple[str, ...]]  # segment -> its `by` names
    minimum: int  # the largest minimum group size a rule or barrier of the playbook applies
    sources: dict[str, str]
    warnings: tuple[Diagnostic, ...]

    @property
    def segments(self) -> tuple[str, ...]:
        return self.segmentation.segments

    def dimension_names(self) -> tuple[str, ...]:
        return tuple(sorted({d for ds in self.segment_dimensions.values() for d in ds}))


def prepare(playbook_paths: Sequence[Path], people_path: Path,
            mapping_path: Path | None = None) -> Setup:
    """Load and check the playbook, read the mapping and the directory, put people in segments.

    Raises InputError on any error, FileNotFoundError for a path that does not exist.
    """
    # start-up: loads lark only when this runs
    from adoptplan import api

    # the privacy floor is evaluate's to enforce: building metrics shows no group
    checked = api.check_paths(list(playbook_paths), allow_small=True)
    sources = dict(checked.loaded.sources)
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    if errors:
        raise InputError(errors, sources)
    read = read_mapping(mapping_path)
    sources.update(read.sources)
    if read.mapping is None:
        raise InputError(read.diagnostics, sources)
    settings = read.mapping
    found = read_directory(people_path, settings.people_id)
    sources.update(found.sources)
    if found.directory is None:
        raise InputError(found.diagnostics, sources)
    directory = found.directory
    playbook = checked.loaded.playbook
    segmentation = segment_people(directory, playbook.segments)
    problems = list(found.diagnostics) + list(segmentation.diagnostics)
    people = _people(directory, segmentation, settings, problems)
    if any(d.severity == "error" for d in problems):
        raise InputError(problems, sources)
    dimensions = {s.name.text: tuple(d.text for d in s.dimensions) for s in playbook.segments
                  if s.name.text in segmentation.segments}
    return Setup(playbook, directory, segmentation, people, settings, dimensions,
                 _minimum(playbook), sources, tuple(sort_diagnostics(problems)))


PERIOD_OF_CADENCE = {"weekly": "week", "monthly": "month"}
"""The snapshot period that is one period of a playbook's cadence."""


def snapshot_period(setup: Setup, period: str | None) -> tuple[str, list[Diagnostic]]:
    """The period to take snapshots by: `period` when given, else the playbook's cadence (week
    when it has none). A given period other than the cadence's is a warning at the cadence,
    since the playbook's `for 2 periods` would then count that other period."""
    header = setup.playbook.header
    cadence = header.cadence if header is not None else None
    follows = PERIOD_OF_CADENCE.get(cadence.text) if cadence is not None else None
    if period is None:
        return follows or "week", []
    if cadence is None or follows is None or period == follows:
        return period, []
    return period, [Diagnostic(
        PERIOD_MISFIT, f"--period {period} gives snapshots by {period}, but the playbook's cadence "
        f"is {cadence.text}", cadence.span, WARNING,
        hint=f"the playbook's periods (`for 2 periods`, `3 periods ago`) then count "
             f"{period}s, not {follows}s; leave --period out to follow the cadence")]


def _minimum(playbook: m.Playbook) -> int:
    # start-up: loaded only when this runs
    from adoptplan.engine.params import privacy_minimum

    return int(privacy_minimum(playbook))


def _people(directory: Directory, segmentation: Segmentation, settings: Settings,
            problems: list[Diagnostic]) -> People:
    rows = np.flatnonzero(segmentation.segment_of >= 0)
    ids = tuple(np.array(directory.ids, dtype=object)[rows].tolist())
    joined = np.full(len(rows), -np.inf)
    if settings.joined is not None:
        joined = _days(directory, settings.joined, rows, problems, "[people] joined")
    manager_column = directory.manager_column(settings.manager)
    if settings.manager is not None and manager_column not in directory.columns:
        problems.append(_no_column(directory, settings.manager, "[people] manager"))
        manager_column = None
    managers = np.full(len(rows), "", dtype=object)
    if manager_column is not None:
        managers = np.array(normalize_ids(directory.columns[manager_column][rows]),
                            dtype=object)
    organic = np.ones(len(ids), dtype=np.int64)
    if settings.excluded_authors:
        organic = np.array([0 if person in settings.excluded_authors else 1 for person in ids],
                           dtype=np.int64)
    return People(ids, rows, segmentation.segment_of[rows], joined, managers, organic)


def _no_column(directory: Directory, column: str, setting: str) -> Diagnostic:
    line = directory.lines[0] - 1 if directory.lines else 1
    hint = did_you_mean(normalize_name(column), directory.columns) or \
        "the directory has: " + ", ".join(sorted(directory.columns))
    return Diagnostic(BAD_COLUMN, f"{setting} names the column '{column}', which the people "
                      f"directory does not have", m.Span(directory.path, line, 1, line, 2),
                      hint=hint)


def _days(directory: Directory, column: str, rows: np.ndarray, problems: list[Diagnostic],
          setting: str) -> np.ndarray:
    """A date column as day numbers, NaN where empty; a cell that is not a date is an error."""
    name = normalize_name(column)
    if name not in directory.columns:
        problems.append(_no_column(directory, column, setting))
        return np.full(len(rows), np.nan)
    cells = directory.columns[name][rows]
    days = each_distinct(cells, _day_number_of)
    for k in np.flatnonzero(np.isnan(days) & (cells != ""))[:5].tolist():
        line = directory.lines[rows[k]]
        problems.append(Diagnostic(
            BAD_VALUE, f"expected a date like 2014-05-02 in column "
            f"'{directory.headers[name]}', got '{cells[k]}'",
            directory.cell_span(line, name), hint=f"{setting} reads this column as dates"))
    return days


def _day_number_of(text: str) -> float:
    """The day number of a date cell; NaN when empty or not a date."""
    day = parse_day(text) if text else None
    return np.nan if day is None else day_number(day)


def resolve(setup: Setup, event_columns: Collection[str], hint: str = "",
            optional: Collection[str] = ()) -> tuple[dict[str, Breakdown], list[Diagnostic]]:
    """Each dimension the segments break down by, resolved: a mapping dimension, a directory
    column, or an event column, in that order; and warnings.

    A name found nowhere is an error (InputError), unless it is `optional`: then the segments
    are not broken down by it, with a warning (an export without device data).
    """
    directory = setup.directory
    rows = setup.people.rows
    found: dict[str, Breakdown] = {}
    problems: list[Diagnostic] = []
    for name in setup.dimension_names():
        key = normalize_name(name)
        defined = setup.settings.dimensions.get(key)
        column = defined.column if defined is not None else key
        if defined is not None and defined.is_age:
            if column in directory.columns:
                since = _days(directory, column, rows, problems, f"[dimensions.{key}] since")
                found[name] = Breakdown(name, "age", column, since=since, dimension=defined)
                continue
        elif column in directory.columns:
            classify = defined.classify if defined is not None else (lambda v: v or UNKNOWN)
            values = each_distinct(directory.columns[column][rows], classify, object)
            found[name] = Breakdown(name, "person", column, values=values, dimension=defined)
            continue
        elif column in event_columns:
            found[name] = Breakdown(name, "event", column, dimension=defined)
            continue
        problem = _unknown_dimension(setup, name, column, event_columns, hint)
        if name in optional:
            problem = attrs.evolve(problem, code=DIMENSION_UNAVAILABLE, severity=WARNING, message=(
                f"the segments are not broken down by '{name}': {hint}"), hint=None)
        problems.append(problem)
    if any(d.severity == "error" for d in problems):
        raise InputError(problems, setup.sources)
    return found, problems


def _unknown_dimension(setup: Setup, name: str, column: str, event_columns: Collection[str],
                       hint: str) -> Diagnostic:
    spans = [d.span for s in setup.playbook.segments for d in s.dimensions if d.text == name]
    known = sorted({*setup.directory.columns, *event_columns, *setup.settings.dimensions})
    where = "the people directory, the mapping's [dimensions]" + \
        (" or the activity data" if event_columns or not hint else "")
    return Diagnostic(
        DIMENSION_WITHOUT_DATA, f"no column '{column}' for the dimension '{name}' in {where}", spans[0],
        hint=did_you_mean(column, known) or hint or "known: " + ", ".join(known))
