Feature: Scenarios about our own playbook
  A team keeps scenarios about its playbook beside it and runs them with pytest. The steps come
  with adoptplan (`pytest_plugins = ["adoptplan.testing"]` in the conftest.py), so the team
  writes only feature files: the playbook, the metrics in the notation of `.adopt-test` files,
  the period, and what must come out.

  Background:
    Given the playbook "tests/fixtures/testing/rollout.adopt"

  Scenario: Reps below the floor for two weeks get a workshop in their country
    Given the metrics from 2026-W44:
      | group             | metric         | values      |
      | reps/geography=DE | active_members | 50% 38% 35% |
      | reps/geography=FR | active_members | 50% 55% 60% |
    When I evaluate at 2026-W46
    Then I see the action reps_inactive/reps/geography=DE at level high
    And the message of reps_inactive/reps/geography=DE is "Workshop in DE: resolve complex queries with Q&A with functional experts to protect the brand"
    And I do not see reps_inactive/reps/geography=FR
    And I see no other findings

  Scenario: A lower floor set for the scenario keeps the reps clear
    Given the metrics from 2026-W44:
      | group             | metric         | values  |
      | reps/geography=DE | active_members | 38%x2   |
    And the param active_floor is 30%
    When I evaluate
    Then I do not see reps_inactive
    And I see no other findings

  Scenario: Missing data is reported as not evaluated, never as clear
    Given the metrics from 2026-W45:
      | group             | metric         | values |
      | reps/geography=DE | active_members | _ 35%  |
    When I evaluate at 2026-W46
    Then reps_inactive/reps/geography=DE is not evaluated

  Scenario Outline: Readers who never post raise the lurkers alert
    Given the metrics from 2026-W46:
      | group             | metric  | values   |
      | reps/geography=DE | reads   | <reads>  |
      | reps/geography=DE | posts   | 2        |
      | reps/geography=DE | members | <people> |
    When I evaluate
    Then <outcome>

    Examples:
      | reads | people | outcome                                                 |
      | 400   | 120    | I see the alert lurkers/reps/geography=DE at level low |
      | 50    | 120    | I do not see lurkers                                    |
      | 400   | 12     | I do not see lurkers                                    |
