"""metrics build --engine spark on a real Spark (local mode): the same snapshots as DuckDB's.

One Spark session serves the whole module (it takes half a minute to start): local[2], no web
UI, bound to 127.0.0.1, few shuffle partitions. Every build after the first is a re-run on that
session, replacing the views the one before made.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from adoptplan import ingest
from adoptplan.cli import cli

from support.engines import as_table, differences, write_hostile, yammer

pytestmark = pytest.mark.needs("java")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from adoptplan.ingest.engines.spark import session

    warehouse = tmp_path_factory.mktemp("spark-warehouse")  # what the --sql-out test makes
    started = session("local[2]", {"spark.sql.warehouse.dir": str(warehouse)})
    yield started
    started.stop()


@pytest.fixture
def hostile(tmp_path):
    return write_hostile(tmp_path)


def both(spark, arguments: dict):
    return (ingest.build_metrics(**arguments),
            ingest.build_metrics(**arguments, engine="spark", spark=spark))


def test_the_hostile_file_gives_duckdbs_snapshots_and_report(spark, hostile):
    duck, on_spark = both(spark, hostile)
    assert differences(as_table(duck.rows), as_table(on_spark.rows)) == []
    assert on_spark.quality.to_json() == duck.quality.to_json()
    report = json.loads(on_spark.quality.to_json())
    skipped = report["inputs"][0]["skipped"]
    # the empty time, the one that is not one, the one of 9999, the empty person
    assert skipped["no readable timestamp"] == 1 and skipped["unreadable row"] == 1
    assert skipped["timestamp out of range"] == 1 and skipped["no person id"] == 1
    table = as_table(on_spark.rows)
    reps = table[("2026-W45", "reps", ())]
    # 1.0, " 1 " and 1.000 are one person; ANA@contoso.com is ana@contoso.com
    assert reps["active_count"] == 3
    assert reps["searches"] == 1  # search_x% matches search_*%; searchXx does not
    assert reps["odd"] == 1  # 100%_done is a name, not a pattern: 100%Xdone is not counted
    # 4's post at 00:30+01:00 on Monday 9 November is Sunday 23:30 UTC: week 45
    assert table[("2026-W45", "field", ())]["posts"] == 1


@pytest.mark.needs("yammer")
def test_the_yammer_data_gives_duckdbs_1653_rows(spark):
    duck, on_spark = both(spark, yammer())
    assert len(on_spark.rows) == len(duck.rows) == 1653
    assert differences(as_table(duck.rows), as_table(on_spark.rows)) == []
    assert on_spark.quality.to_json() == duck.quality.to_json()


def test_the_command_writes_the_files_duckdb_writes(spark, hostile, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    common = ["--events", "events.csv", "--people", "people.csv", "--playbook",
              "rollout.adopt", "--mapping", "mapping.toml"]
    runner = CliRunner()
    duck = runner.invoke(cli, ["metrics", "build", *common, "-o", "duck"])
    on_spark = runner.invoke(cli, ["metrics", "build", *common, "-o", "spark", "--engine",
                                   "spark"])
    assert duck.exit_code == 0 and on_spark.exit_code == 0, on_spark.output
    written = sorted(p.name for p in (tmp_path / "spark").iterdir())
    assert written == sorted(p.name for p in (tmp_path / "duck").iterdir())
    for name in written:
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "duck" / name).read_bytes()


def test_the_spark_sql_it_writes_runs_on_spark(spark, hostile, tmp_path):
    """What a Spark team does with --sql-out: load the tables, run the files in order."""
    from adoptplan.ingest.engines import dialects

    duck = ingest.build_metrics(**hostile)
    folder = tmp_path / "sql"
    ingest.write_sql(duck, folder, "spark")
    def load(name: str, *columns: str) -> None:
        spark.read.csv(str(folder / f"{name}.csv"), header=True, inferSchema=True) \
            .selectExpr(*columns).createOrReplaceTempView(name)

    load("adoptplan_directory", "CAST(person_id AS STRING) AS person_id")
    load("adoptplan_calendar", "CAST(day AS DATE) AS day", "CAST(period AS STRING) AS period",
         "period_index", "period_end_day", "day_number")
    load("adoptplan_people", "CAST(person_id AS STRING) AS person_id", "segment",
         "CAST(manager_id AS STRING) AS manager_id", "joined_day", "organic", "dim_country",
         "since_tenure")
    spark.read.csv(str(hostile["events"][0]), header=True).selectExpr(
        "0 AS source", "user_id AS person_id", "occurred_at", "event_name",
        "message_id AS content_id", "CAST(NULL AS STRING) AS author_id", "device", "location"
    ).createOrReplaceTempView("adoptplan_raw_events")
    for _ in range(2):  # a second run replaces what the first made
        for path in sorted(folder.glob("[0-1]*.sql")):
            for statement in dialects.split_script(path.read_text(encoding="utf-8")):
                spark.sql(statement)
    (statement,) = dialects.split_script((folder / "2-snapshot.sql").read_text(encoding="utf-8"))
    frame = spark.sql(statement)
    names = frame.columns
    rows = [dict(zip(names, row)) for row in frame.collect()]
    expected = {(r.period, r.segment, r.dimensions): r.values for r in duck.rows}
    got = {}
    dims = duck.dimensions
    for row in rows:
        key = (row.pop("period"), row.pop("segment"),
               tuple(sorted((d, str(row.pop(d))) for d in dims if row[d] is not None)))
        for d in dims:
            row.pop(d, None)
        got[key] = {k: None if v is None else float(v) for k, v in row.items()}
    assert differences(expected, got) == []
    spark.sql("DROP TABLE IF EXISTS adoptplan_facts")
