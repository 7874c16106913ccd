Feature: Notifying a team where it works
  The comms team reads Teams, Slack and email, not CI logs. After each weekly evaluation,
  `adoptplan notify` sends every barrier alert that opened since last week as its own message,
  and one digest of the week, to the targets of the configuration file. The webhook URLs and the
  mail password stay in environment variables and never show in any output.

  Background:
    Given a playbook "playbooks/rollout.adopt":
      """
      playbook "Customer service rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        collaboration high
        likelihood    high
        by            geography
      }

      barrier file_sharing "Hesitant to share files" {
        when     files_shared / posts < 5%
        in       reps by geography
        minimum  30 members
        severity high
        remedy   "Publish what may be shared & ask a manager to share <first>"
      }
      """
    And metrics "metrics/2026-W42.csv":
      """
      period,segment,geography,members,posts,files_shared
      2026-W40,reps,DE,400,100,9
      2026-W40,reps,FR,300,100,8
      2026-W41,reps,DE,400,100,2
      2026-W41,reps,FR,300,100,8
      2026-W42,reps,DE,400,100,3
      2026-W42,reps,FR,300,100,1
      """
    And the team's Teams and Slack channels and mailbox, configured in "adoptplan.toml"
    And the result of evaluating "playbooks/" with the metrics "metrics/" at 2026-W40 is saved as "week-40.json"
    And the result of evaluating "playbooks/" with the metrics "metrics/" at 2026-W41 is saved as "week-41.json"
    And the result of evaluating "playbooks/" with the metrics "metrics/" at 2026-W42 is saved as "week-42.json"

  Scenario: Each new barrier alert arrives once, with the week's digest
    When I run "adoptplan notify week-40.json"
    And I run "adoptplan notify week-41.json"
    Then the exit code is 0
    And Teams, Slack and the mailbox each received 3 messages
    And the last alert to Slack says "Hesitant to share files" for "reps (geography=DE)"
    And no output shows a secret

  Scenario: The week after, only the alert that is new is sent
    When I run "adoptplan notify week-41.json"
    And I run "adoptplan notify week-42.json"
    Then Teams, Slack and the mailbox each received 4 messages
    And the last message to Teams says "Weekly digest: Customer service rollout, 2026-W42"
    And the output contains "teams: sent High barrier: Hesitant to share files"

  Scenario: A channel that is down gets what it missed once it is back, and nothing twice
    Given Slack answers every request with 500
    When I run "adoptplan notify week-41.json --attempts 2"
    Then the exit code is 2
    And the output contains "slack: gave up after 2 attempts: HTTP 500 Internal Server Error; 2 messages not sent (run the same command again to send them)"
    And no output shows a secret
    Given Slack is back
    When I run "adoptplan notify week-41.json"
    Then the exit code is 0
    And Teams, Slack and the mailbox each received 2 messages

  Scenario: A dry run shows what would be sent and sends nothing
    When I run "adoptplan notify week-41.json --dry-run --target slack"
    Then the exit code is 0
    And the output contains "Publish what may be shared &amp; ask a manager to share &lt;first&gt;"
    And Teams, Slack and the mailbox each received 0 messages

  Scenario: A webhook URL is never written into the configuration file
    Given "url_env = \"TEAMS_HOOK\"" becomes "url_env = \"https://example.webhook.office.com/SECRET\"" in "adoptplan.toml"
    When I run "adoptplan notify week-41.json"
    Then the exit code is 2
    And the output contains "adoptplan.toml:3:1: 'url_env': expected the NAME of an environment variable"
    And no output shows a secret
