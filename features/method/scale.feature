Feature: Method step 3, reach scale
  The impact of a collaboration platform more than doubles when employees use it on a large
  scale. Every evaluation shows each segment's progress toward the critical mass and the whole
  network's; `include method.scale` adds a last push for the segments close to it.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.scale

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
      }

      segment leads "Team leads" {
        collaboration high
        likelihood    medium
      }

      segment billing "Billing back office" {
        collaboration low
        likelihood    medium
      }

      priority first_contact "Resolve every customer on the first contact" {
        for agents, leads, billing
      }

      tool answers "Answer hub" {
        serves first_contact
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,agents,800,10
      2026-W39,leads,100,20
      2026-W39,billing,100,5
      2026-W44,agents,800,51
      2026-W44,leads,100,72
      2026-W44,billing,100,24
      """

  Scenario: A segment close to the critical mass gets a last push
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id               | level  | kind  |
      | last_push/agents | medium | focus |
    And the action "last_push/agents" says "The segment “Contact centre agents” is at 51% active, close to the critical mass of 60%: a last push more than doubles what the platform does for the priority “Resolve every customer on the first contact”."

  Scenario: Progress toward the critical mass, per segment and overall
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "agents" is at 85% of the critical mass
    And "leads" has reached the critical mass
    And "billing" is at 40% of the critical mass
    And "(all)" is at 84% of the critical mass
    And "(all)" has not reached the critical mass
