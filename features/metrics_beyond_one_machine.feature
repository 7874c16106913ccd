Feature: The metrics build where the events already are
  A large organisation keeps its collaboration events in a warehouse or on Spark. The data team
  takes the build's SQL, written for its engine, with a README that says in which order to run
  it and which tables it reads and writes; or it runs the whole build on Spark.

  Background:
    Given a playbook "rollout.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        match department == "Customer Service"
      }
      """
    And the people directory "people.csv":
      """
      person_id,department
      10522.0,Customer Service
      10523.0,Customer Service
      """
    And the events "events.csv":
      """
      user_id,occurred_at,event_name
      10522,2026-11-02T10:00:00+02:00,search_click_result_1
      10523,2026-11-03 09:00:00,post
      """
    And the mapping "mapping.toml":
      """
      [events]
      active = ["search_click_result_*", "post"]
      post   = ["post"]
      """

  Scenario: The data team takes the build's SQL to Databricks
    When I run "adoptplan metrics build --events events.csv --people people.csv --playbook rollout.adopt --mapping mapping.toml -o metrics --sql-out sql --dialect databricks"
    Then the exit code is 0
    And the output contains "wrote the SQL and its tables to sql"
    And the file "sql/README.md" says "1. Set the session's time zone to UTC"
    And the file "sql/0-staging.sql" says "CREATE OR REPLACE TEMPORARY VIEW adoptplan_events"
    And the file "sql/1-facts.sql" says "LIKE 'search\\_click\\_result\\_%' ESCAPE '\\'"
    And the file "sql/1-facts.sql" says "DROP TABLE IF EXISTS adoptplan_facts"

  Scenario: A dialect no one asked for is refused
    When I run "adoptplan metrics build --events events.csv --people people.csv --playbook rollout.adopt -o metrics --sql-out sql --dialect oracle"
    Then the exit code is 2
    And the output contains "'oracle' is not one of"
