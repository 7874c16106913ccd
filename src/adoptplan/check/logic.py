"""Logic checks: conditions that can never hold (AP401) or always hold (AP402).

Each comparison of a value with a constant (`active_members < 30%`) is a set of intervals on the
number line. Inside one `and`, the sets of the same value and unit intersect: an empty result can
never hold. Inside one `or`, they unite: a result that covers the whole line always holds.
Comparisons of two values, `not`, and mixed units are left alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from adoptplan import expressions as ex
from adoptplan import model as m
from adoptplan.codes.semantic import ALWAYS_HOLDS, NEVER_HOLDS
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic

FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@m.frozen
class Interval:
    low: float
    high: float
    low_closed: bool
    high_closed: bool

    @property
    def empty(self) -> bool:
        return self.low > self.high or (
            self.low == self.high and not (self.low_closed and self.high_closed)
        )

    def meet(self, other: Interval) -> Interval:
        low, low_closed = max((self.low, not self.low_closed), (other.low, not other.low_closed))
        high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        return Interval(low, high, not low_closed, high_closed)


EVERYTHING = (Interval(-math.inf, math.inf, False, False),)


def intervals(op: str, value: float) -> tuple[Interval, ...]:
    """The values `x` for which `x op value` holds."""
    below = Interval(-math.inf, value, False, op in ("<=", "=="))
    above = Interval(value, math.inf, op in (">=", "=="), False)
    if op in ("<", "<="):
        return (below,)
    if op in (">", ">="):
        return (above,)
    if op == "==":
        return (Interval(value, value, True, True),)
    return (Interval(-math.inf, value, False, False), Interval(value, math.inf, False, False))


def intersect(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> tuple[Interval, ...]:
    return tuple(i for x in a for y in b if not (i := x.meet(y)).empty)


def covers_everything(parts: tuple[Interval, ...]) -> bool:
    """Whether the union of the intervals is the whole number line."""
    reach, reach_closed = -math.inf, True  # covered: everything below `reach` (and it, if closed)
    for part in sorted(parts, key=lambda i: (i.low, not i.low_closed)):
        if part.low > reach or (part.low == reach and not (reach_closed or part.low_closed)):
            return False
        if part.high > reach:
            reach, reach_closed = part.high, part.high_closed
        elif part.high == reach:
            reach_closed = reach_closed or part.high_closed
    return reach == math.inf


@m.frozen
class Bound:
    """`term op amount unit`: one comparison of a value with a constant."""

    term: m.Expr
    unit: str
    op: str
    amount: float
    node: m.Compare

    @property
    def key(self) -> tuple:
        return (self.term, self.unit)

    @property
    def values(self) -> tuple[Interval, ...]:
        return intervals(self.op, self.amount)


def bound(node: m.Expr) -> Bound | None:
    """The comparison as a bound on one value, or None when it is not `value op constant`."""
    if not isinstance(node, m.Compare):
        return None
    left, right = ex.constant(node.left), ex.constant(node.right)
    if right is not None and left is None:
        return Bound(node.left, right.unit, node.op, right.amount, node)
    if left is not None and right is None:
        return Bound(node.right, left.unit, FLIPPED[node.op], left.amount, node)
    return None


def operands(node: m.Expr, op: str) -> list[m.Expr]:
    """`a and b and c` as [a, b, c]."""
    if isinstance(node, m.Logical) and node.op == op:
        return operands(node.left, op) + operands(node.right, op)
    return [node]


def chains(expr: m.Expr) -> Iterator[m.Logical]:
    """Every outermost `and`/`or` chain, nested ones included once each."""
    stack: list[tuple[m.Expr, str | None]] = [(expr, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, m.Logical) and node.op != parent:
            yield node
        op = node.op if isinstance(node, m.Logical) else None
        stack.extend((child, op) for child in ex.children(node))


def never_holds(chain: m.Logical) -> Iterator[Diagnostic]:
    possible: dict[tuple, tuple[Interval, ...]] = {}
    seen: dict[tuple, list[Bound]] = {}
    for part in operands(chain, "and"):
        found = bound(part)
        if found is None or found.key in seen and not possible[found.key]:
            continue
        earlier = seen.setdefault(found.key, [])
        possible[found.key] = intersect(possible.get(found.key, EVERYTHING), found.values)
        earlier.append(found)
        if not possible[found.key]:
            others = " and ".join(f"`{ex.describe(b.node)}`" for b in earlier[:-1])
            yield Diagnostic(NEVER_HOLDS, f"`{ex.describe(part)}` can never hold together with "
                             f"{others}", part.span, ERROR,
                             "this condition is always false; did you mean `or`?")


def always_holds(chain: m.Logical) -> Iterator[Diagnostic]:
    covered: dict[tuple, tuple[Interval, ...]] = {}
    for part in operands(chain, "or"):
        found = bound(part)
        if found is not None:
            covered[found.key] = covered.get(found.key, ()) + found.values
    for key, parts in covered.items():
        if covers_everything(parts):
            yield Diagnostic(ALWAYS_HOLDS, f"this condition holds for every value of "
                             f"`{ex.describe(key[0])}`", chain.span, WARNING,
                             "it is always true (when there is data); did you mean `and`?")
            return


def iter_contradictions(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for site in ex.sites(playbook):
        for chain in chains(site.expr):
            yield from never_holds(chain) if chain.op == "and" else always_holds(chain)


CHECKS = (iter_contradictions,)
