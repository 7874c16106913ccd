-- adoptplan metrics build, step 1b (when the events say whose content an event is about):
-- how many distinct other people read or reacted to each author's content in each period.
--
-- An event's author is its author_id column, else the author of the post with its content_id.
-- Writes adoptplan_reach: period_index, author_id, reached.
DROP TABLE IF EXISTS adoptplan_reach;

CREATE TABLE adoptplan_reach AS
WITH content_authors AS (
  SELECT
    e.content_id,
    MIN(e.person_id) AS author_id
  FROM adoptplan_events AS e
  WHERE
    NOT e.content_id IS NULL AND (
      LOWER(TRIM(e.event_name)) IN ('post')
    )
  GROUP BY
    e.content_id
), reactions AS (
  SELECT
    c.period_index,
    e.person_id,
    COALESCE(e.author_id, a.author_id) AS author_id
  FROM adoptplan_events AS e
  JOIN adoptplan_calendar AS c
    ON c.day = CAST(e.occurred_at AS DATE)
  LEFT JOIN content_authors AS a
    ON a.content_id = e.content_id
  WHERE
    NOT e.person_id IS NULL
    AND (
      (
        LOWER(TRIM(e.event_name)) LIKE 'view\\_%' ESCAPE '\\'
      )
      OR (
        LOWER(TRIM(e.event_name)) IN ('like')
      )
    )
)
SELECT
  period_index,
  author_id,
  COUNT(DISTINCT person_id) AS reached
FROM reactions
WHERE
  NOT author_id IS NULL AND author_id <> person_id
GROUP BY
  period_index,
  author_id;
