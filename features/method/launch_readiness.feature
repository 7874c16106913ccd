Feature: Method step 3, measure before the launch
  Monitor the common measures of adoption (active members %, organic content growth, average
  social reach) before launching adoption efforts, so that progress can be shown. With
  `include method.launch_readiness`, a segment missing any of the three before the launch gets a
  measure action; a history without any snapshot before the launch is flagged as well.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.launch_readiness

      playbook "Knowledge network" {
        cadence monthly
        launch  2026-04
      }

      segment engineers "Design engineers" {
        collaboration high
        likelihood    high
      }

      segment procurement "Procurement" {
        collaboration low
        likelihood    medium
      }

      priority reuse "Reuse proven designs" {
        for engineers, procurement
      }

      tool communities "Discipline communities" {
        serves reuse
      }
      """

  Scenario: A measure the export did not have before the launch asks for a baseline
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members,organic_content_growth,social_reach
      2026-03,engineers,3200,10,4,9.1
      2026-03,procurement,250,8,3,
      2026-05,engineers,3200,22,12,11.8
      2026-05,procurement,250,12,6,8.7
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                      | level | kind    |
      | no_baseline/procurement | high  | measure |
    And the action "no_baseline/procurement" says "Measure active members, organic content growth and social reach of the segment “Procurement” before the launch"
    And I do not see "no_baseline/engineers"

  Scenario: No snapshot at all before the launch
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members,organic_content_growth,social_reach
      2026-05,engineers,3200,22,12,11.8
      2026-05,procurement,250,12,6,8.7
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                      | level | kind    |
      | baseline/missing        | high  | measure |
      | no_baseline/engineers   | high  | measure |
      | no_baseline/procurement | high  | measure |
