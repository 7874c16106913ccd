"""Semantic checks: every finding about a parsed playbook, as sorted diagnostics.

Each check is a small generator over the playbook that yields `Diagnostic`s with a stable code
(`AP2xx` names, `AP3xx` units and types, `AP4xx` logic, `AP5xx` method advice). `check` runs them
in a fixed order and returns every finding sorted by file, line, column and code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from adoptplan import model as m
from adoptplan.diagnostics import Diagnostic, sort_diagnostics

Check = Callable[[m.Playbook], Iterator[Diagnostic]]


def all_checks(today: dt.date | None = None, allow_small: bool = False) -> tuple[Check, ...]:
    """Every check; `today` (default: the real date) decides which waivers have expired;
    `allow_small` (`--allow-small-groups`) makes a privacy floor below 5 a warning."""
    # start-up: loads check only when this runs
    from adoptplan.check import (
        interventions,
        logic,
        method,
        names,
        ranges,
        structure,
        units,
        waivers,
    )

    return (
        *structure.CHECKS,
        *names.CHECKS,
        *units.CHECKS,
        *logic.CHECKS,
        *method.CHECKS,
        *waivers.checks(today),
        *interventions.CHECKS,
        ranges.small_floors(allow_small),
    )


def check(playbook: m.Playbook, checks: Iterable[Check] | None = None,
          today: dt.date | None = None, allow_small: bool = False) -> list[Diagnostic]:
    """Every semantic finding of the playbook, sorted."""
    found: list[Diagnostic] = []
    for run in checks if checks is not None else all_checks(today, allow_small):
        found.extend(run(playbook))
    return sort_diagnostics(found)
