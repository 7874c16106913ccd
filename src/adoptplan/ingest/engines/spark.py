"""`metrics build --engine spark`: the whole build on a Spark session, local or a cluster.

The same Build as DuckDB's (events.Build): the same statements, written for Spark by sqlglot,
the same quality report and snapshot rows. Spark reads each events file as text and the
staging view of `portable` normalizes ids and converts times to UTC, with ANSI mode on (a cast
that cannot be made is an error, never a silent NULL) and the session's time zone UTC. Tables
of the build are temporary views of results computed once and kept by the executors, so a
re-run replaces them and nothing is left in a warehouse folder. PySpark is imported here only, when `--engine spark` is asked for.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlglot import exp

from adoptplan.ingest.engines import dialects, portable
from adoptplan.ingest.events import Build, EngineError, EventFile, Options
from adoptplan.ingest.setup import BuildFailed, Setup
from adoptplan.ingest.snapshots import Ingested

if TYPE_CHECKING:
    import duckdb
    from pyspark.sql import DataFrame, SparkSession

INSTALL = "pip install 'adoptplan[spark]'"
MASTER_VARIABLE = "SPARK_MASTER"
"""Where a master is taken from when --spark-master is not given (else local[*])."""
SESSION_SETTINGS = {
    "spark.sql.ansi.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
}
"""What the build's SQL relies on, set on any session, a cluster's too."""
LOCAL_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "2g",  # 1g, Spark's default, runs out at 10 million events
    "spark.ui.showConsoleProgress": "false",
}
"""A local session: no web UI, bound to this machine only, few shuffle partitions (a build's
tables are small: a row per person and period)."""


def session(master: str | None = None, settings: dict[str, str] | None = None) -> SparkSession:
    """The active Spark session (a notebook's, a cluster job's), else one started for `master`,
    the SPARK_MASTER variable, or local[*], with `settings` too. Raises BuildFailed without
    PySpark or Java."""
    try:
        # optional: from the spark extra, imported where it is used
        from pyspark.sql import SparkSession
    except ImportError:
        raise BuildFailed(f"--engine spark needs PySpark: {INSTALL}") from None
    active = SparkSession.getActiveSession()
    if active is None or master is not None:
        chosen = master or os.environ.get(MASTER_VARIABLE) or "local[*]"
        builder = SparkSession.builder.appName("adoptplan metrics build").master(chosen)
        local = LOCAL_SETTINGS if chosen.startswith("local") else {}
        for key, value in {**local, **(settings or {})}.items():
            builder = builder.config(key, value)
        try:
            active = builder.getOrCreate()
        except Exception as error:  # no Java, a master that does not answer
            raise BuildFailed(f"Spark could not start ({_first_line(error)}); Spark needs "
                              "Java 17 or later (apt-get install openjdk-17-jre-headless)"
                              ) from None
        active.sparkContext.setLogLevel("ERROR")  # its warnings are not the user's to read
    for key, value in SESSION_SETTINGS.items():
        active.conf.set(key, value)
    return active


def build(setup: Setup, paths: Sequence[Path], options: Options, progress: bool | None = None,
          master: str | None = None, spark: SparkSession | None = None) -> Ingested:
    """A build on Spark; `spark` a session to use (tests share one), else `session(master)`.

    Raises InputError, FileNotFoundError, BuildFailed as the DuckDB build does.
    """
    # start-up: loads duckdb only when this runs
    import duckdb

    engine = SparkEngine(spark or session(master), duckdb.connect())
    try:
        return Build(setup, engine, options, progress).run(paths)
    finally:
        engine.close()


def _first_line(error: BaseException) -> str:
    return str(error).strip().split("\n")[0]


def _errors() -> tuple[type[BaseException], ...]:
    # optional: from the spark extra, imported where it is used
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return PySparkException, Py4JError


class SparkEngine:
    """A Spark session as the engine of events.Build."""

    query_progress = None  # Spark reports progress per stage, not per query

    def __init__(self, spark: SparkSession, headers: duckdb.DuckDBPyConnection):
        self.spark = spark
        self.headers = headers  # reads Parquet headers, as the DuckDB build does
        self.cached: dict[str, DataFrame] = {}

    def track_progress(self) -> None:
        """Nothing to switch on: the bar moves step by step."""

    def header_connection(self) -> Any:
        return self.headers

    def close(self) -> None:
        """Drop the build's views and free their cache: the session may serve other builds.
        A session that has died (its JVM out of memory) has nothing left to free."""
        self.headers.close()
        try:
            for name, frame in self.cached.items():
                frame.unpersist()
                self.spark.catalog.dropTempView(name)
        except (*_errors(), ConnectionError):
            pass
        self.cached.clear()

    def execute(self, text: str) -> None:
        for tree in dialects.parse(text):
            self._guarded(lambda tree=tree: self._statement(tree))

    def rows(self, text: str) -> tuple[list[str], list[tuple]]:
        (tree,) = dialects.parse(text)

        def fetch() -> tuple[list[str], list[tuple]]:
            frame = self._frame(tree)
            return frame.columns, [tuple(row) for row in frame.collect()]
        return self._guarded(fetch)

    def _guarded(self, step: Any) -> Any:
        try:
            return step()
        except (*_errors(), ConnectionError) as error:
            message = _first_line(error)
            if "OutOfMemory" in str(error) or "Java heap space" in str(error) or \
                    isinstance(error, ConnectionError) or "Answer from Java side" in message:
                raise BuildFailed(
                    "Spark ran out of memory or stopped; give its driver more memory "
                    "(spark.driver.memory in spark-defaults.conf) or run on a cluster with "
                    "--spark-master, or build fewer days at a time with --since and --until"
                ) from None
            raise EngineError(message) from None

    def _statement(self, tree: exp.Expression) -> None:
        """CREATE TABLE becomes a cached temporary view, CREATE VIEW a temporary view, DROP
        TABLE drops it: nothing is written to a warehouse, so a re-run starts afresh."""
        if isinstance(tree, exp.Create):
            name = tree.this.name
            frame = self._frame(tree.expression)
            if (tree.args.get("kind") or "").upper() == "TABLE":
                frame = self._made(frame)
            self._keep(name, frame)
        elif isinstance(tree, exp.Drop):
            name = tree.find(exp.Table).name
            frame = self.cached.pop(name, None)
            if frame is not None:
                frame.unpersist()
            self.spark.catalog.dropTempView(name)
        else:
            self.spark.sql(tree.sql(dialect="spark")).collect()

    def _frame(self, query: exp.Expression) -> DataFrame:
        """A query's result. The parts of its WITH that it reads more than once are made first,
        each once, as cached views: Spark would otherwise compute such a part again for each
        reference (the snapshot reads `periods` a dozen times), and takes minutes for it."""
        query = query.copy()
        parts = list(query.args["with_"].expressions) if query.args.get("with_") else []
        query.set("with_", None)
        for position, part in enumerate(parts):
            readers = [*(p.this for p in parts[position + 1:]), query]
            uses = sum(1 for reader in readers for table in reader.find_all(exp.Table)
                       if table.name == part.alias and not table.db)
            frame = self.spark.sql(part.this.sql(dialect="spark"))
            self._keep(part.alias, self._made(frame) if uses > 1 else frame)
        return self.spark.sql(query.sql(dialect="spark"))

    @staticmethod
    def _made(frame: DataFrame) -> DataFrame:
        """A result computed now and kept by the executors, its lineage cut: what reads it
        later plans against a stored table, not the whole chain of views before it (cached
        views alone left the snapshot step planning for minutes)."""
        return frame.localCheckpoint(eager=True)

    def _keep(self, name: str, frame: DataFrame) -> None:
        old = self.cached.pop(name, None)
        if old is not None:
            old.unpersist()
        frame.createOrReplaceTempView(name)
        self.cached[name] = frame

    def table(self, name: str, columns: dict[str, np.ndarray]) -> None:
        """Columns of Python values as a temporary view; NaN as NULL, types from the arrays."""
        # optional: from the spark extra, imported where it is used
        from pyspark.sql import types as t

        fields, values = [], []
        for column, array in columns.items():
            if array.dtype.kind == "f":
                kind: Any = t.DoubleType()
                cells = [None if np.isnan(v) else float(v) for v in array.tolist()]
            elif array.dtype.kind in "iu":
                kind, cells = t.LongType(), [int(v) for v in array.tolist()]
            else:
                kind, cells = t.StringType(), [None if v is None else str(v)
                                               for v in array.tolist()]
            fields.append(t.StructField(column, kind, True))
            values.append(cells)
        frame = self.spark.createDataFrame(list(zip(*values)), t.StructType(fields))
        self._keep(name, self._made(frame))

    def stage(self, files: Sequence[EventFile], columns: Collection[str]) -> None:
        """Every file as text in `adoptplan_raw_events`, then the portable staging view."""
        frames = [self._guarded(lambda i=index, f=file: self._raw(i, f, columns))
                  for index, file in enumerate(files)]
        self._guarded(lambda: self._keep(portable.RAW_EVENTS, functools.reduce(
            lambda a, b: a.unionByName(b), frames)))
        self.execute(portable.staging_sql(columns))

    def _raw(self, index: int, file: EventFile, columns: Collection[str]) -> DataFrame:
        """One file's role columns and event columns, as text, named as the staging reads
        them; columns are taken by position, so any header works."""
        # optional: from the spark extra, imported where it is used
        from pyspark.sql import functions as f
        from pyspark.sql import types as t

        positions = [f"c{k}" for k in range(len(file.header))]
        path = str(file.path.resolve())  # Spark's working folder is not ours
        if file.kind == "parquet":
            frame = self.spark.read.parquet(path).toDF(*positions)
        else:
            schema = t.StructType([t.StructField(p, t.StringType(), True) for p in positions])
            frame = self.spark.read.csv(path, header=True, schema=schema, mode="PERMISSIVE",
                                        encoding="UTF-8")

        def cell(header: str | None) -> Any:
            if header is None:
                return f.lit(None).cast("string")
            return f.col(positions[file.header.index(header)]).cast("string")

        named = file.columns()
        roles = file.roles
        return frame.select(
            f.lit(index).alias("source"), cell(roles["person"]).alias("person_id"),
            cell(roles["time"]).alias("occurred_at"), cell(roles["event"]).alias("event_name"),
            cell(roles.get("content")).alias("content_id"),
            cell(roles.get("author")).alias("author_id"),
            *(cell(named.get(c)).alias(c) for c in sorted(columns)))

    def rejects(self) -> list[tuple[str, int, str, str | None]]:
        """None: the staging view marks unreadable timestamps, counted by the first scan."""
        return []
