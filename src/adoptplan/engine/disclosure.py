"""What may be shown: the one decision, per group and period, of which values are withheld.

A group of a breakdown with fewer members than the floor, or whose size is not known, is
withheld (primary suppression). When that leaves a single group of a breakdown withheld at a
period, the segment's total minus the groups shown would give its value, so the next smallest
group of the breakdown is withheld too (secondary suppression, as statistical offices do): the
total minus what is shown is then a sum of at least two withheld values. A group withheld at a
period stays withheld at every later one of the evaluation, so a change, a growth or a window
over the periods cannot give an earlier value away. Every output reads this decision (findings
and their evidence, cases, explain, peers, the history series): none decides for itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np


def present(values: Mapping[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """[group, period]: the group has some value at the period (a size alone is not a value)."""
    found = np.zeros(shape, dtype=bool)
    for name, column in values.items():
        if name != "members":
            found |= np.isfinite(column)
    return found


def withheld(members: np.ndarray | None, has_value: np.ndarray, broken_down: np.ndarray,
             breakdowns: Iterable[np.ndarray], minimum: float, unknown_small: bool = True
             ) -> np.ndarray:
    """[group, period]: True where a group's values at that period may not be shown.

    `members` holds each group's size per period (None or NaN: not known, so withheld);
    `breakdowns` the rows of each breakdown (a segment by the same dimensions). The last period
    is the evaluated one. `unknown_small` False: a group of unknown size counts as large (the
    made-up groups of a playbook test).
    """
    sizes = np.full(has_value.shape, np.nan) if members is None else members
    with np.errstate(invalid="ignore"):
        large = sizes >= minimum  # NaN: not known, not large
    if not unknown_small:
        large |= np.isnan(sizes)
    primary = broken_down[:, None] & ~large & (has_value | np.isfinite(sizes))
    if primary.size:  # at the evaluated period, a group without values is withheld too: a
        primary[:, -1] |= broken_down & ~large[:, -1]  # "not evaluated" would name it
    out = primary.copy()
    for rows in breakdowns:
        if rows.size < 2 or not broken_down[rows[0]]:
            continue
        block = primary[rows]
        alone = np.flatnonzero(block.sum(axis=0) == 1)  # periods with one group withheld
        if not alone.size:
            continue
        # the next smallest group shown at each such period (the first row on a tie): withheld
        candidate = ~block[:, alone] & has_value[rows][:, alone]
        key = np.where(candidate, np.nan_to_num(sizes[rows][:, alone], nan=np.inf), np.inf)
        pick = np.argmin(key, axis=0)
        found = candidate[pick, np.arange(alone.size)]
        out[rows[pick[found]], alone[found]] = True
    return np.logical_or.accumulate(out, axis=1) if out.size else out


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
