-- adoptplan metrics build, step 1: each person's activity per period.
--
-- Reads adoptplan_events (person_id, occurred_at, event_name and the event columns named below)
-- and adoptplan_calendar (day, period, period_index, period_end_day). Writes adoptplan_facts:
-- one row per period, person and value of each event dimension. Events that no role names are
-- left out. Plain SQL (CAST, CASE, IN, LIKE, GROUP BY), so it runs on DuckDB, Spark SQL and the
-- usual warehouses alike; docs/metrics.md says how.
CREATE TABLE adoptplan_facts AS
SELECT
  c.period,
  e.person_id,${event_dimensions}
  MAX(CASE WHEN ${active} THEN 1 ELSE 0 END) AS active,
  SUM(CASE WHEN ${post} THEN 1 ELSE 0 END) AS posts,
  SUM(CASE WHEN ${read} THEN 1 ELSE 0 END) AS reads,
  SUM(CASE WHEN ${react} THEN 1 ELSE 0 END) AS likes,
  SUM(CASE WHEN ${share} THEN 1 ELSE 0 END) AS files_shared${counts}
FROM adoptplan_events e
JOIN adoptplan_calendar c ON c.day = CAST(e.occurred_at AS DATE)
WHERE e.person_id IS NOT NULL AND (${any_role})
GROUP BY c.period, e.person_id${event_group}
