Feature: Method step 2, pilot a prototype before the wider rollout
  Build a prototype and test it with select employees from the target segment; gather their
  feedback and use it to refine the platform before rolling it out to a wider audience. With
  `include method.pilot`, the pilot group's numbers (pilot_active, pilot_feedback) gate the
  launch: refine when they fall short, roll out when they pass.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.pilot

      playbook "Store app rollout" {
        cadence       weekly
        launch        2026-W46
        critical_mass 40%
      }

      segment store_staff "Store associates" {
        collaboration medium
        likelihood    high
      }

      segment buyers "Merchandising and buying" {
        collaboration high
        likelihood    medium
      }

      segment managers "Store managers" {
        collaboration high
        likelihood    high
      }

      segment seasonal "Seasonal associates" {
        collaboration low
        likelihood    medium
      }

      priority full_shelves "Full shelves and no missed sales" {
        for store_staff, managers, seasonal
      }

      priority promotions "Every promotion right on day one" {
        for buyers
      }

      tool store_groups "Store groups in the app" {
        serves full_shelves, promotions
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members,pilot_active,pilot_feedback
      2026-W43,store_staff,5200,4,30,66
      2026-W43,buyers,280,33,58,80
      2026-W43,managers,340,15,,
      2026-W43,seasonal,1100,2,,
      2026-W44,store_staff,5200,5,38,71
      2026-W44,buyers,280,35,64,80
      2026-W44,managers,340,17,,
      2026-W44,seasonal,1100,2,,
      2026-W46,store_staff,5200,20,,
      2026-W46,buyers,280,40,,
      2026-W46,managers,340,30,,
      2026-W46,seasonal,1100,4,,
      """

  Scenario: Two weeks before the launch the pilot decides who is ready
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W44
    Then the findings are, in this order:
      | id                            | level  | kind  |
      | pilot_falls_short/store_staff | high   | pilot |
      | pilot_missing/managers        | medium | pilot |
      | pilot_passes/buyers           | low    | pilot |
    And the action "pilot_falls_short/store_staff" says "Refine the prototype with the pilot group of the segment “Store associates” before the wider rollout"
    And the evidence of "pilot_falls_short/store_staff" is 38% against 50% at 2026-W44
    And the action "pilot_passes/buyers" says "roll it out to the whole segment"
    And the action "pilot_missing/managers" says "Test a prototype with a few select employees of the segment “Store managers” before the launch"

  Scenario: A segment outside the target audience is not asked to pilot
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W44
    Then I do not see "pilot_missing/seasonal"

  Scenario: Once the platform is launched, the pilot rules are quiet
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W46
    Then nothing is found

  Scenario: The team sets its own gate
    Given a playbook "lenient.adopt":
      """
      include method.pilot { pilot_floor = 35%, feedback_floor = 70% }

      playbook "Store app rollout" {
        cadence weekly
        launch  2026-W46
      }

      segment store_staff "Store associates" {
        collaboration medium
        likelihood    high
      }

      priority full_shelves "Full shelves and no missed sales" {
        for store_staff
      }

      tool store_groups "Store groups in the app" {
        serves full_shelves
      }
      """
    And metrics "staff.csv":
      """
      period,segment,members,active_members,pilot_active,pilot_feedback
      2026-W44,store_staff,5200,5,38,71
      """
    When I evaluate "lenient.adopt" with the metrics "staff.csv"
    Then the findings are, in this order:
      | id                       | level | kind  |
      | pilot_passes/store_staff | low   | pilot |
