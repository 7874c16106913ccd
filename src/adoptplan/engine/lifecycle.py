"""Alert lifecycles read from the history: a rule or barrier replayed period by period.

The engine has the whole history, so it need not be told what was open last week: it steps each
condition forward from the first period, as Prometheus evaluates `for` and `keep_firing_for` over
time. A finding is open at a period when `when` holds (for its periods), or when it was open at the
period before and its barrier's `clear` condition does not yet hold (hysteresis). The replay keeps,
per group, when its run of open periods began, since when `clear` alone holds it, and whether it
closed at the evaluated period.

It costs one test of the condition per period over the rows of a whole batch (rules of one
shape run together): the values each test reads are the nodes' own, computed once per period and
shared, and only a window of `for N periods` truths is kept. A previous result (`--previous`)
gives the state at its period instead, and the replay continues from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from adoptplan.engine.compile import TRUE, UNKNOWN, Node, Thresholds


class Truths:
    """A condition's truth `for N periods` at each period in turn (ascending): each period's
    test is run once, and only the last N are kept."""

    def __init__(self, node: Node, rows: np.ndarray, periods: int,
                 thresholds: Thresholds | None = None):
        self.node, self.rows, self.periods, self.thresholds = node, rows, periods, thresholds
        self._tested: dict[int, np.ndarray] = {}

    def _test(self, k: int) -> np.ndarray:
        found = self._tested.get(k)
        if found is None:
            found = self._tested[k] = (self.node.test(self.rows, k, self.thresholds) if k >= 0
                                       else np.full(len(self.rows), UNKNOWN))
        return found

    def subset_at(self, positions: np.ndarray, t: int) -> np.ndarray:
        """`at(t)` for the rows at `positions` only, testing those alone (not kept)."""
        rows = self.rows[positions]
        thresholds = None if self.thresholds is None else {
            leaf: values[positions] for leaf, values in self.thresholds.items()}
        truth = np.full(len(rows), TRUE)
        for k in range(max(t - self.periods + 1, -1), t + 1):
            truth = np.minimum(truth, self.node.test(rows, k, thresholds) if k >= 0 else UNKNOWN)
        return truth

    def at(self, t: int) -> np.ndarray:
        """The truth at t and each of the `periods - 1` before it (Kleene and; every period
        before the history is the same unknown, taken once), as `compile.holds_for` gives."""
        first = max(t - self.periods + 1, -1)
        for k in [k for k in self._tested if k < first]:
            del self._tested[k]
        truth = self._test(t)
        for k in range(first, t):
            truth = np.minimum(truth, self._test(k))
        return truth


class State(NamedTuple):
    """Per row at one period: open or not, the period index its open run began (-1: none), and
    the index since which `clear` alone holds it open (-1: `when` holds, or closed)."""

    open: np.ndarray
    since: np.ndarray
    held_since: np.ndarray

    @classmethod
    def closed(cls, size: int) -> State:
        return cls(np.zeros(size, dtype=bool), np.full(size, -1, dtype=np.intp),
                   np.full(size, -1, dtype=np.intp))


class Replayed(NamedTuple):
    """The outcome at the evaluated period t, per row."""

    truth: np.ndarray  # `when`'s truth at t (TRUE, FALSE or UNKNOWN), as the engine decides
    held: np.ndarray  # open at t only because `clear` does not hold yet
    since: np.ndarray  # the first period index of the run open at t (or closed at t)
    held_since: np.ndarray  # the period index since which it is held (-1: not held)
    cleared: np.ndarray  # open at t - 1, closed at t


def replay(when: Truths, closes: Callable[[int], np.ndarray] | None, t: int,
           start: int, state: State) -> Replayed:
    """Steps the rows from `state` (at period index `start - 1`) to t. `closes(k)`: per row,
    whether an open finding closes at k when `when` does not hold there (its `clear` condition
    holds, or it has none); None when no row has a `clear` condition: a finding is then open
    exactly while `when` holds, and only the runs open at t or t - 1 are stepped back through
    (a few periods, not the whole history)."""
    if closes is None:
        return _runs(when, t, start, state)
    opened, since, held_since = state
    was_open = truth = opened  # set in the first step: start <= t
    for k in range(start, t + 1):
        truth = when.at(k)
        fired = truth == TRUE
        was_open = opened
        opened = fired | (opened & ~closes(k))
        since = np.where(opened & ~was_open, k, since)
        held = opened & ~fired
        held_since = np.where(held, np.where(held_since >= 0, held_since, k), -1)
    return Replayed(truth, held_since >= 0, since, held_since, was_open & ~opened)


def _runs(when: Truths, t: int, start: int, state: State) -> Replayed:
    """Without `clear`: the run of periods in a row `when` held up to t (or up to t - 1, for a
    finding that closed at t), found by stepping back from t, testing only the rows still in
    their run (few: the findings open now or a period ago)."""
    truth = when.at(t)
    fired = truth == TRUE
    size = len(fired)
    first = np.where(fired, t, -1)
    before = np.zeros(size, dtype=bool)  # held at t - 1
    if t - 1 == start - 1:  # the previous result's period: it says what was open then
        before = state.open.copy()
    elif t - 1 >= start:
        before = when.at(t - 1) == TRUE
    first[before] = t - 1 if t - 1 >= start else state.since[before]
    alive = np.flatnonzero(before)  # positions still in their run, stepping back
    for k in range(t - 2, start - 2, -1):
        if not alive.size or t - 1 < start:
            break
        if k == start - 1:  # runs reaching the previous result's period continue its own
            carried = alive[state.open[alive]]
            first[carried] = state.since[carried]
            break
        alive = alive[when.subset_at(alive, k) == TRUE]
        first[alive] = k
    return Replayed(truth, np.zeros(size, dtype=bool), first, np.full(size, -1, dtype=np.intp),
                    before & ~fired)
