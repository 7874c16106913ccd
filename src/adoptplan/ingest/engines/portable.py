"""The engine-neutral SQL of a build: staging raw events, the first scan, the quality queries.

Written once in DuckDB's dialect and only with what sqlglot writes for every target: no
`FILTER`, `EXCLUDE`, `ANTI JOIN` or `TRY_CAST` left unguarded. DuckDB runs the scan and quality
queries as they are; Spark, Databricks, BigQuery, Snowflake and PostgreSQL get them through
`dialects.transpile`. The staging view here starts from the events as text
(`adoptplan_raw_events`), so an engine without DuckDB's CSV reader normalizes ids and converts
times to UTC in SQL, and tells an unreadable timestamp from a missing one as the reader does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

RAW_EVENTS = "adoptplan_raw_events"
"""The events as text, one table for every file: `source` (the file's number), person_id,
occurred_at, event_name, content_id, author_id and the event columns dimensions use."""
TIME_RANGE = ("1677-09-21", "2262-04-11")
"""The days a timestamp may fall on (see events.TIME_RANGE): beyond them lie placeholders."""
_TIME = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?"
         "(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$")
"""A timestamp as a CSV reader takes it: a date, a time, an optional offset (Z, +02:00)."""
_FLOAT_ID = "^-?[0-9]+[.]0+$"


def quoted(name: str) -> str:
    """A column name in double quotes (sqlglot writes each engine's own quotes)."""
    return '"' + name.replace('"', '""') + '"'


def person_id(value: str) -> str:
    """A person id as the directory spells it (directory.normalize_id), in portable SQL."""
    x = f"NULLIF(TRIM({value}), '')"
    return (f"CASE WHEN strpos({x}, '@') > 0 THEN lower({x}) "
            f"WHEN regexp_matches({x}, '{_FLOAT_ID}') THEN regexp_replace({x}, '[.]0+$', '') "
            f"ELSE {x} END")


def staging_sql(event_columns: Collection[str]) -> str:
    """The view `adoptplan_events` over `adoptplan_raw_events`: ids normalized, times in UTC.

    A time with an offset is converted to UTC, one without is taken as UTC (the session's time
    zone must be UTC, as every engine here sets it). `time_given` says a timestamp was written
    in a readable form; one outside TIME_RANGE then has no `occurred_at`; `time_unreadable`
    marks a cell that is not a timestamp, which DuckDB's reader rejects as an unreadable row.
    """
    low, high = TIME_RANGE
    dimensions = "".join(f",\n  {quoted(c)}" for c in sorted(event_columns))
    raw_dimensions = "".join(f",\n    CAST({quoted(c)} AS VARCHAR) AS {quoted(c)}"
                             for c in sorted(event_columns))
    return f"""-- adoptplan metrics build, staging: the events as the build reads them.
--
-- Reads {RAW_EVENTS} (every column text: source, person_id, occurred_at, event_name,
-- content_id, author_id and the event columns the dimensions use). Ids are compared as the
-- people directory writes them (10522.0 is 10522, e-mail addresses in lower case); a time with
-- an offset (+02:00, Z) is converted to UTC, one without is taken as UTC (run with the
-- session's time zone set to UTC); a time outside {low} to {high} is left out.
CREATE OR REPLACE VIEW adoptplan_events AS
WITH raw AS (
  SELECT
    source,
    NULLIF(TRIM(CAST(occurred_at AS VARCHAR)), '') AS time_text,
    CAST(person_id AS VARCHAR) AS person_id,
    CAST(event_name AS VARCHAR) AS event_name,
    CAST(content_id AS VARCHAR) AS content_id,
    CAST(author_id AS VARCHAR) AS author_id{raw_dimensions}
  FROM {RAW_EVENTS}
),
timed AS (
  SELECT
    raw.*,
    CASE WHEN time_text IS NULL THEN 0 WHEN regexp_matches(time_text, '{_TIME}') THEN 1
      ELSE 0 END AS well_formed,
    CASE WHEN substr(time_text, 1, 10) BETWEEN '{low}' AND '{high}' THEN 1 ELSE 0 END
      AS in_range
  FROM raw
),
parsed AS (
  SELECT
    timed.*,
    CASE WHEN well_formed = 1 AND in_range = 1
      THEN TRY_CAST(TRY_CAST(time_text AS TIMESTAMPTZ) AS TIMESTAMP) END AS utc
  FROM timed
)
SELECT
  source,
  {person_id("person_id")} AS person_id,
  utc AS occurred_at,
  well_formed = 1 AND (in_range = 0 OR utc IS NOT NULL) AS time_given,
  time_text IS NOT NULL AND NOT (well_formed = 1 AND (in_range = 0 OR utc IS NOT NULL))
    AS time_unreadable,
  event_name,
  NULLIF(TRIM(content_id), '') AS content_id,
  {person_id("author_id")} AS author_id{dimensions}
FROM parsed"""


def scan_sql(keys: Sequence[str]) -> str:
    """The first scan: rows per file and event name (and classed column), and per day.

    `keys` are the event columns the mapping puts in classes, quoted."""
    extra = "".join(f", {k}" for k in keys)
    return (
        f"CREATE TABLE adoptplan_scan AS SELECT source, event_name{extra}, "
        "CAST(occurred_at AS DATE) AS day, GROUPING(CAST(occurred_at AS DATE)) AS whole, "
        "COUNT(*) AS n_rows, COUNT(occurred_at) AS timed, COUNT(person_id) AS identified, "
        "COUNT(CASE WHEN time_given AND occurred_at IS NULL THEN 1 END) AS out_of_range, "
        "COUNT(CASE WHEN time_unreadable THEN 1 END) AS unreadable, "
        "MIN(CASE WHEN person_id IS NOT NULL THEN occurred_at END) AS first_at, "
        "MAX(CASE WHEN person_id IS NOT NULL THEN occurred_at END) AS last_at "
        f"FROM adoptplan_events GROUP BY GROUPING SETS ((source, event_name{extra}), "
        "(source, event_name, CAST(occurred_at AS DATE)))")


def stats_sql(keys: Sequence[str]) -> str:
    """The scan's rows per file and event name: what step 0 and the report read."""
    extra = "".join(f", {k}" for k in keys)
    return ("CREATE TABLE adoptplan_stats AS SELECT source, event_name" + extra +
            ", n_rows, timed, identified, out_of_range, unreadable, first_at, last_at "
            "FROM adoptplan_scan WHERE whole = 1")


STATS_TOTALS = (
    "SELECT source, event_name, SUM(n_rows), SUM(timed), SUM(identified), MIN(first_at), "
    "MAX(last_at), SUM(out_of_range), SUM(unreadable) FROM adoptplan_stats "
    "GROUP BY source, event_name ORDER BY source, event_name")
DAYS = ("SELECT event_name, day, SUM(identified) FROM adoptplan_scan "
        "WHERE whole = 0 AND day IS NOT NULL GROUP BY event_name, day")
ACTIVITY_PEOPLE = (
    "SELECT COUNT(*), COUNT(CASE WHEN d.person_id IS NULL THEN 1 END), "
    "COUNT(CASE WHEN d.person_id IS NOT NULL AND p.person_id IS NULL THEN 1 END) "
    "FROM (SELECT DISTINCT person_id FROM adoptplan_facts) f "
    "LEFT JOIN adoptplan_directory d ON d.person_id = f.person_id "
    "LEFT JOIN adoptplan_people p ON p.person_id = f.person_id")
"""People in the activity data; of them unknown to the directory, and known but in no segment."""
NOT_IN_DIRECTORY = (
    "SELECT DISTINCT f.person_id FROM adoptplan_facts f "
    "LEFT JOIN adoptplan_directory d ON d.person_id = f.person_id "
    "WHERE d.person_id IS NULL ORDER BY 1 LIMIT 5")
"""A few people of the activity data the directory does not know (never more: privacy)."""


def quality_sql(keys: Sequence[str]) -> str:
    """Every quality query of a build, as one file to run after step 2 (see the README)."""
    return "\n".join([
        "-- adoptplan metrics build, step 3: the data quality queries. Reads adoptplan_events",
        "-- (staging), adoptplan_facts (step 1), adoptplan_people and adoptplan_directory",
        "-- (each id of the people directory, person_id). Writes adoptplan_scan and",
        "-- adoptplan_stats; the SELECTs give, in order: rows per source and event name (rows,",
        "-- with a timestamp, with a person, out of range, unreadable, first and last), counted",
        "-- events per day, people in the activity data (all, not in the directory, in no",
        "-- segment), and five people the directory does not know.",
        scan_sql(keys) + ";", stats_sql(keys) + ";", STATS_TOTALS + ";", DAYS + ";",
        ACTIVITY_PEOPLE + ";", NOT_IN_DIRECTORY])
