"""--sql-out --dialect: the build's SQL written once (DuckDB's) and for each engine by sqlglot.

BigQuery and Snowflake have no server here: their files are golden (regenerate with
`UPDATE_GOLDEN=1 pytest tests/unit/ingest/test_ingest_dialects.py` and read the diff) and sqlglot
parses each back. Spark and PostgreSQL run theirs in tests/integration.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import sqlglot
from test_ingest_events import build, folder  # noqa: F401 (a fixture)

from adoptplan.ingest import queries
from adoptplan.ingest.engines import dialects, sqlout

from support.ingest import COMMON, run, write_examples

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "sql"


@pytest.fixture
def here(tmp_path, monkeypatch):
    """The CLI examples in the current folder."""
    monkeypatch.chdir(tmp_path)
    return write_examples(tmp_path)


@pytest.fixture
def written(folder, tmp_path):
    from adoptplan import ingest

    result = build(folder)
    return {d: ingest.write_sql(result, tmp_path / d, d) for d in dialects.DIALECTS}


@pytest.mark.parametrize("dialect", dialects.DIALECTS)
def test_every_file_of_every_dialect_parses_back(written, dialect):
    names = [p.name for p in written[dialect]]
    assert names[:6] == ["0-staging.sql", "0-values.sql", "1-facts.sql", "1b-reach.sql",
                         "2-snapshot.sql", "3-quality.sql"]
    assert names[-1] == "README.md"
    for path in written[dialect][:6]:
        text = path.read_text(encoding="utf-8")
        statements = sqlglot.parse(text, read=dialect)
        assert statements and all(s is not None for s in statements), path


@pytest.mark.parametrize("dialect", ["bigquery", "snowflake"])
def test_the_files_for_warehouses_without_a_server_here_are_as_reviewed(written, dialect):
    for path in written[dialect][:6]:
        golden = GOLDEN / dialect / path.name
        got = path.read_bytes()
        if os.environ.get("UPDATE_GOLDEN") == "1":
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(got)
        assert golden.exists(), f"{golden} is missing; run with UPDATE_GOLDEN=1 to write it"
        assert got == golden.read_bytes(), f"{golden} differs; rerun with UPDATE_GOLDEN=1"


def test_what_spark_could_not_read_before_is_written_for_it(written):
    facts = (written["spark"][2]).read_text(encoding="utf-8")
    assert "ESCAPE '\\\\'" in facts  # a backslash is an escape in Spark's literals
    assert "ESCAPE '\\'" not in facts.replace("ESCAPE '\\\\'", "")
    staging = written["spark"][0].read_text(encoding="utf-8")
    assert "CREATE OR REPLACE TEMPORARY VIEW adoptplan_events" in staging
    assert "TRY_CAST" in staging  # ANSI mode: an unreadable time is NULL, not a failed job
    snapshot = written["spark"][4].read_text(encoding="utf-8")
    assert "100.0" not in snapshot  # ratios as doubles, not Spark's 6-decimal DECIMAL


def test_every_file_drops_the_tables_it_creates_first(written):
    for dialect in dialects.DIALECTS:
        facts = written[dialect][2].read_text(encoding="utf-8")
        assert facts.index("DROP TABLE IF EXISTS adoptplan_facts") < facts.index(
            "CREATE TABLE adoptplan_facts"), dialect


def test_snowflake_converts_offsets_to_utc_before_dropping_the_zone():
    sql = "SELECT TRY_CAST(TRY_CAST(t AS TIMESTAMPTZ) AS TIMESTAMP) FROM x"
    (written,) = dialects.statements(sql, "snowflake", pretty=False)
    assert "CONVERT_TIMEZONE('UTC', CAST(t AS TIMESTAMPTZ))" in written


def test_the_readme_says_the_order_and_the_tables(written):
    readme = written["postgres"][-1].read_text(encoding="utf-8")
    assert readme.index("`0-staging.sql`") < readme.index("`1-facts.sql`") < readme.index(
        "`2-snapshot.sql`") < readme.index("`3-quality.sql`")
    for table in ("adoptplan_people.csv", "adoptplan_calendar.csv",
                  "adoptplan_directory.csv", "adoptplan_raw_events", "adoptplan_facts"):
        assert table in readme
    assert "SET TIME ZONE 'UTC'" in readme


def test_a_wildcard_name_with_sql_wildcards_is_escaped_in_every_dialect():
    condition = queries.event_condition(["100%_done*"])
    sql = f"SELECT * FROM adoptplan_events e WHERE {condition}"
    for dialect in dialects.DIALECTS[1:]:
        (text,) = dialects.statements(sql, dialect, pretty=False)
        assert sqlglot.parse_one(text, read=dialect).find(sqlglot.exp.Escape) is not None


def test_the_command_writes_the_dialect_asked_for(here):
    result = run("metrics", "build", "--events", "events.csv", *COMMON, "--sql-out", "sql",
                 "--dialect", "bigquery")
    assert result.exit_code == 0, result.output
    assert "FLOAT64" in (here / "sql" / "2-snapshot.sql").read_text(encoding="utf-8")
    assert list(sqlout.FILES.values()) == sorted(sqlout.FILES.values())  # the order to run


def test_engine_spark_without_pyspark_says_which_extra_to_install(here, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = run("metrics", "build", "--events", "events.csv", *COMMON, "--engine", "spark")
    assert result.exit_code == 2
    assert "pip install 'adoptplan[spark]'" in result.output
    assert not (here / "metrics").exists()


def test_spark_master_without_engine_spark_is_a_usage_error(here):
    result = run("metrics", "build", "--events", "events.csv", *COMMON, "--spark-master",
                 "local[1]")
    assert result.exit_code == 2 and "--spark-master applies to --engine spark" in result.output
