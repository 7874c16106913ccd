"""Unit kinds of expressions: what `active_members`, `40%` or `files_shared / posts` measure.

The algebra is small on purpose. A bare number is a literal that may stand for a count or a plain
number but never for a percentage; a count divided by a count is a ratio that compares with a
percentage or a plain number; multiplying or dividing by a literal keeps the unit.
"""

from __future__ import annotations

import attrs

from adoptplan import catalogue as c
from adoptplan import model as m
from adoptplan.codes.semantic import (
    BAD_HISTORY_ARGUMENTS,
    BARE_NUMBER,
    NOT_A_CONDITION,
    OUT_OF_RANGE,
    UNIT_MISMATCH,
)
from adoptplan.diagnostics import ERROR, Diagnostic
from adoptplan.expressions import as_percent, constant, describe
from adoptplan.numbers import source

RATIO = "ratio"
LEVEL = "level"

PARAM_KINDS: dict[str, str] = {
    "percent": c.PERCENT,
    "number": c.NUMBER,
    "count": c.COUNT,
    "periods": c.PERIODS,
    "hours": c.HOURS,
    "level": LEVEL,
    "text": c.TEXT,
}

NUMERIC = frozenset({c.PERCENT, c.POINTS, c.COUNT, c.NUMBER, c.PERIODS, c.HOURS,
                     c.NUMBER_LITERAL, RATIO})

COMPARABLE: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        (c.COUNT, c.NUMBER),
        (c.COUNT, c.NUMBER_LITERAL),
        (c.NUMBER, c.NUMBER_LITERAL),
        (RATIO, c.NUMBER),
        (RATIO, c.NUMBER_LITERAL),
        (RATIO, c.PERCENT),
    )
)
"""Different kinds that may meet in a comparison or a sum."""

WORDS: dict[str, str] = {
    c.PERCENT: "a percentage",
    c.POINTS: "percentage points",
    c.COUNT: "a count",
    c.NUMBER: "a number",
    c.PERIODS: "a number of periods",
    c.HOURS: "hours",
    c.TEXT: "text",
    c.BOOL: "a condition",
    c.NUMBER_LITERAL: "a bare number",
    RATIO: "a ratio",
    LEVEL: "a level",
}

LITERAL_SUFFIX: dict[str, str] = {
    c.PERCENT: "%",
    c.POINTS: "pp",
    c.PERIODS: " periods",
    c.HOURS: " hours",
}
"""How to write a bare number so that it has a kind."""


def comparable(a: str, b: str) -> bool:
    return a == b and a in NUMERIC or frozenset((a, b)) in COMPARABLE


def with_unit(expr: m.Expr, kind: str) -> str | None:
    """`40%` for a bare `40` meant as a percentage (`25%` for `0.25`, a share as a fraction);
    None when the literal is not written as one."""
    literal = constant(expr)
    if literal is None or kind not in LITERAL_SUFFIX:
        return None
    if kind == c.PERCENT:
        return as_percent(literal.amount)
    return source(literal.amount) + LITERAL_SUFFIX[kind]


@attrs.define
class Inference:
    """Infers kinds and collects the unit problems it meets on the way (AP301-AP304)."""

    units: dict[str, str]  # value name -> kind, for metrics, params and built-in values
    metric_names: frozenset[str]
    problems: list[Diagnostic] = attrs.field(factory=list)
    directory: bool = False  # in `match`: names are people-directory attributes of unknown kind
    memo: dict[m.Expr, str | None] | None = None  # the engine asks for every node: once each

    def report(self, code: str, message: str, span: m.Span, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(code, message, span, ERROR, hint))

    # -------------------------------------------------------------------------------- nodes

    def kind(self, expr: m.Expr) -> str | None:
        """The kind of the expression, None when it cannot be known (an unknown name).

        With a `memo` (the engine's, which reads kinds only), each node is inferred once; the
        checks keep none, so a problem repeated in two places is reported in both.
        """
        if self.memo is None:
            return self._kind(expr)
        # keyed by value, not identity: equal expressions have one kind, and a freed node's id
        # may come back as another node's
        if expr not in self.memo:
            self.memo[expr] = self._kind(expr)
        return self.memo[expr]

    def _kind(self, expr: m.Expr) -> str | None:
        if isinstance(expr, m.Quantity):
            return c.LITERAL_UNITS.get(expr.unit)
        if isinstance(expr, m.String):
            return c.TEXT
        if isinstance(expr, m.Ref):
            return None if self.directory else self.units.get(expr.name)
        if isinstance(expr, m.Negative):
            return self.number_operand(expr.operand)
        if isinstance(expr, m.Not):
            self.condition(expr.operand)
            return c.BOOL
        if isinstance(expr, m.Logical):
            self.condition(expr.left)
            self.condition(expr.right)
            return c.BOOL
        if isinstance(expr, m.Compare):
            return self.compare(expr)
        if isinstance(expr, m.Membership):
            operand = self.kind(expr.operand)
            for item in expr.items:
                self.meet(expr.operand, operand, item, self.kind(item), expr.span)
            return c.BOOL
        if isinstance(expr, m.Arithmetic):
            return self.arithmetic(expr)
        if isinstance(expr, m.Call):
            return self.call(expr)
        return None

    def condition(self, expr: m.Expr) -> None:
        """A part of `and`/`or`/`not`, or a whole `when`, must be true or false."""
        kind = self.kind(expr)
        if kind is not None and kind != c.BOOL:
            self.report(NOT_A_CONDITION, f"`{describe(expr)}` is {WORDS.get(kind, kind)}, not a condition",
                        expr.span, f"compare it with a threshold, e.g. `{describe(expr)} < ...`")

    def number_operand(self, expr: m.Expr) -> str | None:
        """An operand of arithmetic: a condition or a text has no amount."""
        kind = self.kind(expr)
        if kind == c.BOOL:
            self.report(NOT_A_CONDITION, f"`{describe(expr)}` is a condition, used here as a number",
                        expr.span, "a comparison is true or false; compare numbers instead")
            return None
        if kind in (c.TEXT, LEVEL):
            self.report(UNIT_MISMATCH, f"`{describe(expr)}` is {WORDS[kind]}, used here as a number",
                        expr.span)
            return None
        return kind

    # --------------------------------------------------------------------------- comparisons

    def compare(self, expr: m.Compare) -> str:
        left, right = self.kind(expr.left), self.kind(expr.right)
        for side, kind in ((expr.left, left), (expr.right, right)):
            if kind == c.BOOL:
                self.report(NOT_A_CONDITION, f"`{describe(side)}` is a condition, compared here as a "
                            "number", side.span, "combine conditions with `and` / `or`")
        if c.BOOL not in (left, right):
            self.meet(expr.left, left, expr.right, right, expr.span)
        return c.BOOL

    def meet(self, a: m.Expr, a_kind: str | None, b: m.Expr, b_kind: str | None,
             span: m.Span) -> bool:
        """Two values meet in a comparison or a sum: report when their kinds cannot."""
        if a_kind is None or b_kind is None or comparable(a_kind, b_kind):
            return True
        if c.TEXT in (a_kind, b_kind) and a_kind == b_kind:
            return True
        literal, other = (a, b_kind) if a_kind == c.NUMBER_LITERAL else (b, a_kind)
        if c.NUMBER_LITERAL in (a_kind, b_kind) and other == c.PERCENT:
            written = with_unit(literal, c.PERCENT)
            percent = b if literal is a else a
            self.report(BARE_NUMBER, f"`{describe(literal)}` is a bare number, but "
                        f"`{describe(percent)}` is a percentage", literal.span,
                        f"write {written}" if written else "give the number a unit")
            return False
        self.report(UNIT_MISMATCH, f"`{describe(a)}` is {WORDS.get(a_kind, a_kind)} but "
                    f"`{describe(b)}` is {WORDS.get(b_kind, b_kind)}", span,
                    _mismatch_hint(a, a_kind, b, b_kind))
        return False

    # ---------------------------------------------------------------------------- arithmetic

    def arithmetic(self, expr: m.Arithmetic) -> str | None:
        left = self.number_operand(expr.left)
        right = self.number_operand(expr.right)
        if left is None or right is None:
            return None
        if expr.op in "+-":
            return self.additive(expr, left, right)
        if expr.op == "/":
            literal = constant(expr.right)
            if literal is not None and literal.amount == 0:
                self.report(OUT_OF_RANGE, "division by zero", expr.right.span)
        return multiplicative(expr.op, left, right)

    def additive(self, expr: m.Arithmetic, left: str, right: str) -> str | None:
        pair = {left, right}
        if pair == {c.PERCENT, c.POINTS}:
            return c.PERCENT  # a percentage moved by some points
        if left == right == c.PERCENT and expr.op == "-":
            return c.POINTS  # the difference of two percentages
        if not self.meet(expr.left, left, expr.right, right, expr.span):
            return None
        if left == right:
            return left
        if c.NUMBER_LITERAL in pair:
            return (pair - {c.NUMBER_LITERAL}).pop()
        return c.PERCENT if c.PERCENT in pair else c.NUMBER

    # ----------------------------------------------------------------------------- functions

    def call(self, expr: m.Call) -> str | None:
        function = c.FUNCTIONS.get(expr.function)
        kinds = [self.kind(a) for a in expr.args]
        if function is None:
            return None  # AP213
        wanted = 2 if function.needs_periods else 1
        if len(expr.args) != wanted:
            self.report(BAD_HISTORY_ARGUMENTS, f"{expr.function}() takes {wanted} argument"
                        f"{'s' if wanted > 1 else ''}, not {len(expr.args)}", expr.span,
                        f"write {function.signature}")
            return None
        metric = expr.args[0]
        unknown = isinstance(metric, m.Ref) and metric.name not in self.units  # AP205
        if not unknown and not (isinstance(metric, m.Ref) and metric.name in self.metric_names):
            self.report(BAD_HISTORY_ARGUMENTS, f"the first argument of {expr.function}() must be a metric name",
                        metric.span, "declare a derived metric for an expression: "
                        "metric x { value ... } and pass x")
        if function.needs_periods:
            self.periods_argument(expr, expr.args[1], kinds[1])
        if expr.before and not function.window:
            windows = ", ".join(f"{f.name}()" for f in c.FUNCTIONS.values() if f.window)
            self.report(BAD_HISTORY_ARGUMENTS, f"{expr.function}() has no window to end before this "
                        f"period: only {windows} do", expr.span,
                        f"write {function.signature}")
        measured = c.PERCENT if kinds[0] == RATIO else kinds[0]
        return c.result_unit(function, measured) if measured is not None else None

    def periods_argument(self, call: m.Call, arg: m.Expr, kind: str | None) -> None:
        if kind is None or kind == c.PERIODS:
            literal = constant(arg)
            if literal is not None and literal.amount <= 0:
                self.report(OUT_OF_RANGE, f"{call.function}() looks back {describe(arg)}: it must be "
                            "at least 1 period", arg.span)
            return
        written = with_unit(arg, c.PERIODS) or c.FUNCTIONS[call.function].signature
        self.report(BAD_HISTORY_ARGUMENTS, f"the second argument of {call.function}() is a number of periods, "
                    f"not {WORDS.get(kind, kind)}", arg.span, f"write {written}")


def multiplicative(op: str, left: str, right: str) -> str:
    """`active_members * members` is a count; `files_shared / posts` is a ratio."""
    if right == c.NUMBER_LITERAL:
        return left
    if op == "*":
        if left == c.NUMBER_LITERAL or left in (c.PERCENT, RATIO):
            return right
        return left if right in (c.PERCENT, RATIO) else c.NUMBER
    if left == right:
        return RATIO
    if right in (c.PERCENT, RATIO):
        return left
    return c.NUMBER


def _mismatch_hint(a: m.Expr, a_kind: str, b: m.Expr, b_kind: str) -> str | None:
    kinds = {a_kind, b_kind}
    if kinds == {c.PERCENT, c.POINTS}:
        points, share = (a, b) if a_kind == c.POINTS else (b, a)
        if constant(points) is not None:
            return f"`{describe(share)}` is a percentage: write {source(constant(points).amount)}%"
        written = constant(share)
        fix = f"write {source(written.amount)}pp" if written else "compare it with points (pp)"
        return (f"`{describe(points)}` is a difference of percentages, in percentage points "
                f"(change() of a percentage gives pp): {fix}, or use growth() for a relative "
                "change in %")
    if c.NUMBER_LITERAL in kinds:
        literal, other = (a, b_kind) if a_kind == c.NUMBER_LITERAL else (b, a_kind)
        written = with_unit(literal, other)
        return f"write {written}" if written else None
    return None
