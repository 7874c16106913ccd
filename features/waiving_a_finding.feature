Feature: Waiving a finding
  As the comms lead of the rollout, I sometimes know about a barrier and have agreed to live with it
  for a while: the works council in Germany is reviewing what may be shared, so the file-sharing
  alert there cannot be fixed before the end of the year. I write a waiver with a date, a reason
  and an owner. The alert stays in every report, marked as waived, and stops failing our build;
  when the date has passed, `adoptplan check` reminds us to renew or remove it.

  Background:
    Given a playbook "playbooks/rollout.adopt":
      """
      playbook "Customer service rollout" {
        cadence weekly
        launch  2026-W40
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

      barrier file_sharing "Hesitant to share files" {
        when     files_shared / posts < 5%
        in       reps by geography
        minimum  30 members
        severity high
        remedy   "Publish what may be shared; ask a manager to share first"
      }
      """
    And metrics "metrics/weekly.csv":
      """
      period,segment,geography,members,active_members,posts,files_shared
      2026-W39,reps,DE,400,30,100,9
      2026-W39,reps,FR,400,30,100,9
      2026-W40,reps,DE,400,30,100,2
      2026-W40,reps,FR,400,30,100,8
      """

  Scenario: A waived alert is still shown but no longer fails the build
    Given the playbook "playbooks/rollout.adopt" ends with:
      """

      waive file_sharing "Works council review of file sharing" {
        for    reps by geography = DE
        until  2026-12-31
        reason "The works council is reviewing the file-sharing policy"
        owner  "Maya Lindqvist"
      }
      """
    When I run "adoptplan evaluate playbooks --metrics metrics --fail-on high"
    Then the exit code is 0
    And the output contains "high (waived)"
    And the output contains "1 waived"
    And the output says "0 at or above high"

  Scenario: The reason and the owner travel with the alert into the pull request
    Given the playbook "playbooks/rollout.adopt" ends with:
      """

      waive file_sharing {
        for    reps by geography = DE
        until  2026-12-31
        reason "The works council is reviewing the file-sharing policy"
        owner  "Maya Lindqvist"
      }
      """
    When I run "adoptplan evaluate playbooks --metrics metrics --format markdown"
    Then the exit code is 0
    And the output contains "waived until 2026-12-31 (owner Maya Lindqvist)"
    And the output contains "The works council is reviewing the file-sharing policy"

  Scenario: A waiver for another country does not hide this one
    Given the playbook "playbooks/rollout.adopt" ends with:
      """

      waive file_sharing {
        for    reps by geography = FR
        until  2026-12-31
        reason "France has its own review"
        owner  "Maya Lindqvist"
      }
      """
    When I run "adoptplan evaluate playbooks --metrics metrics --fail-on high"
    Then the exit code is 1
    And the output says "1 at or above high"

  Scenario: When the date has passed, check reminds us to renew or remove the waiver
    Given the playbook "playbooks/rollout.adopt" ends with:
      """

      waive file_sharing {
        for    reps by geography = DE
        until  2026-12-31
        reason "The works council is reviewing the file-sharing policy"
        owner  "Maya Lindqvist"
      }
      """
    When I run "adoptplan check playbooks --today 2027-01-04"
    Then the exit code is 0
    And I see a warning at line 31 column 10 with code AP403
    When I run "adoptplan check playbooks --today 2027-01-04 --strict"
    Then the exit code is 1
    When I run "adoptplan check playbooks --today 2026-12-31 --strict"
    Then it is clean

  Scenario: A typo in the name of the waived barrier is caught
    Given the playbook "playbooks/rollout.adopt" ends with:
      """

      waive file_sharng {
        for    reps
        until  2026-12-31
        reason "The works council is reviewing the file-sharing policy"
        owner  "Maya Lindqvist"
      }
      """
    When I check "playbooks"
    Then I see an error at line 29 column 7 with code AP217 and hint "did you mean 'file_sharing'?"
