Feature: Method step 3, remove behavioural barriers as soon as they arise
  Monitor from the very beginning the behavioural barriers that keep particular groups or
  geographies from the platform, and remove them as soon as they arise rather than waiting for
  definitive data. `include method.barriers` watches seven of them, per group and geography,
  each on the first sign in the period evaluated, each with its remedy.

  Background:
    Given a playbook "plan.adopt":
      """
      include method.barriers

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
        by            geography, device
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

  Scenario: People hesitant to share files, seen in the launch week
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,posts,posts_per_member,files_shared
      2026-W40,agents,DE,200,160,0.8,2
      2026-W40,agents,FR,200,160,0.8,20
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the barrier alert "hesitant_to_share/agents/geography=DE" at level high
    And the remedy of "hesitant_to_share/agents/geography=DE" says "Publish what may and may not be shared, and ask a manager of the segment “Contact centre agents” in DE to share a working file first."
    And I do not see "hesitant_to_share/agents/geography=FR"

  Scenario: Managers who discourage time on the platform
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,managers_active
      2026-W39,agents,DE,200,5,50
      2026-W39,agents,FR,200,5,50
      2026-W39,agents,US,200,5,50
      2026-W41,agents,DE,200,15,12
      2026-W41,agents,FR,200,40,60
      2026-W41,agents,US,200,44,62
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                                        | level    | kind           |
      | managers_discouraging/agents/geography=DE | critical | remove_barrier |
      | geography_lagging/agents/geography=DE     | medium   | remove_barrier |
    And the remedy of "managers_discouraging/agents/geography=DE" says "Brief the managers of the segment “Contact centre agents” in DE: show how time on the platform serves their priority “Resolve every customer on the first contact”"

  Scenario: A geography lagging its peers
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,managers_active
      2026-W39,agents,DE,200,5,50
      2026-W39,agents,FR,200,5,50
      2026-W39,agents,UK,200,5,50
      2026-W39,agents,US,200,5,50
      2026-W41,agents,DE,200,20,50
      2026-W41,agents,FR,200,44,60
      2026-W41,agents,UK,200,45,60
      2026-W41,agents,US,200,46,62
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                                    | level  | kind           |
      | geography_lagging/agents/geography=DE | medium | remove_barrier |
    And the evidence of "geography_lagging/agents/geography=DE" is 20% against 33.8% at 2026-W41

  Scenario: A device class lagging, here the phones
    Given metrics "metrics.csv":
      """
      period,segment,device,members,active_members
      2026-W39,agents,desktop,700,5
      2026-W39,agents,mobile,200,5
      2026-W41,agents,desktop,700,30
      2026-W41,agents,mobile,200,9
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                                  | level  | kind           |
      | device_lagging/agents/device=mobile | medium | remove_barrier |
    And the remedy of "device_lagging/agents/device=mobile" says "Check sign-in and the app on mobile"

  Scenario: Organic content shrinking while membership grows
    Given metrics "metrics.csv":
      """
      period,segment,members,organic_content
      2026-W39,leads,195,100
      2026-W41,leads,200,300
      2026-W42,leads,205,280
      2026-W43,leads,212,250
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                      | level  | kind           |
      | content_shrinking/leads | medium | remove_barrier |
    And the evidence of "content_shrinking/leads" is -16.7% against 0% at 2026-W43

  Scenario: Reach concentrated in a few people
    Given metrics "metrics.csv":
      """
      period,segment,members,reach_top_share
      2026-W39,leads,200,40
      2026-W41,leads,200,70
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                       | level | kind           |
      | reach_concentrated/leads | low   | remove_barrier |

  Scenario: A once-active group going quiet
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,leads,200,10
      2026-W41,leads,200,45
      2026-W42,leads,200,48
      2026-W43,leads,200,40
      2026-W44,leads,200,25
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id               | level | kind           |
      | gone_quiet/leads | high  | remove_barrier |
    And the remedy of "gone_quiet/leads" says "Call the managers of the segment “Team leads”: find out what changed"

  Scenario: A group too small to be named is counted, never named
    Given metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,managers_active,posts,posts_per_member,files_shared
      2026-W39,agents,DE,200,10,50,100,0.5,10
      2026-W39,agents,LU,6,10,50,5,0.8,0
      2026-W41,agents,DE,200,40,60,160,0.8,20
      2026-W41,agents,LU,6,40,60,5,0.8,0
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then nothing is found
    And 2 groups are withheld
    And no report names "LU"
    And no report names "geography=DE"
