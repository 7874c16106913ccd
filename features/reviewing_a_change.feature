Feature: Reviewing a change
  A pull request changes the playbook, and a new week of metrics came in since the last one.
  `adoptplan diff --base` evaluates the playbook before and after the change on the pull
  request's metrics, and the changed playbook on the base's metrics and the pull request's, so
  the comment says which change in the action list the playbook change causes and which the
  data change. A pull request that changes neither gets no comment.

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
        when     active_members < active_floor
        in       reps by geography
        do       educate "Workshop in {geography}: resolve complex queries with {tool} to protect the brand"
        using    expert_qna
        priority high
      }
      """
    And metrics "metrics/2026-W45.csv":
      """
      period,segment,geography,members,active_members
      2026-W45,reps,DE,300,50
      2026-W45,reps,FR,250,42
      2026-W45,reps,IT,150,20
      """
    And everything is committed

  Scenario: The comment says which change the playbook caused and which the new data
    Given "percent = 40%" becomes "percent = 45%" in "playbooks/rollout.adopt"
    And metrics "metrics/2026-W46.csv":
      """
      period,segment,geography,members,active_members
      2026-W46,reps,DE,300,30
      2026-W46,reps,FR,250,42
      2026-W46,reps,IT,150,20
      """
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown"
    Then the exit code is 0
    And the output starts with "<!-- adoptplan-diff -->"
    And the output contains "## adoptplan diff at 2026-W46: 2 new · 2 unchanged"
    And the output contains "| reps\_inactive/reps/geography=FR |"
    And the output contains "new by the playbook change (against HEAD)"
    And the output contains "new by the data change (against HEAD: 2026-W45 → 2026-W46)"
    And the output contains "<details><summary>Unchanged (2)</summary>"

  Scenario: Nothing changed: nothing to post
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown --only-changes --detailed-exitcode"
    Then the exit code is 0
    And nothing is printed

  Scenario: A pipeline tells a change apart from an error
    Given "percent = 40%" becomes "percent = 45%" in "playbooks/rollout.adopt"
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --detailed-exitcode"
    Then the exit code is 2
    When I run "adoptplan diff --base no-such-branch playbooks --metrics metrics --detailed-exitcode"
    Then the exit code is 1

  Scenario: A change to the README alone gets no comment
    Given a file "README.md":
      """
      # How we roll out
      """
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown --only-changes --detailed-exitcode"
    Then the exit code is 0
    And nothing is printed
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics"
    Then the output contains "adoptplan diff at 2026-W45: no change, 2 unchanged"

  Scenario: The comment shows the threshold that changed beside the findings it moved
    Given "percent = 40%" becomes "percent = 55%" in "playbooks/rollout.adopt"
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown"
    Then the output contains "- `reps_inactive`: threshold active\_floor 40% → 55%"
    And the output contains "| reps in DE and FR | Reps are not yet active | new by the playbook change (against HEAD): threshold active\_floor 40% → 55% |"

  Scenario: The comment shows the values a new week of data moved across the threshold
    Given metrics "metrics/2026-W46.csv":
      """
      period,segment,geography,members,active_members
      2026-W46,reps,DE,300,30
      2026-W46,reps,FR,250,42
      2026-W46,reps,IT,150,20
      """
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown"
    Then the output contains "new by the data change (against HEAD: 2026-W45 → 2026-W46): active\_members &lt; active\_floor: 50% → 30% (threshold 40%)"
    And the output does not contain "What the playbook change changed"

  Scenario: Metrics kept out of git leave the data cause out, and the comment says so
    Given the metrics are kept out of git
    When I run "adoptplan diff --base HEAD playbooks --metrics metrics --format markdown"
    Then the output contains "the metrics are not in git at HEAD: no data comparison"
