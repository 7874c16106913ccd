Feature: Failing the pull request with --fail-on
  In CI I want the check to go red when something at or above a level I choose needs doing, and
  stay green otherwise, so reviewers look at the playbook only when it matters. When the input
  itself is wrong, the answer is neither yes nor no.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40%
        in       reps
        do       educate "Workshop: resolve customer queries faster with the experts"
        priority medium
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,reps,1200,31
      """

  Scenario Outline: The exit code follows the highest level found
    When I evaluate "plan.adopt" with the metrics "metrics.csv" failing on <level>
    Then I see the action "reps_inactive/reps" at level medium
    And the exit code is <code>

    Examples:
      | level    | code |
      | info     | 1    |
      | low      | 1    |
      | medium   | 1    |
      | high     | 0    |
      | critical | 0    |

  Scenario: Without --fail-on the evaluation never fails
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the exit code is 0

  Scenario: Broken metrics cannot be judged
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,reps,1200,thirty
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv" failing on medium
    Then the exit code is 2
    And the output contains "metrics.csv:2:20: error[AP603]: expected a number in column 'active_members', got 'thirty'"
