"""What may be shown: the one decision, per group and period, of which values are withheld.

A group of a breakdown with fewer members than the floor, or whose size is not known, is
withheld (primary suppression). Subtraction from the segment's total must then give nothing
(secondary suppression, as statistical offices do): while a metric has a value in one withheld
group only, or the withheld groups together have fewer than 3 people (members, or active
people), the next smallest group shown that has a value for that metric is withheld too. A
breakdown of one group withheld withholds the segment's total (it equals the group); a group by
two dimensions or more is always withheld. A group withheld at a period stays withheld at every
later one of the evaluation, so a change, a growth or a window over the periods cannot give an
earlier value away. Every output reads this decision (findings and their evidence, cases,
explain, peers, the history series, the critical mass): none decides for itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


def present(values: Mapping[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """[group, period]: the group has some value at the period (a size alone is not a value)."""
    found = np.zeros(shape, dtype=bool)
    for name, column in values.items():
        if name != "members":
            found |= np.isfinite(column)
    return found


LEAST_RESIDUE = 3
"""Subtraction from a total may leave the withheld groups' combined count, never less than this:
a sum of 2 or less puts each group within 1 of a guess."""


def withheld(members: np.ndarray | None, has_value: np.ndarray, broken_down: np.ndarray,
             breakdowns: Iterable[np.ndarray], minimum: float, unknown_small: bool = True,
             values: Mapping[str, np.ndarray] | None = None,
             amounts: Sequence[np.ndarray] = (), totals: Sequence[int] | None = None,
             crossed: np.ndarray | None = None) -> np.ndarray:
    """[group, period]: True where a group's values at that period may not be shown.

    `members` holds each group's size per period (None or NaN: not known, so withheld);
    `breakdowns` the rows of each breakdown (a segment by the same dimensions), `totals` the row
    of each one's segment (-1: none). The last period is the evaluated one. `unknown_small`
    False: a group of unknown size counts as large (the made-up groups of a playbook test).
    `values` (metric -> [group, period]) and `amounts` (the counts: posts, active people) let
    secondary suppression protect each metric: see `_complement`. A `crossed` group (by two
    dimensions or more, `geography=DE,device=phone`) is always withheld: no rule reads it, and
    its siblings and its one-dimension totals (`geography=DE`) would give it away.
    """
    sizes = np.full(has_value.shape, np.nan) if members is None else members
    with np.errstate(invalid="ignore"):
        large = sizes >= minimum  # NaN: not known, not large
    if not unknown_small:
        large |= np.isnan(sizes)
    primary = broken_down[:, None] & ~large & (has_value | np.isfinite(sizes))
    if crossed is not None:
        primary |= crossed[:, None]
    if primary.size:  # at the evaluated period, a group without values is withheld too: a
        primary[:, -1] |= broken_down & ~large[:, -1]  # "not evaluated" would name it
    out = primary.copy()
    known = [np.isfinite(column) for name, column in sorted((values or {}).items())
             if name != "members"]
    counts = [(np.isfinite(amount), np.nan_to_num(amount)) for amount in amounts]
    ranks = np.nan_to_num(sizes, nan=np.inf)
    for index, rows in enumerate(breakdowns):
        if not rows.size or not broken_down[rows[0]]:
            continue
        total = -1 if totals is None else totals[index]
        block, rank, valued = primary[rows], ranks[rows], has_value[rows]
        known_here = [column[rows] for column in known]
        counts_here = [(k[rows], a[rows]) for k, a in counts]
        for period in np.flatnonzero(_exposed(block, known_here, counts_here)):
            hidden = _complement(block[:, period], rank[:, period], valued[:, period],
                                 [column[:, period] for column in known_here],
                                 [(k[:, period], a[:, period]) for k, a in counts_here])
            out[rows[hidden], period] = True
            if total >= 0 and np.count_nonzero(valued[:, period] | hidden) == 1:
                out[total, period] = True  # the breakdown's only group: the total is it
    return np.logical_or.accumulate(out, axis=1) if out.size else out


def _exposed(hidden: np.ndarray, known: list[np.ndarray],
             counts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """[period]: a breakdown's primary suppression needs secondary (see `_unprotected`), for
    every period at once; the rest are left as they are without a look at each."""
    found = np.count_nonzero(hidden, axis=0) == 1
    for column in known:
        found |= np.count_nonzero(column & hidden, axis=0) == 1
    for present_, amount in counts:
        found |= (present_ & hidden).any(axis=0) & (
            np.where(hidden, amount, 0).sum(axis=0) < LEAST_RESIDUE)
    return found


def _complement(hidden: np.ndarray, ranks: np.ndarray, has_value: np.ndarray,
                known: list[np.ndarray], counts: list[tuple[np.ndarray, np.ndarray]]
                ) -> np.ndarray:
    """One breakdown at one period: the groups withheld so that subtraction from the total
    gives nothing (secondary suppression). While a metric has a value in one withheld group
    only (the total minus the others would be that group's value), or a count's sum over the
    withheld groups is below LEAST_RESIDUE, the smallest group shown that has a value for that
    metric (the first on a tie) is withheld too; when none is left, it stays so (the total is
    withheld only for a breakdown of one group, by the caller)."""
    hidden = hidden.copy()
    while True:
        need = _unprotected(hidden, has_value, known, counts)
        if need is None:
            return hidden
        candidates = ~hidden & need
        if not candidates.any():
            return hidden
        hidden[int(np.argmin(np.where(candidates, ranks, np.inf)))] = True


def _unprotected(hidden: np.ndarray, has_value: np.ndarray, known: list[np.ndarray],
                 counts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
    """Which groups could protect the withheld ones (those with a value for the metric that
    gives them away); None when nothing does."""
    if np.count_nonzero(hidden) == 1:
        return has_value
    for column in known:
        if np.count_nonzero(column & hidden) == 1:
            return column
    for found, amount in counts:
        if (found & hidden).any() and float(amount[hidden].sum()) < LEAST_RESIDUE:
            return found
    return None


def unsized(groups: Iterable, members: np.ndarray | None, has_value: np.ndarray
            ) -> list[str]:
    """The breakdowns (`segment by dimension`) whose groups have values but no size at some
    period: they are withheld whole, and the user should be told how to give sizes."""
    found = set()
    for row, group in enumerate(groups):
        if not group.dimensions:
            continue
        known = np.zeros(has_value.shape[1], dtype=bool) if members is None else np.isfinite(
            members[row])
        if np.any(has_value[row] & ~known):
            found.add(f"{group.segment} by {', '.join(n for n, _ in group.dimensions)}")
    return sorted(found)


UNSIZED_HINT = ("has no group sizes: its groups are withheld as below the privacy floor; give "
                "each group's `members` per period (a `members` column in the metrics, or "
                "`adoptplan metrics build`, which counts the people in each group)")
"""What the warning about a breakdown without sizes says after its name."""
