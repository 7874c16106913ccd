"""Expressions compiled once into column programs over the groups of one frame.

A value (a metric, a history function, arithmetic) is computed for every group of the frame in
one numpy operation per node and remembered per period, so the rules that share it compute it
once. A condition is computed for the groups of its rule's scope only, or, for rules of one
shape (see `Compiler.shape`), for all their scopes at once with a threshold per row. Equal
expressions compile to one node, wherever they are written.

Truth is three-valued and held as floats: 1.0 true, 0.0 false, 0.5 not evaluated (some value it
needs is missing). On that scale Kleene's `and` is the minimum, `or` the maximum and `not` is
1 - x, so each is one numpy operation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan.engine.errors import CompileError, EvaluationError
from adoptplan.engine.frame import Frame
from adoptplan.expressions import bracketed, describe, joined, precedence, quantity

TRUE, FALSE, UNKNOWN = 1.0, 0.0, 0.5

Values = Callable[[int], np.ndarray]  # period index -> one value per group of the frame
Thresholds = Mapping["Node", np.ndarray]  # comparison -> its threshold in each row (a batch)
Truth = Callable[[np.ndarray, int, "Thresholds | None"], np.ndarray]
"""(rows, period index, thresholds or None) -> truth of those rows. `thresholds` gives some
comparisons a threshold per row instead of their own: rules of one shape evaluated together."""


class Node:
    """A compiled expression. A value node has `compute`, a condition has `test`.

    A plain class with slots: a playbook compiles to hundreds of nodes on every run.
    """

    __slots__ = ("_text", "expr", "children", "compute", "test", "predicate", "metric",
                 "constant", "unit_of", "kinds", "memo", "gaps", "leaves",
                 "shown")

    def __init__(self, text: str | Callable[[], str], expr: m.Expr,
                 children: tuple[Node, ...] = (), *,
                 compute: Values | None = None, test: Truth | None = None,
                 predicate: bool = False, metric: str | None = None,
                 constant: float | None = None,
                 unit_of: str | Callable[[], str] = cat.NUMBER):
        self._text = text  # or how to write it: only evidence and explanations read it
        self.expr = expr
        self.children = children
        self.compute = compute
        self.test = test
        self.predicate = predicate  # a comparison: a leaf of the condition tree
        self.metric = metric  # set on metric references
        self.constant = constant  # set on literals and params: the same value in every row
        # the unit, or how to work it out: read only to explain, so worked out only then, from
        # the checks' inference of the expression's kind (`kinds`) when it knows one
        self.unit_of = unit_of
        self.kinds: Callable[[m.Expr], str | None] | None = None
        # values only: period index -> values, and -> whether some value is missing
        self.memo: dict[int, np.ndarray] | None = {} if compute is not None else None
        self.gaps: dict[int, bool] | None = {} if compute is not None else None
        self.leaves: list[Node] | None = None  # the comparisons of a condition, once asked for
        self.shown: tuple | None = None  # how a comparison's evidence is written, once worked out

    def __repr__(self) -> str:
        return f"Node({self.text!r})"

    @property
    def text(self) -> str:
        """The expression as written in evidence and explanations (`active_members < 40%`)."""
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @property
    def unit(self) -> str:
        if self.kinds is not None:
            kind, self.kinds = self.kinds(self.expr), None
            if kind is not None and kind != cat.NUMBER_LITERAL:
                self.unit_of = cat.PERCENT if kind == "ratio" else kind
        if callable(self.unit_of):
            self.unit_of = self.unit_of()
        return self.unit_of

    def predicates(self) -> list[Node]:
        """The comparisons of a condition, left to right (the evidence lists each)."""
        if self.leaves is None:
            self.leaves = [self] if self.predicate else [
                leaf for child in self.children for leaf in child.predicates()]
        return self.leaves

    def values(self, t: int) -> np.ndarray:
        """Every group's value at period index t (before the history: missing). Read-only."""
        found = self.memo.get(t)
        if found is None:
            found = self.memo[t] = self.compute(t)
        return found

    def at(self, rows: np.ndarray, t: int) -> np.ndarray:
        """The value or truth of the groups `rows` at period index t."""
        if self.test is not None:
            return self.test(rows, t, None)
        return self.values(t)[rows]

    def missing(self, t: int) -> bool:
        """Whether some group lacks a value at t: if none does, a comparison skips the check."""
        if self.constant is not None:
            return False
        found = self.gaps.get(t)
        if found is None:
            found = self.gaps[t] = np.count_nonzero(np.isnan(self.values(t))) > 0
        return found


def literal_value(quantity: m.Quantity) -> float:
    """A literal in the engine's units: percentages and points as ratios (40% -> 0.4)."""
    if quantity.unit in ("%", "pp"):
        return quantity.amount / 100.0
    return quantity.amount


class Compiler:
    """Compiles expressions for one frame against a playbook's metrics and resolved params."""

    def __init__(self, frame: Frame, metrics: Mapping[str, m.Metric], params: Mapping[str, Any],
                 units: Mapping[str, str], kind_of: Callable[[m.Expr], str | None],
                 segment_values: Mapping[str, Mapping[str, float]] | None = None,
                 peer_minimum: float = 0.0):
        self.frame = frame
        # groups smaller than this take no part in `peers()`: with few peers, a median is one
        # group's own value, and a group too small to be named must not be shown that way
        self.peer_minimum = peer_minimum
        self.size = len(frame.groups)
        self.metrics = metrics
        self.params = params
        self.units = units  # value name -> unit kind: metrics, params, built-ins
        self.kind_of = kind_of  # the checks' unit inference, so both agree on every unit
        # built-in values of a segment (focus_score...): name -> segment -> value
        self.segment_values = segment_values or {}
        self._nodes: dict[m.Expr, Node] = {}  # by value: spans take no part in equality

    def compile(self, expr: m.Expr) -> Node:
        node = self._nodes.get(expr)
        if node is None:
            node = self._nodes[expr] = _BUILDERS[type(expr)](self, expr)
            node.kinds = self.kind_of  # the checks' kind, when they know one, wins
        return node

    def _missing(self) -> np.ndarray:
        return np.full(self.size, np.nan)

    def _constant(self, value: float, unit: str, text: str | Callable[[], str],
                  expr: m.Expr) -> Node:
        return Node(text, expr, compute=lambda t: np.full(self.size, value), constant=value,
                    unit_of=unit)

    # ---------------------------------------------------------------------------------- leaves

    def _quantity(self, expr: m.Quantity) -> Node:
        unit = cat.LITERAL_UNITS.get(expr.unit, cat.NUMBER)
        return self._constant(float(literal_value(expr)), unit, lambda: quantity(expr),
                              expr)

    def _string(self, expr: m.String) -> Node:
        raise CompileError("text can only be compared in a segment's match")

    def _ref(self, expr: m.Ref) -> Node:
        name = expr.name
        if name in self.params:
            value = self.params[name]
            if not isinstance(value, (int, float)):
                raise CompileError(f"param {name} is not a number")
            return self._constant(float(value), self.units.get(name, cat.NUMBER), name, expr)
        if name in self.metrics and self.metrics[name].value is not None:
            inner = self.compile(self.metrics[name].value)
            return Node(name, expr, (inner,), compute=inner.values, metric=name,
                        unit_of=lambda: self.units.get(name, inner.unit))
        if name == "periods_since_launch":
            launch = self.frame.launch_index
            return Node(name, expr, compute=lambda t: np.full(self.size, float(t - launch)),
                        unit_of=cat.PERIODS)
        if name in self.segment_values:
            by_segment = self.segment_values[name]
            column = np.array([by_segment.get(g.segment, np.nan) for g in self.frame.groups],
                              dtype=float)
            return Node(name, expr, compute=lambda t: column,
                        unit_of=self.units.get(name, cat.NUMBER))
        data = self.frame.values.get(name)

        def read(t: int) -> np.ndarray:
            return self._missing() if data is None or t < 0 else data[:, t]

        return Node(name, expr, compute=read, metric=name,
                    unit_of=self.units.get(name, cat.NUMBER))

    # ----------------------------------------------------------------------------- arithmetic

    def _negative(self, expr: m.Negative) -> Node:
        inner = self.value(expr.operand)

        def text() -> str:
            return "-" + bracketed(inner.text, inner.expr, precedence(expr))

        if inner.constant is not None:  # a threshold such as -5pp: a number, not a column
            node = self._constant(-inner.constant, cat.NUMBER, text, expr)
            node.unit_of = lambda: inner.unit
            return node
        return Node(text, expr, (inner,), compute=lambda t: -inner.values(t),
                    unit_of=lambda: inner.unit)

    def _arithmetic(self, expr: m.Arithmetic) -> Node:
        left, right = self.value(expr.left), self.value(expr.right)
        op = _ARITHMETIC[expr.op]
        return Node(lambda: joined(expr, left.text, right.text), expr, (left, right),
                    compute=lambda t: _finite(op(left.values(t), right.values(t))))

    def value(self, expr: m.Expr) -> Node:
        """A node that is an amount: a condition in its place is a playbook the checks reject."""
        node = self.compile(expr)
        if node.compute is None:
            raise CompileError(f"{node.text} is a condition, not an amount")
        return node

    # -------------------------------------------------------------------------------- truth

    def condition(self, expr: m.Expr) -> Node:
        """A node that is true or false: an amount in its place is a playbook the checks reject."""
        node = self.compile(expr)
        if node.test is None:
            raise CompileError(f"{node.text} is an amount, not a condition")
        return node

    def constant_of(self, expr: m.Expr) -> float | None:
        """The value of a literal or a param, the same in every row; None for anything else.

        What compiling it would give as the node's `constant`, without making the node."""
        if isinstance(expr, m.Quantity):
            return float(literal_value(expr))
        if isinstance(expr, m.Ref):
            return self.compile(expr).constant if expr.name in self.params else None
        if isinstance(expr, m.Negative):
            inner = self.constant_of(expr.operand)
            return None if inner is None else -inner
        return None

    def shape(self, expr: m.Expr) -> tuple[tuple | m.Expr, list[m.Compare]]:
        """A condition's shape, and its comparisons against a constant threshold (the open ones).

        The shape is the condition with each open comparison reduced to its operator, its left
        side and a slot number (equal comparisons share a slot). Rules whose conditions have the
        same shape differ only in those thresholds, so they can be run together over all their
        rows with a threshold per row, and only the first of them compiled to run. It is read
        off the model: working it out compiles no more than the thresholds.
        """
        slots: dict[m.Compare, int] = {}

        def walk(expr: m.Expr) -> tuple | m.Expr:
            if isinstance(expr, m.Compare):
                if self.constant_of(expr.right) is None or \
                        self.constant_of(expr.left) is not None:
                    return expr
                return (expr.op, expr.left, slots.setdefault(expr, len(slots)))
            if isinstance(expr, m.Logical):
                return (expr.op, walk(expr.left), walk(expr.right))
            if isinstance(expr, m.Not):
                return ("not", walk(expr.operand))
            return expr

        return walk(expr), list(slots)

    def _compare(self, expr: m.Compare) -> Node:
        left, right = self.value(expr.left), self.value(expr.right)
        op = COMPARISONS[expr.op]
        constant = right.constant

        def test(rows: np.ndarray, t: int, thresholds: Thresholds | None = None) -> np.ndarray:
            a = left.values(t)[rows]
            b = thresholds.get(node) if thresholds else None  # `node`: made below, before any run
            if b is None:
                b = constant if constant is not None else right.values(t)[rows]
            return compared(op, a, b, left.missing(t) or right.missing(t))

        node = Node(lambda: joined(expr, left.text, right.text), expr, (left, right), test=test,
                    predicate=True, unit_of=cat.BOOL)
        return node

    def _membership(self, expr: m.Membership) -> Node:
        raise CompileError("`in` lists can only be used in a segment's match")

    def _logical(self, expr: m.Logical) -> Node:
        left, right = self.condition(expr.left), self.condition(expr.right)
        both = np.minimum if expr.op == "and" else np.maximum
        return Node(lambda: joined(expr, left.text, right.text), expr, (left, right),
                    test=lambda rows, t, thresholds=None: both(left.test(rows, t, thresholds),
                                                               right.test(rows, t, thresholds)),
                    unit_of=cat.BOOL)

    def _not(self, expr: m.Not) -> Node:
        inner = self.condition(expr.operand)
        return Node(lambda: "not " + bracketed(inner.text, inner.expr, precedence(expr)), expr,
                    (inner,),
                    test=lambda rows, t, thresholds=None: 1.0 - inner.test(rows, t, thresholds),
                    unit_of=cat.BOOL)

    # ------------------------------------------------------------------------------ history

    def _periods(self, function: cat.Function, args: tuple[m.Expr, ...]) -> int:
        """How far a history function looks back: `4 periods`, a param of type periods, or
        arithmetic of them. The checks allow only a whole number, at least 1 (AP304, AP305);
        anything else is refused here rather than read before the history or past its end."""
        arg = args[0] if args else None
        amount = self._fixed(arg) if arg is not None else None
        if amount is None:
            raise CompileError(f"{function.signature} needs a number of periods")
        return window(amount, lambda: f"`{describe(arg)}` in {function.name}()")

    def _fixed(self, expr: m.Expr) -> float | None:
        """The value of literals and number params, folded; None for anything that is not."""
        if isinstance(expr, m.Quantity):
            return float(expr.amount)
        if isinstance(expr, m.Ref):
            value = self.params.get(expr.name)
            return float(value) if isinstance(value, (int, float)) else None
        if isinstance(expr, m.Negative):
            inner = self._fixed(expr.operand)
            return None if inner is None else -inner
        if isinstance(expr, m.Arithmetic):
            left, right = self._fixed(expr.left), self._fixed(expr.right)
            if left is not None and right is not None and (expr.op != "/" or right):
                return float(_ARITHMETIC[expr.op](left, right))
        return None

    def _call(self, expr: m.Call) -> Node:
        function = cat.FUNCTIONS.get(expr.function)
        if function is None or not expr.args:
            raise CompileError(f"unknown function {expr.function}")
        metric = self.value(expr.args[0])
        periods = 1
        if function.needs_periods:
            periods = self._periods(function, expr.args[1:])
        computed = _HISTORY[function.name](self, metric, periods)
        if expr.before:  # the window ends one period earlier: this period is left out
            computed = _earlier(computed)

        def compute(t: int) -> np.ndarray:  # an overflow (a mean of huge values) is missing
            with np.errstate(over="ignore", invalid="ignore"):
                return _finite(computed(t))

        before = " before" if expr.before else ""
        span = [f"{periods} period{'s' if periods != 1 else ''}{before}"] \
            if function.needs_periods else []
        return Node(lambda: f"{function.name}({', '.join([metric.text, *span])})", expr,
                    (metric,), compute=compute,
                    unit_of=lambda: cat.result_unit(function, metric.unit))


# -------------------------------------------------------------------------------- helpers

def _finite(values: np.ndarray) -> np.ndarray:
    """A value too large to hold (an overflow to infinity) is missing, as a division by zero
    is: a rule never fires on `inf`."""
    infinite = np.isinf(values)
    if infinite.any():
        values = np.where(infinite, np.nan, values)
    return values


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(a, b)
    out[~np.isfinite(out)] = np.nan
    return out


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.isclose(a, b, rtol=1e-9, atol=1e-12)


def _not_close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return ~_close(a, b)


def compared(op: Callable, a: np.ndarray, b: np.ndarray | float, gaps: bool) -> np.ndarray:
    """The truth of `op(a, b)` per row: 1.0 or 0.0, or 0.5 where a value is missing (looked
    for only when `gaps` says some value may be)."""
    out = op(a, b).astype(float)
    if gaps:
        out[np.isnan(a) | np.isnan(b)] = UNKNOWN
    return out


def holds_for(node: Node, rows: np.ndarray, t: int, periods: int,
              thresholds: Thresholds | None = None) -> np.ndarray:
    """The condition's truth at t and each of the `periods - 1` before it (Kleene and; a period
    before the history is not evaluated). Work is bounded by the history, not by `periods`:
    every period before the first is the same unknown, taken once."""
    truth = node.test(rows, t, thresholds)
    for k in range(1, min(periods, t + 2)):
        earlier = node.test(rows, t - k, thresholds) if t >= k else np.full(len(rows), UNKNOWN)
        truth = np.minimum(truth, earlier)
    return truth


def window(amount: float, written: str | Callable[[], str] = "a history function") -> int:
    """A look-back of `amount` periods as a whole number, at least 1: a window of 0 compares a
    value with itself and a negative one reads past the last period. Raises EvaluationError
    (a one-line message on the command line) for any other amount; `written` names the window."""
    if math.isfinite(amount) and amount >= 1 and abs(amount - round(amount)) <= 1e-9:
        return int(round(amount))

    shown = str(int(amount)) if float(amount).is_integer() else repr(float(amount))
    text = written if isinstance(written, str) else written()
    raise EvaluationError(f"{text} looks back {shown} periods: a history function looks back "
                          "a whole number of periods, at least 1")


def _previous(compiler: Compiler, metric: Node, periods: int) -> Values:
    periods = window(periods, "previous()")
    return lambda t: metric.values(t - periods)


def _change(compiler: Compiler, metric: Node, periods: int) -> Values:
    periods = window(periods, "change()")
    return lambda t: metric.values(t) - metric.values(t - periods)


def _growth(compiler: Compiler, metric: Node, periods: int) -> Values:
    periods = window(periods, "growth()")
    return lambda t: _divide(metric.values(t), metric.values(t - periods)) - 1.0


def _earlier(computed: Values) -> Values:
    return lambda t: computed(t - 1)


def _over_window(name: str, reduce: Callable[..., np.ndarray]
                 ) -> Callable[[Compiler, Node, int], Values]:
    """A history function that reduces the last N periods, this one included, per group."""
    def build(compiler: Compiler, metric: Node, periods: int) -> Values:
        periods = window(periods, f"{name}()")

        def compute(t: int) -> np.ndarray:
            # a period before the history is missing, and one is as good as many
            values = [metric.values(t - k) for k in range(min(periods, t + 2))]
            return reduce(np.vstack(values), axis=0)  # NaN if any period is missing

        return compute

    return build


def _baseline(compiler: Compiler, metric: Node, periods: int) -> Values:
    """The last value before launch that is not missing, per group."""

    def compute(t: int) -> np.ndarray:
        out = compiler._missing()
        for k in range(min(compiler.frame.launch_index, t + 1) - 1, -1, -1):
            missing = np.isnan(out)
            if not missing.any():
                break
            out[missing] = metric.values(k)[missing]
        return out

    return compute


def _measured_before_launch(compiler: Compiler, metric: Node, periods: int) -> Values:
    """How many periods before the launch (and up to t) hold a value: a count, never missing."""

    def compute(t: int) -> np.ndarray:
        count = np.zeros(compiler.size)
        for k in range(max(0, min(compiler.frame.launch_index, t + 1))):
            count += ~np.isnan(metric.values(k))
        return count

    return compute


def _anomaly(compiler: Compiler, metric: Node, periods: int) -> Values:
    """The robust z-score of the value at t against the `periods` before it: the distance from
    their median in units of their median absolute deviation, scaled by 1.4826 so that it reads
    as a standard deviation for normal data. One outlier among them moves neither median. When
    over half of them are equal (a deviation of 0), the mean absolute deviation, scaled by
    1.2533, stands in; when they are all equal, or fewer than `ANOMALY_MINIMUM` have a value,
    the score is missing: there is no spread to measure against."""
    periods = window(periods, "anomaly()")

    def compute(t: int) -> np.ndarray:
        now = metric.values(t)
        earlier = np.vstack([metric.values(t - k) for k in range(1, periods + 1)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a group with no value at all
            centre = np.nanmedian(earlier, axis=0)
            deviation = np.abs(earlier - centre)
            scale = 1.4826 * np.nanmedian(deviation, axis=0)
            scale = np.where(scale > 0, scale, 1.2533 * np.nanmean(deviation, axis=0))
        enough = np.count_nonzero(~np.isnan(earlier), axis=0) >= cat.ANOMALY_MINIMUM
        scale = np.where(enough & (scale > 0), scale, np.nan)
        return (now - centre) / scale

    return compute


def _peak(compiler: Compiler, metric: Node, periods: int) -> Values:
    def compute(t: int) -> np.ndarray:
        if t < 0:
            return compiler._missing()
        window = np.vstack([metric.values(k) for k in range(t + 1)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a group with no value at all
            return np.nanmax(window, axis=0)

    return compute


def _peers(compiler: Compiler, metric: Node, periods: int) -> Values:
    """The median of the other groups of the same breakdown (excluding the group itself), of
    those that may be shown under `Compiler.peer_minimum` (engine.disclosure)."""

    def compute(t: int) -> np.ndarray:
        values = metric.values(t)
        if compiler.peer_minimum and t >= 0:
            small = compiler.frame.withheld(compiler.peer_minimum)[:, t]
            if small.any():
                values = np.where(small, np.nan, values)
        out = compiler._missing()
        for members in compiler.frame.peer_rows.values():
            out[members] = median_of_others(values[members])
        return out

    return compute


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
        # the middle of the sorted values: np.median would sort again and import numpy.ma
        # (about 20-35 ms of start-up)
        out[missing] = (present[(count - 1) // 2] + present[count // 2]) / 2
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


COMPARISONS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                "==": _close, "!=": _not_close}
def _quietly(op: Callable[[np.ndarray, np.ndarray], np.ndarray]
             ) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """`op` without numpy's overflow warning on stderr: `_finite` makes such a value missing."""
    def apply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            return op(a, b)

    return apply


_ARITHMETIC = {"+": _quietly(np.add), "-": _quietly(np.subtract), "*": _quietly(np.multiply),
               "/": _divide}
_BUILDERS: dict[type, Callable[[Compiler, Any], Node]] = {
    m.Quantity: Compiler._quantity, m.String: Compiler._string, m.Ref: Compiler._ref,
    m.Negative: Compiler._negative, m.Arithmetic: Compiler._arithmetic,
    m.Compare: Compiler._compare, m.Membership: Compiler._membership,
    m.Logical: Compiler._logical, m.Not: Compiler._not, m.Call: Compiler._call,
}
"""Expression class -> the compiler's method for it."""

_HISTORY: dict[str, Callable[[Compiler, Node, int], Values]] = {
    "previous": _previous,
    "change": _change,
    "growth": _growth,
    "average": _over_window("average", np.mean),
    "max": _over_window("max", np.max),
    "min": _over_window("min", np.min),
    "baseline": _baseline,
    "peak": _peak,
    "anomaly": _anomaly,
    "peers": _peers,
    "measured_before_launch": _measured_before_launch,
}
