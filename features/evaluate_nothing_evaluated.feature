Feature: No green check on nothing
  A playbook whose segments match no rows of the metrics finds nothing because it read
  nothing. The communications manager is warned, and CI fails with --fail-on-not-evaluated.

  Background:
    Given a playbook "rollout.adopt":
      """
      playbook "Customer service rollout" {
        cadence weekly
        launch  2026-W01
      }

      segment reps "Customer service reps" {
        members 800
        by      geography
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40%
        in       reps by geography
        do       educate "Workshop in {geography}"
        priority high
      }
      """

  Scenario: A segment the metrics never mention fails the run
    Given metrics "metrics.csv":
      """
      period,segment,active_members
      2026-W05,agents,42
      """
    When I run "adoptplan evaluate rollout.adopt --metrics metrics.csv --fail-on-not-evaluated"
    Then the exit code is 1
    And the output contains "warning[AP613]: segment 'reps' matches no rows of the metrics"
    And the output contains "adoptplan: --fail-on-not-evaluated: segment 'reps' has no data"

  Scenario: A breakdown the metrics do not have is warned about, and fails nothing without the flag
    Given metrics "metrics.csv":
      """
      period,segment,active_members
      2026-W05,reps,42
      """
    When I run "adoptplan evaluate rollout.adopt --metrics metrics.csv"
    Then the exit code is 0
    And the output contains "warning[AP613]: segment 'reps' by geography matches no rows of the metrics"
    When I run "adoptplan evaluate rollout.adopt --metrics metrics.csv -q --fail-on-not-evaluated"
    Then the exit code is 1
    And the output contains "no rule or barrier could be evaluated for any group"

  Scenario: Metrics for every segment and breakdown pass
    Given metrics "metrics.csv":
      """
      period,segment,geography,active_members
      2026-W05,reps,DE,42
      """
    When I run "adoptplan evaluate rollout.adopt --metrics metrics.csv -q --fail-on-not-evaluated"
    Then the exit code is 0
    And the output does not contain "AP613"

  Scenario: The configuration file asks for it once for every run
    Given a file "adoptplan.toml":
      """
      fail_on_not_evaluated = true
      """
    And metrics "metrics.csv":
      """
      period,segment,active_members
      2026-W05,agents,42
      """
    When I run "adoptplan evaluate rollout.adopt --metrics metrics.csv -q"
    Then the exit code is 1
    And the output contains "adoptplan: --fail-on-not-evaluated: segment 'reps' has no data"
