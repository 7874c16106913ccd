Feature: Missing data is reported as not evaluated
  An export fails, a country is missing from a report, a team posted nothing. I never want a
  rule to be quietly false because a number was missing: I want to see which rule could not be
  decided, for which group, and why.

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
        by            geography
      }

      segment back_office "Back office" {
        collaboration low
        likelihood    medium
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40%
        in       reps by geography
        do       educate "Workshop: resolve customer queries faster with the experts"
        priority high
      }

      rule few_files "Few files shared" {
        when     files_shared / posts < 5%
        in       reps by geography
        do       educate "Show how sharing a fix saves the next rep an hour"
        priority medium
      }

      rule office_quiet "The back office is quiet" {
        when     posts < 10
        in       back_office
        do       educate "Show the back office how answered questions mean fewer escalations"
        priority low
      }
      """

  Scenario: A value missing for one geography
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,posts,files_shared
      2026-W39,reps,DE,300,20,100,10
      2026-W39,reps,FR,250,,100,10
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "reps_inactive/reps/geography=DE" at level high
    And "reps_inactive/reps/geography=FR" is not evaluated because "no value of active_members for reps/geography=FR at 2026-W39"
    And the output contains "Not evaluated"

  Scenario: Nothing posted, so no share of files can be computed
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,posts,files_shared
      2026-W39,reps,DE,300,50,0,0
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "few_files/reps/geography=DE" is not evaluated because "files_shared / posts < 5% cannot be computed for reps/geography=DE at 2026-W39: a division by zero"

  Scenario: A segment the metrics do not cover at all
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,posts,files_shared
      2026-W39,reps,DE,300,50,100,10
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "office_quiet/back_office" is not evaluated because "no data for segment back_office"
