"""The history a result carries: headline series per segment and large enough group."""

from adoptplan.api import evaluated_history

from support.engine import HEADER, WEEKS, history, playbook

SMALL_FLOOR = 'barrier quiet "Quiet" {\n  when posts < 1\n  in reps by geography\n' \
    '  minimum 30 members\n  severity low\n  remedy "Ask"\n}\n'


def _series(data, text=HEADER + SMALL_FLOOR):
    return evaluated_history(playbook(text), history(data, sized=False), WEEKS[-1])


def test_segments_come_in_playbook_order_each_followed_by_its_groups():
    found = _series({
        "office": {"active_members": [0.1] * 8, "members": [200] * 8},
        "reps": {"active_members": [0.2] * 8, "members": [1200] * 8},
        "reps/geography=FR": {"active_members": [0.3] * 8, "members": [40] * 8},
        "reps/geography=DE": {"active_members": [0.4] * 8, "members": [50] * 8},
    })
    assert [(s.segment, s.dimensions) for s in found] == [
        ("reps", ()), ("reps", (("geography", "DE"),)), ("reps", (("geography", "FR"),)),
        ("office", ())]
    assert found[0].title == "Customer service reps"
    assert found[0].values("active_members") == (0.2,) * 8
    assert found[0].values("social_reach") == ()  # the data has none


def test_a_group_below_the_floor_at_any_period_with_a_value_is_never_shown():
    found = _series({
        "reps": {"active_members": [0.2] * 8, "members": [1200] * 8},
        # small now
        "reps/geography=IS": {"active_members": [0.9] * 8, "members": [40] * 7 + [3]},
        # small in the past only: its old values would still name a few people
        "reps/geography=LU": {"active_members": [0.5] * 8, "members": [5] + [40] * 7},
        # size unknown: not shown
        "reps/geography=MT": {"active_members": [0.5] * 8},
        # no data at all in the first week, large since: shown
        "reps/geography=DE": {"active_members": [None] + [0.4] * 7, "members": [None] + [50] * 7},
    })
    shown = [s.dimensions for s in found]
    assert shown == [(), (("geography", "DE"),)]
    assert found[1].values("active_members") == (None,) + (0.4,) * 7


def test_missing_values_are_none_on_the_gap_free_axis():
    data = {"reps": {"active_members": [0.2, None, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
                     "members": [1200] * 8}}
    found = _series(data)
    assert found[0].values("active_members")[:3] == (0.2, None, 0.3)
