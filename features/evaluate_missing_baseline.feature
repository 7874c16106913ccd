Feature: Missing baseline
  Progress can only be shown against a measurement taken before the launch. When the first
  snapshot I have is from the launch week or later, I want to be told to measure first.

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

      rule no_lift "No lift since launch" {
        when     active_members - baseline(active_members) < 5pp
        in       reps
        do       educate "Show the reps what the platform does for exemplary service"
        priority medium
      }
      """

  Scenario: No snapshot before the launch asks for a measurement
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W40,reps,1200,20
      2026-W41,reps,1200,22
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "baseline/missing" at level high
    And the action "baseline/missing" says "No snapshot before the launch in 2026-W40"
    And "no_lift/reps" is not evaluated because "not enough history for active_members - baseline(active_members) < 5pp for reps at 2026-W41"

  Scenario: A snapshot before the launch is the baseline
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W38,reps,1200,18
      2026-W39,reps,1200,
      2026-W40,reps,1200,20
      2026-W41,reps,1200,22
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I do not see "baseline/missing"
    And I see the action "no_lift/reps" at level medium
    And the evidence of "no_lift/reps" is +4pp against +5pp at 2026-W41
