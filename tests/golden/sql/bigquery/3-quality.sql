-- adoptplan metrics build, step 3: the data quality queries. Reads adoptplan_events
-- (staging), adoptplan_facts (step 1), adoptplan_people and adoptplan_directory
-- (each id of the people directory, person_id). Writes adoptplan_scan and
-- adoptplan_stats; the SELECTs give, in order: rows per source and event name (rows,
-- with a timestamp, with a person, out of range, unreadable, first and last), counted
-- events per day, people in the activity data (all, not in the directory, in no
-- segment), and five people the directory does not know.
DROP TABLE IF EXISTS adoptplan_scan;

DROP TABLE IF EXISTS adoptplan_stats;

CREATE TABLE adoptplan_scan AS
SELECT
  source,
  event_name,
  device,
  CAST(occurred_at AS DATE) AS day,
  GROUPING(CAST(occurred_at AS DATE)) AS whole,
  COUNT(*) AS n_rows,
  COUNT(occurred_at) AS timed,
  COUNT(person_id) AS identified,
  COUNT(CASE WHEN time_given AND occurred_at IS NULL THEN 1 END) AS out_of_range,
  COUNT(CASE WHEN time_unreadable THEN 1 END) AS unreadable,
  MIN(CASE WHEN NOT person_id IS NULL THEN occurred_at END) AS first_at,
  MAX(CASE WHEN NOT person_id IS NULL THEN occurred_at END) AS last_at
FROM adoptplan_events
GROUP BY
  GROUPING SETS (
    (source, event_name, device),
    (source, event_name, CAST(occurred_at AS DATE))
  );

CREATE TABLE adoptplan_stats AS
SELECT
  source,
  event_name,
  device,
  n_rows,
  timed,
  identified,
  out_of_range,
  unreadable,
  first_at,
  last_at
FROM adoptplan_scan
WHERE
  whole = 1;

SELECT
  source,
  event_name,
  SUM(n_rows),
  SUM(timed),
  SUM(identified),
  MIN(first_at),
  MAX(last_at),
  SUM(out_of_range),
  SUM(unreadable)
FROM adoptplan_stats
GROUP BY
  source,
  event_name
ORDER BY
  source NULLS LAST,
  event_name NULLS LAST;

SELECT
  event_name,
  day,
  SUM(identified)
FROM adoptplan_scan
WHERE
  whole = 0 AND NOT day IS NULL
GROUP BY
  event_name,
  day;

SELECT
  COUNT(*),
  COUNT(CASE WHEN d.person_id IS NULL THEN 1 END),
  COUNT(CASE WHEN NOT d.person_id IS NULL AND p.person_id IS NULL THEN 1 END)
FROM (
  SELECT DISTINCT
    person_id
  FROM adoptplan_facts
) AS f
LEFT JOIN adoptplan_directory AS d
  ON d.person_id = f.person_id
LEFT JOIN adoptplan_people AS p
  ON p.person_id = f.person_id;

SELECT DISTINCT
  f.person_id
FROM adoptplan_facts AS f
LEFT JOIN adoptplan_directory AS d
  ON d.person_id = f.person_id
WHERE
  d.person_id IS NULL
ORDER BY
  1 NULLS LAST
LIMIT 5;
