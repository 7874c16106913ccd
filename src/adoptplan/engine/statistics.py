"""The two statistics a forecast and an effect need, in numpy and the standard library.

Sen's slope with its confidence interval gives the forecast its pace and range; a Student-t
quantile gives an effect its interval. Both were scipy's (`stats.theilslopes`, `stats.t.ppf`),
whose import alone took longer than the rest of `evaluate`; these give the same numbers, bit for
bit where a report prints them (tests/unit/engine/test_engine_statistics.py compares with scipy
when it is installed).
"""

from __future__ import annotations

import math

import numpy as np

_Z_95 = -1.959963984540054
"""The normal quantile a 95% interval takes, exactly as scipy's theilslopes computes it
(`norm.ppf((1 - 0.95) / 2)`); the stdlib's differs in the last bits."""

_T_975 = (
    12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934,
    2.5705818356363146, 2.4469118511449786, 2.364624251592784, 2.306004135204166,
    2.262157162798205, 2.228138851986274, 2.200985160091639, 2.1788128296672284,
    2.1603686564627913, 2.144786687917804, 2.131449545559776, 2.1199052992212546,
    2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864,
    2.0796138447276795, 2.0738730679040254, 2.0686576104190486, 2.0638985616280245,
    2.0595385527532972, 2.0555294386428735, 2.0518305164802846, 2.0484071417952454,
    2.045229642132703, 2.0422724563012378,
)
"""Student's t quantile of 0.975 for 1 to 30 degrees of freedom, as scipy 1.17.1 gives them, so
the intervals printed stay what they were; `t_quantile` computes the same to 1e-12."""


def sorted_median(values: np.ndarray) -> float:
    """The median of values already sorted: numpy's own arithmetic (the mean of the middle two),
    without `np.median`, which imports numpy.ma on first use."""
    n = values.size
    return float((values[(n - 1) // 2] + values[n // 2]) / 2)


def median(values: np.ndarray) -> float:
    return sorted_median(np.sort(values))


def theil_sen(y: np.ndarray, x: np.ndarray, alpha: float = 0.95
              ) -> tuple[float, float, float, float]:
    """(slope, intercept, low slope, high slope): the median of the slopes between every two
    points, `median(y) - slope * median(x)`, and Sen's (1968) interval of the slope at
    confidence `alpha` (NaN when undefined), as `scipy.stats.theilslopes` computes them."""
    y = np.asarray(y, dtype=float).ravel()
    x = np.asarray(x, dtype=float).ravel()
    deltax = x[:, np.newaxis] - x
    deltay = y[:, np.newaxis] - y
    rising = deltax > 0
    slopes = np.sort(deltay[rising] / deltax[rising])
    slope = sorted_median(slopes) if slopes.size else math.nan
    intercept = median(y) - slope * median(x)
    tail = 1.0 - alpha if alpha > 0.5 else alpha
    if alpha == 0.95:
        z = _Z_95
    else:
        from statistics import NormalDist  # start-up: 20 ms; the forecast asks for 95% only

        z = NormalDist().inv_cdf(tail / 2)
    n = len(y)
    ties = sum(k * (k - 1) * (2 * k + 5) for k in (*_repeats(x), *_repeats(y)))
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    try:
        sigma = math.sqrt(variance)
        upper = min(round((slopes.size - z * sigma) / 2.0), slopes.size - 1)
        lower = max(round((slopes.size + z * sigma) / 2.0) - 1, 0)
        low, high = (float(v) for v in slopes[[lower, upper]])
    except (ValueError, IndexError):
        low = high = math.nan
    return slope, float(intercept), low, high


def _repeats(values: np.ndarray) -> list[int]:
    """How often each value that occurs more than once occurs."""
    _, counts = np.unique(values, return_counts=True)
    return counts[counts > 1].tolist()


def t_quantile(probability: float, freedom: int) -> float:
    """Student's t quantile for a whole number of degrees of freedom: 0.975 from the table
    (scipy's values), any other by solving the closed-form distribution function."""
    if probability == 0.975 and 1 <= freedom <= len(_T_975):
        return _T_975[freedom - 1]
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -t_quantile(1.0 - probability, freedom)
    low, high = 0.0, 1.0
    while t_cdf(high, freedom) < probability:
        low, high = high, high * 2
    for _ in range(200):  # bisection to the last bit
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if t_cdf(middle, freedom) < probability:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def t_cdf(t: float, freedom: int) -> float:
    """P(T <= t) for Student's t with a whole number of degrees of freedom (the finite series of
    Abramowitz and Stegun 26.7.3 and 26.7.4)."""
    theta = math.atan(t / math.sqrt(freedom))
    cos2, sin = math.cos(theta) ** 2, math.sin(theta)
    if freedom % 2:  # odd: 2/pi (theta + sin cos (1 + 2/3 cos^2 + ...))
        term, total = 1.0, 1.0 if freedom > 1 else 0.0
        for k in range(3, freedom - 1, 2):
            term *= cos2 * (k - 1) / k
            total += term
        inside = 2 / math.pi * (theta + (sin * math.cos(theta) * total if freedom > 1 else 0.0))
    else:  # even: sin (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ...)
        term, total = 1.0, 1.0
        for k in range(2, freedom - 1, 2):
            term *= cos2 * (k - 1) / k
            total += term
        inside = sin * total
    return 0.5 + inside / 2
