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
    known = _stacked([np.isfinite(column) for name, column in sorted((values or {}).items())
                      if name != "members"], has_value.shape, bool)
    found = _stacked([np.isfinite(amount) for amount in amounts], has_value.shape, bool)
    counted = _stacked([np.nan_to_num(amount) for amount in amounts], has_value.shape, float)
    # an unknown size ranks after every known one, yet below a group that is no candidate
    # (inf): taken as large, it is still withheld when nothing else can be
    ranks = np.nan_to_num(sizes, nan=np.finfo(float).max)
    for index, rows in enumerate(breakdowns):
        if not rows.size or not broken_down[rows[0]]:
            continue
        part = _part(rows)
        block, valued = primary[part], has_value[part]
        known_here, found_here, counted_here = known[:, part], found[:, part], counted[:, part]
        periods = np.flatnonzero(_reasons(block, known_here, found_here, counted_here).any(axis=0))
        if not periods.size:
            continue
        hidden = _complement(block[:, periods], ranks[part][:, periods], valued[:, periods],
                             known_here[:, :, periods], found_here[:, :, periods],
                             counted_here[:, :, periods])
        out[np.ix_(rows, periods)] |= hidden
        total = -1 if totals is None else totals[index]
        if total >= 0:  # the breakdown's only group: the total is it
            out[total, periods[np.count_nonzero(valued[:, periods] | hidden, axis=0) == 1]] = True
    return np.logical_or.accumulate(out, axis=1) if out.size else out


def _part(rows: np.ndarray) -> slice | np.ndarray:
    """A breakdown's rows as a slice when they follow one another (as the frame sorts them), so
    each array is read in place rather than copied per breakdown."""
    first, last = int(rows[0]), int(rows[-1])
    return slice(first, last + 1) if last - first + 1 == rows.size else rows


def _stacked(columns: list[np.ndarray], shape: tuple[int, int], dtype: type) -> np.ndarray:
    """[column, group, period]: one array, so each step asks every metric at once."""
    return np.stack(columns) if columns else np.zeros((0, *shape), dtype=dtype)


def _reasons(hidden: np.ndarray, known: np.ndarray, found: np.ndarray, counted: np.ndarray
             ) -> np.ndarray:
    """[reason, period]: how subtraction from the total would give the withheld groups away.
    Reason 0: one group is withheld; then one per metric: it has a value in one withheld group
    only; then one per count: its sum over the withheld groups is below LEAST_RESIDUE.
    `known` and `found` are [metric or count, group, period] masks of values, `counted` the
    counts (0 where unknown)."""
    return np.concatenate([
        (np.count_nonzero(hidden, axis=0) == 1)[None],
        np.count_nonzero(known & hidden, axis=1) == 1,
        (found & hidden).any(axis=1) & ((counted * hidden).sum(axis=1) < LEAST_RESIDUE),
    ])


def _complement(hidden: np.ndarray, ranks: np.ndarray, has_value: np.ndarray,
                known: np.ndarray, found: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """One breakdown, [group, period] at the periods that need it: the groups withheld so
    that subtraction from the total gives nothing (secondary suppression). While a reason of
    `_reasons` holds, the smallest group shown that has a value for the first one's metric (any
    value, for reason 0; the first on a tie) is withheld too; when none is left, it stays so
    (the total is withheld only for a breakdown of one group, by the caller).
    Each period takes its own steps, all periods in the same array operations: a step at a
    time per period and metric made this the slowest part of a large evaluation."""
    hidden = hidden.copy()
    protectors = np.concatenate([has_value[None], known, found])  # [reason, group, period]
    periods = np.arange(hidden.shape[1])  # those still taking steps
    while periods.size:
        now = hidden[:, periods]
        reasons = _reasons(now, known[:, :, periods], found[:, :, periods],
                           counted[:, :, periods])
        need = protectors[reasons.argmax(axis=0), :, periods].T  # the first reason's
        candidates = ~now & need
        going = reasons.any(axis=0) & candidates.any(axis=0)
        periods, candidates = periods[going], candidates[:, going]
        smallest = np.argmin(np.where(candidates, ranks[:, periods], np.inf), axis=0)
        hidden[smallest, periods] = True
    return hidden


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
