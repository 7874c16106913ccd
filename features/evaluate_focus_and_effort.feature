Feature: Focus and effort
  As the comms lead I have a fixed number of hours to promote the platform. I want them to go
  where people's daily work depends on collaboration and where they are likely to use the
  platform, and I want to be told when I am about to spread them equally.

  Background:
    Given metrics "metrics.csv":
      """
      period,segment,members,active_members
      2026-W39,reps,1200,20
      2026-W39,back_office,260,10
      2026-W39,editors,24,40
      """

  Scenario: The effort is shared out by how much each segment will gain
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
        effort  170 hours
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
      }

      segment back_office "Back office" {
        collaboration low
        likelihood    medium
      }

      segment editors "Knowledge editors" {
        collaboration medium
        likelihood    high
      }
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then the exit code is 0
    And the effort is shared out as:
      | segment     | focus score | recommended hours |
      | reps        | 1           | 90                |
      | editors     | 0.6667      | 60                |
      | back_office | 0.2222      | 20                |
    And I do not see "focus/equal-effort"

  Scenario: Equal effort for segments of unequal focus is called out
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
        effort  120 hours
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        effort        60 hours
      }

      segment back_office "Back office" {
        collaboration low
        likelihood    medium
        effort        60 hours
      }
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the action "focus/equal-effort" at level high
    And the action "focus/equal-effort" says "move promotion effort toward Customer service reps"
    And the warning "effort is spread equally across segments of unequal focus" is shown
