"""engine.lifecycle on random truths: stepping back through runs (no `clear`) gives what
stepping forward from the first period gives, with and without a previous result's state, and
`for N periods` as `compile.holds_for` reads it."""

from __future__ import annotations

import numpy as np
import pytest

from adoptplan.engine.compile import FALSE, TRUE, UNKNOWN, holds_for
from adoptplan.engine.lifecycle import State, Truths, replay


class Table:
    """A condition node whose truth at each period is a column of a random table."""

    def __init__(self, truths: np.ndarray):
        self.truths = truths

    def test(self, rows: np.ndarray, t: int, thresholds=None) -> np.ndarray:
        return self.truths[rows, t]


def _table(seed: int, rows: int = 40, periods: int = 12) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.choice([TRUE, TRUE, FALSE, UNKNOWN], size=(rows, periods))


def _state(seed: int, size: int, seam: int) -> State:
    rng = np.random.default_rng(seed + 1000)
    opened = rng.random(size) < 0.5
    since = np.where(opened, rng.integers(0, seam + 1, size), -1)
    return State(opened, since, np.full(size, -1, dtype=np.intp))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("sustained", [1, 2, 3])
@pytest.mark.parametrize("seam", [None, 3, 10])
def test_runs_stepped_back_equal_the_forward_replay(seed, sustained, seam):
    truths = _table(seed)
    node, rows = Table(truths), np.arange(truths.shape[0])
    t = truths.shape[1] - 1
    start, state = (0, State.closed(len(rows))) if seam is None else (
        seam + 1, _state(seed, len(rows), seam))
    back = replay(Truths(node, rows, sustained), None, t, start, state)
    forward = replay(Truths(node, rows, sustained), lambda k: np.ones(len(rows), dtype=bool),
                     t, start, state)
    fired = back.truth == TRUE
    assert np.array_equal(back.truth, holds_for(node, rows, t, sustained))
    assert np.array_equal(back.cleared, forward.cleared)
    shown = fired | back.cleared
    assert np.array_equal(back.since[shown], forward.since[shown])
    assert not forward.held.any()


def test_clear_holds_a_finding_open_from_its_first_period():
    #          period: 0      1      2      3      4
    when = np.array([[FALSE, TRUE, FALSE, FALSE, FALSE]])
    clear = np.array([[TRUE, FALSE, UNKNOWN, FALSE, TRUE]])
    rows = np.arange(1)
    closes = Truths(Table(clear), rows, 1)
    at = [replay(Truths(Table(when), rows, 1), lambda k: closes.at(k) == TRUE, t, 0,
                 State.closed(1)) for t in range(5)]
    assert [bool(r.held[0]) for r in at] == [False, False, True, True, False]
    assert [int(r.since[0]) for r in at[1:]] == [1, 1, 1, 1]
    assert [int(r.held_since[0]) for r in at] == [-1, -1, 2, 2, -1]
    assert [bool(r.cleared[0]) for r in at] == [False, False, False, False, True]
