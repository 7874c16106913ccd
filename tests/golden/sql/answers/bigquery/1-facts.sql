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
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('click', 'login', 'open') THEN 1 ELSE 0 END AS counted,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('login') THEN 1 ELSE 0 END AS active,
    CASE WHEN 1 = 0 THEN 1 ELSE 0 END AS post,
    CASE WHEN 1 = 0 THEN 1 ELSE 0 END AS read_event,
    CASE WHEN 1 = 0 THEN 1 ELSE 0 END AS react,
    CASE WHEN 1 = 0 THEN 1 ELSE 0 END AS share,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('click') THEN 1 ELSE 0 END AS count_digest_clicks,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('open') THEN 1 ELSE 0 END AS count_digest_opens,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('open') THEN 1 ELSE 0 END AS count_nudge_opens,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('open') THEN 1 ELSE 0 END AS count_opens,
    CASE
      WHEN LOWER(TRIM(n.event_name)) IN ('sent_digest', 'sent_nudge')
      THEN 1
      ELSE 0
    END AS sent_email,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('sent_digest') THEN 1 ELSE 0 END AS sent_count_digest_clicks,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('sent_digest') THEN 1 ELSE 0 END AS sent_count_digest_opens,
    CASE WHEN LOWER(TRIM(n.event_name)) IN ('sent_nudge') THEN 1 ELSE 0 END AS sent_count_nudge_opens
  FROM adoptplan_event_names AS n
), answered AS (
  SELECT
    e.*,
    MAX(CASE WHEN r.sent_email = 1 THEN e.occurred_at END) OVER (
      PARTITION BY e.person_id
      ORDER BY e.occurred_at
      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS last_sent,
    MAX(CASE WHEN r.sent_count_digest_clicks = 1 THEN e.occurred_at END) OVER (
      PARTITION BY e.person_id
      ORDER BY e.occurred_at
      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS last_count_digest_clicks,
    MAX(CASE WHEN r.sent_count_digest_opens = 1 THEN e.occurred_at END) OVER (
      PARTITION BY e.person_id
      ORDER BY e.occurred_at
      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS last_count_digest_opens,
    MAX(CASE WHEN r.sent_count_nudge_opens = 1 THEN e.occurred_at END) OVER (
      PARTITION BY e.person_id
      ORDER BY e.occurred_at
      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS last_count_nudge_opens
  FROM adoptplan_events AS e
  JOIN roles AS r
    ON r.event_name = e.event_name
  WHERE
    NOT e.person_id IS NULL AND (
      r.counted = 1 OR r.sent_email = 1
    )
), counted_events AS (
  SELECT
    c.period_index,
    e.person_id,
    CASE
      WHEN p.since_tenure IS NULL OR c.day_number - p.since_tenure < 0
      THEN 'unknown'
      WHEN c.day_number - p.since_tenure < 30
      THEN '0-29 days'
      ELSE '30+ days'
    END AS dim_tenure,
    r.active,
    r.post,
    r.read_event,
    r.react,
    r.share,
    CASE
      WHEN e.last_count_digest_clicks = e.last_sent
      THEN r.count_digest_clicks
      ELSE 0
    END AS count_digest_clicks,
    CASE
      WHEN e.last_count_digest_opens = e.last_sent
      THEN r.count_digest_opens
      ELSE 0
    END AS count_digest_opens,
    CASE WHEN e.last_count_nudge_opens = e.last_sent THEN r.count_nudge_opens ELSE 0 END AS count_nudge_opens,
    r.count_opens
  FROM answered AS e
  JOIN adoptplan_calendar AS c
    ON c.day = CAST(e.occurred_at AS DATE)
  JOIN roles AS r
    ON r.event_name = e.event_name
  LEFT JOIN adoptplan_people AS p
    ON p.person_id = e.person_id
  WHERE
    NOT e.person_id IS NULL AND r.counted = 1
)
SELECT
  period_index,
  person_id,
  dim_tenure,
  MAX(active) AS active,
  CAST(SUM(post) AS INT64) AS posts,
  CAST(SUM(read_event) AS INT64) AS reads,
  CAST(SUM(react) AS INT64) AS likes,
  CAST(SUM(share) AS INT64) AS files_shared,
  CAST(SUM(count_digest_clicks) AS INT64) AS count_digest_clicks,
  CAST(SUM(count_digest_opens) AS INT64) AS count_digest_opens,
  CAST(SUM(count_nudge_opens) AS INT64) AS count_nudge_opens,
  CAST(SUM(count_opens) AS INT64) AS count_opens
FROM counted_events
GROUP BY
  period_index,
  person_id,
  dim_tenure;
