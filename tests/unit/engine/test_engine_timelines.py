"""Each barrier over groups and periods (the HTML report's heat maps)."""

from adoptplan.api import evaluated_history
from adoptplan.engine.timelines import barrier_timelines

from support.engine import HEADER, WEEKS, history, playbook

BARRIER = '''barrier quiet "Reps stop posting" {
  when     posts < 1
  in       reps by geography
  minimum  30 members
  severity low
  remedy   "Ask a lead to post first."
}
'''


def test_each_barrier_gives_each_shown_group_its_outcome_per_period():
    plan = playbook(HEADER + BARRIER)
    data = history({
        "reps": {"members": [1200] * 8, "posts": [50] * 8},
        "reps/geography=DE": {"members": [50] * 8, "posts": [3, 3, 0, 0, None, 0, 2, 2]},
        "reps/geography=IS": {"members": [40] * 7 + [5], "posts": [0] * 8},  # small at the end
        "reps/geography=FR": {"members": [45] * 8, "posts": [5] * 8},  # withheld with IS then
    })
    shown = evaluated_history(plan, data, WEEKS[-1])
    timelines = barrier_timelines(plan, data, WEEKS, shown)
    assert [(t.rule, t.title, t.dimensions) for t in timelines] == [
        ("quiet", "Reps stop posting", (("geography", "DE"),))]  # IS is never named
    assert timelines[0].outcomes == ("clear", "clear", "fired", "fired", "not-evaluated",
                                     "fired", "clear", "clear")


def test_a_playbook_without_barriers_has_none():
    plan = playbook(HEADER)
    data = history({"reps": {"members": [1200] * 8, "posts": [50] * 8}})
    assert barrier_timelines(plan, data, WEEKS, evaluated_history(plan, data, WEEKS[-1])) == ()
