Feature: Method step 3, educate on the value for people's work
  Once the platform is rolled out to the whole target segment, educate people on its value with
  workshops, how-to videos and interactive quizzes. Avoid getting mired in the platform's
  features: show how it meets their business needs. `include method.educate` picks the format
  by what the numbers say, and every message names the segment's business priority; a message
  that only names features is a warning of `adoptplan check`.

  Scenario: Workshops, how-to videos and quizzes, each where it helps
    Given a playbook "plan.adopt":
      """
      include method.educate

      playbook "Contact centre rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment agents "Contact centre agents" {
        collaboration high
        likelihood    high
      }

      segment planners "Workforce planners" {
        collaboration medium
        likelihood    medium
      }

      segment coaches "Quality coaches" {
        collaboration medium
        likelihood    high
      }

      priority first_contact "Resolve every customer on the first contact" {
        for    agents, coaches
        weight 3
      }

      priority staffing "Staff every shift right" {
        for planners
      }

      tool answers "Answer hub" {
        serves first_contact, staffing
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,members,active_members,posts_per_member
      2026-W39,agents,900,10,0.5
      2026-W39,planners,45,10,0.2
      2026-W39,coaches,60,10,0.5
      2026-W42,agents,900,30,0.9
      2026-W42,planners,45,40,0.3
      2026-W42,coaches,60,50,1.1
      2026-W43,agents,900,33,0.9
      2026-W43,planners,45,43,0.3
      2026-W43,coaches,60,51,1.1
      2026-W44,agents,900,35,1.0
      2026-W44,planners,45,46,0.3
      2026-W44,coaches,60,52,1.2
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the findings are, in this order:
      | id                     | level  | kind    |
      | workshops/agents       | high   | educate |
      | quizzes/coaches        | medium | educate |
      | how_to_videos/planners | medium | educate |
    And the action "workshops/agents" says "Workshop for the segment “Contact centre agents”: work through real cases of the priority “Resolve every customer on the first contact” on the platform"
    And the action "how_to_videos/planners" says "How-to videos for the segment “Workforce planners”: two minutes each on how a colleague used the platform for the priority “Staff every shift right”."
    And the action "quizzes/coaches" says "Interactive quiz for the segment “Quality coaches”: which daily tasks of the priority “Resolve every customer on the first contact” could the platform take on?"

  Scenario: Before the rollout there is nobody to educate yet
    Given a playbook "plan.adopt":
      """
      include method.educate

      playbook "Contact centre rollout" {
        cadence weekly
        launch  2026-W46
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
      period,segment,members,active_members,posts_per_member
      2026-W43,agents,900,10,0.5
      2026-W44,agents,900,11,0.5
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then nothing is found

  Scenario: An education message that only names features is a warning
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

      tool answers "Answer hub" {
        serves first_contact
      }

      rule feature_tour "Show the features" {
        when active_members < 40%
        in   agents
        do   educate "Workshop: how to post in groups and share files on the mobile app"
      }
      """
    When I check it
    Then I see a warning at line 22 column 16 with code AP506
    And the output contains "the message of rule feature_tour only names features of the platform (files, groups, mobile, post, share)"
    And the exit code is 0
