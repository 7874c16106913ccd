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
people AS (
  -- each person of a segment in each period: a member from the day they joined
  SELECT
    c.period,
    p.person_id,
    p.segment,
    NULLIF(p.manager_id, '') AS manager_id,
    p.organic,
    CASE WHEN p.joined_day <= c.period_end_day THEN 1 ELSE 0 END AS member${person_dimensions}
  FROM adoptplan_people p
  CROSS JOIN periods c
),
person_period AS (
  -- each person's activity in a period, whatever the event dimensions
  SELECT
    period,
    person_id,
    MAX(active) AS active,
    SUM(posts) AS posts,
    SUM(reads) AS reads,
    SUM(likes) AS likes,
    SUM(files_shared) AS files_shared${count_sums}
  FROM adoptplan_facts
  GROUP BY period, person_id
),
by_person AS (
  -- the whole segment, and its breakdowns by what is known of each person
  SELECT
    p.period,
    p.segment${person_dimension_columns},
    SUM(p.member) AS members,
    SUM(COALESCE(a.active, 0)) AS active_count,
    SUM(COALESCE(a.posts, 0)) AS posts,
    SUM(COALESCE(a.reads, 0)) AS reads,
    SUM(COALESCE(a.likes, 0)) AS likes,
    SUM(COALESCE(a.files_shared, 0)) AS files_shared,
    SUM(COALESCE(a.posts, 0) * p.organic) AS organic_content,
    COUNT(DISTINCT CASE WHEN p.member = 1 THEN p.manager_id END) AS managers,
    COUNT(DISTINCT CASE WHEN p.member = 1 AND m.person_id IS NOT NULL THEN p.manager_id END)
      AS managers_active_count,
    ${reach_sums}${count_totals}
  FROM people p
  LEFT JOIN person_period a ON a.period = p.period AND a.person_id = p.person_id
  LEFT JOIN person_period m ON m.period = p.period AND m.person_id = p.manager_id
    AND m.active = 1${reach_join}
  GROUP BY GROUPING SETS (${grouping_sets})
)${event_breakdowns},
snapshot_rows AS (
  SELECT
    period,
    segment${all_dimension_columns},
    members, active_count, posts, reads, likes, files_shared, organic_content,
    managers, managers_active_count, authors, reached${count_columns}
  FROM by_person${event_rows}
),
snapshot AS (
  SELECT
    r.*,
    c.period_index,
    LAG(r.organic_content) OVER (
      PARTITION BY r.segment${partition_dimensions} ORDER BY c.period_index
    ) AS previous_organic_content,
    LAG(c.period_index) OVER (
      PARTITION BY r.segment${partition_dimensions} ORDER BY c.period_index
    ) AS previous_period_index
  FROM snapshot_rows r
  JOIN periods c ON c.period = r.period
  WHERE ${segment_dimensions}
)
SELECT
  period,
  segment${output_dimensions},
  members,
  active_count,
  100.0 * active_count / NULLIF(members, 0) AS active_members,
  posts,
  reads,
  likes,
  files_shared,
  organic_content,
  CASE WHEN previous_period_index = period_index - 1
    THEN 100.0 * (organic_content - previous_organic_content)
      / NULLIF(previous_organic_content, 0)
  END AS organic_content_growth,${social_reach}
  1.0 * posts / NULLIF(members, 0) AS posts_per_member,
  1.0 * reads / NULLIF(members, 0) AS reads_per_member,
  1.0 * likes / NULLIF(members, 0) AS likes_per_member${managers}${count_outputs}
FROM snapshot
ORDER BY period, segment${order_dimensions}
