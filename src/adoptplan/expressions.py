"""Expressions: where each one is written, its parts, how tightly each binds, and its text.

The checks, the engine and `fmt` walk expressions and put brackets with this one precedence
table. `describe` writes an expression for messages; `fmt.format_expr` writes the canonical
source (numbers as written, units tidied), which is why the two printers differ.
"""

from __future__ import annotations

from collections.abc import Iterator

from adoptplan import model as m
from adoptplan import numbers
from adoptplan.catalogue import BUILTIN_VALUES, FUNCTIONS, LITERAL_UNITS, PERIODS

WHEN = "when"
VALUE = "value"
DEFAULT = "default"
OVERRIDE = "override"
MATCH = "match"


@m.frozen
class Site:
    """One expression of the playbook and the clause it is the value of."""

    expr: m.Expr
    clause: str  # WHEN, VALUE, DEFAULT, OVERRIDE or MATCH
    owner: object  # the declaration or include that holds it


def sites(playbook: m.Playbook) -> Iterator[Site]:
    """Every expression of the playbook, in file order."""
    for source in playbook.files:
        for item in source.items:
            yield from _sites_of(item)


def _sites_of(item: object) -> Iterator[Site]:
    if isinstance(item, (m.Rule, m.Barrier)):
        for condition in (item.when, getattr(item, "clear", None)):
            if condition is not None:
                yield Site(condition.expr, WHEN, item)
    elif isinstance(item, m.Metric) and item.value is not None:
        yield Site(item.value, VALUE, item)
    elif isinstance(item, m.Param) and item.default is not None:
        yield Site(item.default, DEFAULT, item)
    elif isinstance(item, m.Segment) and item.match is not None:
        yield Site(item.match, MATCH, item)
    elif isinstance(item, m.Include):
        for override in item.overrides:
            yield Site(override.value, OVERRIDE, override)


def children(expr: m.Expr) -> tuple[m.Expr, ...]:
    if isinstance(expr, (m.Arithmetic, m.Compare, m.Logical)):
        return (expr.left, expr.right)
    if isinstance(expr, (m.Negative, m.Not)):
        return (expr.operand,)
    if isinstance(expr, m.Membership):
        return (expr.operand, *expr.items)
    if isinstance(expr, m.Call):
        return expr.args
    return ()


def walk(expr: m.Expr) -> Iterator[m.Expr]:
    """The expression and all its parts, outermost first."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def refs(expr: m.Expr) -> Iterator[m.Ref]:
    return (node for node in walk(expr) if isinstance(node, m.Ref))


def constant(expr: m.Expr) -> m.Quantity | None:
    """The quantity a literal such as `40%` or `-5pp` stands for, or None for anything else."""
    if isinstance(expr, m.Quantity):
        return expr
    if isinstance(expr, m.Negative) and isinstance(expr.operand, m.Quantity):
        q = expr.operand
        return m.Quantity(-q.amount, q.unit, span=expr.span)
    return None


# ----------------------------------------------------------------------------------- as text

# Binding strength, loosest first, as in the grammar's expression section.
OR, AND, NOT, COMPARE, SUM, PRODUCT, UNARY, ATOM = range(1, 9)
_PRECEDENCE = {"or": OR, "and": AND, "not": NOT, "compare": COMPARE, "+": SUM, "-": SUM,
               "*": PRODUCT, "/": PRODUCT}


def as_percent(amount: float) -> str:
    """`0.25` written where a percentage goes is a share as a fraction: `25%`; `40` is `40%`."""
    scaled = amount * 100 if 0 < abs(amount) < 1 else amount
    return f"{numbers.source(round(scaled, 10))}%"


def quantity(q: m.Quantity) -> str:
    if q.unit in ("", "%", "pp"):
        return f"{numbers.source(q.amount)}{q.unit}"
    return f"{numbers.source(q.amount)} {q.unit}"


def precedence(expr: m.Expr) -> int:
    """How tightly an expression binds: a part that binds less than its place needs brackets."""
    if isinstance(expr, m.Logical):
        return _PRECEDENCE[expr.op]
    if isinstance(expr, m.Not):
        return _PRECEDENCE["not"]
    if isinstance(expr, (m.Compare, m.Membership)):
        return _PRECEDENCE["compare"]
    if isinstance(expr, m.Arithmetic):
        return _PRECEDENCE[expr.op]
    if isinstance(expr, m.Negative):
        return UNARY
    return ATOM


def bracketed(text: str, expr: m.Expr, floor: int) -> str:
    """`text` (written for `expr`) in brackets when `expr` binds less tightly than its place,
    whose strength is `floor`, needs."""
    return f"({text})" if precedence(expr) < floor else text


def joined(expr: m.Arithmetic | m.Compare | m.Logical, left: str, right: str) -> str:
    """`left op right`, brackets kept where the meaning needs them: `(a + b) / c`. A left
    operand as strong as the operator needs none, a right one does; comparisons do not chain."""
    return head(expr, left) + bracketed(right, expr.right, precedence(expr) + 1)


def head(expr: m.Arithmetic | m.Compare | m.Logical, left: str) -> str:
    """What `joined` writes before the right operand: `left op `."""
    level = precedence(expr)
    floor = level + 1 if isinstance(expr, m.Compare) else level
    return f"{bracketed(left, expr.left, floor)} {expr.op} "


def _wrap(expr: m.Expr, floor: int) -> str:
    return bracketed(describe(expr), expr, floor)


def describe(expr: m.Expr) -> str:
    """The expression as source text, for messages: `active_members < 40%`."""
    if isinstance(expr, m.Quantity):
        return quantity(expr)
    if isinstance(expr, m.String):
        return '"' + expr.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(expr, m.Ref):
        return expr.name
    if isinstance(expr, m.Call):
        before = " before" if expr.before else ""
        return f"{expr.function}({', '.join(describe(a) for a in expr.args)}{before})"
    if isinstance(expr, m.Negative):
        return "-" + _wrap(expr.operand, UNARY)
    if isinstance(expr, m.Not):
        return "not " + _wrap(expr.operand, _PRECEDENCE["not"])
    if isinstance(expr, m.Membership):
        items = ", ".join(describe(i) for i in expr.items)
        word = "not in" if expr.negated else "in"
        return f"{_wrap(expr.operand, 5)} {word} [{items}]"
    if isinstance(expr, (m.Arithmetic, m.Compare, m.Logical)):
        return joined(expr, describe(expr.left), describe(expr.right))
    return "?"


def used_metrics(playbook: m.Playbook) -> dict[str, m.Span]:
    """Metrics the rules and barriers read from the data (not derived ones), first use each."""
    derived = {x.name.text for x in playbook.metrics if x.value is not None}
    params = {p.name.text for p in playbook.params}
    used: dict[str, m.Span] = {}

    def visit(expr: m.Expr) -> None:
        if isinstance(expr, m.Ref):
            if expr.name not in params and expr.name not in BUILTIN_VALUES:
                if expr.name in derived:
                    visit(next(x.value for x in playbook.metrics if x.name.text == expr.name))
                else:
                    used.setdefault(expr.name, expr.span)
            return
        for child in children(expr):
            visit(child)

    for decl in (*playbook.rules, *playbook.barriers):
        for condition in (decl.when, getattr(decl, "clear", None)):
            if condition is not None:
                visit(condition.expr)
    return used


@m.frozen
class LookBack:
    """How many periods a condition needs: `for N periods` (`sustained`), or the window of a
    history function such as `average(x, N periods)`; `text` names it in messages."""

    periods: int
    span: m.Span
    text: str
    sustained: bool


def look_backs(playbook: m.Playbook) -> list[LookBack]:
    """Every `for N periods` of a rule or barrier and every history function's window written as
    a number of periods, or as a param whose default is one (overrides left out), in file order."""
    defaults = {p.name.text: p.default for p in playbook.params}
    found: list[LookBack] = []
    for site in sites(playbook):
        if site.clause == WHEN:
            for condition in (site.owner.when, getattr(site.owner, "clear", None)):
                if condition is not None and condition.expr is site.expr and condition.sustained:
                    amount = _periods_of(condition.sustained, defaults)
                    if amount is not None:
                        found.append(LookBack(amount, condition.sustained.span,
                                              f"`for {quantity(condition.sustained)}`", True))
        for node in walk(site.expr):
            function = FUNCTIONS.get(node.function) if isinstance(node, m.Call) else None
            if function is not None and function.needs_periods and len(node.args) == 2:
                amount = _periods_of(node.args[1], defaults)
                if amount is not None:
                    found.append(LookBack(amount, node.args[1].span,
                                          f"{node.function}() looks back", False))
    return found


def _periods_of(expr: m.Expr, defaults: dict[str, m.Expr]) -> int | None:
    """A whole number of periods written as a literal, or a param's literal default."""
    if isinstance(expr, m.Ref) and expr.name in defaults:
        expr = defaults[expr.name]
    if isinstance(expr, m.Quantity) and LITERAL_UNITS.get(expr.unit) == PERIODS \
            and float(expr.amount).is_integer():
        return int(expr.amount)
    return None
