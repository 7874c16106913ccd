Feature: Syntax errors
  A comms writer is not a programmer. When a playbook cannot be read, `adoptplan check` says
  where (file, line and column), shows the line with a caret under the mistake, and hints at the
  fix. It never shows a Python traceback. A playbook that cannot be read exits with 1; a path that
  does not exist exits with 2.

  Scenario: A misspelt clause is caught with the word that was meant
    Given a playbook "plan.adopt":
      """
      segment reps "Customer service reps" {
        membres 1200
      }
      """
    When I check it
    Then I see an error at line 2 column 3 with code AP103 and hint "did you mean 'members'?"
    And the caret marks 7 characters under column 3
    And the exit code is 1

  Scenario: A misspelt declaration keyword
    Given a playbook "plan.adopt":
      """
      segmnt reps {
        members 1200
      }
      """
    When I check it
    Then I see an error at line 1 column 1 with code AP103 and hint "did you mean 'segment'?"
    And the exit code is 1

  Scenario: A title that is never closed
    Given a playbook "plan.adopt":
      """
      priority reputation "Protect the brand {
        for reps
      }
      """
    When I check it
    Then I see an error at line 1 column 21 with code AP104 and hint "close it with " on the same line"
    And the error says "this text is never closed"
    And the exit code is 1

  Scenario: A character the language does not know
    Given a playbook "plan.adopt":
      """
      rule reps_inactive {
        when active_members < 40% & posts > 10
        do   educate "Workshop for reps"
      }
      """
    When I check it
    Then I see an error at line 2 column 29 with code AP102
    And the error says "unexpected '&'"
    And the exit code is 1

  Scenario: A block that is never closed
    Given a playbook "plan.adopt":
      """
      segment reps "Customer service reps" {
        members 1200
      """
    When I check it
    Then I see an error at line 1 column 38 with code AP103
    And the error says "this '{' is never closed: `segment reps "Customer service reps"` needs a '}'"
    And the exit code is 1

  Scenario: Two clauses on one line
    Given a playbook "plan.adopt":
      """
      segment reps {
        members 1200 likelihood high
      }
      """
    When I check it
    Then I see an error at line 2 column 16 with code AP103
    And the error says "unexpected 'likelihood'"

  Scenario: A clause given twice
    Given a playbook "plan.adopt":
      """
      segment reps {
        managers "Dana Ortiz"
        managers "Lee Park"
      }
      """
    When I check it
    Then I see an error at line 3 column 3 with code AP106 and hint "keep one line; list several values on it separated by commas"

  Scenario: A percent sign on its own
    Given a playbook "plan.adopt":
      """
      rule reps_inactive {
        when active_members < %40
        do   educate "Workshop for reps"
      }
      """
    When I check it
    Then I see an error at line 2 column 25 with code AP103
    And the error says "unexpected '%'"
    And no traceback is shown

  Scenario: Several files with mistakes are all reported
    Given a playbook "playbooks/reps.adopt":
      """
      segment reps {
        membres 1200
      }
      """
    And a playbook "playbooks/leads.adopt":
      """
      segment leads "Team leads {
      }
      """
    When I check "playbooks"
    Then I see an error at line 2 column 3 with code AP103
    And I see an error at line 1 column 15 with code AP104
    And the error is in "playbooks/reps.adopt"
    And the error is in "playbooks/leads.adopt"
    And the exit code is 1

  Scenario: A playbook saved in another encoding
    Given a playbook "plan.adopt":
      """
      segment reps "Équipe service client" {
        members 1200
      }
      """
    And the playbook "plan.adopt" is saved as Latin-1
    When I check it
    Then I see an error at line 1 column 15 with code AP101 and hint "save the playbook as UTF-8"
    And the exit code is 1

  Scenario: Positions stay right in a playbook saved on Windows
    Given a playbook "plan.adopt":
      """
      segment reps {
        membres 1200
      }
      """
    And the playbook "plan.adopt" is saved with Windows line endings
    And the playbook "plan.adopt" starts with a byte-order mark
    When I check it
    Then I see an error at line 2 column 3 with code AP103 and hint "did you mean 'members'?"
    And the caret marks 7 characters under column 3

  Scenario: An include may not leave the playbook folder
    Given a playbook "plan.adopt":
      """
      include "../../secrets.adopt"
      """
    When I check it
    Then I see an error at line 1 column 1 with code AP108 and hint "includes must stay inside the folder of the playbooks"
    And the exit code is 1

  Scenario: Files that include each other
    Given a playbook "a.adopt":
      """
      include "b.adopt"
      """
    And a playbook "b.adopt":
      """
      # b goes back to a
      include "a.adopt"
      """
    When I check "a.adopt"
    Then I see an error at line 2 column 1 with code AP109 and hint "remove one of these includes"
    And the error says "include cycle: a.adopt -> b.adopt -> a.adopt"
    And the error is in "b.adopt"

  Scenario: A library playbook that does not exist
    Given a playbook "plan.adopt":
      """
      include method.no_such_playbook
      """
    When I check it
    Then I see an error at line 1 column 1 with code AP110
    And the error says "there is no library playbook 'method.no_such_playbook'"

  Scenario: A path that does not exist
    When I check "playbooks/missing.adopt"
    Then the exit code is 2
    And the output contains "no such file or folder: playbooks/missing.adopt"
    And no traceback is shown

  Scenario: A beginner's first playbook: every mistake is named with its fix
    Given a playbook "plan.adopt":
      """
      playbook "Our rollout" {
        cadence       weekly
        launch        2026-W40
      }

      segment reps “Customer service reps” {
        members       1,500
        collaboration high

      segment leads "Team leads" {
        members 40
      }

      rule reps_quiet "Reps are quiet" {
        when     active members < 25%
        in       reps
        do       educate "Show the reps how to ask experts"
      }
      """
    When I check it
    Then I see an error at line 6 column 14 with code AP102 and hint "write "Customer service reps""
    And I see an error at line 6 column 38 with code AP103 and hint "add a line with '}' before line 10"
    And I see an error at line 7 column 17 with code AP103 and hint "write 1500"
    And I see an error at line 15 column 12 with code AP103 and hint "write active_members"
    And the output contains "4 errors"
    And the exit code is 1

  Scenario: Once it parses, a share written as a fraction is fixed as meant
    Given a playbook "plan.adopt":
      """
      playbook "Our rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 0.5
      }

      segment reps "Customer service reps" {
        members 1500
      }

      rule reps_quiet "Reps are quiet" {
        when     active_members < 0.25
        in       reps
        do       educate "Show the reps how to ask experts"
      }
      """
    When I check it
    Then I see an error at line 4 column 17 with code AP305 and hint "write `critical_mass 50%`"
    And I see an error at line 12 column 29 with code AP301 and hint "write 25%"
