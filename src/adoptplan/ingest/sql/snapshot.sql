-- adoptplan metrics build, step 2: one snapshot row per period, segment and dimension value.
--
-- Reads adoptplan_facts (step 1), adoptplan_people (person_id, segment, manager_id, joined_day,
-- organic and the person dimensions), adoptplan_calendar${reach_input}. The result is a metrics
-- file for `adoptplan evaluate` as it is: period, segment, one column per dimension, members,
-- active_count, active_members, posts, ... Days are whole numbers (days since 1970-01-01), so
-- no date function of any one engine is needed.
WITH
periods AS (
  SELECT DISTINCT period, period_index, period_end_day FROM adoptplan_calendar
),
person_period AS (
  -- each person's activity in a period, whatever the event dimensions
  SELECT
    period_index,
    person_id,
    MAX(active) AS active,
    CAST(SUM(posts) AS INTEGER) AS posts,
    CAST(SUM(reads) AS INTEGER) AS reads,
    CAST(SUM(likes) AS INTEGER) AS likes,
    CAST(SUM(files_shared) AS INTEGER) AS files_shared${count_sums}
  FROM adoptplan_facts
  GROUP BY period_index, person_id
),
starts AS (
  -- the first period each person of a segment counts as a member in: from the day they joined
  SELECT
    p.person_id,
    p.segment,
    NULLIF(p.manager_id, '') AS manager_id${start_dimensions},
    MIN(c.period_index) AS first_index
  FROM adoptplan_people p
  JOIN periods c ON p.joined_day <= c.period_end_day
  GROUP BY p.person_id, p.segment, p.manager_id${start_group}
),
joined AS (
  -- how many people of a segment, and of each part of it, count from each period on
  SELECT
    first_index,
    segment${plain_columns},
    COUNT(*) AS people
  FROM starts
  GROUP BY GROUPING SETS (${joined_sets})
),${manager_starts}
activity AS (
  -- what the people of a segment did, whether members yet or not, with their parts
  SELECT
    a.period_index,
    p.segment${person_dimensions},
    a.active,
    a.posts,
    a.reads,
    a.likes,
    a.files_shared,
    a.posts * p.organic AS organic_content${activity_counts}${reach_columns}
  FROM ${activity_source}
  JOIN adoptplan_people p ON p.person_id = a.person_id
  JOIN periods c ON c.period_index = a.period_index
),
measures AS (
  -- every count of every group, one kind a row: members, managers, activity
  SELECT
    c.period_index,
    j.segment${joined_columns},
    j.people AS members,
    0 AS managers,
    0 AS managers_active_count,
    0 AS active_count, 0 AS posts, 0 AS reads, 0 AS likes, 0 AS files_shared,
    0 AS organic_content, CAST(NULL AS BIGINT) AS authors,
    CAST(NULL AS BIGINT) AS reached${zero_counts}
  FROM joined j
  JOIN periods c ON j.first_index <= c.period_index${age_members}${manager_measures}
  UNION ALL
  SELECT
    period_index,
    segment${activity_columns},
    0, 0, 0,
    SUM(active),
    SUM(posts),
    SUM(reads),
    SUM(likes),
    SUM(files_shared),
    SUM(organic_content),
    ${reach_sums}${count_totals}
  FROM activity
  GROUP BY GROUPING SETS (${activity_sets})
),
by_person AS (
  -- the whole segment, and its parts by what is known of each person
  SELECT
    period_index,
    segment${person_columns},
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
    SUM(reached) AS reached${measure_counts}
  FROM measures
  GROUP BY period_index, segment${person_columns}
)${event_breakdowns},
snapshot_rows AS (
  SELECT
    period_index,
    segment${all_dimension_columns},
    members, active_count, posts, reads, likes, files_shared, organic_content,
    managers, managers_active_count, authors, reached${count_columns}
  FROM by_person${event_rows}
),
snapshot AS (
  SELECT
    r.*,
    c.period,
    LAG(r.organic_content) OVER (
      PARTITION BY r.segment${partition_dimensions} ORDER BY r.period_index
    ) AS previous_organic_content,
    LAG(r.period_index) OVER (
      PARTITION BY r.segment${partition_dimensions} ORDER BY r.period_index
    ) AS previous_period_index
  FROM snapshot_rows r
  JOIN periods c ON c.period_index = r.period_index
  WHERE ${segment_dimensions}
)
SELECT
  period,
  segment${output_dimensions},
  members,
  active_count,
  CAST(100 AS DOUBLE) * active_count / NULLIF(members, 0) AS active_members,
  posts,
  reads,
  likes,
  files_shared,
  organic_content,
  CASE WHEN previous_period_index = period_index - 1
    THEN CAST(100 AS DOUBLE) * (organic_content - previous_organic_content)
      / NULLIF(previous_organic_content, 0)
  END AS organic_content_growth,${social_reach}
  CAST(1 AS DOUBLE) * posts / NULLIF(members, 0) AS posts_per_member,
  CAST(1 AS DOUBLE) * reads / NULLIF(members, 0) AS reads_per_member,
  CAST(1 AS DOUBLE) * likes / NULLIF(members, 0) AS likes_per_member${managers}${count_outputs}
FROM snapshot
ORDER BY period, segment${order_dimensions}
