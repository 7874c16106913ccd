Feature: Semantic errors
  A comms writer runs `adoptplan check` before opening a pull request. Every mistake in the
  playbook is reported in one run, with the file, the line, a caret under the word and a hint on
  how to fix it, so the playbook is right before anything is evaluated.

  Scenario: A misspelt segment is caught with a suggestion
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members 1200
      }

      priority reputation "Protect the brand" {
        for rpes
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 1
    And the output contains "plan.adopt:11:7: error[AP202]: there is no segment 'rpes'"
    And the output contains "hint: did you mean 'reps'?"

  Scenario: A threshold written without its percent sign
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      rule reps_inactive "Reps are not yet active" {
        when active_members < 40
        do   educate "Workshop: {priority}"
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 1
    And the output contains "error[AP301]: `40` is a bare number, but `active_members` is a percentage"
    And the caret is under "40" on line 7
    And the output contains "hint: write 40%"

  Scenario: Percentage points are not a percentage
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      rule no_lift "No lift in a month" {
        when change(active_members, 4 periods) < 5%
        do   educate "Workshop: {priority}"
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 1
    And the output contains "error[AP302]"
    And the output contains "write 5pp"

  Scenario: Every mistake is reported in one run, in the order of the file
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_membrs < 40%
        do       eductae "Workshop: {priority}"
        priority hihg
      }

      rule never "Cannot fire" {
        when active_members < 30% and active_members > 50%
        do   measure "Count who is active"
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 1
    And the findings are AP205, AP209, AP208, AP401
    And the output contains "4 errors"

  Scenario: An include sets a param the included playbook does not have
    Given a playbook "shared/pilot.adopt":
      """
      param pilot_floor percent = 30%

      rule pilot_start "Start a pilot" {
        when active_members < pilot_floor
        do   measure "Count who is active"
      }
      """
    And a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      include "shared/pilot.adopt" {
        pilot_flor = 20%
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 1
    And the output contains "plan.adopt:7:3: error[AP206]: there is no param 'pilot_flor' in the included playbook"
    And the output contains "hint: did you mean 'pilot_floor'?"

  Scenario: Method advice warns without failing, unless the check is strict
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
    When I run "adoptplan check plan.adopt"
    Then the exit code is 0
    And the output contains "warning[AP501]: segment reps has no business priority"
    When I run "adoptplan check --strict plan.adopt"
    Then the exit code is 1

  Scenario: Tools read the findings as JSON
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weakly
        launch  2026-W40
      }
      """
    When I run "adoptplan check --format json plan.adopt"
    Then the exit code is 1
    And the JSON lists AP210 at line 2, columns 11 to 17

  Scenario: A playbook that follows the method passes
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment reps "Customer service reps" {
        members       1200
        collaboration high
        likelihood    high
        by            geography
      }

      priority reputation "Protect the brand through exemplary service" {
        for reps
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40% for 2 periods
        in       reps by geography
        do       educate "Workshop in {geography}: answer customers faster with {tool} to protect the brand"
        using    expert_qna
        priority high
      }
      """
    When I run "adoptplan check plan.adopt"
    Then the exit code is 0
    And the output contains "no problems found"
