Feature: Method step 1, identify the target audience
  Focus the promotion effort on the segments whose daily work depends heavily on collaboration and
  that are likely to use the platform, never an equal share for everyone, and speak to their
  managers to learn their top priorities. `include method.target_audience` turns this into
  actions; the effort table and the equal-effort warning come with every evaluation.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.target_audience

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
        effort        300 hours
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
        effort        100 hours
      }

      segment billing "Billing back office" {
        collaboration low
        likelihood    medium
        effort        100 hours
      }

      segment interns "Summer interns" {
        collaboration medium
        likelihood    high
      }

      priority first_contact "Resolve every customer on the first contact" {
        for    agents
        weight 3
      }

      priority fewer_errors "Fewer billing errors" {
        for billing
      }

      tool answers "Answer hub" {
        serves first_contact, fewer_errors
      }
      """

  Scenario: The target audience gets the focus, and managers are asked for a missing priority
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,agents,900,12
      2026-W39,billing,120,10
      2026-W39,interns,40,5
      2026-W41,agents,900,22
      2026-W41,billing,120,15
      2026-W41,interns,40,10
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                       | level  | kind    |
      | target_audience/agents   | high   | focus   |
      | focus/equal-effort       | high   | focus   |
      | target_audience/interns  | high   | focus   |
      | ask_for_priority/interns | medium | measure |
    And the action "target_audience/agents" says "Put most of the promotion effort into the segment “Contact centre agents”: its daily work depends on collaboration, its people are likely to use the platform, and it serves the priority “Resolve every customer on the first contact”."
    And the action "ask_for_priority/interns" says "Ask the managers of the segment “Summer interns” for their top business priority"
    And the effort is shared out as:
      | segment | focus score | recommended hours |
      | agents  | 1           | 158.8235          |
      | interns | 0.6667      | 105.8824          |
      | billing | 0.2222      | 35.2941           |
    And the warning "effort is spread equally across segments of unequal focus" is shown

  Scenario: A segment that reached the critical mass needs no more focus
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,agents,900,12
      2026-W39,billing,120,10
      2026-W39,interns,40,5
      2026-W41,agents,900,64
      2026-W41,billing,120,15
      2026-W41,interns,40,10
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I do not see "target_audience/agents"
    And I see the action "target_audience/interns" at level high
    And I do not see "target_audience/billing"
