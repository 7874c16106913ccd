"""The one decision of what is withheld: primary, secondary, and over time."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.engine.disclosure import LEAST_RESIDUE, _complement, _stacked, unsized, withheld
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


def test_a_group_of_unknown_size_taken_as_large_still_protects_a_small_one():
    # it used to be picked by its infinite rank among infinities: the first row, already
    # withheld, so the same step was taken for ever
    assert _withheld([[5], [NAN], [NAN]], unknown_small=False) == [[True], [True], [False]]


def test_a_breakdown_without_sizes_is_named_for_the_warning():
    groups = (Group("reps", ()), Group("reps", (("geography", "DE"),)))
    has_value = np.ones((2, 3), dtype=bool)
    assert unsized(groups, None, has_value) == ["reps by geography"]
    assert unsized(groups, np.full((2, 3), 50.0), has_value) == []


def _decide(sizes, values=None, amounts=(), totals=None, crossed=None):
    """One period; row 0 is the segment's total when `totals` names it."""
    members = np.array([[s] for s in sizes], dtype=float)
    broken_down = np.array([t is None or i != t for i, t in
                            zip(range(len(sizes)), [totals] * len(sizes))])
    rows = np.array([i for i in range(len(sizes)) if broken_down[i]])
    columns = {name: np.array([[v] for v in column], dtype=float)
               for name, column in (values or {}).items()}
    has_value = np.ones(members.shape, dtype=bool)
    return [row[0] for row in withheld(
        members, has_value, broken_down, [rows], 10, True, columns,
        [np.array([[a] for a in amount], dtype=float) for amount in amounts],
        None if totals is None else [totals],
        None if crossed is None else np.array(crossed)).tolist()]


def test_the_next_smallest_withheld_has_a_value_for_each_metric_the_small_ones_have():
    """Of the two small groups only the first has files shared: the total minus the groups
    shown would be its count, so the next smallest with files shared (300, not 200) goes too."""
    files = [5, NAN, 40, NAN, 60]
    assert _decide([6, 4, 300, 200, 500], {"files_shared": files}) == [
        True, True, True, False, False]


def test_withheld_groups_together_have_at_least_three_people():
    """Two small groups with one active person between them: a subtraction would put each
    within one of 0 or 1, so the next smallest is withheld with them."""
    active = [1, 0, 90, 200]
    assert _decide([4, 3, 150, 300], amounts=[active]) == [True, True, True, False]
    assert _decide([4, 3, 150, 300], amounts=[[2, 1, 90, 200]]) == [True, True, False, False]


def test_a_breakdown_of_one_small_group_withholds_the_segment_total():
    assert _decide([6, 6], totals=0) == [True, True]
    assert _decide([506, 500, 6], totals=0) == [False, True, True]  # the usual: total shown


def test_a_crossed_group_is_always_withheld():
    """geography=DE,device=phone beside geography=DE: no rule reads it, and the one-dimension
    group minus its siblings would give a small one away."""
    members = np.array([[500], [400], [300], [200]], dtype=float)
    found = withheld(members, np.ones((4, 1), dtype=bool), np.ones(4, dtype=bool),
                     [np.array([0, 1]), np.array([2, 3])], 10,
                     crossed=np.array([False, False, True, True]))
    assert found.tolist() == [[False], [False], [True], [True]]


# ---- secondary suppression: every period's steps taken in the same array operations


def _one_period(hidden, ranks, has_value, known, counts):
    """The decision for one period, one step at a time: the rule as `_complement` states it."""
    hidden = hidden.copy()
    while True:
        if np.count_nonzero(hidden) == 1:
            need = has_value
        else:
            need = next((c for c in known if np.count_nonzero(c & hidden) == 1), None)
            if need is None:
                need = next((f for f, a in counts
                             if (f & hidden).any() and float(a[hidden].sum()) < LEAST_RESIDUE),
                            None)
        if need is None or not (~hidden & need).any():
            return hidden
        hidden[int(np.argmin(np.where(~hidden & need, ranks, np.inf)))] = True


@st.composite
def _breakdowns(draw):
    groups, periods = draw(st.integers(1, 7)), draw(st.integers(1, 6))
    masks = st.lists(st.booleans(), min_size=groups * periods, max_size=groups * periods)

    def mask():
        return np.array(draw(masks)).reshape(groups, periods)

    ranks = np.array(draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, 5.0, np.finfo(float).max]),
                                   min_size=groups * periods, max_size=groups * periods))
                     ).reshape(groups, periods)
    known = [mask() for _ in range(draw(st.integers(0, 3)))]
    amounts = st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 4.0]),
                       min_size=groups * periods, max_size=groups * periods)
    counts = [(mask(), np.array(draw(amounts)).reshape(groups, periods))
              for _ in range(draw(st.integers(0, 2)))]
    return mask(), ranks, mask(), known, counts


@settings(max_examples=400, deadline=None)
@given(_breakdowns())
def test_every_period_is_decided_as_if_it_were_alone(case):
    hidden, ranks, has_value, known, counts = case
    shape = hidden.shape
    together = _complement(hidden, ranks, has_value, _stacked(known, shape, bool),
                           _stacked([f for f, _ in counts], shape, bool),
                           _stacked([a for _, a in counts], shape, float))
    for period in range(hidden.shape[1]):
        alone = _one_period(hidden[:, period], ranks[:, period], has_value[:, period],
                            [c[:, period] for c in known],
                            [(f[:, period], a[:, period]) for f, a in counts])
        assert together[:, period].tolist() == alone.tolist()
