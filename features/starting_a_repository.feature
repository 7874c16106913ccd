Feature: Starting a playbook repository
  A team starts its playbook repository with `adoptplan init`: a playbook that already uses the
  method library, sample metrics, a test file, and CI that checks every pull request and
  comments on what it changes. It works before anyone edits a line.

  Scenario: A new repository checks clean, its tests pass, and it evaluates
    When I run "adoptplan init"
    Then the exit code is 0
    And the output contains "wrote .github/workflows/adoptplan.yml"
    When I check "playbooks"
    Then it is clean
    When I run "adoptplan fmt --check playbooks"
    Then the exit code is 0
    When I run "adoptplan test tests"
    Then the exit code is 0
    And the output contains "rule coverage: 2 of 2 outcomes seen (100%"
    When I run "adoptplan evaluate playbooks --metrics metrics"
    Then the exit code is 0
    And the output contains "reps_inactive/reps/geography=FR"

  Scenario: init never overwrites a file without --force
    Given a playbook "playbooks/rollout.adopt":
      """
      # our own playbook
      """
    When I run "adoptplan init"
    Then the exit code is 0
    And the output contains "left alone (it exists; --force overwrites): playbooks/rollout.adopt"
    And the file "playbooks/rollout.adopt" still reads:
      """
      # our own playbook
      """
    When I run "adoptplan init --force"
    Then the exit code is 0
    When I check "playbooks"
    Then it is clean

  Scenario: Adding adoptplan to a repository that already has its GitLab pipeline and hooks
    Given a file ".gitlab-ci.yml":
      """
      stages: [build]
      build:
        script: make
      """
    And a file ".pre-commit-config.yaml":
      """
      repos: []
      """
    When I run "adoptplan init --ci gitlab --install adoptplan==0.1.0"
    Then the exit code is 0
    And the output contains "left alone (it exists; --force overwrites): .gitlab-ci.yml"
    And the output contains "add adoptplan's job to it: include: [{local: .gitlab/adoptplan.yml}]"
    And the output contains "left alone (it exists; --force overwrites): .pre-commit-config.yaml"
    And the output contains "wrote .gitlab/adoptplan.yml"
    And the output contains "CI and hooks install adoptplan with: pip install adoptplan==0.1.0"
    And the file ".gitlab-ci.yml" still reads:
      """
      stages: [build]
      build:
        script: make
      """
    When I check "playbooks"
    Then it is clean
