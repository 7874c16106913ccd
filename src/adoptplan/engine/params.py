"""Params and their values: defaults, an including playbook's overrides, the command line.

Every value is resolved before evaluation and checked as `check` would (its type, then its range
against the playbook's uses), so a `--param` can never reach a rule as something it is not.
The privacy floor lives here too: it is read from the playbook like a param.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adoptplan import model as m
from adoptplan.diagnostics import did_you_mean
from adoptplan.engine.compile import literal_value
from adoptplan.engine.errors import EvaluationError
from adoptplan.expressions import describe

DEFAULT_MINIMUM = 10
"""Groups smaller than this are evaluated but never named (a privacy floor; Microsoft's Adoption
Score uses 10 too). The configuration file's `minimum_group_size` sets another."""
LEAST_MINIMUM = 5
"""No floor, the configured one or a barrier's `minimum`, is below this without
`--allow-small-groups`."""


COMMAND_LINE = m.Span("<command line>", 1, 1, 1, 2)
"""Where a `--param` is: a message about it names the playbook's places with their file."""


def playbook_floor(playbook: m.Playbook, floor: float = DEFAULT_MINIMUM) -> float:
    """The floor of the playbook's rules and of its barriers that set none: the header's
    `minimum N members` when it has one, else `floor` (the configuration's or the command
    line's). Precedence: a barrier's `minimum`, the playbook's, the configuration's, 10."""
    header = playbook.header
    if header is not None and header.minimum is not None:
        return header.minimum.amount
    return floor


def privacy_minimum(playbook: m.Playbook, floor: float = DEFAULT_MINIMUM) -> float:
    """The largest minimum group size of the playbook: a group below it may be one some barrier
    must never show, so no value computed from few groups (a median of peers) leans on it."""
    sizes = [b.minimum.amount for b in playbook.barriers if b.minimum is not None]
    return max([playbook_floor(playbook, floor), *sizes])


def check_floor(playbook: m.Playbook, floor: float, allow_small: bool) -> tuple[str, ...]:
    """The warnings a floor below `LEAST_MINIMUM` puts into every output when it is allowed;
    raises EvaluationError when it is not (the playbook's, else the configured floor, or a
    barrier's `minimum`)."""
    header = playbook.header
    if header is not None and header.minimum is not None:
        where = (f"the playbook's minimum group size (minimum {header.minimum.amount:g} "
                 f"members, {header.span.path}:{header.minimum.span.line})")
        low = [where] if header.minimum.amount < LEAST_MINIMUM else []
    else:
        low = ["the minimum group size"] if floor < LEAST_MINIMUM else []
    low += [(f"barrier {b.name.text} (minimum {b.minimum.amount:g} members, "
             f"{b.span.path}:{b.minimum.span.line})")
            for b in playbook.barriers if b.minimum is not None
            and b.minimum.amount < LEAST_MINIMUM]
    if low and not allow_small:
        raise EvaluationError(
            f"{low[0]} is below {LEAST_MINIMUM} people: groups that small can be told apart; "
            f"raise it, or pass --allow-small-groups if a works council agreed")
    return tuple(f"{SMALL_GROUPS_ALLOWED} {where} is below {LEAST_MINIMUM} people, so groups "
                 f"that small may be named" for where in low)


SMALL_GROUPS_ALLOWED = "--allow-small-groups:"
"""How the warnings of a floor below the least one start: every format shows them."""


def metric_units(playbook: m.Playbook) -> dict[str, str]:
    """Value name -> unit kind (metrics, params, built-ins), as the checks infer them."""
    # start-up: loads check.units only when this runs
    from adoptplan.check.units import value_units

    return value_units(playbook)


def resolve_params(playbook: m.Playbook, overrides: Mapping[str, m.Expr]) -> dict[str, Any]:
    """Param values: the default, then an including playbook's override, then the command line.

    A value may be computed from the critical mass and earlier params, so a library's default
    can follow the playbook (`sustain_floor = critical_mass - 10pp`).
    """
    values: dict[str, Any] = {}
    header = playbook.header
    if header and header.critical_mass:
        values["critical_mass"] = literal_value(header.critical_mass)
    from_includes = {o.name.text: o.value for i in playbook.includes for o in i.overrides}
    for param in playbook.params:
        name = param.name.text
        expr = overrides.get(name, from_includes.get(name, param.default))
        values[name] = constant(expr, values)
    return values


def check_overrides(playbook: m.Playbook, overrides: Mapping[str, m.Expr]) -> None:
    """A `--param` names a param of the playbook and gives a value of its type, in the range a
    literal in the param's place would be (the checks never see the command line); a param
    computed from it stays in range too. Raises EvaluationError otherwise."""
    # start-up: loads check.ranges only when this runs
    from adoptplan.check.ranges import ParamRanges
    from adoptplan.check.units import inference, param_value_problems

    if not overrides:
        return
    declared = {p.name.text: p for p in playbook.params}
    checker = inference(playbook)
    limits = ParamRanges.of(playbook, overrides)
    for name, expr in sorted(overrides.items()):
        param = declared.get(name)
        if param is None:
            hint = did_you_mean(name, declared) or (
                "params: " + ", ".join(sorted(declared)) if declared else "it declares none")
            raise EvaluationError(f"--param {name}: the playbook has no param '{name}'; {hint}")
        for problem in param_value_problems(checker, param, expr, limits):
            raise EvaluationError(f"--param {name}: {problem.message}; {problem.hint}")
        value = resolve_params(playbook, {name: expr})[name]
        if param.type.text not in ("level", "text") and not isinstance(value, (int, float)):
            raise EvaluationError(
                f"--param {name}: give a {param.type.text}, not `{describe(expr)}`")
    before = ParamRanges.of(playbook).values
    for name, param in limits.params.items():
        if name in overrides or limits.values.get(name) == before.get(name):
            continue
        problem = limits.problem(param, limits.given[name], COMMAND_LINE)
        if problem is not None:
            raise EvaluationError(f"--param {', '.join(sorted(overrides))}: {problem.message}; "
                                  f"{problem.hint}")


_FOLD = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
         "/": lambda a, b: a / b if b else None}


def constant(expr: m.Expr, known: Mapping[str, Any] | None = None) -> Any:
    """The value of a param: a number in engine units, a text, or a name (a level).

    Arithmetic over literals and `known` numbers is folded; anything else is None.
    """
    if isinstance(expr, m.Quantity):
        return literal_value(expr)
    if isinstance(expr, m.String):
        return expr.value
    if isinstance(expr, m.Ref):
        value = (known or {}).get(expr.name)
        return value if _is_number(value) else expr.name
    if isinstance(expr, m.Negative):
        inner = constant(expr.operand, known)
        return -inner if _is_number(inner) else None
    if isinstance(expr, m.Arithmetic):
        left, right = constant(expr.left, known), constant(expr.right, known)
        if _is_number(left) and _is_number(right):
            return _FOLD[expr.op](left, right)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
