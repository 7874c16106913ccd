"""Range checks (AP305): clause values that cannot be, and shares compared beyond 0-100%."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import attrs

from adoptplan import catalogue as c
from adoptplan import model as m
from adoptplan.check import expressions as ex
from adoptplan.diagnostics import ERROR, Diagnostic

SHARES: frozenset[str] = frozenset({"active_members", "managers_active", "critical_mass"})
"""Values that are a share of a group: never below 0% nor above 100% (growth can be)."""


@attrs.frozen
class Clause:
    """What a quantity clause takes: which units, whether it must be whole, how to write it."""

    word: str
    kinds: frozenset[str]
    example: str
    whole: bool = False
    at_most: float | None = None


WHOLE_PEOPLE = frozenset({c.COUNT, c.NUMBER_LITERAL})

CLAUSES: dict[str, Clause] = {
    "members": Clause("members", WHOLE_PEOPLE, "members 1200", whole=True),
    "weight": Clause("weight", frozenset({c.NUMBER_LITERAL}), "weight 3"),
    "minimum": Clause("minimum", WHOLE_PEOPLE, "minimum 30 members", whole=True),
    "effort": Clause("effort", frozenset({c.HOURS}), "effort 200 hours"),
    "critical_mass": Clause("critical_mass", frozenset({c.PERCENT}), "critical_mass 60%",
                            at_most=100),
    "sustained": Clause("for", frozenset({c.PERIODS}), "for 3 periods", whole=True),
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
        return f"`{clause.word}` takes a value like `{clause.example}`"
    if value.amount <= 0:
        return f"`{clause.word}` must be more than 0"
    if clause.whole and not float(value.amount).is_integer():
        return f"`{clause.word}` must be a whole number"
    if clause.at_most is not None and value.amount > clause.at_most:
        return f"`{clause.word}` is a share of members: at most {ex.number(clause.at_most)}%"
    return None


def iter_clause_values(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`members 0`, `effort 200` (no unit), `for 0 periods`, `critical_mass 160%`."""
    for field, value in _quantity_clauses(playbook):
        clause = CLAUSES[field]
        problem = _clause_problem(clause, value)
        if problem is not None:
            yield Diagnostic("AP305", f"{problem}, not `{ex.quantity(value)}`", value.span, ERROR,
                             f"write `{clause.example}`")


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
            yield Diagnostic("AP305", f"{share.name} is a share of members, never "
                             f"{ex.quantity(literal)}", other.span, ERROR,
                             "a share lies between 0% and 100%")


PERIOD = re.compile(r"(\d{4})-(?:W(\d{2})|(\d{2})(?:-(\d{2}))?)$")


def period_problem(text: str) -> str | None:
    """Why `2026-W60` or `2026-13` is not a period, or None."""
    found = PERIOD.match(text)
    if found is None:
        return "not a period"
    year, week, month, day = found.groups()
    if week is not None:
        last = datetime.date(int(year), 12, 28).isocalendar()[1]
        return None if 1 <= int(week) <= last else f"{year} has weeks W01 to W{last}"
    if not 1 <= int(month) <= 12:
        return "months run from 01 to 12"
    if day is not None:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            return "there is no such day"
    return None


def iter_launch(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for header in playbook.of_type(m.Header):
        launch = header.launch
        problem = period_problem(launch.text) if launch is not None else None
        if problem is not None:
            yield Diagnostic("AP305", f"launch {launch.text} is not a real period: {problem}",
                             launch.span, ERROR,
                             "write an ISO week (2026-W40), a month (2026-10) or a date")


CHECKS = (iter_clause_values, iter_share_comparisons, iter_launch)
