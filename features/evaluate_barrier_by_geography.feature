Feature: A barrier watched per geography, with a minimum group size
  I watch for behavioural barriers in every country from day one, because an early sign is
  worth acting on. But a country with a handful of reps must never be singled out: its people
  could be recognised. Those groups are still evaluated, and only counted.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W06
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography
      }

      barrier file_sharing "Hesitant to share files" {
        when     files_shared / posts < 5% and posts_per_member >= 1
        in       reps by geography
        minimum  30 members
        severity high
        remedy   "Publish what may be shared; ask a manager in {geography} to share first"
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,geography,members,posts,files_shared,posts_per_member
      2026-W05,reps,DE,300,400,8,1.3
      2026-W05,reps,FR,250,300,30,1.2
      2026-W05,reps,IS,12,20,0,1.7
      2026-W05,reps,US,350,200,2,0.6
      """

  Scenario: The barrier fires only where it is forming
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the barrier alert "file_sharing/reps/geography=DE" at level high
    And the evidence of "file_sharing/reps/geography=DE" is 2% against 5% at 2026-W05
    And I do not see "file_sharing/reps/geography=FR"
    And I do not see "file_sharing/reps/geography=US"
    And the remedy of "file_sharing/reps/geography=DE" says "ask a manager in DE to share first"

  Scenario: A geography below the minimum group size is counted, never named
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then 2 groups are withheld
    And no report names "IS"
    And the output contains "2 suppressed groups"

  Scenario: The next smallest geography is withheld with it, so subtraction gives nothing
    The segment's 920 posts minus the geographies shown would otherwise be Iceland's 20.

    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then no report names "geography=FR"
    And I do not see "file_sharing/reps/geography=FR"

  Scenario: A lower minimum names the group
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W06
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography
      }

      barrier file_sharing "Hesitant to share files" {
        when     files_shared / posts < 5% and posts_per_member >= 1
        in       reps by geography
        minimum  10 members
        severity high
        remedy   "Publish what may be shared; ask a manager to share first"
      }
      """
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then I see the barrier alert "file_sharing/reps/geography=IS" at level high
    And 0 groups are too small to be named
