Feature: Progress toward critical mass
  The network pays off once enough members are active. I want to see, for each segment and for
  the whole network, how far along we are toward the critical mass the playbook sets.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment reps "Customer service reps" {
        members       1200
        collaboration high
        likelihood    high
      }

      segment editors "Knowledge base editors" {
        members       24
        collaboration medium
        likelihood    high
      }

      segment back_office "Billing and returns back office" {
        members       260
        collaboration low
        likelihood    medium
      }

      rule momentum "Keep the momentum" {
        when     active_members >= critical_mass
        in       all
        do       sustain "Share success stories of exemplary service to keep editors engaged"
        priority info
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,reps,1200,20
      2026-W39,editors,24,50
      2026-W39,back_office,260,10
      2026-W46,reps,1000,45
      2026-W46,editors,24,72
      """

  Scenario: Each segment's progress and the whole network's
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "reps" is at 75% of the critical mass
    And "reps" has not reached the critical mass
    And "editors" is at 120% of the critical mass
    And "editors" has reached the critical mass
    And "(all)" is at 76% of the critical mass
    And I see the action "momentum/editors" at level info
    And "momentum/back_office" is not evaluated because "no value of active_members for back_office at 2026-W46"

  Scenario: Progress at an earlier week
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W39
    Then "reps" is at 33% of the critical mass
    And "editors" is at 83% of the critical mass
    And "back_office" is at 17% of the critical mass
    And I do not see "momentum/editors"
