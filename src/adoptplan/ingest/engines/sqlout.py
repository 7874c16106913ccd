"""`metrics build --sql-out DIR --dialect D`: the complete SQL of a build, for one engine.

Every statement a build runs, from the staging of the raw events to the quality queries, written
for the dialect by `dialects.script`, the people and calendar tables as CSV, and a README that
says in which order to run the files and which tables they read and write.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adoptplan.files import write_atomic
from adoptplan.ingest.engines import dialects, portable
from adoptplan.ingest.snapshots import Ingested
from adoptplan.ingest.warehouse import calendar_csv, table_csv

FILES = {"staging": "0-staging.sql", "values": "0-values.sql", "facts": "1-facts.sql",
         "reach": "1b-reach.sql", "snapshot": "2-snapshot.sql", "quality": "3-quality.sql"}
"""Each statement's file; the names sort in the order to run them."""
TABLES = ("adoptplan_calendar", "adoptplan_directory", "adoptplan_people")
_LOAD = {
    "duckdb": "CREATE TABLE adoptplan_people AS SELECT * FROM read_csv('adoptplan_people.csv');",
    "spark": "CREATE OR REPLACE TEMPORARY VIEW adoptplan_people USING csv\n"
             "  OPTIONS (path 'adoptplan_people.csv', header 'true', inferSchema 'true');",
    "databricks": "CREATE OR REPLACE TEMPORARY VIEW adoptplan_people USING csv\n"
                  "  OPTIONS (path '/Volumes/.../adoptplan_people.csv', header 'true',\n"
                  "           inferSchema 'true');",
    "bigquery": "bq load --autodetect --source_format=CSV dataset.adoptplan_people "
                "adoptplan_people.csv",
    "snowflake": "COPY INTO adoptplan_people FROM @stage/adoptplan_people.csv\n"
                 "  FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1 EMPTY_FIELD_AS_NULL = TRUE);",
    "postgres": "\\copy adoptplan_people FROM 'adoptplan_people.csv' WITH (FORMAT csv, HEADER)",
}
_SESSION = {
    "duckdb": "SET TimeZone = 'UTC';",
    "spark": "SET spark.sql.session.timeZone = UTC;  -- and spark.sql.ansi.enabled = true",
    "databricks": "SET TIME ZONE 'UTC';",
    "bigquery": "(nothing: BigQuery computes in UTC)",
    "snowflake": "ALTER SESSION SET TIMEZONE = 'UTC';",
    "postgres": "SET TIME ZONE 'UTC';",
}


def write_sql(ingested: Ingested, folder: Path, dialect: str = "duckdb") -> list[Path]:
    """Every statement and table of a build in `folder`, for `dialect`, and a README.

    Raises OSError if it cannot write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ingested.sql:
        path = folder / FILES[name]
        write_atomic(path, dialects.script(text, dialect))
        written.append(path)
    for name, columns in sorted(ingested.tables.items()):
        path = folder / f"{name}.csv"
        text = calendar_csv(columns) if name == "adoptplan_calendar" else table_csv(columns)
        write_atomic(path, text)
        written.append(path)
    readme = folder / "README.md"
    write_atomic(readme, _readme(dialect, [n for n, _ in ingested.sql],
                                 sorted(ingested.tables)))
    written.append(readme)
    return written


def _readme(dialect: str, steps: Sequence[str], tables: Sequence[str]) -> str:
    """How to run the files: the session, the tables to load, the order, what comes out."""
    order = "\n".join(f"{k}. `{FILES[name]}`: {_STEP[name]}" for k, name in
                      enumerate(steps, start=3))
    loads = ", ".join(f"`{t}.csv`" for t in tables)
    return f"""# The SQL of an adoptplan metrics build ({dialect})

Written by `adoptplan metrics build --sql-out DIR --dialect {dialect}` for one playbook, mapping
and calendar; write it again when the playbook's segments or dimensions, the mapping or the days
to build change. Every file can be run again: it drops the tables it creates first.

1. Set the session's time zone to UTC: {_SESSION[dialect]}
2. Load {loads} as the tables of the same names (ids and labels text, `day` a DATE, the other
   numbers integers; an empty cell is NULL), for example

   ```
   {_LOAD[dialect]}
   ```

   and present your events as `{portable.RAW_EVENTS}`, every column text: `source` (0, or
   a number per file), `person_id`, `occurred_at` (as written: `2014-05-02 11:02:39`, with or
   without an offset such as `+02:00` or `Z`), `event_name`, `content_id`, `author_id` (NULL
   when you have none) and the event columns the playbook's dimensions use.
{order}

`2-snapshot.sql` gives the snapshots: save its result as CSV with a header and it is a metrics
file for `adoptplan evaluate`, one row per period, segment and dimension value, percentages from
0 to 100. `3-quality.sql` gives what the data quality report of `metrics build` says about the
events; the report itself, with its warnings, comes from a build with adoptplan.

Tables written: `adoptplan_events` (a view), `adoptplan_event_names`, `adoptplan_values_*`,
`adoptplan_facts`, `adoptplan_reach` (when the events say whose content is read),
`adoptplan_scan`, `adoptplan_stats`.
"""


_STEP = {
    "staging": "the view `adoptplan_events`: ids as the people directory writes them (10522.0 "
               "is 10522, e-mails in lower case), times in UTC, unreadable ones marked",
    "values": "the distinct event names, and the values of each event column put in classes",
    "facts": "`adoptplan_facts`, each person's activity per period",
    "reach": "`adoptplan_reach`, the distinct people who read or reacted to each author",
    "snapshot": "the snapshot rows (a SELECT: save its result)",
    "quality": "the data quality queries",
}
