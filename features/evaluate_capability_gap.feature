Feature: Capability gaps
  Every business priority a manager gave me should be served by a tool on the platform, and
  every capability a tool needs should be there. When one is missing I want a build action,
  so that I can take it to IT before I promise the managers anything.

  Background:
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,reps,1200,20
      """

  Scenario: A tool still to build turns its missing capabilities into build actions
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
      }

      priority onboarding "Get new reps productive in their first month" {
        for    reps
        weight 2
      }

      tool learning_paths "Learning paths for new reps" {
        serves onboarding
        needs  "learning paths", "mentor matching"
      }
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "capability-gap/learning_paths/learning-paths" at level medium
    And I see the action "capability-gap/learning_paths/mentor-matching" at level medium
    And the action "capability-gap/learning_paths/mentor-matching" says "Learning paths for new reps needs "mentor matching""

  Scenario: A capability a tool needs but the platform lacks becomes a build action
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
      }

      priority reputation "Protect the brand through exemplary service" {
        for reps
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation
        needs  "search by expertise", "answers within two hours"
        has    "search by expertise"
      }
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "capability-gap/expert_qna/answers-within-two-hours" at level medium
    And the action "capability-gap/expert_qna/answers-within-two-hours" says "needs "answers within two hours""
    And I do not see "capability-gap/expert_qna/search-by-expertise"
