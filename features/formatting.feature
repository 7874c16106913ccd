Feature: Formatting playbooks
  A comms writer keeps playbooks in git. `adoptplan fmt` gives every playbook one layout, so
  reviews show only what changed in meaning, and comments written for colleagues are kept.

  Scenario: An untidy playbook is rewritten in the canonical layout
    Given a playbook "plan.adopt":
      """
      segment reps "Customer service reps" {
      likelihood high
          members 1200.0
        collaboration   high
      }
      rule reps_inactive "Reps are not yet active" {
        priority high
        when (active_members < 40 %) for 2 period
        in reps
        do educate "Workshop for reps"
      }
      """
    When I run "adoptplan fmt plan.adopt"
    Then the exit code is 0
    And the output is "reformatted plan.adopt"
    And "plan.adopt" contains:
      """
      segment reps "Customer service reps" {
        members       1200
        collaboration high
        likelihood    high
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40% for 2 periods
        in       reps
        do       educate "Workshop for reps"
        priority high
      }
      """

  Scenario: Comments stay where they were written
    Given a playbook "plan.adopt":
      """
      # Who we roll out to first.
      segment reps {
        likelihood high    # from the manager survey
        # headcount from HR, October
        members 1200
      }
      """
    When I run "adoptplan fmt plan.adopt"
    Then the exit code is 0
    And "plan.adopt" contains:
      """
      # Who we roll out to first.
      segment reps {
        # headcount from HR, October
        members    1200
        likelihood high  # from the manager survey
      }
      """

  Scenario: Checking in CI names the files that would change and changes nothing
    Given a playbook "plan.adopt":
      """
      segment reps {
        members 40 %
      }
      """
    When I run "adoptplan fmt --check plan.adopt"
    Then the exit code is 1
    And the output is "would reformat plan.adopt"
    And "plan.adopt" is unchanged

  Scenario: A formatted playbook passes the check
    Given a playbook "plan.adopt":
      """
      segment reps {
        members 40 %
      }
      """
    When I run "adoptplan fmt plan.adopt"
    And I run "adoptplan fmt --check plan.adopt"
    Then the exit code is 0
    And nothing is printed

  Scenario: The diff shows what would change
    Given a playbook "plan.adopt":
      """
      segment reps {
        members 40 %
      }
      """
    When I run "adoptplan fmt --diff plan.adopt"
    Then the exit code is 1
    And the output contains "-  members 40 %"
    And the output contains "+  members 40%"
    And "plan.adopt" is unchanged

  Scenario: A playbook with a syntax error is left alone
    Given a playbook "plan.adopt":
      """
      segment reps {
        membres 1200
      }
      """
    When I run "adoptplan fmt plan.adopt"
    Then the exit code is 2
    And the output contains "plan.adopt:2:3: error[AP103]: unexpected 'membres'"
    And the output contains "did you mean 'members'?"
    And "plan.adopt" is unchanged
