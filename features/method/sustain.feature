Feature: Method step 3, sustain adoption beyond the first promotion
  Plan ongoing activities, such as sharing exclusive content on the platform and promoting success
  stories of novel uses, to keep people using it. `include method.sustain` starts them once a
  segment has passed the critical mass, and warns when a segment that reached it falls back.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.sustain

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W41
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

      priority first_contact "Resolve every customer on the first contact" {
        for agents, leads
      }

      tool answers "Answer hub" {
        serves first_contact
      }
      """

  Scenario: Past the critical mass: exclusive content, and success stories once content stalls
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members,organic_content
      2026-W40,agents,900,30,400
      2026-W40,leads,200,65,100
      2026-W44,agents,900,40,700
      2026-W44,leads,200,66,102
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                      | level  | kind    |
      | success_stories/leads   | medium | sustain |
      | exclusive_content/leads | low    | sustain |
    And the action "exclusive_content/leads" says "Share exclusive content with the segment “Team leads” on the platform first"
    And the action "success_stories/leads" says "Promote success stories of novel uses by the segment “Team leads”"

  Scenario: A segment that reached the critical mass and falls back is a warning
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members,organic_content
      2026-W40,agents,900,50,400
      2026-W41,agents,900,62,500
      2026-W42,agents,900,61,520
      2026-W43,agents,900,55,480
      2026-W44,agents,900,52,450
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id               | level | kind    |
      | fell_back/agents | high  | sustain |
    And the action "fell_back/agents" says "The segment “Contact centre agents” had reached critical mass and fell back to 52% active"
    And the evidence of "fell_back/agents" is 52% against 55% at 2026-W44

  Scenario: The team decides how far a segment may fall back
    Given a playbook "tolerant.adopt":
      """
      include method.sustain { sustain_floor = critical_mass - 10pp }

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W41
        critical_mass 60%
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
      }

      priority first_contact "Resolve every customer on the first contact" {
        for agents
      }

      tool answers "Answer hub" {
        serves first_contact
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members,organic_content
      2026-W40,agents,900,50,400
      2026-W41,agents,900,62,500
      2026-W44,agents,900,52,450
      """
    When I evaluate "tolerant.adopt" with the metrics "metrics.csv"
    Then nothing is found
