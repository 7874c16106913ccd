"""Range checks (AP305): clause values that cannot be, shares compared beyond 0-100%, and param
values that a literal written in their place could not be."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping

from adoptplan import catalogue as c
from adoptplan import expressions as ex
from adoptplan import model as m
from adoptplan.check.index import where
from adoptplan.codes.semantic import OUT_OF_RANGE, SMALL_FLOOR
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic
from adoptplan.numbers import source
from adoptplan.periods import period_problem

THOUSANDS = re.compile(r"\d{1,3}\.\d{3}")
"""`1.500`: a whole number with a dot between its thousands (`1.500.000` does not parse)."""

SHARES: frozenset[str] = frozenset({"active_members", "managers_active", "critical_mass"})
"""Values that are a share of a group: never below 0% nor above 100% (growth can be)."""


@m.frozen
class Clause:
    """What a quantity clause takes: which units, whether it must be whole, how to write it."""

    word: str
    kinds: frozenset[str]
    example: str
    whole: bool = False
    at_most: float | None = None
    beyond: str = "is a share of members:"


WHOLE_PEOPLE = frozenset({c.COUNT, c.NUMBER_LITERAL})

CLAUSES: dict[str, Clause] = {
    "members": Clause("members", WHOLE_PEOPLE, "members 1200", whole=True),
    "weight": Clause("weight", frozenset({c.NUMBER_LITERAL}), "weight 3"),
    "minimum": Clause("minimum", WHOLE_PEOPLE, "minimum 30 members", whole=True),
    "effort": Clause("effort", frozenset({c.HOURS}), "effort 200 hours"),
    "critical_mass": Clause("critical_mass", frozenset({c.PERCENT}), "critical_mass 60%",
                            at_most=100),
    "sustained": Clause("for", frozenset({c.PERIODS}), "for 3 periods", whole=True,
                        at_most=c.MAX_PERIODS, beyond="looks back"),
}


def _quantity_clauses(playbook: m.Playbook) -> Iterator[tuple[str, m.Quantity]]:
    """Every quantity clause of the playbook with the name of its clause."""
    for declaration in playbook.declarations():
        for field in ("members", "weight", "minimum", "effort", "critical_mass"):
            value = getattr(declaration, field, None)
            if isinstance(value, m.Quantity):
                yield field, value
        for field in ("when", "clear"):
            condition = getattr(declaration, field, None)
            if condition is not None and condition.sustained is not None:
                yield "sustained", condition.sustained


def _clause_problem(clause: Clause, value: m.Quantity) -> str | None:
    kind = c.LITERAL_UNITS.get(value.unit)
    if kind not in clause.kinds:
        if clause.kinds == {c.PERCENT}:
            return f"`{clause.word}` is a percentage"
        return f"`{clause.word}` takes a value like `{clause.example}`"
    if value.amount <= 0:
        return f"`{clause.word}` must be more than 0"
    if clause.whole and not float(value.amount).is_integer():
        return f"`{clause.word}` must be a whole number"
    if clause.at_most is not None and value.amount > clause.at_most:
        unit = "%" if clause.kinds == {c.PERCENT} else " periods"
        return f"`{clause.word}` {clause.beyond} at most {source(clause.at_most)}{unit}"
    return None


def _fixed(clause: Clause, value: m.Quantity) -> str:
    """The clause as it was probably meant: `critical_mass 0.5` -> `critical_mass 50%`; the
    clause's example when the value gives nothing to go on; `members 1.500` (a thousands
    separator, as European spreadsheets write it) -> `members 1500`."""
    if clause.whole and value.text and THOUSANDS.fullmatch(value.text):
        return f"{clause.word} {value.text.replace('.', '')}"
    if value.unit == "" and value.amount > 0 and clause.kinds == {c.PERCENT}:
        meant = ex.as_percent(value.amount)
        if clause.at_most is None or float(meant[:-1]) <= clause.at_most:
            return f"{clause.word} {meant}"
    return clause.example


def iter_clause_values(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`members 0`, `effort 200` (no unit), `for 0 periods`, `critical_mass 160%`."""
    for field, value in _quantity_clauses(playbook):
        clause = CLAUSES[field]
        problem = _clause_problem(clause, value)
        if problem is not None:
            yield Diagnostic(OUT_OF_RANGE, f"{problem}, not `{ex.quantity(value)}`", value.span, ERROR,
                             f"write `{_fixed(clause, value)}`")


def iter_share_comparisons(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`active_members > 120%` can never be true; the threshold was mistyped."""
    for site in ex.sites(playbook):
        if site.clause == ex.MATCH:
            continue
        for node in ex.walk(site.expr):
            if isinstance(node, m.Compare):
                yield from _share_compare(node)


def _share_compare(node: m.Compare) -> Iterator[Diagnostic]:
    for share, other in ((node.left, node.right), (node.right, node.left)):
        literal = ex.constant(other)
        if not (isinstance(share, m.Ref) and share.name in SHARES and literal is not None):
            continue
        if literal.unit == "%" and not 0 <= literal.amount <= 100:
            yield Diagnostic(OUT_OF_RANGE, f"{share.name} is a share of members, never "
                             f"{ex.quantity(literal)}", other.span, ERROR,
                             "a share lies between 0% and 100%")


def iter_launch(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for header in playbook.of_type(m.Header):
        launch = header.launch
        problem = period_problem(launch.text) if launch is not None else None
        if problem is not None:
            yield Diagnostic(OUT_OF_RANGE, f"launch {launch.text} is not a real period: {problem}",
                             launch.span, ERROR,
                             "write an ISO week (2026-W40), a month (2026-10) or a date")


# ----------------------------------------------------------------------------- param values

NUMERIC_PARAMS: frozenset[str] = frozenset({"percent", "number", "count", "periods", "hours"})
NEVER_NEGATIVE: dict[str, str] = {"count": "a count", "hours": "a number of hours"}
"""Param types whose values are amounts of something, whatever they are compared with."""

WINDOW_HINT = "a history function looks back a whole number of periods, at least 1"
EPSILON = 1e-9  # float noise of folded values (60% - 5pp): not a value out of range


@m.frozen
class Use:
    """A place that limits a param's value as it would limit a literal written there instead:
    compared with a share, the window of a history function, a divisor."""

    site: m.Expr  # the comparison, call or division
    why: str  # what the site does with the value
    hint: str
    sign: float = 1.0  # -1.0 when written `-name`
    low: float | None = None  # engine units: 0.4 for 40%
    high: float | None = None
    whole: bool = False
    nonzero: bool = False

    def allows(self, value: float) -> bool:
        v = self.sign * value
        return not ((self.low is not None and v < self.low - EPSILON)
                    or (self.high is not None and v > self.high + EPSILON)
                    or (self.whole and not is_whole(v))
                    or (self.nonzero and abs(v) < EPSILON))


def is_whole(value: float) -> bool:
    return math.isfinite(value) and abs(value - round(value)) <= EPSILON


def param_ref(expr: m.Expr, params: Mapping[str, m.Param],
              types: frozenset[str] = NUMERIC_PARAMS) -> tuple[str, float] | None:
    """(name, sign) when the expression is a param of one of `types`, or such a param negated;
    None otherwise."""
    sign = 1.0
    if isinstance(expr, m.Negative):
        expr, sign = expr.operand, -1.0
    if isinstance(expr, m.Ref) and expr.name in params \
            and params[expr.name].type.text in types:
        return expr.name, sign
    return None


PERCENT_PARAM = frozenset({"percent"})
PERIODS_PARAM = frozenset({"periods"})


def _uses_in(node: m.Expr, params: Mapping[str, m.Param]) -> Iterator[tuple[str, Use]]:
    """The param uses of one node. A param of another type in the place (a count compared with
    a share, a percentage as a window) is a unit problem (AP302, AP304), not one of range."""
    if isinstance(node, m.Compare):
        for share, other in ((node.left, node.right), (node.right, node.left)):
            found = param_ref(other, params, PERCENT_PARAM)
            if isinstance(share, m.Ref) and share.name in SHARES and found is not None:
                yield found[0], Use(node, f"compares it with {share.name}, a share of members",
                                    "a share lies between 0% and 100%", found[1], 0.0, 1.0)
    elif isinstance(node, m.Call):
        function = c.FUNCTIONS.get(node.function)
        if function is not None and function.needs_periods and len(node.args) == 2:
            found = param_ref(node.args[1], params, PERIODS_PARAM)
            if found is not None:
                yield found[0], Use(node, "looks back that many periods", WINDOW_HINT, found[1],
                                    1.0, whole=True)
    elif isinstance(node, m.Arithmetic) and node.op == "/":
        found = param_ref(node.right, params)
        if found is not None:
            yield found[0], Use(node, "divides by it", "give a value other than 0", found[1],
                                nonzero=True)


def param_uses(playbook: m.Playbook, params: Mapping[str, m.Param]) -> dict[str, tuple[Use, ...]]:
    """Every place that limits a numeric param's value, by param, in file order."""
    uses: dict[str, list[Use]] = {}
    for site in ex.sites(playbook):
        if site.clause == ex.MATCH:
            continue
        for node in ex.walk(site.expr):
            for name, use in _uses_in(node, params):
                uses.setdefault(name, []).append(use)
    return {name: tuple(found) for name, found in uses.items()}


_FOLD: dict[str, Callable[[float, float], float | None]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else None}


def fold(expr: m.Expr, known: Callable[[str], float | None]) -> float | None:
    """The value of a fixed expression in engine units (40% is 0.4), as the engine resolves a
    param (adoptplan.engine.params.constant); None when it is not fixed."""
    if isinstance(expr, m.Quantity):
        return expr.amount / 100.0 if expr.unit in ("%", "pp") else float(expr.amount)
    if isinstance(expr, m.Ref):
        return known(expr.name)
    if isinstance(expr, m.Negative):
        inner = fold(expr.operand, known)
        return None if inner is None else -inner
    if isinstance(expr, m.Arithmetic):
        left, right = fold(expr.left, known), fold(expr.right, known)
        if left is not None and right is not None:
            value = _FOLD[expr.op](left, right)
            return value if value is not None and math.isfinite(value) else None
    return None


def shown(value: float, type_name: str) -> str:
    """A value in engine units as the playbook writes one of its type: 0.4 -> `40%`."""
    if type_name == "percent":
        return source(round(value * 100, 9)) + "%"
    amount = source(round(value, 9))
    if type_name == "periods":
        return amount + (" period" if amount in ("1", "-1") else " periods")
    if type_name == "hours":
        return amount + " hours"
    return amount


@m.frozen
class ParamRanges:
    """What each numeric param's value may be in one playbook, and the values they are given
    (an include's override or the command line before the default, as the engine takes them)."""

    params: dict[str, m.Param]  # numeric params, the first declaration of each
    uses: dict[str, tuple[Use, ...]]
    order: dict[str, int]  # a value may follow the params declared before it
    values: dict[str, float]  # engine units; critical_mass too
    given: dict[str, m.Expr]  # the expression each param takes its value from
    overridden: frozenset[str]  # set by an include or the command line

    @classmethod
    def of(cls, playbook: m.Playbook,
           command_line: Mapping[str, m.Expr] | None = None) -> ParamRanges:
        command_line = command_line or {}
        params: dict[str, m.Param] = {}
        order: dict[str, int] = {}
        for param in playbook.params:
            order.setdefault(param.name.text, len(order))
            if param.type.text in NUMERIC_PARAMS:
                params.setdefault(param.name.text, param)
        from_includes = {o.name.text: o.value for i in playbook.includes for o in i.overrides}
        values: dict[str, float] = {}
        header = playbook.header
        if header is not None and header.critical_mass is not None:
            values["critical_mass"] = header.critical_mass.amount / 100.0
        given: dict[str, m.Expr] = {}
        for param in playbook.params:
            name = param.name.text
            expr = command_line.get(name, from_includes.get(name, param.default))
            given[name] = expr
            value = fold(expr, values.get) if name in params and expr is not None else None
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        return cls(params, param_uses(playbook, params), order, values, given,
                   frozenset(from_includes) | frozenset(command_line))

    def judges_default(self, param: m.Param) -> bool:
        """A default computed from other values is judged only when it is the value taken: an
        include that overrides it may be what keeps it in range."""
        return param.name.text not in self.overridden or ex.constant(param.default) is not None

    def problem(self, param: m.Param, value: m.Expr, here: m.Span | None = None
                ) -> Diagnostic | None:
        """AP305 when `value`, given to the param, is one its type or its uses cannot take.
        `here`: where the message is shown, when not at `value` (a param computed from a
        `--param` or a test's param is reported there, so its uses are named with their file)."""
        name, type_name = param.name.text, param.type.text
        if type_name not in NUMERIC_PARAMS:
            return None
        rank = self.order.get(name, len(self.order))

        def known(ref: str) -> float | None:
            earlier = ref == "critical_mass" or self.order.get(ref, rank) < rank
            return self.values.get(ref) if earlier else None

        amount = fold(value, known)
        if amount is None:
            return None
        written = ex.describe(value)
        if ex.constant(value) is None:
            written += f" = {shown(amount, type_name)}"
        if type_name in NEVER_NEGATIVE and amount < -EPSILON:
            return Diagnostic(OUT_OF_RANGE, f"{name} is {written}: {NEVER_NEGATIVE[type_name]} is "
                              "never negative", value.span, ERROR, "give 0 or more")
        for use in self.uses.get(name, ()):
            if not use.allows(amount):
                return Diagnostic(OUT_OF_RANGE, f"{name} is {written}, but "
                                  f"`{ex.describe(use.site)}` ({where(use.site.span, here or value.span)}) "
                                  f"{use.why}", value.span, ERROR, use.hint)
        return None


CHECKS = (iter_clause_values, iter_share_comparisons, iter_launch)


LEAST_FLOOR = 5
"""No privacy floor (a playbook's or a barrier's `minimum`) is below this without
`--allow-small-groups` (engine.params.LEAST_MINIMUM says the same to the engine)."""


def small_floors(allow_small: bool = False) -> Callable[[m.Playbook], Iterator[Diagnostic]]:
    """The check of `minimum N members` below 5 people, in the header or a barrier: an error,
    or with `allow_small` (`--allow-small-groups`, a works council agreed) a warning."""

    def iter_small_floors(playbook: m.Playbook) -> Iterator[Diagnostic]:
        for declaration in playbook.declarations():
            value = getattr(declaration, "minimum", None)
            if not isinstance(value, m.Quantity) or not 0 < value.amount < LEAST_FLOOR \
                    or c.LITERAL_UNITS.get(value.unit) not in WHOLE_PEOPLE:
                continue
            owner = "the playbook's" if isinstance(declaration, m.Header) else \
                f"barrier {declaration.name.text}'s"
            text = (f"{owner} privacy floor `{ex.quantity(value)}` is below "
                    f"{LEAST_FLOOR} people")
            if allow_small:
                yield Diagnostic(SMALL_FLOOR, f"{text}: groups that small may be named "
                                 "(--allow-small-groups)", value.span, WARNING,
                                 "every output of evaluate says so")
            else:
                yield Diagnostic(SMALL_FLOOR, f"{text}: groups that small can be told apart",
                                 value.span, ERROR, f"raise it to `minimum {LEAST_FLOOR} members` "
                                 "or more, or pass --allow-small-groups if a works council "
                                 "agreed")

    return iter_small_floors
