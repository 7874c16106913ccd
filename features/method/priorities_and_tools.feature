Feature: Method steps 1 and 2, map priorities to tools and build what is missing
  Focus the platform's resources on the managers' priorities that the tools can help with; speak
  to the target employees about their work challenges, share their needs with IT, and build the
  capabilities that fill the gaps. A priority that no tool serves is an error of the plan, not a
  silent gap. `include method.priorities_and_tools` adds the conversation with the employees.

  Scenario: A priority that no tool serves is an error of the plan
    Given a playbook "plan.adopt":
      """
      playbook "Contact centre rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
      }

      priority first_contact "Resolve every customer on the first contact" {
        for agents
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W41,agents,900,22
      """
    When I check it
    Then I see an error at line 11 column 10 with code AP502
    And the exit code is 1
    When I run "adoptplan evaluate plan.adopt --metrics metrics.csv"
    Then the exit code is 2
    And the output contains "error[AP502]: no tool serves priority first_contact: a capability gap"

  Scenario: A capability the employees need and the platform lacks is something to build
    Given a playbook "plan.adopt":
      """
      include method.priorities_and_tools

      playbook "Field service rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment engineers "Field engineers" {
        collaboration high
        likelihood    medium
      }

      priority first_visit "Fix the equipment on the first visit" {
        for    engineers
        weight 2
      }

      tool field_photos "Photo sharing from the van" {
        serves first_visit
        needs  "mobile upload", "offline upload"
        has    "mobile upload"
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members,posts_per_member
      2026-W39,engineers,300,10,0.8
      2026-W40,engineers,300,24,0.9
      2026-W41,engineers,300,26,0.9
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                                         | level  | kind  |
      | capability-gap/field_photos/offline-upload | medium | build |
    And the action "capability-gap/field_photos/offline-upload" says "Photo sharing from the van needs "offline upload", which the platform does not have yet"

  Scenario: Visitors who find nothing for their work send comms back to the employees
    Given a playbook "plan.adopt":
      """
      include method.priorities_and_tools

      playbook "Field service rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment engineers "Field engineers" {
        collaboration high
        likelihood    medium
      }

      priority first_visit "Fix the equipment on the first visit" {
        for engineers
      }

      tool field_photos "Photo sharing from the van" {
        serves first_visit
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members,posts_per_member
      2026-W39,engineers,300,10,0.2
      2026-W40,engineers,300,34,0.2
      2026-W41,engineers,300,36,0.3
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                        | level  | kind  |
      | work_challenges/engineers | medium | build |
    And the action "work_challenges/engineers" says "Speak to the segment “Field engineers” about the work challenges of the priority “Fix the equipment on the first visit” that the platform does not solve yet; share their needs with IT"
    And the evidence of "work_challenges/engineers" is 0.2 against 0.5 at 2026-W40
