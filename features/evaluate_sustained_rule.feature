Feature: A rule that must hold for several periods
  One bad week is noise. When I write `for 3 periods`, I want the action only when the
  condition held in each of the last three weeks, and I want to be told when a week is missing
  rather than have it counted either way.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W03
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40% for 3 periods
        in       reps by geography
        do       educate "Workshop in {geography}: resolve customer queries faster with the experts"
        priority high
      }
      """

  Scenario: Three weeks in a row below the floor
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W02,reps,DE,300,45
      2026-W03,reps,DE,300,35
      2026-W04,reps,DE,300,33
      2026-W05,reps,DE,300,31
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "reps_inactive/reps/geography=DE" at level high
    And the evidence of "reps_inactive/reps/geography=DE" is 31% against 40% at 2026-W05
    And the evidence of "reps_inactive/reps/geography=DE" is 35% against 40% at 2026-W03
    And the action "reps_inactive/reps/geography=DE" says "Workshop in DE"

  Scenario: One good week in between clears it
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W03,reps,DE,300,35
      2026-W04,reps,DE,300,42
      2026-W05,reps,DE,300,31
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I do not see "reps_inactive/reps/geography=DE"

  Scenario: A week without data is not counted either way
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W03,reps,DE,300,35
      2026-W05,reps,DE,300,31
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "reps_inactive/reps/geography=DE" is not evaluated because "no value of active_members for reps/geography=DE at 2026-W04"

  Scenario: Looking back at an earlier week
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W02,reps,DE,300,35
      2026-W03,reps,DE,300,35
      2026-W04,reps,DE,300,33
      2026-W05,reps,DE,300,48
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W04
    Then I see the action "reps_inactive/reps/geography=DE" at level high
    And the evidence of "reps_inactive/reps/geography=DE" is 33% against 40% at 2026-W04
