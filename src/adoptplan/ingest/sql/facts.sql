-- adoptplan metrics build, step 1: each person's activity per period.
--
-- Reads adoptplan_events (person_id, occurred_at, event_name and the event columns named below),
-- adoptplan_calendar (day, period, period_index, period_end_day, day_number) and the distinct
-- names and values of step 0 (and adoptplan_people for an age at each event). Writes
-- adoptplan_facts: one row per period (by its index), person and value of each event dimension.
-- What each event name means, and which class each value of an event column is in, is decided
-- once per distinct name or value, not once per event. Plain SQL (CASE, IN, LIKE, GROUP BY, and
-- a running MAX for the e-mail an open answers), so it runs on DuckDB, Spark SQL and the usual
-- warehouses alike: docs/metrics.md says how.
CREATE TABLE adoptplan_facts AS
WITH
roles AS (
  SELECT
    event_name,
    CASE WHEN ${counted} THEN 1 ELSE 0 END AS counted,
    CASE WHEN ${active} THEN 1 ELSE 0 END AS active,
    CASE WHEN ${post} THEN 1 ELSE 0 END AS post,
    CASE WHEN ${read} THEN 1 ELSE 0 END AS read_event,
    CASE WHEN ${react} THEN 1 ELSE 0 END AS react,
    CASE WHEN ${share} THEN 1 ELSE 0 END AS share${role_counts}
  FROM adoptplan_event_names n
)${value_classes},
counted_events AS (
  SELECT
    c.period_index,
    e.person_id,${event_dimensions}
    r.active,
    r.post,
    r.read_event,
    r.react,
    r.share${event_counts}
  FROM ${events} e
  JOIN adoptplan_calendar c ON c.day = CAST(e.occurred_at AS DATE)
  JOIN roles r ON r.event_name = e.event_name${class_joins}
  WHERE e.person_id IS NOT NULL AND r.counted = 1
)
SELECT
  period_index,
  person_id,${dimension_columns}
  MAX(active) AS active,
  CAST(SUM(post) AS INTEGER) AS posts,
  CAST(SUM(read_event) AS INTEGER) AS reads,
  CAST(SUM(react) AS INTEGER) AS likes,
  CAST(SUM(share) AS INTEGER) AS files_shared${count_sums}
FROM counted_events
GROUP BY period_index, person_id${dimension_group}
