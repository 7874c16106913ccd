Feature: A hostile pull request
  Playbooks and metrics arrive through pull requests, and CI runs adoptplan on them with its
  secrets. A pull request that links a file from outside the repository into the playbook
  folder, or puts a named pipe there, gets an error that names the link, never what it points
  to, and the job ends at once instead of hanging.

  Background:
    Given a playbook "playbooks/rollout.adopt":
      """
      playbook "Customer service rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members 1200
      }
      """

  Scenario: A link to a secret outside the folder is named, not read
    Given "playbooks/x.adopt" links to a secret outside the repository
    When I run "adoptplan check playbooks"
    Then the exit code is 2
    And the output contains "playbooks/x.adopt:1:1: error[AP113]: cannot read this file: it is a link to a file outside playbooks"
    And the secret is not shown
    And no traceback is shown

  Scenario: A named pipe in the playbook folder does not hang the job
    Given "playbooks/pipe.adopt" is a named pipe
    When I run "adoptplan check playbooks"
    Then the exit code is 2
    And the output contains "playbooks/pipe.adopt:1:1: error[AP113]: cannot read this file: it is a named pipe, not a regular file"

  Scenario: A look-back longer than any history is an error where it is written
    Given a file "playbooks/long.adopt":
      """
      rule long "Posts stay low" {
        when posts > 1 for 999999999999 periods
        in   reps
        do   educate "Show the reps what to post"
      }
      """
    When I run "adoptplan check playbooks"
    Then the exit code is 1
    And I see an error at line 2 column 22 with code AP305
    And the output contains "`for` looks back at most 520 periods"
