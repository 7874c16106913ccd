"""Waiver checks: a waiver names a rule that exists, groups it can break down, a real date, and
has not expired (the one check that depends on today's date, which the caller may give)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from adoptplan import model as m
from adoptplan.check.index import rules_and_barriers
from adoptplan.codes.semantic import (
    EXPIRED_WAIVER,
    OUT_OF_RANGE,
    UNKNOWN_DIMENSION,
    UNKNOWN_WAIVED_RULE,
)
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean
from adoptplan.periods import period_problem

DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def until_date(waiver: m.Waiver) -> dt.date | None:
    """The last day a waiver applies, or None when it has no real date (reported as AP305)."""
    text = waiver.until.text if waiver.until is not None else ""
    if not DATE.match(text) or period_problem(text) is not None:
        return None
    return dt.date.fromisoformat(text)


def _rules(playbook: m.Playbook) -> dict[str, m.Rule | m.Barrier]:
    found: dict[str, m.Rule | m.Barrier] = {}
    for declaration in rules_and_barriers(playbook):
        found.setdefault(declaration.name.text, declaration)
    return found


def iter_unknown_rules(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A waiver of a rule that does not exist waives nothing: most likely a typo."""
    rules = _rules(playbook)
    for waiver in playbook.waivers:
        name = waiver.name
        if name.text not in rules:
            hint = did_you_mean(name.text, rules) or (
                "rules and barriers: " + ", ".join(sorted(rules)) if rules
                else "a waiver names a rule or a barrier of the playbook"
            )
            yield Diagnostic(UNKNOWN_WAIVED_RULE, f"there is no rule or barrier '{name.text}' to waive",
                             name.span, ERROR, hint)


def iter_dimensions(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`for reps by geography = DE` covers groups only if the rule breaks its findings down so."""
    rules = _rules(playbook)
    for waiver in playbook.waivers:
        rule = rules.get(waiver.name.text)
        selection = waiver.scope
        if rule is None or selection is None or selection.dimension is None:
            continue
        wanted = selection.dimension
        by = [d.text for d in rule.scope.dimensions] if rule.scope is not None else []
        if wanted.text in by:
            continue
        if not by:
            message = f"{waiver.name.text} is not broken down by any dimension"
            hint = "its findings are per segment: leave out `by ...`"
        else:
            shown = "', '".join(by)
            message = f"{waiver.name.text} is broken down by '{shown}', not '{wanted.text}'"
            hint = f"write `by {by[0]} = ...`"
        yield Diagnostic(UNKNOWN_DIMENSION, message, wanted.span, ERROR, hint)


def iter_until(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A waiver ends on a day: a week or a month would leave its last day to guesswork."""
    for waiver in playbook.waivers:
        until = waiver.until
        if until is None or until_date(waiver) is not None:
            continue
        problem = period_problem(until.text) if DATE.match(until.text) else None
        message = (f"until {until.text} is not a real date: {problem}" if problem
                   else f"until {until.text} is not a date: a waiver ends on a day")
        yield Diagnostic(OUT_OF_RANGE, message, until.span, ERROR,
                         "write a date, e.g. `until 2026-12-31`")


def iter_expired(playbook: m.Playbook, today: dt.date | None = None) -> Iterator[Diagnostic]:
    """An expired waiver no longer waives anything: renew it with a reason, or remove it."""
    today = today or dt.date.today()
    for waiver in playbook.waivers:
        until = until_date(waiver)
        if until is not None and until < today:
            yield Diagnostic(EXPIRED_WAIVER, f"this waiver of {waiver.name.text} expired on {until}",
                             waiver.until.span, WARNING,
                             "remove it, or agree a new date with its owner and say why")


def checks(today: dt.date | None = None) -> tuple:
    """The waiver checks, the expiry judged at `today` (default: the real date when run)."""
    return (iter_unknown_rules, iter_dimensions, iter_until,
            functools.partial(iter_expired, today=today))
