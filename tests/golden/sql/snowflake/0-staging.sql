-- adoptplan metrics build, staging: the events as the build reads them.
--
-- Reads adoptplan_raw_events (every column text: source, person_id, occurred_at, event_name,
-- content_id, author_id and the event columns the dimensions use). Ids are compared as the
-- people directory writes them (10522.0 is 10522, e-mail addresses in lower case); a time with
-- an offset (+02:00, Z) is converted to UTC, one without is taken as UTC (run with the
-- session's time zone set to UTC); a time outside 1677-09-21 to 2262-04-11 is left out.
CREATE OR REPLACE VIEW adoptplan_events AS
WITH raw AS (
  SELECT
    source,
    NULLIF(TRIM(CAST(occurred_at AS VARCHAR)), '') AS time_text,
    CAST(person_id AS VARCHAR) AS person_id,
    CAST(event_name AS VARCHAR) AS event_name,
    CAST(content_id AS VARCHAR) AS content_id,
    CAST(author_id AS VARCHAR) AS author_id,
    CAST("device" AS VARCHAR) AS "device",
    CAST("location" AS VARCHAR) AS "location"
  FROM adoptplan_raw_events
), timed AS (
  SELECT
    raw.*,
    CASE
      WHEN time_text IS NULL
      THEN 0
      WHEN REGEXP_LIKE(
        time_text,
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
      )
      THEN 1
      ELSE 0
    END AS well_formed,
    CASE
      WHEN SUBSTRING(time_text, 1, 10) BETWEEN '1677-09-21' AND '2262-04-11'
      THEN 1
      ELSE 0
    END AS in_range
  FROM raw
), parsed AS (
  SELECT
    timed.*,
    CASE
      WHEN well_formed = 1 AND in_range = 1
      THEN CAST(CONVERT_TIMEZONE('UTC', CAST(time_text AS TIMESTAMPTZ)) AS TIMESTAMPNTZ)
    END AS utc
  FROM timed
)
SELECT
  source,
  CASE
    WHEN CHARINDEX('@', NULLIF(TRIM(person_id), '')) > 0
    THEN LOWER(NULLIF(TRIM(person_id), ''))
    WHEN REGEXP_LIKE(NULLIF(TRIM(person_id), ''), '^-?[0-9]+[.]0+$')
    THEN REGEXP_REPLACE(NULLIF(TRIM(person_id), ''), '[.]0+$', '')
    ELSE NULLIF(TRIM(person_id), '')
  END AS person_id,
  utc AS occurred_at,
  well_formed = 1 AND (
    in_range = 0 OR NOT utc IS NULL
  ) AS time_given,
  NOT time_text IS NULL
  AND NOT (
    well_formed = 1 AND (
      in_range = 0 OR NOT utc IS NULL
    )
  ) AS time_unreadable,
  event_name,
  NULLIF(TRIM(content_id), '') AS content_id,
  CASE
    WHEN CHARINDEX('@', NULLIF(TRIM(author_id), '')) > 0
    THEN LOWER(NULLIF(TRIM(author_id), ''))
    WHEN REGEXP_LIKE(NULLIF(TRIM(author_id), ''), '^-?[0-9]+[.]0+$')
    THEN REGEXP_REPLACE(NULLIF(TRIM(author_id), ''), '[.]0+$', '')
    ELSE NULLIF(TRIM(author_id), '')
  END AS author_id,
  "device",
  "location"
FROM parsed;
