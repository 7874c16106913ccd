"""Evidence: the values behind a finding, said as a reviewer reads them.

`holds for 2 periods: 31.2% at 2026-W48 (threshold 40%, margin -8.8pp)`; under a `not`, a
comparison is shown as its negation; a value that is missing says why (a division by zero, a
period before the data).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine.compile import COMPARISONS, TRUE, UNKNOWN, Node, Thresholds, compared
from adoptplan.engine.frame import Frame
from adoptplan.engine.values import PLACEHOLDER, format_value, margin_unit, shown_number


def value_at(node: Node, row: int, t: int) -> float:
    """The value (or truth) of one group at period index t."""
    return float(node.at(np.array([row], dtype=np.intp), t)[0])


def evidence_table(node: Node, rows: np.ndarray, frame: Frame, sustained: int = 1,
                   thresholds: Thresholds | None = None,
                   formats: list[list[Shown]] | None = None) -> list[tuple[r.Evidence, ...]]:
    """For each of `rows`: every comparison's value, threshold and margin, for each period the
    condition had to hold. Computed column-wise, once per rule or batch, not once per finding.

    For a batch (`_Batch`), `thresholds` holds each row's threshold of the open comparisons and
    `formats[i]` how each row's rule writes comparison i."""
    leaves = node.predicates()
    negated = negations(node)
    columns = [leaf_evidence(leaf, rows, frame, t, thresholds.get(leaf) if thresholds else None,
                             formats[index] if formats else None, negated[index])
               for t in range(frame.t, max(frame.t - sustained, -1), -1)
               for index, leaf in enumerate(leaves)]
    return list(zip(*columns)) if columns else [() for _ in range(len(rows))]


def negations(node: Node) -> list[bool]:
    """For each comparison of a condition (as `predicates` lists them), whether it sits under an
    odd number of `not`s: its evidence is then written as the negation, which is what the
    condition needs of it (`not (a or b)` needs `not (a)` and `not (b)`)."""
    if node.predicate:
        return [False]
    inner = [flag for child in node.children for flag in negations(child)]
    return [not flag for flag in inner] if isinstance(node.expr, m.Not) else inner


def leaf_evidence(leaf: Node, rows: np.ndarray, frame: Frame, t: int,
                  bounds: np.ndarray | None = None,
                  formats: list[Shown] | None = None, negated: bool = False
                  ) -> list[r.Evidence]:
    """One comparison at period index t, for each of `rows` (with, in a batch, each row's own
    threshold and format). A `negated` one is written `not (...)`, with its truth and margin
    those of the negation, so that every evidence that holds is one the condition held by."""
    left, right = leaf.children
    own = evidence_format(leaf)
    a = left.values(t)[rows]
    b = bounds if bounds is not None else (
        right.constant if right.constant is not None else right.values(t)[rows])
    below = own.below != negated
    margins = (b - a if below else a - b).tolist()
    truth = compared(own.compare, a, b, left.missing(t) or right.missing(t))
    if negated:  # Kleene not: unknown stays unknown
        truth = 1.0 - truth
    # a literal or param threshold is written as its format says; a computed one row by row
    bound_values = b.tolist() if isinstance(b, np.ndarray) else itertools.repeat(float(b))
    period = frame.periods[t]
    shown_as = formats or itertools.repeat(own)
    if negated:
        shown_as = map(_negation, shown_as)
    return [
        r.Evidence(text, formatted(value, unit), period,
                   formatted(bound, unit) if shown is None else shown,
                   "" if margin != margin else formatted(margin, unit_of_margin),
                   None if holds == UNKNOWN else holds == TRUE, unit,
                   shown_number(value, unit), shown_number(bound, unit),
                   shown_number(margin, unit_of_margin))
        for (text, unit, unit_of_margin, _, shown, _), value, bound, margin, holds
        in zip(shown_as, a.tolist(), bound_values, margins, truth.tolist())
    ]


@functools.lru_cache(maxsize=1024)
def _negation(shown: Shown) -> Shown:
    """A comparison's format, written as its negation (only its text changes)."""
    return shown._replace(text=f"not ({shown.text})")


class Shown(NamedTuple):
    """How a comparison's evidence is written."""

    text: str  # the comparison as written: `active_members < 40%`
    unit: str  # of its values and threshold
    margin_unit: str  # of the margin: points for percentages
    below: bool  # the margin counts below the threshold (`<`, `<=`)
    threshold: str | None  # a constant threshold, written once; None: computed per row
    compare: Callable  # the comparison itself


def evidence_format(leaf: Node) -> Shown:
    """How a comparison's evidence is written: worked out once per comparison, kept on its
    node."""
    if leaf.shown is None:
        left, right = leaf.children
        leaf.shown = comparison_format(leaf.expr.op, leaf.text, left, right)
    return leaf.shown


def comparison_format(op: str, text: str, left: Node, right: Node) -> Shown:
    unit = left.unit if left.unit != cat.NUMBER_LITERAL else right.unit
    threshold = formatted(right.constant, unit) if right.constant is not None else None
    return Shown(text, unit, margin_unit(unit), op in ("<", "<="), threshold, COMPARISONS[op])


@functools.lru_cache(maxsize=1024)
def placeholder_names(templates: str) -> frozenset[str]:
    """The placeholders a rule's templates use: read once per rule, not once per finding."""
    return frozenset(PLACEHOLDER.findall(templates))


@functools.lru_cache(maxsize=1 << 16)
def formatted(value: float, unit: str) -> str:
    """format_value, remembered: the data repeats its values (one-decimal percentages, counts)
    across many findings. 0.0 and -0.0 share an entry: both are written "0"."""
    return format_value(value, unit)


def _unknown_at(node: Node, row: int, t: int) -> bool:
    value = value_at(node, row, t)
    return value == UNKNOWN if node.test is not None else value != value


def missing_reason(node: Node, row: int, frame: Frame, sustained: int = 1) -> str:
    """Why the condition is unknown, newest period first: a metric without data, the history a
    function needs, a division by zero, or a number too large (an overflow)."""
    group = frame.groups[row].label()
    for t in range(frame.t, max(frame.t - sustained, -1), -1):
        if not _unknown_at(node, row, t):
            continue
        for leaf in node.predicates() or [node]:
            if not _unknown_at(leaf, row, t):
                continue
            for metric in _metrics(leaf):
                if _unknown_at(metric, row, t):
                    return f"no value of {metric.metric} for {group} at {frame.periods[t]}"
            if _has_call(leaf):
                return f"not enough history for {leaf.text} for {group} at {frame.periods[t]}"
            why = "a division by zero" if _divides(leaf) else "a number too large to compute"
            return f"{leaf.text} cannot be computed for {group} at {frame.periods[t]}: {why}"
    return f"not enough history for {group} over the sustained periods"


def _divides(node: Node) -> bool:
    return (isinstance(node.expr, m.Arithmetic) and node.expr.op == "/") or any(
        _divides(c) for c in node.children)


def _has_call(node: Node) -> bool:
    return isinstance(node.expr, m.Call) or any(_has_call(c) for c in node.children)


def _metrics(node: Node) -> list[Node]:
    """The metrics read from the data (a derived metric is looked into, not reported)."""
    found = [node] if node.metric and not node.children else []
    for child in node.children:
        found.extend(_metrics(child))
    return found
