"""Unit and type checks: every expression's unit kind is inferred, and mismatches are reported.

`active_members < 40` (AP301), a percentage against percentage points (AP302), a condition that
is not true or false (AP303), history function arguments (AP304), values out of range (AP305, see
check.ranges; param values and history windows here) and param values that do not fit their type
(AP306).
"""

from __future__ import annotations

from collections.abc import Iterator

from adoptplan import catalogue as c
from adoptplan import expressions as ex
from adoptplan import model as m
from adoptplan.check import ranges
from adoptplan.check.index import Index, override_targets
from adoptplan.check.kinds import LEVEL, PARAM_KINDS, RATIO, WORDS, Inference, with_unit
from adoptplan.codes.semantic import (
    BAD_HISTORY_ARGUMENTS,
    NOT_A_CONDITION,
    OUT_OF_RANGE,
    PARAM_TYPE,
)
from adoptplan.diagnostics import ERROR, Diagnostic, did_you_mean

PARAM_ACCEPTS: dict[str, frozenset[str]] = {
    "percent": frozenset({c.PERCENT, RATIO}),
    "number": frozenset({c.NUMBER, c.NUMBER_LITERAL, c.COUNT, RATIO}),
    "count": frozenset({c.COUNT, c.NUMBER_LITERAL}),
    "periods": frozenset({c.PERIODS}),
    "hours": frozenset({c.HOURS}),
    "text": frozenset({c.TEXT}),
}
"""The kinds of value each param type takes (`level` takes a level name)."""


def value_units(playbook: m.Playbook) -> dict[str, str]:
    """The kind of every value name: standard metrics, built-ins, declared metrics and params."""
    index = Index.of(playbook)
    units = {name: metric.unit for name, metric in c.STANDARD_METRICS.items()}
    units.update(c.BUILTIN_VALUES)
    for name, param in index.params.items():
        if param.type.text in PARAM_KINDS:
            units[name] = PARAM_KINDS[param.type.text]
    derived = []
    for name, metric in index.metrics.items():
        if metric.unit is not None:
            if metric.unit.text in c.METRIC_UNITS:
                units[name] = metric.unit.text
        elif metric.value is not None:
            derived.append(metric)
    _infer_derived(derived, units, frozenset(index.metrics) | set(c.STANDARD_METRICS))
    return units


def _infer_derived(derived: list[m.Metric], units: dict[str, str], metrics: frozenset[str]) -> None:
    """A derived metric without `unit` has the unit of its value; rounds settle chains of them."""
    for _ in range(len(derived)):
        for metric in derived:
            if metric.name.text not in units:
                kind = Inference(units, metrics).kind(metric.value)
                if kind is not None:
                    units[metric.name.text] = kind


def inference(playbook: m.Playbook, directory: bool = False, memo: bool = False,
              units: dict[str, str] | None = None) -> Inference:
    """Kinds of the playbook's expressions; `memo` for a reader of kinds that wants no problems
    twice over (the engine), `units` when the caller has them already."""
    index = Index.of(playbook)
    metrics = frozenset(index.metrics) | frozenset(c.STANDARD_METRICS)
    return Inference(units if units is not None else value_units(playbook), metrics,
                     directory=directory, memo={} if memo else None)


def iter_expression_units(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """Infer every expression; a `when` or `match` must be a condition, a metric value a number."""
    checker = inference(playbook)
    directory = inference(playbook, directory=True)
    for site in ex.sites(playbook):
        if site.clause in (ex.WHEN, ex.MATCH):
            (directory if site.clause == ex.MATCH else checker).condition(site.expr)
        elif site.clause == ex.VALUE:
            _metric_value(checker, site.owner)
        else:
            checker.kind(site.expr)  # defaults and overrides: their type is AP306
    yield from checker.problems
    yield from directory.problems


def _metric_value(checker: Inference, metric: m.Metric) -> None:
    kind = checker.kind(metric.value)
    if kind == c.BOOL:
        checker.report(NOT_A_CONDITION, f"metric {metric.name.text} is a condition, not a number",
                       metric.value.span, "a metric's value is an amount; put the condition in "
                       "a rule's `when`")
    elif metric.unit is not None and metric.unit.text in c.METRIC_UNITS:
        declared = m.Ref(metric.name.text, span=metric.unit.span)
        checker.meet(declared, metric.unit.text, metric.value, kind, metric.value.span)


# ------------------------------------------------------------------------------------ AP306


def type_problem(type_name: str, value: m.Expr, kind: str | None) -> str | None:
    """What a value of the param type is, when this value is not one; None when it fits."""
    is_level = isinstance(value, m.Ref) and value.name in m.LEVELS
    if type_name == "level":
        return None if is_level else WORDS[LEVEL]
    wanted = WORDS.get(PARAM_KINDS.get(type_name, ""), type_name)
    if is_level:
        return wanted
    accepted = PARAM_ACCEPTS.get(type_name)
    if accepted is None or kind is None or kind in accepted:
        return None
    return wanted


def _type_diagnostic(param: m.Param, value: m.Expr, kind: str | None, wanted: str) -> Diagnostic:
    type_name = param.type.text
    written = with_unit(value, PARAM_KINDS.get(type_name, ""))
    if written:
        hint = f"write {written}"
    elif type_name == "level":
        name = value.name if isinstance(value, m.Ref) else ""
        hint = did_you_mean(name, m.LEVELS) or "levels: " + ", ".join(m.LEVELS)
    elif type_name == "text":
        hint = 'write it in quotes: "..."'
    else:
        hint = f"give {wanted}"
    if isinstance(value, m.Ref) and value.name in m.LEVELS:
        shown = f"is {WORDS[LEVEL]}"
    elif type_name == "level":
        shown = f"is not {WORDS[LEVEL]}"
    else:
        shown = f"is {WORDS.get(kind or '', 'another kind of value')}"
    return Diagnostic(PARAM_TYPE, f"{param.name.text} is a {type_name} param, but "
                      f"`{ex.describe(value)}` {shown}", value.span, ERROR, hint)


def iter_param_types(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A default or an override must be a value of the param's declared type (AP306), and one
    that a literal in the param's place could be (AP305: a share's threshold within 0-100%...)."""
    checker = inference(playbook)
    limits = ranges.ParamRanges.of(playbook)
    for param in playbook.params:
        judged = limits if limits.judges_default(param) else None
        yield from param_value_problems(checker, param, param.default, judged)
    for override, params in override_targets(playbook):
        param = params.get(override.name.text)
        if param is not None:
            yield from param_value_problems(checker, param, override.value, limits)
    yield from iter_windows(playbook, checker, limits)  # the same limits: one walk less


def param_value_problems(checker: Inference, param: m.Param, value: m.Expr | None,
                 limits: ranges.ParamRanges | None = None) -> Iterator[Diagnostic]:
    """The problem of one value given to a param: its type first, then (with `limits`, the
    playbook's param uses) its range. Shared with the engine's check of `--param` values."""
    if value is None or param.type.text not in m.PARAM_TYPES:
        return
    scratch = Inference(checker.units, checker.metric_names)  # problems are reported elsewhere
    kind = None if isinstance(value, m.Ref) and value.name in m.LEVELS else scratch.kind(value)
    wanted = type_problem(param.type.text, value, kind)
    if wanted is not None:
        yield _type_diagnostic(param, value, kind, wanted)
        return
    found = limits.problem(param, value) if limits is not None else None
    if found is not None:
        yield found


# ------------------------------------------------------------------------- history windows


def iter_windows(playbook: m.Playbook, scratch: Inference | None = None,
                 limits: ranges.ParamRanges | None = None) -> Iterator[Diagnostic]:
    """How far a history function looks back is fixed before the run: a whole number of
    periods, at least 1, written as a literal, a param, or arithmetic of them. A param alone is
    judged at its value (see ranges.ParamRanges); a literal of 0 or less is AP305 in kinds.
    `scratch` may be any inference of the playbook: its problems are reported elsewhere."""
    scratch = scratch if scratch is not None else inference(playbook)
    limits = limits if limits is not None else ranges.ParamRanges.of(playbook)
    for site in ex.sites(playbook):
        if site.clause == ex.MATCH:
            continue
        for node in ex.walk(site.expr):
            if isinstance(node, m.Call):
                found = _window(scratch, limits, node)
                if found is not None:
                    yield found


def _window(scratch: Inference, limits: ranges.ParamRanges, call: m.Call) -> Diagnostic | None:
    function = c.FUNCTIONS.get(call.function)
    if function is None or not function.needs_periods or len(call.args) != 2:
        return None
    arg = call.args[1]
    literal = ex.constant(arg)
    if literal is not None:
        if c.LITERAL_UNITS.get(literal.unit) == c.PERIODS and literal.amount > 0 \
                and not ranges.is_whole(literal.amount):
            return Diagnostic(OUT_OF_RANGE, f"{call.function}() looks back {ex.describe(arg)}: it "
                              "must be a whole number of periods", arg.span, ERROR,
                              ranges.WINDOW_HINT)
        if call.function == "anomaly" and literal.amount < c.ANOMALY_MINIMUM:
            return Diagnostic(OUT_OF_RANGE, f"anomaly() looks back {ex.describe(arg)}: a spread "
                              f"needs at least {c.ANOMALY_MINIMUM} periods", arg.span, ERROR,
                              "write anomaly(metric, 8 periods): two months of weeks")
        if c.LITERAL_UNITS.get(literal.unit) == c.PERIODS and literal.amount > c.MAX_PERIODS:
            return Diagnostic(OUT_OF_RANGE, f"{call.function}() looks back {ex.describe(arg)}: "
                              f"at most {c.MAX_PERIODS} periods", arg.span, ERROR,
                              f"{ranges.WINDOW_HINT}, at most {c.MAX_PERIODS}")
        return None
    if ranges.param_ref(arg, limits.params, ranges.PERIODS_PARAM) is not None \
            or scratch.kind(arg) != c.PERIODS:
        return None
    amount = ranges.fold(arg, limits.values.get)
    if amount is None:
        changing = sorted({r.name for r in ex.refs(arg) if r.name not in limits.params})
        if not changing:
            return None  # a param without a fixed value: reported at the param
        how = "from period to period" if isinstance(arg, m.Ref) else f"with {', '.join(changing)}"
        return Diagnostic(BAD_HISTORY_ARGUMENTS, f"{call.function}() looks back a fixed number of periods, "
                          f"but `{ex.describe(arg)}` changes {how}", arg.span, ERROR,
                          "write N periods, or a param of type periods")
    if amount < 1 - ranges.EPSILON or not ranges.is_whole(amount) or amount > c.MAX_PERIODS:
        return Diagnostic(OUT_OF_RANGE, f"{call.function}() looks back `{ex.describe(arg)}` = "
                          f"{ranges.shown(amount, 'periods')}", arg.span, ERROR,
                          ranges.WINDOW_HINT)
    return None


CHECKS = (iter_expression_units, iter_param_types, *ranges.CHECKS)
