Feature: Reading the results
  I am a communications manager. I read what adoptplan found in the pull request, in a report I
  can send to the team, or in my terminal: what needs attention now, about which group in words I
  know, and whether each segment is climbing toward the critical mass or falling back.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Field service rollout" {
        cadence       weekly
        launch        2026-W40
        critical_mass 60%
      }

      segment engineers "Field service engineers" {
        members       300
        collaboration medium
        likelihood    medium
        by            geography
      }

      barrier managers_away "Managers discourage time on the platform" {
        when     managers_active < 20%
        in       engineers by geography
        minimum  30 members
        severity critical
        remedy   "Brief the managers: show how their teams' answers fix equipment on the first visit."
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,geography,members,active_members,managers_active
      2026-W39,engineers,,300,10,40
      2026-W39,engineers,BR,60,8,12
      2026-W39,engineers,DE,240,11,45
      2026-W40,engineers,,300,14,40
      2026-W40,engineers,BR,60,9,12
      2026-W40,engineers,DE,240,15,45
      2026-W41,engineers,,300,21,40
      2026-W41,engineers,BR,60,9,12
      2026-W41,engineers,DE,240,24,45
      """

  Scenario: The pull-request comment says what needs attention, about whom, in words
    When I run "adoptplan evaluate plan.adopt --metrics metrics.csv --format markdown"
    Then the exit code is 0
    And the output contains "1 critical finding needs attention at 2026-W41; first the barrier alert “Managers discourage time on the platform” for Field service engineers in Brazil."
    And the output contains "<summary><b>critical</b> · Field service engineers in Brazil: Managers discourage time on the platform → <i>Brief the managers:"
    And the output contains "0 of 1 segment has reached critical mass (60% active)"
    And the output contains "| Field service engineers | ▂▃▃ | 21% | +7pp | +11pp | 60% | no |"
    And the output contains "xychart-beta"

  Scenario: A report to send to the team works offline
    When I run "adoptplan evaluate plan.adopt --metrics metrics.csv --format html -o report.html"
    Then the exit code is 0
    And the file "report.html" contains "Field service engineers in Brazil: Managers discourage time on the platform"
    And the file "report.html" contains "<h2>Trends against the critical mass</h2>"
    And the file "report.html" contains "<h2>Barriers by group and period</h2>"
    And the file "report.html" loads nothing from the network

  Scenario: The terminal shows the trend and fits an 80-column window
    Given the terminal is 80 columns wide
    When I run "adoptplan evaluate plan.adopt --metrics metrics.csv"
    Then the exit code is 0
    And no line of the output is wider than 80 characters
    And the output contains "engineers  ▂▃▃       21%  +7pp   +11pp     60%  no"
