-- adoptplan metrics build, step 2: one snapshot row per period, segment and dimension value.
--
-- Reads adoptplan_facts (step 1), adoptplan_people (person_id, segment, manager_id, joined_day,
-- organic and the person dimensions), adoptplan_calendar, adoptplan_reach (step 1b). The result is a metrics
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
    CAST(SUM(posts) AS INT64) AS posts,
    CAST(SUM(reads) AS INT64) AS reads,
    CAST(SUM(likes) AS INT64) AS likes,
    CAST(SUM(files_shared) AS INT64) AS files_shared,
    CAST(SUM(count_searches) AS INT64) AS count_searches
  FROM adoptplan_facts
  GROUP BY
    period_index,
    person_id
), starts AS (
  SELECT
    p.person_id,
    p.segment,
    NULLIF(p.manager_id, '') AS manager_id,
    p.dim_country,
    MIN(c.period_index) AS first_index
  FROM adoptplan_people AS p
  JOIN periods AS c
    ON p.joined_day <= c.period_end_day
  GROUP BY
    p.person_id,
    p.segment,
    p.manager_id,
    p.dim_country
), joined AS (
  SELECT
    first_index,
    segment,
    dim_country,
    COUNT(*) AS people
  FROM starts
  GROUP BY
    GROUPING SETS (
      (first_index, segment),
      (first_index, segment, dim_country)
    )
), manager_starts AS (
  SELECT
    segment,
    dim_country,
    manager_id,
    MIN(first_index) AS first_index
  FROM starts
  WHERE
    NOT manager_id IS NULL
  GROUP BY
    GROUPING SETS (
      (segment, manager_id),
      (segment, dim_country, manager_id)
    )
), activity AS (
  SELECT
    a.period_index,
    p.segment,
    p.dim_country AS dim_country,
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
    a.count_searches,
    CASE WHEN a.posts > 0 OR NOT a.reached IS NULL THEN 1 ELSE 0 END AS author,
    a.reached
  FROM (
    SELECT
      COALESCE(x.period_index, r.period_index) AS period_index,
      COALESCE(x.person_id, r.author_id) AS person_id,
      COALESCE(x.active, 0) AS active,
      COALESCE(x.posts, 0) AS posts,
      COALESCE(x.reads, 0) AS reads,
      COALESCE(x.likes, 0) AS likes,
      COALESCE(x.files_shared, 0) AS files_shared,
      COALESCE(x.count_searches, 0) AS count_searches,
      r.reached
    FROM person_period AS x
    FULL OUTER JOIN adoptplan_reach AS r
      ON r.period_index = x.period_index AND r.author_id = x.person_id
  ) AS a
  JOIN adoptplan_people AS p
    ON p.person_id = a.person_id
  JOIN periods AS c
    ON c.period_index = a.period_index
), measures AS (
  SELECT
    c.period_index,
    j.segment,
    j.dim_country,
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
    CAST(NULL AS INT64) AS authors,
    CAST(NULL AS INT64) AS reached,
    0 AS count_searches
  FROM joined AS j
  JOIN periods AS c
    ON j.first_index <= c.period_index
  UNION ALL
  SELECT
    m.period_index,
    m.segment,
    NULL AS dim_country,
    m.value,
    COUNT(*),
    COUNT(DISTINCT m.manager_id),
    COUNT(DISTINCT x.person_id),
    0,
    0,
    0,
    0,
    0,
    0,
    NULL,
    NULL,
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
  LEFT JOIN person_period AS x
    ON x.period_index = m.period_index AND x.person_id = m.manager_id AND x.active = 1
  GROUP BY
    m.period_index,
    m.segment,
    m.value
  UNION ALL
  SELECT
    c.period_index,
    s.segment,
    s.dim_country,
    NULL AS dim_tenure,
    0,
    s.managers,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    NULL,
    NULL,
    0
  FROM (
    SELECT
      segment,
      dim_country,
      first_index,
      COUNT(*) AS managers
    FROM manager_starts
    GROUP BY
      segment,
      dim_country,
      first_index
  ) AS s
  JOIN periods AS c
    ON s.first_index <= c.period_index
  UNION ALL
  SELECT
    x.period_index,
    s.segment,
    s.dim_country,
    NULL AS dim_tenure,
    0,
    0,
    COUNT(*),
    0,
    0,
    0,
    0,
    0,
    0,
    NULL,
    NULL,
    0
  FROM manager_starts AS s
  JOIN person_period AS x
    ON x.person_id = s.manager_id AND x.active = 1 AND s.first_index <= x.period_index
  GROUP BY
    x.period_index,
    s.segment,
    s.dim_country
  UNION ALL
  SELECT
    period_index,
    segment,
    dim_country,
    dim_tenure,
    0,
    0,
    0,
    SUM(active),
    SUM(posts),
    SUM(reads),
    SUM(likes),
    SUM(files_shared),
    SUM(organic_content),
    SUM(author),
    SUM(COALESCE(reached, 0)),
    SUM(count_searches)
  FROM activity
  GROUP BY
    GROUPING SETS (
      (period_index, segment),
      (period_index, segment, dim_country),
      (period_index, segment, dim_tenure)
    )
), by_person AS (
  SELECT
    period_index,
    segment,
    dim_country,
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
    SUM(count_searches) AS count_searches
  FROM measures
  GROUP BY
    period_index,
    segment,
    dim_country,
    dim_tenure
), by_dim_device_class AS (
  SELECT
    f.period_index,
    p.segment,
    f.dim_device_class,
    COUNT(*) AS seen,
    SUM(f.active) AS active_count,
    SUM(f.posts) AS posts,
    SUM(f.reads) AS reads,
    SUM(f.likes) AS likes,
    SUM(f.files_shared) AS files_shared,
    SUM(f.posts * p.organic) AS organic_content,
    SUM(f.count_searches) AS count_searches
  FROM (
    SELECT
      period_index,
      person_id,
      dim_device_class,
      MAX(active) AS active,
      SUM(posts) AS posts,
      SUM(reads) AS reads,
      SUM(likes) AS likes,
      SUM(files_shared) AS files_shared,
      SUM(count_searches) AS count_searches
    FROM adoptplan_facts
    GROUP BY
      period_index,
      person_id,
      dim_device_class
  ) AS f
  JOIN adoptplan_people AS p
    ON p.person_id = f.person_id
  GROUP BY
    f.period_index,
    p.segment,
    f.dim_device_class
), by_dim_location AS (
  SELECT
    f.period_index,
    p.segment,
    f.dim_location,
    COUNT(*) AS seen,
    SUM(f.active) AS active_count,
    SUM(f.posts) AS posts,
    SUM(f.reads) AS reads,
    SUM(f.likes) AS likes,
    SUM(f.files_shared) AS files_shared,
    SUM(f.posts * p.organic) AS organic_content,
    SUM(f.count_searches) AS count_searches
  FROM (
    SELECT
      period_index,
      person_id,
      dim_location,
      MAX(active) AS active,
      SUM(posts) AS posts,
      SUM(reads) AS reads,
      SUM(likes) AS likes,
      SUM(files_shared) AS files_shared,
      SUM(count_searches) AS count_searches
    FROM adoptplan_facts
    GROUP BY
      period_index,
      person_id,
      dim_location
  ) AS f
  JOIN adoptplan_people AS p
    ON p.person_id = f.person_id
  GROUP BY
    f.period_index,
    p.segment,
    f.dim_location
), snapshot_rows AS (
  SELECT
    period_index,
    segment,
    dim_country,
    NULL AS dim_device_class,
    NULL AS dim_location,
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
    count_searches
  FROM by_person
  UNION ALL
  SELECT
    d.period_index,
    d.segment,
    NULL,
    d.dim_device_class,
    NULL,
    NULL,
    d.seen,
    d.active_count,
    d.posts,
    d.reads,
    d.likes,
    d.files_shared,
    d.organic_content,
    NULL,
    NULL,
    NULL,
    NULL,
    d.count_searches
  FROM by_dim_device_class AS d
  JOIN by_person AS w
    ON w.period_index = d.period_index
    AND w.segment = d.segment
    AND w.dim_country IS NULL
    AND w.dim_tenure IS NULL
  UNION ALL
  SELECT
    d.period_index,
    d.segment,
    NULL,
    NULL,
    d.dim_location,
    NULL,
    d.seen,
    d.active_count,
    d.posts,
    d.reads,
    d.likes,
    d.files_shared,
    d.organic_content,
    NULL,
    NULL,
    NULL,
    NULL,
    d.count_searches
  FROM by_dim_location AS d
  JOIN by_person AS w
    ON w.period_index = d.period_index
    AND w.segment = d.segment
    AND w.dim_country IS NULL
    AND w.dim_tenure IS NULL
), snapshot AS (
  SELECT
    r.*,
    c.period,
    LAG(r.organic_content) OVER (
      PARTITION BY r.segment, r.dim_country, r.dim_device_class, r.dim_location, r.dim_tenure
      ORDER BY r.period_index NULLS LAST
    ) AS previous_organic_content,
    LAG(r.period_index) OVER (
      PARTITION BY r.segment, r.dim_country, r.dim_device_class, r.dim_location, r.dim_tenure
      ORDER BY r.period_index NULLS LAST
    ) AS previous_period_index
  FROM snapshot_rows AS r
  JOIN periods AS c
    ON c.period_index = r.period_index
  WHERE
    (
      r.dim_country IS NULL OR r.segment IN ('reps')
    )
    AND (
      r.dim_device_class IS NULL OR r.segment IN ('reps')
    )
    AND (
      r.dim_location IS NULL OR r.segment IN ('field')
    )
    AND (
      r.dim_tenure IS NULL OR r.segment IN ('reps')
    )
    AND (
      r.dim_country IS NULL
      AND r.dim_device_class IS NULL
      AND r.dim_location IS NULL
      AND r.dim_tenure IS NULL
      OR r.active_count > 0
      OR (
        r.dim_device_class IS NULL AND r.dim_location IS NULL AND r.members > 0
      )
    )
)
SELECT
  period,
  segment,
  dim_country AS country,
  dim_device_class AS device_class,
  dim_location AS location,
  dim_tenure AS tenure,
  members,
  active_count,
  CAST(100 AS FLOAT64) * active_count / NULLIF(members, 0) AS active_members,
  posts,
  reads,
  likes,
  files_shared,
  organic_content,
  CASE
    WHEN previous_period_index = period_index - 1
    THEN CAST(100 AS FLOAT64) * (
      organic_content - previous_organic_content
    ) / NULLIF(previous_organic_content, 0)
  END AS organic_content_growth,
  CAST(1 AS FLOAT64) * reached / NULLIF(authors, 0) AS social_reach,
  CAST(1 AS FLOAT64) * posts / NULLIF(members, 0) AS posts_per_member,
  CAST(1 AS FLOAT64) * reads / NULLIF(members, 0) AS reads_per_member,
  CAST(1 AS FLOAT64) * likes / NULLIF(members, 0) AS likes_per_member,
  managers,
  CAST(100 AS FLOAT64) * managers_active_count / NULLIF(managers, 0) AS managers_active,
  count_searches AS searches
FROM snapshot
ORDER BY
  period NULLS LAST,
  segment NULLS LAST,
  dim_country NULLS LAST,
  dim_device_class NULLS LAST,
  dim_location NULLS LAST,
  dim_tenure NULLS LAST;
