Feature: Bringing metrics in from the platform
  Nobody hand-writes metric snapshots. A comms team has the admin exports of its platform and a
  people directory; larger organisations have raw activity events. `adoptplan metrics import`
  and `adoptplan metrics build` turn them into the snapshots `adoptplan evaluate` reads, and say
  how good the data was.

  Background:
    Given a playbook "rollout.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps "Customer service reps" {
        match department == "Customer Service"
        by    country
      }

      segment field "Field engineers" {
        match department == "Field Service"
      }

      rule reps_inactive "Reps are not yet active" {
        when     active_members < 40%
        in       reps by country
        do       educate "Workshop: answer customers faster with the experts"
        priority high
      }
      """
    And the people directory "people.csv":
      """
      person_id,department,country
      ana@example.com,Customer Service,DE
      ben@example.com,Customer Service,DE
      cleo@example.com,Customer Service,FR
      eva@example.com,Field Service,DE
      """

  Scenario: A week of Viva Engage activity becomes a snapshot to evaluate
    Given the export "activity-2026-11-08.csv":
      """
      Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,Last Activity Date,Posted Count,Read Count,Liked Count,Assigned Products,Report Period
      2026-11-08,ana@example.com,Ana,Active,,2026-11-06,2,30,5,E3,7
      2026-11-08,Ben@Example.com,Ben,Active,,,,,,E3,7
      2026-11-08,cleo@example.com,Cleo,Active,,2026-11-03,0,4,0,E3,7
      2026-11-08,eva@example.com,Eva,Active,,,0,0,0,E3,7
      """
    And the export "activity-2026-11-08.csv" is saved with a byte-order mark and Windows line endings
    When I run "adoptplan metrics import --from viva-engage activity-2026-11-08.csv --people people.csv --playbook rollout.adopt -o metrics"
    Then the exit code is 0
    And the data quality says "people in the directory" is "4"
    And the snapshot "metrics/2026-W45.csv" is:
      """
      period,segment,country,members,active_count,active_members,posts,reads,likes,organic_content,organic_content_growth,posts_per_member,reads_per_member,likes_per_member
      2026-W45,field,,1,0,0,0,0,0,0,,0,0,0
      2026-W45,reps,,3,2,66.6667,2,34,5,2,,0.6667,11.3333,1.6667
      2026-W45,reps,DE,2,1,50,2,30,5,2,,1,15,2.5
      2026-W45,reps,FR,1,1,100,0,4,0,0,,0,4,0
      """
    And the data quality report "metrics/data-quality.json" counts 4 people in segments
    When I run "adoptplan evaluate rollout.adopt --metrics metrics"
    Then the exit code is 0
    And the output contains "at 2026-W45"

  Scenario: Concealed user names are explained, not silently unmatched
    Given the export "concealed.csv":
      """
      Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,Last Activity Date,Posted Count,Read Count,Liked Count,Assigned Products,Report Period
      2022-11-09,77E5979DD60BA6EAA53E814DBEEEFA5F,4291DA7C39EE3263E97336B42734A667,,,,0,0,0,MICROSOFT 365 E5 DEVELOPER (WITHOUT WINDOWS AND AUDIO CONFERENCING),7
      """
    When I run "adoptplan metrics import --from viva-engage concealed.csv --people people.csv --playbook rollout.adopt -o metrics"
    Then the exit code is 2
    And I see an error at line 2 column 12 with code AP703
    And the output contains "adminReportSettings.displayConcealedNames = false"
    And no traceback is shown

  Scenario: Someone in two segments is an error that says how to choose
    Given a playbook "rollout.adopt":
      """
      playbook "Rollout" {
        cadence weekly
        launch  2026-W40
      }

      segment reps {
        match department == "Customer Service"
      }

      segment germany {
        match country == "DE"
      }
      """
    And the export "activity-2026-11-08.csv":
      """
      Report Refresh Date,User Principal Name,Posted Count,Read Count,Liked Count,Report Period
      2026-11-08,ana@example.com,1,1,1,7
      """
    When I run "adoptplan metrics import --from viva-engage activity-2026-11-08.csv --people people.csv --playbook rollout.adopt -o metrics"
    Then the exit code is 2
    And I see an error at line 11 column 9 with code AP707
    And the output contains "add `and not (department == "Customer Service")` to the match of 'germany'"

  Scenario: A Slack export given as Viva Engage is named for what it is
    Given the export "members.csv":
      """
      Name,What I Do,User ID,Username,Account type,Account created (UTC),Days active,Messages posted,Reactions added
      Ana,,U01,ana,Member,"Jan 6, 2020",3,4,2
      """
    When I run "adoptplan metrics import --from viva-engage members.csv --people people.csv --playbook rollout.adopt -o metrics"
    Then the exit code is 2
    And I see an error at line 1 column 1 with code AP714
    And the output contains "hint: import it with --from slack"

  Scenario: Raw events become weekly snapshots with the data quality beside them
    Given the events "events.csv":
      """
      person_id,timestamp,event_name,device
      ana@example.com,2026-11-03 09:00:00,post,iPhone
      ana@example.com,2026-11-03 09:05:00,read,iPhone
      cleo@example.com,2026-11-04 10:30:00,like,Laptop
      eva@example.com,2026-11-12 16:45:00,read,Laptop
      ghost@example.com,2026-11-12 17:00:00,post,Laptop
      """
    When I run "adoptplan metrics build --events events.csv --people people.csv --playbook rollout.adopt --period week -o metrics"
    Then the exit code is 0
    And the data quality says "periods" is "2: 2026-W45 to 2026-W46"
    And the data quality says "not in the directory" is "1 (e.g. ghost@example.com)"
    And the snapshot "metrics/2026-W45.csv" has the row "2026-W45,reps,,3,2,66.6667,1,1,1,0,1"
    And the data quality report "metrics/data-quality.json" counts 4 people in segments
