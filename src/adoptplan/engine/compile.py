"""Expressions compiled once into column programs: each node computes one value per group at once.

A condition is evaluated for every group of a rule's scope in one pass of numpy operations per
node, never by re-walking the tree for each group. Truth is three-valued: 1.0 true, 0.0 false,
NaN not evaluated (some value it needs is missing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan.engine.frame import Frame

TRUE, FALSE = 1.0, 0.0


@attrs.frozen
class Context:
    """What a node needs to compute: the data, which groups (rows), and the resolved params."""

    frame: Frame
    rows: np.ndarray
    params: Mapping[str, Any]


@attrs.define(eq=False)
class Node:
    """A compiled expression: `at(ctx, t)` gives one float per row of `ctx` at period index t."""

    at: Callable[[Context, int], np.ndarray]
    unit: str
    text: str
    expr: m.Expr
    children: tuple[Node, ...] = ()
    predicate: bool = False  # a comparison or membership: a leaf of the condition tree
    metric: str | None = None  # set on metric references
    constant: float | None = None  # set on literals and params: the same value in every row
    # on comparisons: the truth from both sides' values, so evidence computes each side once
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None


class CompileError(Exception):
    """An expression the engine cannot run (the checks report these before evaluation)."""


def _nan_like(ctx: Context) -> np.ndarray:
    return np.full(len(ctx.rows), np.nan)


def _const(value: float) -> Callable[[Context, int], np.ndarray]:
    return lambda ctx, t: np.full(len(ctx.rows), value)


def literal_value(quantity: m.Quantity) -> float:
    """A literal in the engine's units: percentages and points as ratios (40% -> 0.4)."""
    if quantity.unit in ("%", "pp"):
        return quantity.amount / 100.0
    return quantity.amount


class Compiler:
    """Compiles expressions against a playbook's metrics and resolved params."""

    def __init__(self, metrics: Mapping[str, m.Metric], params: Mapping[str, Any],
                 units: Mapping[str, str], kind_of: Callable[[m.Expr], str | None],
                 segment_values: Mapping[str, Mapping[str, float]] | None = None):
        self.metrics = metrics
        self.params = params
        self.units = units  # value name -> unit kind: metrics, params, built-ins
        self.kind_of = kind_of  # the checks' unit inference, so both agree on every unit
        # built-in values of a segment (focus_score...): name -> segment -> value
        self.segment_values = segment_values or {}
        self._derived: dict[str, Node] = {}

    def compile(self, expr: m.Expr) -> Node:
        node = getattr(self, "_" + type(expr).__name__.lower())(expr)
        kind = self.kind_of(expr)
        if kind is not None and kind != cat.NUMBER_LITERAL:
            node.unit = cat.PERCENT if kind == "ratio" else kind
        return node

    # ---------------------------------------------------------------------------------- leaves

    def _quantity(self, expr: m.Quantity) -> Node:
        unit = cat.LITERAL_UNITS.get(expr.unit, cat.NUMBER)
        value = literal_value(expr)
        return Node(_const(value), unit, format_quantity(expr), expr, constant=float(value))

    def _string(self, expr: m.String) -> Node:
        raise CompileError("text can only be compared in a segment's match")

    def _ref(self, expr: m.Ref) -> Node:
        name = expr.name
        if name in self.params:
            value = self.params[name]
            if not isinstance(value, (int, float)):
                raise CompileError(f"param {name} is not a number")
            return Node(_const(float(value)), self.units.get(name, cat.NUMBER), name, expr,
                        constant=float(value))
        if name in self.metrics and self.metrics[name].value is not None:
            return self._derived_metric(name, expr)
        if name == "periods_since_launch":
            return Node(lambda ctx, t: np.full(len(ctx.rows), float(t - ctx.frame.launch_index)),
                        cat.PERIODS, name, expr)
        if name in self.segment_values:
            return Node(self._of_segment(name), self.units.get(name, cat.NUMBER), name, expr)
        unit = self.units.get(name, cat.NUMBER)

        def read(ctx: Context, t: int) -> np.ndarray:
            column = ctx.frame.values.get(name)
            if column is None or t < 0:
                return _nan_like(ctx)
            return column[ctx.rows, t]

        return Node(read, unit, name, expr, metric=name)

    def _of_segment(self, name: str) -> Callable[[Context, int], np.ndarray]:
        """A built-in value of each group's segment (the same in every period), once per frame."""
        by_segment = self.segment_values[name]
        cache: dict[int, np.ndarray] = {}

        def run(ctx: Context, t: int) -> np.ndarray:
            frame = ctx.frame
            if id(frame) not in cache:
                cache.clear()
                cache[id(frame)] = np.array(
                    [by_segment.get(g.segment, np.nan) for g in frame.groups], dtype=float)
            return cache[id(frame)][ctx.rows]

        return run

    def _derived_metric(self, name: str, expr: m.Ref) -> Node:
        if name not in self._derived:
            self._derived[name] = self.compile(self.metrics[name].value)
        inner = self._derived[name]
        unit = self.units.get(name, inner.unit)
        return Node(inner.at, unit, name, expr, (inner,), metric=name)

    # ----------------------------------------------------------------------------- arithmetic

    def _negative(self, expr: m.Negative) -> Node:
        inner = self.compile(expr.operand)
        return Node(lambda ctx, t: -inner.at(ctx, t), inner.unit, "-" + inner.text, expr, (inner,))

    def _arithmetic(self, expr: m.Arithmetic) -> Node:
        left, right = self.compile(expr.left), self.compile(expr.right)
        op = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": _divide}[expr.op]

        def run(ctx: Context, t: int) -> np.ndarray:
            return op(left.at(ctx, t), right.at(ctx, t))

        return Node(run, cat.NUMBER, f"{left.text} {expr.op} {right.text}", expr, (left, right))

    # -------------------------------------------------------------------------------- truth

    def _compare(self, expr: m.Compare) -> Node:
        left, right = self.compile(expr.left), self.compile(expr.right)
        op = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
              "==": _close, "!=": _not_close}[expr.op]

        def truth(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            out = op(a, b).astype(float)
            out[np.isnan(a) | np.isnan(b)] = np.nan
            return out

        def run(ctx: Context, t: int) -> np.ndarray:
            return truth(left.at(ctx, t), right.at(ctx, t))

        return Node(run, cat.BOOL, f"{left.text} {expr.op} {right.text}", expr, (left, right),
                    predicate=True, combine=truth)

    def _membership(self, expr: m.Membership) -> Node:
        raise CompileError("`in` lists can only be used in a segment's match")

    def _logical(self, expr: m.Logical) -> Node:
        left, right = self.compile(expr.left), self.compile(expr.right)
        combine = kleene_and if expr.op == "and" else kleene_or
        return Node(lambda ctx, t: combine(left.at(ctx, t), right.at(ctx, t)), cat.BOOL,
                    f"{left.text} {expr.op} {right.text}", expr, (left, right))

    def _not(self, expr: m.Not) -> Node:
        inner = self.compile(expr.operand)
        return Node(lambda ctx, t: 1.0 - inner.at(ctx, t), cat.BOOL, f"not {inner.text}", expr,
                    (inner,))

    # ------------------------------------------------------------------------------ history

    def _periods(self, function: cat.Function, args: tuple[m.Expr, ...]) -> int:
        """How far a history function looks back: `4 periods`, or a param of type periods."""
        arg = args[0] if args else None
        if isinstance(arg, m.Quantity):
            return int(round(arg.amount))
        if isinstance(arg, m.Ref) and isinstance(self.params.get(arg.name), (int, float)):
            return int(round(self.params[arg.name]))
        raise CompileError(f"{function.signature} needs a number of periods")

    def _call(self, expr: m.Call) -> Node:
        function = cat.FUNCTIONS.get(expr.function)
        if function is None or not expr.args:
            raise CompileError(f"unknown function {expr.function}")
        metric = self.compile(expr.args[0])
        periods = 1
        if function.needs_periods:
            periods = self._periods(function, expr.args[1:])
        run = _HISTORY[function.name](metric, periods)
        unit = cat.result_unit(function, metric.unit)
        span = [f"{periods} period{'s' if periods != 1 else ''}"] if function.needs_periods else []
        args = ", ".join([metric.text, *span])
        return Node(run, unit, f"{function.name}({args})", expr, (metric,))


# -------------------------------------------------------------------------------- helpers


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(a, b)
    out[~np.isfinite(out)] = np.nan
    return out


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.isclose(a, b, rtol=1e-9, atol=1e-12)


def _not_close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return ~_close(a, b)


def kleene_and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """False wins, then unknown, then true."""
    out = np.where((a == FALSE) | (b == FALSE), FALSE, np.where((a == TRUE) & (b == TRUE), TRUE, np.nan))
    return out


def kleene_or(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """True wins, then unknown, then false."""
    return np.where((a == TRUE) | (b == TRUE), TRUE, np.where((a == FALSE) & (b == FALSE), FALSE, np.nan))


def _shifted(node: Node, ctx: Context, t: int) -> np.ndarray:
    return node.at(ctx, t) if t >= 0 else _nan_like(ctx)


def _previous(metric: Node, periods: int):
    return lambda ctx, t: _shifted(metric, ctx, t - periods)


def _change(metric: Node, periods: int):
    return lambda ctx, t: metric.at(ctx, t) - _shifted(metric, ctx, t - periods)


def _growth(metric: Node, periods: int):
    def run(ctx: Context, t: int) -> np.ndarray:
        return _divide(metric.at(ctx, t), _shifted(metric, ctx, t - periods)) - 1.0

    return run


def _average(metric: Node, periods: int):
    def run(ctx: Context, t: int) -> np.ndarray:
        window = [_shifted(metric, ctx, t - k) for k in range(max(periods, 1))]
        return np.mean(np.vstack(window), axis=0)  # NaN if any period is missing

    return run


def _baseline(metric: Node, periods: int):
    """The last value before launch that is not missing, per group."""

    def run(ctx: Context, t: int) -> np.ndarray:
        out = _nan_like(ctx)
        for k in range(min(ctx.frame.launch_index, t + 1) - 1, -1, -1):
            missing = np.isnan(out)
            if not missing.any():
                break
            out[missing] = metric.at(ctx, k)[missing]
        return out

    return run


def _measured_before_launch(metric: Node, periods: int):
    """How many periods before the launch (and up to t) hold a value: a count, never missing."""

    def run(ctx: Context, t: int) -> np.ndarray:
        count = np.zeros(len(ctx.rows))
        for k in range(max(0, min(ctx.frame.launch_index, t + 1))):
            count += ~np.isnan(metric.at(ctx, k))
        return count

    return run


def _peak(metric: Node, periods: int):
    def run(ctx: Context, t: int) -> np.ndarray:
        window = np.vstack([metric.at(ctx, k) for k in range(t + 1)])
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return np.nanmax(window, axis=0)

    return run


def _peers(metric: Node, periods: int):
    """The median of the other groups of the same breakdown (excluding the group itself)."""

    def run(ctx: Context, t: int) -> np.ndarray:
        frame = ctx.frame
        out = _nan_like(ctx)
        keys = frame.peer_keys[ctx.rows]
        for key in np.unique(keys):
            members = frame.peer_rows[key]
            medians = median_of_others(metric.at(Context(frame, members, ctx.params), t))
            wanted = np.flatnonzero(keys == key)
            out[wanted] = medians[np.searchsorted(members, ctx.rows[wanted])]
        return out

    return run


def median_of_others(values: np.ndarray) -> np.ndarray:
    """For each entry, the median of the other entries that are not missing (NaN if none).

    One sort for the whole breakdown: removing entry i from the sorted values shifts the middle
    by at most one place, so each median is read off the sorted array directly.
    """
    present = np.sort(values[~np.isnan(values)])
    count = present.size
    out = np.full(values.shape, np.nan)
    missing = np.isnan(values)
    if count:
        out[missing] = np.median(present)
    others = count - 1
    if others < 1:
        return out
    rank = np.searchsorted(present, values[~missing])  # where each present value sits

    def nth(j: int | np.ndarray) -> np.ndarray:
        j = np.asarray(j)
        return present[np.where(j < rank, j, j + 1)]  # the j-th value once entry i is removed

    if others % 2:
        medians = nth(np.full(rank.shape, others // 2))
    else:
        medians = (nth(np.full(rank.shape, others // 2 - 1)) + nth(np.full(rank.shape, others // 2))) / 2
    out[~missing] = medians
    return out


_HISTORY = {
    "previous": _previous,
    "change": _change,
    "growth": _growth,
    "average": _average,
    "baseline": _baseline,
    "peak": _peak,
    "peers": _peers,
    "measured_before_launch": _measured_before_launch,
}


def format_quantity(quantity: m.Quantity) -> str:
    """A literal as `fmt` writes it: 40%, 5pp, 3 periods, 1200."""
    amount = quantity.amount
    number = str(int(amount)) if amount == int(amount) else repr(amount)
    if quantity.unit in ("%", "pp"):
        return number + quantity.unit
    return f"{number} {quantity.unit}" if quantity.unit else number
