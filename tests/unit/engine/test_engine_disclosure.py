"""The one decision of what is withheld: primary, secondary, and over time."""

import numpy as np

from adoptplan.engine.disclosure import unsized, withheld
from adoptplan.snapshot import Group

NAN = np.nan


def _withheld(sizes, minimum=10, unknown_small=True, breakdowns=None):
    members = np.array(sizes, dtype=float)
    rows = np.arange(len(sizes))
    broken_down = np.ones(len(sizes), dtype=bool)
    has_value = np.ones(members.shape, dtype=bool)
    return withheld(members, has_value, broken_down, breakdowns or [rows], minimum,
                    unknown_small).tolist()


def test_a_small_group_is_withheld_with_the_next_smallest():
    assert _withheld([[500], [400], [6]]) == [[False], [True], [True]]


def test_two_small_groups_need_no_third():
    assert _withheld([[500], [7], [6], [400]]) == [[False], [True], [True], [False]]


def test_on_a_tie_the_first_row_is_withheld():
    assert _withheld([[400], [400], [3]]) == [[True], [False], [True]]


def test_a_group_withheld_once_stays_withheld():
    assert _withheld([[8, 45, 45], [300, 300, 300], [200, 200, 200]]) == [
        [True, True, True], [False, False, False], [True, True, True]]


def test_an_unknown_size_is_withheld_unless_the_groups_are_made_up():
    assert _withheld([[NAN], [400], [300]]) == [[True], [False], [True]]
    assert _withheld([[NAN], [400], [300]], unknown_small=False) == [[False], [False], [False]]


def test_each_breakdown_is_decided_on_its_own():
    rows = [np.array([0, 1, 2]), np.array([3, 4])]
    assert _withheld([[500], [400], [6], [300], [200]], breakdowns=rows) == [
        [False], [True], [True], [False], [False]]


def test_a_breakdown_without_sizes_is_named_for_the_warning():
    groups = (Group("reps", ()), Group("reps", (("geography", "DE"),)))
    has_value = np.ones((2, 3), dtype=bool)
    assert unsized(groups, None, has_value) == ["reps by geography"]
    assert unsized(groups, np.full((2, 3), 50.0), has_value) == []
