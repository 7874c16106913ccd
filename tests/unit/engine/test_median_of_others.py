"""peers(): the median of the other groups, computed from one sort per breakdown."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.engine.compile import median_of_others

values = st.lists(st.one_of(st.none(), st.integers(0, 5), st.floats(0, 1)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(values)
def test_matches_the_median_of_the_others(raw):
    array = np.array([np.nan if v is None else v for v in raw], dtype=float)
    got = median_of_others(array)
    for i in range(len(array)):
        others = [x for j, x in enumerate(array) if j != i and not np.isnan(x)]
        if others:
            assert got[i] == np.median(others) or abs(got[i] - np.median(others)) < 1e-12
        else:
            assert np.isnan(got[i])


def test_example():
    assert median_of_others(np.array([1.0, 2.0, 10.0])).tolist() == [6.0, 5.5, 1.5]
