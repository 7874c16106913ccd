Feature: Writing a playbook test
  A comms writer guards a rule with a test: the metrics written inline, week by week, and the
  action that must come out. `adoptplan test` runs every test, shows what differs and why the
  rule decided as it did, and says how many rules the tests have seen fire and clear.

  Background:
    Given a playbook "playbooks/rollout.adopt":
      """
      playbook "Customer service rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        members 1200
        by      geography
      }

      priority reputation "Protect the brand through exemplary service" {
        for reps
      }

      tool expert_qna "Q&A with functional experts" {
        serves reputation
      }

      param active_floor percent = 40%

      rule reps_inactive "Reps are not yet active" {
        when     active_members < active_floor for 2 periods
        in       reps by geography
        do       educate "Workshop in {geography}: resolve complex queries with {tool} to protect the brand"
        using    expert_qna
        priority high
      }

      barrier lurkers "Reps read but never post" {
        when     reads > 50 * posts
        in       reps by geography
        minimum  30 members
        severity low
        remedy   "Thank every first post"
      }
      """

  Scenario: A test that holds passes
    Given a test file "tests/rollout.adopt-test":
      """
      playbook "../playbooks/rollout.adopt"

      test reps_inactive "Reps below the floor two weeks running get a workshop" {
        from   2026-W44
        series reps/geography=DE active_members 50% 38% 35%
        expect action reps_inactive/reps/geography=DE high
      }
      """
    When I run "adoptplan test tests"
    Then the exit code is 0
    And the output contains "PASS reps_inactive"
    And the output contains "1 test: 1 passed, 0 failed"

  Scenario: A failing test shows expected against got, and why the rule decided so
    Given a test file "tests/rollout.adopt-test":
      """
      playbook "../playbooks/rollout.adopt"

      test reps_inactive "Reps below the floor get a medium workshop" {
        from   2026-W44
        series reps/geography=DE active_members 50% 38% 35%
        series reps/geography=FR active_members 50%x2
        expect action reps_inactive/reps/geography=DE medium
        expect action reps_inactive/reps/geography=FR high
      }
      """
    When I run "adoptplan test tests"
    Then the exit code is 1
    And the output contains "tests/rollout.adopt-test:7: reps_inactive/reps/geography=DE is not as expected"
    And the output contains "level: expected medium, got high"
    And the output contains "expected action reps_inactive/reps/geography=FR did not fire"
    And the output contains "why not: active_members < active_floor was false (50% against 40%, margin -10pp)"

  Scenario: Coverage short of the minimum names the rules no test has seen
    Given a test file "tests/rollout.adopt-test":
      """
      playbook "../playbooks/rollout.adopt"

      test fires "Reps below the floor" {
        from   2026-W44
        series reps/geography=DE active_members 35%x1
        expect action reps_inactive/reps/geography=DE high
      }

      test clears "Reps above the floor" {
        from   2026-W44
        series reps/geography=DE active_members 45%x1
      }
      """
    When I run "adoptplan test --min-coverage 80 tests"
    Then the exit code is 1
    And the output contains "rule coverage: 2 of 4 outcomes seen (50%; each rule firing and clear), below the minimum of 80%"
    And the output contains "playbooks/rollout.adopt:29: lurkers never seen firing or clear"

  Scenario: A misspelt metric in a test is an error at its place
    Given a test file "tests/rollout.adopt-test":
      """
      playbook "../playbooks/rollout.adopt"

      test fires "Reps below the floor" {
        from   2026-W44
        series reps/geography=DE active_membres 35%x1
      }
      """
    When I run "adoptplan test tests"
    Then the exit code is 2
    And I see an error at line 5 column 28 with code AP809 and hint "did you mean 'active_members'?"
