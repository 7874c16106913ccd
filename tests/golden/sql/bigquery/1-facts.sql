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
DROP TABLE IF EXISTS adoptplan_facts;

CREATE TABLE adoptplan_facts AS
WITH roles AS (
  SELECT
    event_name,
    CASE
      WHEN LOWER(TRIM(n.event_name)) IN ('like', 'post', 'search', 'upload')
      OR LOWER(TRIM(n.event_name)) LIKE 'view\\_%' ESCAPE '\\'
      THEN 1
      ELSE 0
    END AS counted,
    CASE
      WHEN LOWER(TRIM(n.event_name)) IN ('like', 'post', 'upload')
      OR LOWER(TRIM(n.event_name)) LIKE 'view\\_%' ESCAPE '\\'
      THEN 1
      ELSE 0
    END AS active,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('post') THEN 1 ELSE 0 END AS post,
    CASE WHEN LOWER(TRIM(n.event_name)) LIKE 'view\\_%' ESCAPE '\\' THEN 1 ELSE 0 END AS read_event,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('like') THEN 1 ELSE 0 END AS react,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('upload') THEN 1 ELSE 0 END AS share,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('search') THEN 1 ELSE 0 END AS count_searches
  FROM adoptplan_event_names AS n
), dim_device_class_classes AS (
  SELECT
    v.value,
    CASE
      WHEN LOWER(TRIM(v.value)) = ''
      THEN 'unknown'
      WHEN LOWER(TRIM(v.value)) LIKE 'iphone%' ESCAPE '\\'
      OR LOWER(TRIM(v.value)) LIKE 'pixel%' ESCAPE '\\'
      THEN 'phone'
      WHEN LOWER(TRIM(v.value)) IN ('laptop')
      THEN 'computer'
      ELSE 'other'
    END AS label
  FROM adoptplan_values_device_class AS v
), counted_events AS (
  SELECT
    c.period_index,
    e.person_id,
    COALESCE(dim_device_class_classes.label, 'unknown') AS dim_device_class,
    COALESCE(NULLIF(TRIM(e.location), ''), 'unknown') AS dim_location,
    r.active,
    r.post,
    r.read_event,
    r.react,
    r.share,
    r.count_searches
  FROM adoptplan_events AS e
  JOIN adoptplan_calendar AS c
    ON c.day = CAST(e.occurred_at AS DATE)
  JOIN roles AS r
    ON r.event_name = e.event_name
  LEFT JOIN dim_device_class_classes
    ON dim_device_class_classes.value = e.device
  WHERE
    NOT e.person_id IS NULL AND r.counted = 1
)
SELECT
  period_index,
  person_id,
  dim_device_class,
  dim_location,
  MAX(active) AS active,
  CAST(SUM(post) AS INT64) AS posts,
  CAST(SUM(read_event) AS INT64) AS reads,
  CAST(SUM(react) AS INT64) AS likes,
  CAST(SUM(share) AS INT64) AS files_shared,
  CAST(SUM(count_searches) AS INT64) AS count_searches
FROM counted_events
GROUP BY
  period_index,
  person_id,
  dim_device_class,
  dim_location;
