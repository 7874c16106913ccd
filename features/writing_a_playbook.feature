Feature: Writing a playbook
  A comms writer puts the rollout plan in a playbook: the segments to focus on, what their
  managers care about, the tools that serve it, and the rules that turn metrics into actions.
  `adoptplan check` says the playbook is clean before anyone evaluates it.

  Scenario: A playbook that follows the method is clean
    Given a playbook "customer-service.adopt":
      """
      # Customer service rollout on Viva Engage.
      playbook "Customer service rollout" {
        platform      "Viva Engage"
        cadence       weekly
        launch        2026-W40
        critical_mass 60%          # the network pays off from here
        effort        200 hours
      }

      segment reps "Customer service reps" {
        members       1200
        collaboration high
        likelihood    high
        managers      "Dana Ortiz", "Lee Park"
        by            geography
        effort        150 hours
      }

      segment back_office "Billing back office" {
        members       260
        collaboration low
        likelihood    medium
        effort        50 hours
      }

      priority reputation "Protect the brand through exemplary service" {
        for      reps
        weight   3
        managers "Dana Ortiz"
      }

      priority fewer_escalations "Fewer cases escalated to the back office" {
        for back_office
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation, fewer_escalations
        needs  "search by expertise"
        has    "search by expertise"
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40% for 2 periods
        in       reps by geography
        do       educate "Workshop in {geography}: resolve complex queries with {tool} to protect the brand"
        using    expert_qna
        priority high
      }

      barrier file_sharing "Hesitant to share files" {
        when     files_shared / posts < 5% and posts_per_member >= 1
        in       reps by geography
        minimum  30 members
        severity high
        remedy   "Publish what may be shared; ask a manager to share first"
      }
      """
    When I check it
    Then it is clean

  Scenario: Thresholds written once as params
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      param active_floor percent = 40%
      param pilot_length periods = 6 weeks

      segment field_engineers "Field service engineers" {
        members 340
      }

      priority first_visit_fix "Fix the equipment on the first visit" {
        for field_engineers
      }

      tool field_photos "Photo sharing from the van" {
        serves first_visit_fix
      }

      rule field_pilot "Pilot photo sharing with two crews" {
        when     periods_since_launch <= pilot_length and active_members < active_floor
        in       field_engineers
        do       pilot "Pilot {tool} with two crews so more equipment is fixed on the first visit"
        using    field_photos
        priority medium
      }
      """
    When I check it
    Then it is clean

  Scenario: Segments come from the people directory and break down by geography and device
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence monthly
        launch  2026-10
      }

      segment field_engineers "Field service engineers" {
        members 340
        match   department == "Field Service" and job_family not in ["Dispatcher", "Planner"]
        by      geography, device
      }

      priority first_visit_fix "Fix the equipment on the first visit" {
        for field_engineers
      }

      tool field_photos "Photo sharing from the van" {
        serves first_visit_fix
      }

      barrier phones_left_behind "Engineers on phones fall behind" {
        when     active_members < peers(active_members) - 15pp for 2 periods
        in       field_engineers by device
        minimum  30 people
        severity medium
        remedy   "Send the mobile how-to video to every crew"
      }
      """
    When I check it
    Then it is clean

  Scenario: Shared metric definitions live in a file of their own
    Given a playbook "shared/support-desk.adopt":
      """
      metric questions "Questions asked in the expert Q&A" {
        unit count
      }

      metric answer_hours "Median time to the first answer" {
        unit hours
      }
      """
    And a playbook "plan.adopt":
      """
      include "shared/support-desk.adopt"

      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members 1200
      }

      priority reputation "Protect the brand through exemplary service" {
        for reps
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation
      }

      rule slow_answers "Questions wait too long" {
        when     average(answer_hours, 4 periods) > 2 hours and questions >= 20
        in       reps
        do       build "Route open questions to on-call experts: slow answers hurt exemplary service"
        priority high
      }
      """
    When I check "plan.adopt"
    Then it is clean

  Scenario: A folder of playbook files is checked as one playbook
    Given a playbook "playbooks/header.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }
      """
    And a playbook "playbooks/reps.adopt":
      """
      segment reps "Customer service reps" {
        members 1200
      }

      priority reputation "Protect the brand through exemplary service" {
        for reps
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation
      }
      """
    When I check "playbooks"
    Then it is clean

  Scenario: A playbook saved on Windows reads the same
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }
      """
    And the playbook "plan.adopt" is saved with Windows line endings
    And the playbook "plan.adopt" starts with a byte-order mark
    When I check it
    Then it is clean

  Scenario: Advice is a warning that fails only a strict check
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members 1200
      }
      """
    When I check it
    Then I see a warning at line 6 column 9 with code AP501
    And the exit code is 0
    When I run "adoptplan check --strict plan.adopt"
    Then the exit code is 1

  Scenario: The example playbook of this repository has no errors
    Given the example playbooks of this repository in "playbooks"
    When I check it
    Then it has no errors
