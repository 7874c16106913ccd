"""`metrics build`: raw event files (CSV, gzipped CSV, Parquet) aggregated by embedded DuckDB.

DuckDB is imported here only, when a build runs. This module reads the files' headers, stages
them in one pass as one `adoptplan_events` table with normalized ids and UTC timestamps (DuckDB's
fast CSV reader: the only DuckDB-only SQL), registers the people and the calendar, runs the
engine-neutral statements of queries.py and engines/portable.py, and gathers the data quality
report on the way. `Build` does all of it through an engine object, so engines/spark.py runs the
same build on Spark.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import shutil
import tempfile
import zlib
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan.codes.ingest import (
    BAD_COLUMN,
    BAD_VALUE,
    GIVEN_TWICE,
    NO_PERIOD,
    ROW_LEFT_OUT,
    UNREADABLE_INPUT,
)
from adoptplan.diagnostics import WARNING, Diagnostic, InputError, did_you_mean
from adoptplan.files import display_path, regular_file
from adoptplan.ingest import calendar as cal
from adoptplan.ingest.engines import portable
from adoptplan.ingest.mapping import COLUMN_CANDIDATES, REQUIRED_COLUMNS, match_names
from adoptplan.ingest.people import cell_span, normalize_name
from adoptplan.ingest.progress import Progress
from adoptplan.ingest.quality import InputFile, PartialPeriod, Quality, add_row_quality, bulk_of
from adoptplan.ingest.queries import Plan, classed_columns, identifier, statements, values_sql
from adoptplan.ingest.rows import Row
from adoptplan.ingest.setup import BuildFailed, Setup, day_number, resolve
from adoptplan.ingest.snapshots import Ingested

if TYPE_CHECKING:
    import duckdb

MEMORY_LIMIT = "1280MB"
"""DuckDB spills to a temporary folder beyond this, so a build fits in 1.5 GB with Python's
part (issue 21, 10 million events staged as a table: peak 1.36 GB; at 1 GB it spilled more,
1.12 GB but 10% more CPU time; at 1.5 GB, 1.56 GB)."""
HEADER_BYTES = 1 << 20
SAMPLE_LINES = 200
"""Lines read ahead to tell whether timestamps carry a UTC offset."""
_OFFSET = re.compile(r"\d[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*[+-]\d{2}:?\d{2}$")
REJECTS_SHOWN = 5
_LINE = re.compile(r"[Ll]ine:? (\d+)")
TIME_RANGE = ("1677-09-21", "2262-04-11")
"""The days a timestamp may fall on: those of a nanosecond timestamp (TIMESTAMP_NS), the range
pandas and Spark share. Beyond them lie placeholders (9999-12-31 for 'never', 0001-01-01), not
events; a CSV reader rejects them as it rejects a cell that is not a timestamp."""
_NOT_CONVERTED = "Could not convert string \"(.*)\" to 'TIMESTAMP_NS'"
OUT_OF_RANGE = "timestamp out of range"
_BEYOND = ("a date such as 9999-12-31 or 0001-01-01 is most often written for 'never' or "
           "'unknown', not for an event")


@attrs.frozen
class EventFile:
    """One events file: how to read it and which column plays which role."""

    path: Path
    shown: str
    kind: str  # "csv" or "parquet"
    header: tuple[str, ...]  # as written
    roles: dict[str, str]  # role (person, time, event, content, author) -> header as written
    zoned: bool = False  # its timestamps carry a UTC offset (+02:00), so they are converted

    def columns(self) -> dict[str, str]:
        """Normalized name -> header as written."""
        return {normalize_name(h): h for h in self.header}


# ---------------------------------------------------------------------------- file headers


def _head(path: Path, shown: str) -> tuple[list[str] | None, Diagnostic | None]:
    """The first lines of a CSV, plain or gzipped, decoded; or why it cannot be read."""
    try:
        with path.open("rb") as raw:
            magic = raw.read(2)
        opener = gzip.open if magic == b"\x1f\x8b" else open
        with opener(path, "rb") as stream:
            data = [stream.readline(HEADER_BYTES) for _ in range(SAMPLE_LINES)]
    except (OSError, EOFError, zlib.error) as error:
        why = "a broken gzip file" if isinstance(error, (EOFError, zlib.error,
                                                          gzip.BadGzipFile)) else \
            (getattr(error, "strerror", None) or str(error))
        return None, Diagnostic(UNREADABLE_INPUT, f"cannot read this events file: {why}",
                                m.Span(shown, 1, 1, 1, 2))
    try:
        lines = [line.decode("utf-8-sig" if k == 0 else "utf-8").rstrip("\r\n")
                 for k, line in enumerate(data) if line]
    except UnicodeDecodeError:
        return None, Diagnostic(UNREADABLE_INPUT, "this events file is not UTF-8 text",
                                m.Span(shown, 1, 1, 1, 2),
                                hint="events files are UTF-8 CSV (optionally gzipped) or Parquet")
    return lines or [""], None


def _zoned(lines: Sequence[str], header: Sequence[str], column: str | None) -> bool:
    """Whether the sampled timestamps carry a UTC offset: then they are read as such."""

    if column is None or column not in header:
        return False
    index = list(header).index(column)
    cells = [row[index] for row in csv.reader(lines[1:]) if len(row) > index]
    return any(_OFFSET.search(cell.strip()) for cell in cells)


def _is_parquet(path: Path) -> bool:
    try:
        with path.open("rb") as raw:
            return raw.read(4) == b"PAR1"
    except OSError:
        return False


def open_event_files(paths: Sequence[Path], con: duckdb.DuckDBPyConnection,
                     wanted: dict[str, tuple[str, ...]]) -> tuple[list[EventFile], dict[str, str],
                                                                  list[Diagnostic]]:
    """Each file's header and roles; findings for a file that cannot be read or lacks a column.

    Raises FileNotFoundError for a path that does not exist.
    """

    # start-up: loads duckdb only when this runs
    import duckdb

    files, sources, found = [], {}, []
    given: dict[tuple[int, int], str] = {}
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"no such events file: {path}")
        shown = display_path(path)
        identity = _identity(path)
        if identity in given:
            sources.setdefault(shown, sources.get(given[identity], ""))
            found.append(_given_twice(shown, given[identity]))
            continue
        given[identity] = shown
        try:  # a link out of its folder, or a pipe behind a link, before DuckDB opens it
            regular_file(path, path.parent)
        except OSError as error:
            found.append(Diagnostic(UNREADABLE_INPUT, f"cannot read this events file: {error}",
                                    m.Span(shown, 1, 1, 1, 2), hint=getattr(error, "hint", None)))
            continue
        if _is_parquet(path):
            try:
                described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_quote(path)})")
                header = tuple(row[0] for row in described.fetchall())
            except duckdb.Error as error:
                found.append(Diagnostic(UNREADABLE_INPUT, f"cannot read this Parquet file: "
                                        f"{_first_line(error)}", m.Span(shown, 1, 1, 1, 2)))
                continue
            kind, text = "parquet", ",".join(header)
        else:
            lines, problem = _head(path, shown)
            if problem is not None:
                found.append(problem)
                continue
            text = lines[0]
            header = tuple(cell.strip() for cell in next(csv.reader([text]), []))
            kind = "csv"
        sources[shown] = text
        roles, problems = _roles(shown, text, header, wanted)
        found.extend(problems)
        zoned = kind == "csv" and _zoned(lines, header, roles.get("time"))
        files.append(EventFile(path, shown, kind, header, roles, zoned))
    return files, sources, found


def _identity(path: Path) -> tuple[int, int]:
    """The file itself, however it is spelt or linked to."""
    status = path.stat()
    return status.st_dev, status.st_ino


def _given_twice(shown: str, first: str) -> Diagnostic:
    """AP713: a file named a second time, whose events would count twice (as import refuses
    two exports of one period)."""
    also = f" (first as {first})" if first != shown else ""
    return Diagnostic(GIVEN_TWICE, f"this events file is given twice{also}: its events would "
                      "count twice", m.Span(shown, 1, 1, 1, 2),
                      hint="give each events file once")


def _roles(shown: str, text: str, header: Sequence[str], wanted: dict[str, tuple[str, ...]]
           ) -> tuple[dict[str, str], list[Diagnostic]]:
    """Which column is the person, the time, the event...: as the mapping names it, else the
    first usual name the header has."""
    by_name = {normalize_name(h): h for h in header}
    roles, problems = {}, []
    for role, candidates in COLUMN_CANDIDATES.items():
        names = wanted.get(role) or candidates
        hit = next((by_name[normalize_name(n)] for n in names if normalize_name(n) in by_name),
                   None)
        if hit is not None:
            roles[role] = hit
    free = [name for name, h in by_name.items() if h not in roles.values()]
    for role, candidates in COLUMN_CANDIDATES.items():
        names = wanted.get(role) or candidates
        if role not in roles and (role in REQUIRED_COLUMNS or role in wanted):
            hint = next(filter(None, (did_you_mean(normalize_name(n), free) for n in names)),
                        None)
            problems.append(Diagnostic(
                BAD_COLUMN, f"expected a {role} column ({', '.join(names[:4])}"
                f"{', ...' if len(names) > 4 else ''}) in the header",
                m.Span(shown, 1, 1, 1, len(text) + 1),
                hint=hint or f'name it under [columns] in the mapping: {role} = "..."'))
    return roles, problems


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _duck(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(error: Exception) -> str:
    return str(error).strip().split("\n")[0]


# ---------------------------------------------------------------------------------- staging

_ID = ("CASE WHEN strpos({x}, '@') > 0 THEN lower({x}) "
       "WHEN suffix({x}, '0') AND regexp_full_match({x}, '-?[0-9]+[.]0+') "
       "THEN split_part({x}, '.', 1) ELSE {x} END")


def _id(column: str) -> str:
    """A person id as the directory spells it (see directory.normalize_id)."""
    raw = f"NULLIF(TRIM(CAST({_duck(column)} AS VARCHAR)), '')"
    return _ID.format(x=raw)


def staging_sql(files: Sequence[EventFile], columns: Collection[str]) -> str:
    """Every file as one table: person_id, occurred_at (UTC), event_name, content_id, author_id
    and the event columns the dimensions use. The one pass over the files: parsing the text,
    its timestamps and normalizing ids is most of a build's reading, so it is done once, and
    the first scan (the days and names the events hold) and step 1 read the table (DuckDB
    spills it to its temporary folder beyond MEMORY_LIMIT).

    CSV timestamps are parsed by the reader itself (the fast path); a cell that is not a
    timestamp, or one outside TIME_RANGE, makes its row a reject, counted and shown. Offsets,
    when the file has them, are converted to UTC; timestamps without one are taken as UTC. A
    timestamp outside TIME_RANGE that the reader cannot reject (with an offset, in Parquet) has
    no occurred_at, and `time_given` tells it from a missing one.
    """
    selects = []
    for index, file in enumerate(files):
        roles = file.roles
        named = file.columns()
        time = _duck(roles["time"])
        if file.kind == "csv" and not file.zoned:
            occurred, given = f"CAST({time} AS TIMESTAMP)", f"{time} IS NOT NULL"
        else:
            read = time if file.kind == "csv" else f"TRY_CAST({time} AS TIMESTAMPTZ)"
            occurred = f"CAST(TRY_CAST({read} AS TIMESTAMP_NS) AS TIMESTAMP)"
            given = f"{read} IS NOT NULL"
        parts = [
            f"{index} AS source",
            f"{_id(roles['person'])} AS person_id",
            f"{occurred} AS occurred_at",
            f"{given} AS time_given",
            "FALSE AS time_unreadable",  # the reader rejects such rows itself
            f"CAST({_duck(roles['event'])} AS VARCHAR) AS event_name",
            (f"NULLIF(TRIM(CAST({_duck(roles['content'])} AS VARCHAR)), '')"
             if "content" in roles else "CAST(NULL AS VARCHAR)") + " AS content_id",
            (_id(roles["author"]) if "author" in roles else "CAST(NULL AS VARCHAR)")
            + " AS author_id",
        ]
        for name in sorted(columns):
            value = f"CAST({_duck(named[name])} AS VARCHAR)" if name in named else \
                "CAST(NULL AS VARCHAR)"
            parts.append(f"{value} AS {_duck(name)}")
        if file.kind == "parquet":
            source = f"read_parquet({_quote(file.path)})"
        else:
            kind = "TIMESTAMPTZ" if file.zoned else "TIMESTAMP_NS"
            source = (f"read_csv({_quote(file.path)}, header = true, all_varchar = true, "
                      f"types = {{{_quote_text(roles['time'])}: '{kind}'}}, "
                      f"store_rejects = true)")
        selects.append("SELECT " + ", ".join(parts) + f" FROM {source}")
    return "CREATE TEMP TABLE adoptplan_events AS\n" + "\nUNION ALL\n".join(selects)


def _quote_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ------------------------------------------------------------------------------------ build


@attrs.frozen
class Options:
    period: str = "week"  # week, month or day
    window: int = 1  # days in a day period's rolling window
    since: dt.date | None = None
    until: dt.date | None = None


def build(setup: Setup, paths: Sequence[Path], options: Options,
          progress: bool | None = None) -> Ingested:
    """Aggregate event files into snapshot rows; `progress` draws a bar on standard error
    (None: only on a terminal outside CI).

    Raises InputError for files that cannot be used, FileNotFoundError for a missing path.
    """
    # start-up: loads duckdb only when this runs
    import duckdb

    temporary = tempfile.mkdtemp(prefix="adoptplan-build-")
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": temporary,
                                 "preserve_insertion_order": False})
    try:
        con.execute("SET TimeZone = 'UTC'")
        return Build(setup, DuckDBEngine(con), options, progress).run(paths)
    finally:
        con.close()
        shutil.rmtree(temporary, ignore_errors=True)


class EngineError(Exception):
    """A statement the engine could not run: most often a file it could not read."""


class DuckDBEngine:
    """Embedded DuckDB: runs the SQL as written; stages CSV files with its own fast reader."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def track_progress(self) -> None:
        """The engine tracks how far a query is, silently, for the progress bar."""
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")

    def query_progress(self) -> float:
        return self.con.query_progress()

    def execute(self, text: str) -> None:
        self._run(text)

    def rows(self, text: str) -> tuple[list[str], list[tuple]]:
        """The column names and rows of a query."""
        cursor = self._run(text)
        return [d[0] for d in cursor.description], cursor.fetchall()

    def _run(self, text: str) -> Any:
        # start-up: loads duckdb only when this runs
        import duckdb

        try:
            return self.con.execute(text)
        except duckdb.OutOfMemoryException as error:
            raise BuildFailed(
                f"the build ran out of memory ({MEMORY_LIMIT}, then the disk it spills to): "
                f"{_first_line(error)}; build fewer days at a time with --since and --until"
            ) from None
        except duckdb.Error as error:
            raise EngineError(str(error)) from None

    def table(self, name: str, columns: dict[str, np.ndarray]) -> None:
        """Columns of Python values as a table `name`."""
        self.con.register(f"{name}_data", columns)
        self._run(f"CREATE TABLE {name} AS SELECT * FROM {name}_data")

    def header_connection(self) -> duckdb.DuckDBPyConnection:
        return self.con

    def stage(self, files: Sequence[EventFile], columns: Collection[str]) -> None:
        self._run(staging_sql(files, columns))

    def rejects(self) -> list[tuple[str, int, str, str | None]]:
        """Rows the CSV reader could not read: (path, line, message, timestamp beyond range)."""
        # start-up: loads duckdb only when this runs
        import duckdb

        try:
            return self.con.execute(
                "SELECT s.file_path, e.line, e.error_message, CASE WHEN TRY_CAST(regexp_extract("
                f"e.error_message, {_quote_text(_NOT_CONVERTED)}, 1) AS TIMESTAMP) IS NOT NULL "
                f"THEN regexp_extract(e.error_message, {_quote_text(_NOT_CONVERTED)}, 1) END "
                "FROM reject_errors e JOIN reject_scans s "
                "ON s.scan_id = e.scan_id AND s.file_id = e.file_id ORDER BY 1, 2").fetchall()
        except duckdb.Error:  # no CSV file, so no rejects table
            return []


class Build:
    """One build on an engine (DuckDB here, Spark in engines/spark.py): the statements run
    there, the report is gathered here, the same for every engine."""

    def __init__(self, setup: Setup, engine: Any, options: Options, progress: bool | None):
        self.setup = setup
        self.engine = engine
        self.options = options
        self.progress = Progress(4, enabled=progress)
        if self.progress.enabled:
            engine.track_progress()
        self.tables: dict[str, dict[str, np.ndarray]] = {}
        self.quality = Quality("build", _period_name(options))
        self.warnings: list[Diagnostic] = []
        self.sources = dict(setup.sources)
        self.files: list[EventFile] = []

    def fail(self, found: Sequence[Diagnostic]) -> InputError:
        return InputError(found, self.sources)

    def run(self, paths: Sequence[Path]) -> Ingested:
        files, sources, found = open_event_files(paths, self.engine.header_connection(),
                                                 dict(self.setup.settings.columns))
        self.files = files
        self.sources.update(sources)
        if found:
            raise self.fail(found)
        columns = {name for f in files for name in f.columns()}
        breakdowns, _ = resolve(self.setup, columns)
        event_columns = sorted({b.column for b in breakdowns.values() if b.source == "event"})
        reach = any("content" in f.roles or "author" in f.roles for f in files)
        self.progress.steps = 4 if reach else 3
        managers = self.setup.directory.manager_column(self.setup.settings.manager) is not None
        plan = Plan.of(self.setup.settings, breakdowns, self.setup.segment_dimensions, reach,
                       managers)
        self.progress.run("reading events", lambda: self._read(files, event_columns, plan),
                          self.engine.query_progress)
        periods = self._scan(plan)
        self._register(periods, plan)
        sql = statements(plan)
        self._execute(values_sql(plan, "adoptplan_stats"))  # step 0, from the first scan
        for name, text in sql[1:-1]:
            self.progress.run(name, lambda text=text: self._execute(text),
                              self.engine.query_progress)
        names, records = self.progress.run(
            "snapshots", lambda: self._fetch(sql[-1][1]), self.engine.query_progress)
        rows = self._rows(plan, names, records)
        self._people_quality()
        self._row_quality(rows)
        dimensions = tuple(b.name for b in plan.dimensions)
        keys = [identifier(c) for c in classed_columns(plan)]
        exported = (("staging", portable.staging_sql(event_columns)), *sql,
                    ("quality", portable.quality_sql(keys)))
        return Ingested(rows, dimensions, self.quality, tuple(self.warnings), self.sources,
                        exported, self.tables)

    def _run(self, step: Any) -> Any:
        try:
            return step()
        except EngineError as error:
            raise self.fail([self._engine_error(error)]) from None

    def _execute(self, text: str) -> None:
        self._run(lambda: self.engine.execute(text))

    def _fetch(self, text: str) -> tuple[list[str], list[tuple]]:
        return self._run(lambda: self.engine.rows(text))

    def _records(self, text: str) -> list[tuple]:
        return self._fetch(text)[1]

    def _engine_error(self, error: Exception) -> Diagnostic:
        """An error of the engine while reading a file, pinned on that file (and line)."""
        message = str(error)
        file = next((f for f in self.files if str(f.path) in message), self.files[0])
        line = int(found[1]) if (found := _LINE.search(message)) else 1
        return Diagnostic(UNREADABLE_INPUT, f"cannot read this events file: {_first_line(error)}",
                          m.Span(file.shown, line, 1, line, 2),
                          hint="events files are CSV (optionally gzipped) or Parquet, "
                               "one event per row")

    # ------------------------------------------------------------------------ first scan

    def _read(self, files: Sequence[EventFile], event_columns: Collection[str],
              plan: Plan) -> None:
        """The one pass over the files (staging), then the first scan of what it staged: one
        read gives two groupings, by file, name (and classed columns) for the counts, and by
        file, name and day for how the events spread over the days."""
        keys = [identifier(c) for c in classed_columns(plan)]
        self._run(lambda: self.engine.stage(files, event_columns))
        self._execute(portable.scan_sql(keys))
        self._execute(portable.stats_sql(keys))

    def _scan(self, plan: Plan) -> list[cal.Period]:
        """Rows per file and event name, readable timestamps, the days covered; bad rows."""
        result = self._records(portable.STATS_TOTALS)
        counted = set(match_names(_all_patterns(plan), {r[1] for r in result if r[1]}))
        days = self._days(counted)
        rejected = self._rejects()
        first: dt.date | None = None
        last: dt.date | None = None
        for index, file in enumerate(self.files):
            mine = [r for r in result if r[0] == index]
            rows = sum(r[2] for r in mine)
            beyond = sum(r[7] for r in mine)
            unreadable = sum(r[8] for r in mine)
            untimed = sum(r[2] - r[3] for r in mine) - beyond - unreadable
            anonymous = sum(r[2] - r[4] for r in mine)
            uncounted = sum(r[2] for r in mine if r[1] not in counted)
            used = [r for r in mine if r[1] in counted and r[5] is not None]
            if rows and untimed == rows:
                raise self.fail([Diagnostic(
                    BAD_VALUE, f"no value in column '{file.roles['time']}' reads as a timestamp",
                    m.Span(file.shown, 1, 1, 1, len(self.sources[file.shown]) + 1),
                    hint="timestamps look like 2014-05-02 11:02:39 or 2014-05-02T11:02:39Z")])
            if beyond:
                self.warnings.append(self._beyond(file, beyond))
            if unreadable:
                self.warnings.append(self._unreadable(file, unreadable))
            rejects = dict(rejected.get(file.shown, {}))
            rejects["unreadable row"] = rejects.get("unreadable row", 0) + unreadable
            skipped = {**rejects, "no readable timestamp": untimed, "no person id": anonymous,
                       "event the mapping does not count": uncounted}
            skipped[OUT_OF_RANGE] = skipped.get(OUT_OF_RANGE, 0) + beyond
            self.quality.inputs.append(InputFile(
                file.shown, "events", rows + sum(rejects.values()) - unreadable,
                sum(r[3] for r in used),
                tuple(sorted((k, int(v)) for k, v in skipped.items() if v))))
            for r in used:
                first = min(filter(None, (first, r[5].date())))
                last = max(filter(None, (last, r[6].date())))
        self._note_uncounted(result, counted)
        if first is None or last is None:  # the rows left out say why, if any was
            raise self.fail([*self.warnings, self._nothing_counted(result)])
        return self._periods(first, last, days)

    def _days(self, counted: set[str]) -> dict[dt.date, int]:
        """Events the mapping counts, of a known person, per day: how the data spreads."""
        found: dict[dt.date, int] = {}
        for name, day, events in self._records(portable.DAYS):
            if name in counted and events:
                found[day] = found.get(day, 0) + int(events)
        self._execute("DROP TABLE adoptplan_scan")
        return found

    def _beyond(self, file: EventFile, count: int) -> Diagnostic:
        """AP719 for the rows whose timestamp lies outside TIME_RANGE where the reader cannot
        reject them (an offset, Parquet): at the time column, with how many."""

        column = file.header.index(file.roles["time"])
        rows = "1 row is" if count == 1 else f"{count} rows are"
        return Diagnostic(
            ROW_LEFT_OUT, f"{rows} left out: a timestamp in column '{file.roles['time']}' lies "
            f"outside {TIME_RANGE[0]} to {TIME_RANGE[1]}",
            cell_span(file.shown, 1, self.sources[file.shown], column), WARNING, hint=_BEYOND)

    def _unreadable(self, file: EventFile, count: int) -> Diagnostic:
        """AP719 for the rows whose timestamp is not one, where the engine has no reader that
        rejects them row by row (Spark): at the time column, with how many."""
        column = file.header.index(file.roles["time"])
        rows = "1 row cannot" if count == 1 else f"{count} rows cannot"
        return Diagnostic(
            ROW_LEFT_OUT, f"{rows} be read and are left out: a value in column "
            f"'{file.roles['time']}' is not a timestamp",
            cell_span(file.shown, 1, self.sources[file.shown], column), WARNING,
            hint="timestamps look like 2014-05-02 11:02:39 or 2014-05-02T11:02:39Z")

    def _periods(self, first: dt.date, last: dt.date, days: dict[dt.date, int]
                 ) -> list[cal.Period]:
        options = self.options
        first = max(first, options.since) if options.since else first
        last = min(last, options.until) if options.until else last
        if first > last:
            raise self.fail([Diagnostic(
                NO_PERIOD, f"no events {_between(options.since, options.until)}",
                m.Span(self.files[0].shown, 1, 1, 1, 2),
                hint=f"the events the mapping counts run from {min(days)} to {max(days)}")])
        periods = cal.periods(first, last, options.period, options.window)
        self.quality.periods = [p.label for p in periods]
        self.quality.partial = [
            PartialPeriod(p.label, p.first.isoformat(), p.last.isoformat(),
                          p.covered_first.isoformat(), p.covered_last.isoformat())
            for p in periods if p.partial]
        self._far_periods(periods, {d: n for d, n in days.items() if first <= d <= last})
        return periods

    def _far_periods(self, periods: list[cal.Period], days: dict[dt.date, int]) -> None:
        """Periods that only a few stray events far from the rest make (a 1970-01-01 row):
        looking wrong, with the days of the bulk to build instead."""
        if not days:
            return
        start, end = bulk_of(days)
        far = [p for p in periods if p.last < start or p.first > end]
        if not far:
            return
        stray: Counter[str] = Counter()
        for day, events in days.items():
            if not start <= day <= end:
                stray[cal.label(day, self.options.period)] += events
        self.quality.look_wrong("periods far outside the bulk of the data", len(far), [
            f"{label} ({events} event{'s' if events > 1 else ''})"
            for label, events in stray.items()])
        self.quality.notes.append(
            f"the bulk of the events runs from {start} to {end}: --since {start} --until {end} "
            "builds only it")

    def _rejects(self) -> dict[str, dict[str, int]]:
        """Rows the CSV reader could not read (cells not as the header's, a cell that is not a
        timestamp or one outside TIME_RANGE): counted by reason, a few shown."""
        found = self.engine.rejects()
        by_path = {str(f.path): f for f in self.files}
        lines: dict[str, dict[int, tuple[str, str | None]]] = {}
        for path, line, message, beyond in found:
            if path in by_path:  # several problems of one row are one row left out
                lines.setdefault(by_path[path].shown, {}).setdefault(int(line),
                                                                     (message, beyond))
        counts: dict[str, dict[str, int]] = {}
        for shown, rows in sorted(lines.items()):
            for line, (message, beyond) in sorted(rows.items())[:REJECTS_SHOWN]:
                self.warnings.append(_reject(shown, line, message, beyond))
            counts[shown] = dict(Counter(OUT_OF_RANGE if beyond is not None else "unreadable row"
                                         for _, beyond in rows.values()))
        return counts

    def _note_uncounted(self, result: list[tuple], counted: set[str]) -> None:
        totals: dict[str, int] = {}
        for r in result:
            if r[1] and r[1] not in counted:
                totals[r[1]] = totals.get(r[1], 0) + r[2]
        if totals:
            shown = ", ".join(f"{name} ({count})" for name, count in sorted(totals.items())[:10])
            more = f" and {len(totals) - 10} more" if len(totals) > 10 else ""
            self.quality.notes.append(f"events the mapping does not count: {shown}{more}")

    def _nothing_counted(self, result: list[tuple]) -> Diagnostic:
        names = sorted({r[1] for r in result if r[1]})
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        where = self.setup.settings.path or self.files[0].shown
        return Diagnostic(
            NO_PERIOD, "no event of the files is one the mapping counts: no activity to build from",
            m.Span(where, 1, 1, 1, 2),
            hint=f"the events are named: {shown}; name them under [events] in the mapping"
            if names else "the files have no events")

    # ------------------------------------------------------------------------------ tables

    def _register(self, periods: list[cal.Period], plan: Plan) -> None:
        days, labels, indexes, ends = [], [], [], []
        for index, period in enumerate(periods):
            for day in cal.days_of(period):
                days.append(day_number(day))
                labels.append(period.label)
                indexes.append(index)
                ends.append(day_number(period.last))
        calendar = {"day_number": np.array(days, dtype=np.int64),
                    "period": np.array(labels, dtype=object),
                    "period_index": np.array(indexes, dtype=np.int64),
                    "period_end_day": np.array(ends, dtype=np.int64)}
        self.tables["adoptplan_calendar"] = calendar
        self._run(lambda: self.engine.table("adoptplan_calendar_days", calendar))
        self._execute("CREATE TABLE adoptplan_calendar AS SELECT CAST(DATE '1970-01-01' + "
                      "CAST(day_number AS INTEGER) AS DATE) AS day, period, period_index, "
                      "period_end_day, day_number FROM adoptplan_calendar_days")
        self.tables["adoptplan_people"] = people_table(self.setup, plan)
        self._run(lambda: self.engine.table("adoptplan_people", self.tables["adoptplan_people"]))
        self.tables["adoptplan_directory"] = {
            "person_id": np.array(self.setup.directory.ids, dtype=object)}
        self._run(lambda: self.engine.table("adoptplan_directory",
                                            self.tables["adoptplan_directory"]))

    # ------------------------------------------------------------------------------ result

    def _rows(self, plan: Plan, names: list[str], records: list[tuple]) -> list[Row]:
        dimensions = {b.name for b in plan.dimensions}
        found = []
        for record in records:
            values = dict(zip(names, record))
            dims = tuple(sorted((n, str(values[n])) for n in dimensions
                                if values[n] is not None))
            for n in dimensions:
                values.pop(n, None)
            period, segment = values.pop("period"), values.pop("segment")
            found.append(Row(period, segment, dims,
                             {k: None if v is None else float(v) for k, v in values.items()}))
        return found

    def _people_quality(self) -> None:
        setup, quality = self.setup, self.quality
        quality.directory_people = len(setup.directory)
        quality.segment_people = setup.segmentation.counts()
        quality.no_segment = setup.segmentation.unmatched()
        quality.several_segments = int(np.sum(setup.segmentation.segment_of == -2))
        quality.minimum = setup.minimum
        people, unknown, no_segment = self._records(portable.ACTIVITY_PEOPLE)[0]
        examples = [r[0] for r in self._records(portable.NOT_IN_DIRECTORY)] if unknown else []
        quality.people_active, quality.not_in_directory = int(people), int(unknown)
        quality.not_in_segment = int(no_segment)
        quality.not_in_directory_examples = tuple(examples)
        excluded = sorted(setup.settings.excluded_authors - set(setup.directory.ids))
        quality.look_wrong("excluded authors not in the directory", len(excluded), excluded)

    def _row_quality(self, rows: list[Row]) -> None:
        add_row_quality(self.quality, rows, self.setup.minimum)


def people_table(setup: Setup, plan: Plan) -> dict[str, np.ndarray]:
    """The people of the segments as columns for the engine: ids, segment, manager, the day
    they count as members from (0: always, NULL: never), organic, and their dimensions."""
    # start-up: loads ingest.queries only when this runs
    from adoptplan.ingest.queries import column, since_column

    people = setup.people
    joined = np.where(np.isinf(people.joined), 0.0, people.joined)
    table: dict[str, np.ndarray] = {
        "person_id": np.array(people.ids, dtype=object),
        "segment": np.array(setup.segments, dtype=object)[people.segment],
        "manager_id": np.array(people.manager, dtype=object),
        "joined_day": joined,  # NaN becomes NULL
        "organic": people.organic,
    }
    for breakdown in plan.person_dimensions:
        if breakdown.source == "age":
            table[since_column(breakdown)] = breakdown.since
        else:
            table[column(breakdown)] = np.array(breakdown.values, dtype=object)
    return table


def _all_patterns(plan: Plan) -> list[str]:
    return plan.patterns()


def _reject(shown: str, line: int, message: str, beyond: str | None) -> Diagnostic:
    """AP719 for a row the reader rejected; a timestamp outside TIME_RANGE (`beyond`, as
    written) said as such."""
    if beyond is not None:
        return Diagnostic(
            ROW_LEFT_OUT, f"this row is left out: its timestamp {beyond} lies "
            f"outside {TIME_RANGE[0]} to {TIME_RANGE[1]}", m.Span(shown, line, 1, line, 2),
            WARNING, hint=_BEYOND)
    return Diagnostic(ROW_LEFT_OUT, "this row cannot be read and is left out: "
                      + message.replace("'TIMESTAMP_NS'", "'TIMESTAMP'"),
                      m.Span(shown, line, 1, line, 2), WARNING)


def _between(since: dt.date | None, until: dt.date | None) -> str:
    """The days --since and --until keep, in words."""
    if since is not None and until is not None:
        return f"from {since} to {until}"
    return f"on or after {since}" if since is not None else f"on or before {until}"


def _period_name(options: Options) -> str:
    if options.period == "day" and options.window > 1:
        return f"day (rolling {options.window} days)"
    return options.period
