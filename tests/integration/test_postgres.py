"""The postgres dialect of --sql-out run on a real PostgreSQL server: DuckDB's snapshots.

The server is started here, for this module only: initdb into a temporary folder, listening on
a Unix socket in it (no TCP port), stopped at the end. PostgreSQL refuses to run as root, so
as root (CI's containers) it runs as the `postgres` user, which owns the folder.
"""

from __future__ import annotations

import csv
import glob
import gzip
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from adoptplan import ingest
from adoptplan.ingest.engines import dialects

from support.engines import as_table, differences, write_hostile, yammer

pytestmark = pytest.mark.needs("postgresql")
TYPES = {"f": "DOUBLE PRECISION", "i": "BIGINT", "u": "BIGINT", "O": "TEXT"}


@pytest.fixture(scope="module")
def postgres():
    import psycopg

    binaries = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="adoptplan-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"

    def run(*words: str) -> None:
        subprocess.run([*as_user, *words], check=True, capture_output=True, timeout=120)

    run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
        "-E", "UTF8", "--no-sync")
    run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
        f"-k {folder} -c listen_addresses='' -c fsync=off", "start")
    try:
        with psycopg.connect(host=str(folder), user="postgres", dbname="postgres",
                             autocommit=True) as connection:
            yield connection
    finally:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _load(cursor, name: str, columns: dict, csv_text: str) -> None:
    """A table of the build's CSV, typed as the build's own columns are."""
    types = {c: "DATE" if c == "day" else TYPES[getattr(v, "dtype", None).kind
                                                  if hasattr(v, "dtype") else "O"]
             for c, v in columns.items()}
    if name == "adoptplan_calendar":
        types = {"day": "DATE", **{c: t for c, t in types.items() if c != "day_number"},
                 "day_number": types["day_number"]}  # as warehouse.calendar_csv writes it
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in types.items())})")
    with cursor.copy(f"COPY {name} FROM STDIN WITH (FORMAT csv, HEADER)") as copy:
        copy.write(csv_text)


def _raw_events(cursor, files: list[tuple[Path, dict[str, str]]], dimensions: list[str]) -> None:
    """The events as text, each file's columns by role (as a team would present them)."""
    roles = ["person_id", "occurred_at", "event_name", "content_id", "author_id", *dimensions]
    cursor.execute("DROP TABLE IF EXISTS adoptplan_raw_events CASCADE")
    cursor.execute("CREATE TABLE adoptplan_raw_events (source INTEGER, "
                   + ", ".join(f"{r} TEXT" for r in roles) + ")")
    with cursor.copy(f"COPY adoptplan_raw_events (source, {', '.join(roles)}) FROM STDIN") as copy:
        for source, (path, named) in enumerate(files):
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8", newline="") as stream:
                for row in csv.DictReader(stream):
                    copy.write_row([source, *(row.get(named.get(r, "")) or None
                                              for r in roles)])


def _run_sql(connection, ingested, folder: Path) -> tuple[dict, list]:
    """Run the written postgres files in order (twice: a re-run replaces what the first made);
    the snapshot as rows by key, and the results of the quality file's queries."""
    from adoptplan.ingest.warehouse import calendar_csv, table_csv

    ingest.write_sql(ingested, folder, "postgres")
    cursor = connection.cursor()
    cursor.execute("SET TIME ZONE 'UTC'")
    for name, columns in sorted(ingested.tables.items()):
        text = calendar_csv(columns) if name == "adoptplan_calendar" else table_csv(columns)
        _load(cursor, name, columns, text)
    for _ in range(2):
        for path in sorted(folder.glob("[01]*.sql")):
            for statement in dialects.split_script(path.read_text(encoding="utf-8")):
                cursor.execute(statement)
    (snapshot,) = dialects.split_script((folder / "2-snapshot.sql").read_text(encoding="utf-8"))
    cursor.execute(snapshot)
    names = [d.name for d in cursor.description]
    got = {}
    for record in cursor.fetchall():
        values = dict(zip(names, record))
        key = (values.pop("period"), values.pop("segment"), tuple(sorted(
            (d, values.pop(d)) for d in ingested.dimensions if values[d] is not None)))
        got[key] = {k: None if v is None else float(v) for k, v in values.items()
                    if k not in ingested.dimensions}
    results = []
    for statement in dialects.split_script((folder / "3-quality.sql").read_text("utf-8")):
        cursor.execute(statement)
        if cursor.description:
            results.append(cursor.fetchall())
    return got, results


def test_the_hostile_file_gives_duckdbs_snapshots(postgres, tmp_path):
    duck = ingest.build_metrics(**write_hostile(tmp_path))
    _raw_events(postgres.cursor(), [(tmp_path / "events.csv", {
        "person_id": "user_id", "occurred_at": "occurred_at", "event_name": "event_name",
        "content_id": "message_id", "device": "device", "location": "location"})],
        ["device", "location"])
    got, quality = _run_sql(postgres, duck, tmp_path / "sql")
    assert differences(as_table(duck.rows), got) == []
    totals = quality[0]  # rows per source and event name
    read = duck.quality.as_dict()["inputs"][0]
    assert sum(r[2] for r in totals) == read["rows"]
    assert sum(r[8] for r in totals) == read["skipped"]["unreadable row"]
    assert sum(r[7] for r in totals) == read["skipped"]["timestamp out of range"]
    assert quality[3] == [("99",)]  # the one person the directory does not know


@pytest.mark.needs("yammer")
def test_the_yammer_data_gives_duckdbs_1653_rows(postgres, tmp_path):
    arguments = yammer()
    duck = ingest.build_metrics(**arguments)
    common = {"person_id": "user_id", "occurred_at": "occurred_at", "device": "device",
              "location": "location"}
    events, emails = arguments["events"]
    _raw_events(postgres.cursor(), [(events, {**common, "event_name": "event_name"}),
                                    (emails, {**common, "event_name": "action"})],
                ["device", "location"])
    got, _ = _run_sql(postgres, duck, tmp_path / "sql")
    assert len(got) == 1653
    assert differences(as_table(duck.rows), got) == []
