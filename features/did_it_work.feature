Feature: Did it work, and when will we get there
  An executive asks whether our campaign worked. A before-and-after number misleads whenever the
  whole network moves, so I declare what we did in the playbook and read its effect against the
  groups it did not reach; and I want to know when each segment reaches critical mass at its pace.

  Background:
    Given a playbook "plan.adopt":
      """
      playbook "Rollout" {
        cadence       weekly
        launch        2026-W36
        critical_mass 60%
      }

      segment reps "Customer service reps" {
        members       1200
        collaboration high
        likelihood    high
        by            geography
      }

      intervention champions_de "Champion sessions in Germany" {
        for     reps by geography = DE
        from    2026-W41
        to      2026-W43
        kind    educate
        measure active_members
      }

      intervention videos_fr "Manager videos in France" {
        for        reps by geography = FR
        from       2026-W41
        to         2026-W43
        kind       sustain
        measure    active_members
        compare to reps by geography = AT, CH
      }

      barrier sudden_drop "Sudden drop in activity" {
        when     anomaly(active_members, 6 periods) < -3
        in       reps by geography
        minimum  30 members
        severity high
        remedy   "Ask the group's managers what changed this week"
      }
      """
    And metrics "metrics.csv":
      """
      period,segment,geography,members,active_members
      2026-W36,reps,,1200,20.0
      2026-W36,reps,AT,300,20.0
      2026-W36,reps,CH,300,22.5
      2026-W36,reps,DE,300,20.5
      2026-W36,reps,FR,300,19.0
      2026-W37,reps,,1200,23.0
      2026-W37,reps,AT,300,23.5
      2026-W37,reps,CH,300,25.0
      2026-W37,reps,DE,300,24.0
      2026-W37,reps,FR,300,21.5
      2026-W38,reps,,1200,23.0
      2026-W38,reps,AT,300,22.5
      2026-W38,reps,CH,300,24.5
      2026-W38,reps,DE,300,24.5
      2026-W38,reps,FR,300,22.0
      2026-W39,reps,,1200,26.5
      2026-W39,reps,AT,300,26.5
      2026-W39,reps,CH,300,29.0
      2026-W39,reps,DE,300,27.5
      2026-W39,reps,FR,300,26.0
      2026-W40,reps,,1200,27.5
      2026-W40,reps,AT,300,28.0
      2026-W40,reps,CH,300,29.5
      2026-W40,reps,DE,300,28.0
      2026-W40,reps,FR,300,26.5
      2026-W41,reps,,1200,31.0
      2026-W41,reps,AT,300,31.0
      2026-W41,reps,CH,300,32.5
      2026-W41,reps,DE,300,40.5
      2026-W41,reps,FR,300,30.0
      2026-W42,reps,,1200,32.0
      2026-W42,reps,AT,300,31.5
      2026-W42,reps,CH,300,34.0
      2026-W42,reps,DE,300,41.0
      2026-W42,reps,FR,300,31.5
      2026-W43,reps,,1200,33.0
      2026-W43,reps,AT,300,33.0
      2026-W43,reps,CH,300,35.5
      2026-W43,reps,DE,300,41.5
      2026-W43,reps,FR,300,31.5
      2026-W44,reps,,1200,36.5
      2026-W44,reps,AT,300,37.0
      2026-W44,reps,CH,300,38.5
      2026-W44,reps,DE,300,45.5
      2026-W44,reps,FR,300,35.5
      2026-W45,reps,,1200,38.0
      2026-W45,reps,AT,300,37.5
      2026-W45,reps,CH,300,39.5
      2026-W45,reps,DE,300,47.5
      2026-W45,reps,FR,300,37.0
      """

  Scenario: Did the champion sessions in Germany work?
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "Champion sessions in Germany" worked
    And the effect of "Champion sessions in Germany" is about +8pp

  Scenario: Did the manager videos in France make a difference?
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "Manager videos in France" had no clear effect

  Scenario: Asked before the sessions began
    When I evaluate "plan.adopt" with the metrics "metrics.csv" at 2026-W40
    Then "Champion sessions in Germany" has not started

  Scenario: When will the reps reach critical mass?
    When I evaluate "plan.adopt" with the metrics "metrics.csv"
    Then "reps" reaches the critical mass in 2027-W03 at this pace

  Scenario: A sudden drop in one group raises an alert without a hand-tuned threshold
    Given metrics "drop.csv":
      """
      period,segment,geography,members,active_members
      2026-W36,reps,,1200,20.0
      2026-W36,reps,AT,300,20.0
      2026-W36,reps,CH,300,22.5
      2026-W36,reps,DE,300,20.5
      2026-W36,reps,FR,300,19.0
      2026-W37,reps,,1200,23.0
      2026-W37,reps,AT,300,23.5
      2026-W37,reps,CH,300,25.0
      2026-W37,reps,DE,300,24.0
      2026-W37,reps,FR,300,21.5
      2026-W38,reps,,1200,23.0
      2026-W38,reps,AT,300,22.5
      2026-W38,reps,CH,300,24.5
      2026-W38,reps,DE,300,24.5
      2026-W38,reps,FR,300,22.0
      2026-W39,reps,,1200,26.5
      2026-W39,reps,AT,300,26.5
      2026-W39,reps,CH,300,29.0
      2026-W39,reps,DE,300,27.5
      2026-W39,reps,FR,300,26.0
      2026-W40,reps,,1200,27.5
      2026-W40,reps,AT,300,28.0
      2026-W40,reps,CH,300,29.5
      2026-W40,reps,DE,300,28.0
      2026-W40,reps,FR,300,26.5
      2026-W41,reps,,1200,31.0
      2026-W41,reps,AT,300,31.0
      2026-W41,reps,CH,300,32.5
      2026-W41,reps,DE,300,40.5
      2026-W41,reps,FR,300,30.0
      2026-W42,reps,,1200,32.0
      2026-W42,reps,AT,300,31.5
      2026-W42,reps,CH,300,34.0
      2026-W42,reps,DE,300,41.0
      2026-W42,reps,FR,300,31.5
      2026-W43,reps,,1200,33.0
      2026-W43,reps,AT,300,33.0
      2026-W43,reps,CH,300,35.5
      2026-W43,reps,DE,300,41.5
      2026-W43,reps,FR,300,31.5
      2026-W44,reps,,1200,36.5
      2026-W44,reps,AT,300,37.0
      2026-W44,reps,CH,300,38.5
      2026-W44,reps,DE,300,45.5
      2026-W44,reps,FR,300,35.5
      2026-W45,reps,,1200,38.0
      2026-W45,reps,AT,300,37.5
      2026-W45,reps,CH,300,15.0
      2026-W45,reps,DE,300,47.5
      2026-W45,reps,FR,300,37.0
      """
    When I evaluate "plan.adopt" with the metrics "drop.csv"
    Then I see the barrier alert "sudden_drop/reps/geography=CH" at level high
    And I do not see "sudden_drop/reps/geography=AT"
