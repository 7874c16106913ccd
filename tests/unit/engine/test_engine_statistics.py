"""The forecast's and the effects' statistics (numpy and the standard library) give scipy's
numbers: Sen's slope and interval bit for bit, Student's t quantiles to 1e-9."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.engine import statistics

stats = pytest.importorskip("scipy.stats")


def _same(ours, theirs) -> bool:
    return all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(ours, theirs))


def _scipy_theil_sen(y, x, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # all x equal: scipy warns, both give NaN
        return tuple(float(v) for v in stats.theilslopes(y, x, alpha=alpha))


@settings(max_examples=300, deadline=None)
@given(points=st.lists(st.tuples(st.integers(0, 20), st.integers(-300, 300)), min_size=2,
                       max_size=12),
       alpha=st.sampled_from([0.95, 0.95, 0.9, 0.8, 0.99, 0.05]))
def test_theil_sen_is_scipys_bit_for_bit(points, alpha):
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float) / 100  # shares with ties, as in reports
    assert _same(statistics.theil_sen(y, x, alpha), _scipy_theil_sen(y, x, alpha))


def test_theil_sen_on_a_forecasts_weeks():
    x = np.arange(8, dtype=float)
    y = np.array([0.10, 0.13, 0.16, 0.19, 0.22, 0.50, 0.28, 0.31])
    assert _same(statistics.theil_sen(y, x), _scipy_theil_sen(y, x, 0.95))


@pytest.mark.parametrize("freedom", range(1, 60))
@pytest.mark.parametrize("probability", [0.975, 0.9, 0.995, 0.6, 0.1, 0.9999])
def test_t_quantiles_are_scipys(probability, freedom):
    expected = float(stats.t.ppf(probability, freedom))
    assert statistics.t_quantile(probability, freedom) == pytest.approx(expected, rel=1e-9,
                                                                        abs=1e-9)


@pytest.mark.parametrize("freedom", range(1, 31))
def test_the_table_is_scipys_and_what_the_routine_computes(freedom, monkeypatch):
    tabled = statistics.t_quantile(0.975, freedom)
    assert tabled == float(stats.t.ppf(0.975, freedom))
    monkeypatch.setattr(statistics, "_T_975", ())
    assert statistics.t_quantile(0.975, freedom) == pytest.approx(tabled, abs=1e-12)


def test_the_median_is_numpys():
    for size in range(1, 12):
        values = np.random.default_rng(size).normal(size=size)
        assert statistics.median(values) == float(np.median(values))
