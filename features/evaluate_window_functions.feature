Feature: Comparing a week with the weeks before it
  I want to hear when a country's use falls well below what it was in the weeks before, and the
  weeks before must not include the week I am looking at.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W01
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography
      }

      barrier falling_use "Use falls below 80% of the four weeks before" {
        when     active_members < 80% * average(active_members, 4 periods before)
        in       reps by geography
        severity high
        remedy   "Ask the managers in {geography} what changed this week"
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W02,reps,DE,300,50%
      2026-W03,reps,DE,300,50%
      2026-W04,reps,DE,300,50%
      2026-W05,reps,DE,300,50%
      2026-W06,reps,DE,300,39%
      2026-W02,reps,FR,250,40%
      2026-W03,reps,FR,250,40%
      2026-W04,reps,FR,250,40%
      2026-W05,reps,FR,250,40%
      2026-W06,reps,FR,250,36%
      """

  Scenario: A week well below the four before it raises the alert
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the barrier alert "falling_use/reps/geography=DE" at level high
    And the first evidence of "falling_use/reps/geography=DE" is "active_members < 80% * average(active_members, 4 periods before)"
    And I do not see "falling_use/reps/geography=FR"

  Scenario: A date picks the week it falls in
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-02-05
    Then I see the barrier alert "falling_use/reps/geography=DE" at level high

  Scenario: One barrier watches two breakdowns
    Given a playbook "devices.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W01
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography, device
      }

      barrier falling_use "Use falls below 80% of the four weeks before" {
        when     active_members < 80% * average(active_members, 4 periods before)
        in       reps by geography, device
        severity high
        remedy   "Ask the managers of {group} what changed this week"
      }
      """
    And metrics "devices.csv":
      """
      period,segment,geography,device,members,active_members
      2026-W02,reps,DE,,300,50%
      2026-W03,reps,DE,,300,50%
      2026-W04,reps,DE,,300,50%
      2026-W05,reps,DE,,300,50%
      2026-W06,reps,DE,,300,39%
      2026-W02,reps,,phone,200,40%
      2026-W03,reps,,phone,200,40%
      2026-W04,reps,,phone,200,40%
      2026-W05,reps,,phone,200,40%
      2026-W06,reps,,phone,200,20%
      2026-W02,reps,,computer,400,40%
      2026-W03,reps,,computer,400,40%
      2026-W04,reps,,computer,400,40%
      2026-W05,reps,,computer,400,40%
      2026-W06,reps,,computer,400,40%
      """
    When I evaluate "devices.adopt" with the metrics "devices.csv"
    Then I see the barrier alert "falling_use/reps/geography=DE" at level high
    And I see the barrier alert "falling_use/reps/device=phone" at level high
    And I do not see "falling_use/reps/device=computer"
