Feature: Writing a playbook in an editor
  A comms writer edits playbooks in VS Code, Neovim or Helix. The editor runs `adoptplan lsp`,
  so a mistake is underlined as it is typed, with the same code and hint `adoptplan check` would
  give after the push, and a misspelt word is corrected with one click.

  Scenario: A misspelt clause is underlined while typing and fixed with the quick fix
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        membres 1200
      }
      """
    When I open "plan.adopt" in the editor
    Then the editor underlines line 7 column 3 with code AP103 and the hint "did you mean 'members'?"
    When I apply the quick fix
    Then the editor shows no errors

  Scenario: Hovering a segment in a rule shows who it is
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members       1200
        collaboration high
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40%
        in       reps
        do       educate "Workshop for reps"
        priority high
      }
      """
    When I open "plan.adopt" in the editor
    And I hover over "reps" on line 13
    Then the editor shows "**segment `reps`** — Customer service reps"
    And the editor shows "members: 1200"
    And the editor shows "collaboration: high"
