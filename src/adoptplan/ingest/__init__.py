"""Metrics from the platforms' own data: exports (`metrics import`), raw events (`metrics build`).

Both start from a playbook and a people directory: people are put in segments by the segments'
`match` conditions, and their activity becomes snapshot rows per period, segment and dimension,
written as the CSV files `adoptplan evaluate` reads, with a data quality report beside them.
Each stage is a public function so the CLI, tests and BDD steps can stop at any.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from adoptplan.diagnostics import InputError, sort_diagnostics
from adoptplan.files import write_atomic
from adoptplan.ingest.setup import BuildFailed, prepare, snapshot_period
from adoptplan.ingest.snapshots import QUALITY_FILE, Ingested, unwritable, write_snapshots

__all__ = [
    "BuildFailed", "InputError", "Ingested", "build_metrics", "import_metrics", "prepare",
    "write", "write_sql",
]


def build_metrics(playbooks: Sequence[Path], people: Path, events: Sequence[Path],
                  mapping: Path | None = None, period: str | None = None, window: int = 1,
                  since=None, until=None, progress: bool | None = None,
                  outputs: Sequence[Path | None] = (), engine: str = "duckdb",
                  spark_master: str | None = None, spark=None) -> Ingested:
    """Raw event files into snapshot rows (DuckDB, or Spark), a progress bar on a terminal.

    `period` None follows the playbook's cadence. `outputs` are the folders the caller will
    write to (None: not written): each is checked first, so a build whose results cannot all be
    written fails before it runs, with nothing written. `engine` "spark" runs it on `spark`, a
    session, else one for `spark_master` (engines/spark.py).

    Raises InputError, FileNotFoundError, BuildFailed.
    """
    # start-up: loads iso3166, rich only when this runs
    from adoptplan.ingest.events import Options, build

    for folder in outputs:
        why = None if folder is None else unwritable(folder)
        if why is not None:
            raise BuildFailed(f"cannot write to {folder}: {why}")
    setup = prepare(playbooks, people, mapping)
    period, found = snapshot_period(setup, period)
    if window > 1 and period != "day":
        raise BuildFailed(f"--window applies to --period day, and the snapshots are by {period} "
                          "(the playbook's cadence)")
    options = Options(period, window, since, until)
    if engine == "spark":
        # start-up: loads iso3166, rich, sqlglot only when this runs
        from adoptplan.ingest.engines import spark as on_spark

        built = on_spark.build(setup, events, options, progress, spark_master, spark)
    else:
        built = build(setup, events, options, progress)
    return attrs.evolve(built, warnings=tuple(sort_diagnostics((*setup.warnings, *found,
                                                                *built.warnings))))


def import_metrics(platform: str, files: Sequence[Path], playbooks: Sequence[Path],
                   people: Path, mapping: Path | None = None, period: str | None = None,
                   report_end=None, report_days: int | None = None) -> Ingested:
    """Per-user platform exports into snapshot rows. Raises InputError, FileNotFoundError."""
    # start-up: loads iso3166, rich only when this runs
    from adoptplan.ingest.exports import import_exports

    setup = prepare(playbooks, people, mapping)
    imported = import_exports(setup, platform, files, period, report_end, report_days)
    return attrs.evolve(imported, warnings=tuple(sort_diagnostics((*setup.warnings,
                                                                   *imported.warnings))))


def write(ingested: Ingested, folder: Path) -> list[Path]:
    """The snapshots, one CSV per period, and the quality report as JSON, into `folder`.

    Raises OSError when the folder cannot be written.
    """

    written = write_snapshots(ingested.rows, ingested.dimensions, folder)
    write_atomic(folder / QUALITY_FILE, ingested.quality.to_json())
    return [*written, folder / QUALITY_FILE]


def write_sql(ingested: Ingested, folder: Path, dialect: str = "duckdb") -> list[Path]:
    """A build's SQL for `dialect`, its people, directory and calendar tables and a README
    saying how to run them, to run the build where the events are."""
    # start-up: loads sqlglot only when this runs
    from adoptplan.ingest.engines.sqlout import write_sql as write_files

    return write_files(ingested, folder, dialect)
