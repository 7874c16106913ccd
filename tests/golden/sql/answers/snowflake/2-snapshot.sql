-- adoptplan metrics build, step 2: one snapshot row per period, segment and dimension value.
--
-- Reads adoptplan_facts (step 1), adoptplan_people (person_id, segment, manager_id, joined_day,
-- organic and the person dimensions), adoptplan_calendar. The result is a metrics
-- file for `adoptplan evaluate` as it is: period, segment, one column per dimension, members,
-- active_count, active_members, posts, ... Days are whole numbers (days since 1970-01-01), so
-- no date function of any one engine is needed.
WITH periods AS (
  SELECT DISTINCT
    period,
    period_index,
    period_end_day
  FROM adoptplan_calendar
), person_period AS (
  SELECT
    period_index,
    person_id,
    MAX(active) AS active,
    CAST(SUM(posts) AS INT) AS posts,
    CAST(SUM(reads) AS INT) AS reads,
    CAST(SUM(likes) AS INT) AS likes,
    CAST(SUM(files_shared) AS INT) AS files_shared,
    CAST(SUM(count_digest_clicks) AS INT) AS count_digest_clicks,
    CAST(SUM(count_digest_opens) AS INT) AS count_digest_opens,
    CAST(SUM(count_nudge_opens) AS INT) AS count_nudge_opens,
    CAST(SUM(count_opens) AS INT) AS count_opens
  FROM adoptplan_facts
  GROUP BY
    period_index,
    person_id
), starts AS (
  SELECT
    p.person_id,
    p.segment,
    NULLIF(p.manager_id, '') AS manager_id,
    MIN(c.period_index) AS first_index
  FROM adoptplan_people AS p
  JOIN periods AS c
    ON p.joined_day <= c.period_end_day
  GROUP BY
    p.person_id,
    p.segment,
    p.manager_id
), joined AS (
  SELECT
    first_index,
    segment,
    COUNT(*) AS people
  FROM starts
  GROUP BY
    GROUPING SETS (
      (first_index, segment)
    )
), activity AS (
  SELECT
    a.period_index,
    p.segment,
    CASE
      WHEN p.since_tenure IS NULL OR c.period_end_day - p.since_tenure < 0
      THEN 'unknown'
      WHEN c.period_end_day - p.since_tenure < 30
      THEN '0-29 days'
      ELSE '30+ days'
    END AS dim_tenure,
    a.active,
    a.posts,
    a.reads,
    a.likes,
    a.files_shared,
    a.posts * p.organic AS organic_content,
    a.count_digest_clicks,
    a.count_digest_opens,
    a.count_nudge_opens,
    a.count_opens
  FROM person_period AS a
  JOIN adoptplan_people AS p
    ON p.person_id = a.person_id
  JOIN periods AS c
    ON c.period_index = a.period_index
), measures AS (
  SELECT
    c.period_index,
    j.segment,
    NULL AS dim_tenure,
    j.people AS members,
    0 AS managers,
    0 AS managers_active_count,
    0 AS active_count,
    0 AS posts,
    0 AS reads,
    0 AS likes,
    0 AS files_shared,
    0 AS organic_content,
    CAST(NULL AS BIGINT) AS authors,
    CAST(NULL AS BIGINT) AS reached,
    0 AS count_digest_clicks,
    0 AS count_digest_opens,
    0 AS count_nudge_opens,
    0 AS count_opens
  FROM joined AS j
  JOIN periods AS c
    ON j.first_index <= c.period_index
  UNION ALL
  SELECT
    m.period_index,
    m.segment,
    m.value,
    COUNT(*),
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    NULL,
    NULL,
    0,
    0,
    0,
    0
  FROM (
    SELECT
      c.period_index,
      p.segment,
      NULLIF(p.manager_id, '') AS manager_id,
      CASE
        WHEN p.since_tenure IS NULL OR c.period_end_day - p.since_tenure < 0
        THEN 'unknown'
        WHEN c.period_end_day - p.since_tenure < 30
        THEN '0-29 days'
        ELSE '30+ days'
      END AS value
    FROM adoptplan_people AS p
    CROSS JOIN periods AS c
    WHERE
      p.joined_day <= c.period_end_day
  ) AS m
  GROUP BY
    m.period_index,
    m.segment,
    m.value
  UNION ALL
  SELECT
    f.period_index,
    p.segment,
    f.value,
    0,
    0,
    0,
    SUM(f.active),
    SUM(f.posts),
    SUM(f.reads),
    SUM(f.likes),
    SUM(f.files_shared),
    SUM(f.posts * p.organic),
    NULL,
    NULL,
    SUM(f.count_digest_clicks),
    SUM(f.count_digest_opens),
    SUM(f.count_nudge_opens),
    SUM(f.count_opens)
  FROM (
    SELECT
      period_index,
      person_id,
      dim_tenure AS value,
      MAX(active) AS active,
      SUM(posts) AS posts,
      SUM(reads) AS reads,
      SUM(likes) AS likes,
      SUM(files_shared) AS files_shared,
      SUM(count_digest_clicks) AS count_digest_clicks,
      SUM(count_digest_opens) AS count_digest_opens,
      SUM(count_nudge_opens) AS count_nudge_opens,
      SUM(count_opens) AS count_opens
    FROM adoptplan_facts
    GROUP BY
      period_index,
      person_id,
      dim_tenure
  ) AS f
  JOIN adoptplan_people AS p
    ON p.person_id = f.person_id
  GROUP BY
    f.period_index,
    p.segment,
    f.value
  UNION ALL
  SELECT
    period_index,
    segment,
    NULL AS dim_tenure,
    0,
    0,
    0,
    SUM(active),
    SUM(posts),
    SUM(reads),
    SUM(likes),
    SUM(files_shared),
    SUM(organic_content),
    NULL,
    NULL,
    SUM(count_digest_clicks),
    SUM(count_digest_opens),
    SUM(count_nudge_opens),
    SUM(count_opens)
  FROM activity
  GROUP BY
    GROUPING SETS (
      (period_index, segment)
    )
), by_person AS (
  SELECT
    period_index,
    segment,
    dim_tenure,
    SUM(members) AS members,
    SUM(active_count) AS active_count,
    SUM(posts) AS posts,
    SUM(reads) AS reads,
    SUM(likes) AS likes,
    SUM(files_shared) AS files_shared,
    SUM(organic_content) AS organic_content,
    SUM(managers) AS managers,
    SUM(managers_active_count) AS managers_active_count,
    SUM(authors) AS authors,
    SUM(reached) AS reached,
    SUM(count_digest_clicks) AS count_digest_clicks,
    SUM(count_digest_opens) AS count_digest_opens,
    SUM(count_nudge_opens) AS count_nudge_opens,
    SUM(count_opens) AS count_opens
  FROM measures
  GROUP BY
    period_index,
    segment,
    dim_tenure
), snapshot_rows AS (
  SELECT
    period_index,
    segment,
    dim_tenure,
    members,
    active_count,
    posts,
    reads,
    likes,
    files_shared,
    organic_content,
    managers,
    managers_active_count,
    authors,
    reached,
    count_digest_clicks,
    count_digest_opens,
    count_nudge_opens,
    count_opens
  FROM by_person
), snapshot AS (
  SELECT
    r.*,
    c.period,
    LAG(r.organic_content) OVER (PARTITION BY r.segment, r.dim_tenure ORDER BY r.period_index) AS previous_organic_content,
    LAG(r.period_index) OVER (PARTITION BY r.segment, r.dim_tenure ORDER BY r.period_index) AS previous_period_index
  FROM snapshot_rows AS r
  JOIN periods AS c
    ON c.period_index = r.period_index
  WHERE
    (
      r.dim_tenure IS NULL OR r.segment IN ('staff')
    )
    AND (
      r.dim_tenure IS NULL OR r.active_count > 0 OR (
        1 = 1 AND r.members > 0
      )
    )
)
SELECT
  period,
  segment,
  dim_tenure AS tenure,
  members,
  active_count,
  CAST(100 AS DOUBLE) * active_count / NULLIF(members, 0) AS active_members,
  posts,
  reads,
  likes,
  files_shared,
  organic_content,
  CASE
    WHEN previous_period_index = period_index - 1
    THEN CAST(100 AS DOUBLE) * (
      organic_content - previous_organic_content
    ) / NULLIF(previous_organic_content, 0)
  END AS organic_content_growth,
  CAST(1 AS DOUBLE) * posts / NULLIF(members, 0) AS posts_per_member,
  CAST(1 AS DOUBLE) * reads / NULLIF(members, 0) AS reads_per_member,
  CAST(1 AS DOUBLE) * likes / NULLIF(members, 0) AS likes_per_member,
  count_digest_clicks AS digest_clicks,
  count_digest_opens AS digest_opens,
  count_nudge_opens AS nudge_opens,
  count_opens AS opens
FROM snapshot
ORDER BY
  period,
  segment,
  dim_tenure;
