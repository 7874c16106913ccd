"""Why a rule fired (or did not) for one group: its condition tree with the actual values."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.diagnostics import did_you_mean
from adoptplan.engine import analyses
from adoptplan.engine.analyses import group_shares
from adoptplan.engine.compile import TRUE, UNKNOWN, Node
from adoptplan.engine.errors import EvaluationError
from adoptplan.engine.evaluate import Evaluator, evaluated_frame, per_dimension
from adoptplan.engine.evidence import leaf_evidence, missing_reason
from adoptplan.engine.forecast import forecast_series, row_forecast
from adoptplan.engine.frame import Frame
from adoptplan.engine.params import (
    DEFAULT_MINIMUM,
    check_floor,
    check_overrides,
    privacy_minimum,
    resolve_params,
)
from adoptplan.engine.values import format_value
from adoptplan.snapshot import History


@attrs.frozen
class Step:
    """One node of the condition tree at one period: its text, value and truth."""

    text: str
    value: str
    holds: bool | None = None  # None: not a truth value, or not evaluated
    threshold: str = ""
    margin: str = ""
    children: tuple[Step, ...] = ()


@attrs.frozen
class Explanation:
    id: str
    rule: str
    title: str
    path: str
    line: int
    outcome: str  # fired, clear, not-evaluated
    periods: tuple[str, ...]  # newest first: the periods the condition had to hold
    trees: tuple[Step, ...]  # one condition tree per period
    # for --why-not: the first comparison that stopped the rule, written as the condition needed
    # it (`not (...)` under an odd number of `not`s, with the negation's truth and margin)
    first_failure: Step | None = None
    unknown: str = ""  # not evaluated: why, as `evaluate` says it (missing data, a division by 0)
    message: str = ""  # a built-in analysis has no condition: what it found
    # held open by hysteresis: the barrier's `clear` condition, and its trees per period
    held_until: str = ""
    clear_periods: tuple[str, ...] = ()
    clear_trees: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = ()  # a floor below the least one, allowed: said in the output
    lifecycle: r.Lifecycle | None = None  # since when it is open, as `evaluate` says


class ExplainError(Exception):
    """The id names no rule, or no group of the rule's scope."""


def _explained(node: Node) -> tuple[Node, ...]:
    """The parts worth a line of their own: computed values, not plain metrics or literals.

    A history function's argument is not shown: its value now is not what the function read.
    """
    if isinstance(node.expr, m.Call):
        return ()
    return tuple(child for child in node.children if child.children)


def _step(node: Node, rows: np.ndarray, frame: Frame, t: int) -> Step:
    children = tuple(_step(c, rows, frame, t) for c in _explained(node))
    if node.predicate:
        (ev,) = leaf_evidence(node, rows, frame, t)
        return Step(node.text, ev.value, ev.holds, ev.threshold, ev.margin, children)
    value = float(node.at(rows, t)[0])
    if node.test is not None:  # and, or, not
        holds = None if value == UNKNOWN else value == TRUE
        shown = "not evaluated" if holds is None else ("true" if holds else "false")
        children = tuple(_step(c, rows, frame, t) for c in node.children)
        return Step(_written(node, children), shown, holds, children=children)
    return Step(node.text, format_value(value, node.unit), None, children=children)


def _written(node: Node, children: tuple[Step, ...]) -> str:
    """`not`, `and` and `or` with the brackets the playbook text and the evidence write, so a
    reader need not know the precedence: `not (a > 1)`, `(a and b) or c`."""
    expr = node.expr
    if isinstance(expr, m.Not):
        return f"not ({children[0].text})"
    if isinstance(expr, m.Logical):
        left, right = children
        return (f"{_operand(left.text, expr.left, expr.op, True)} {expr.op} "
                f"{_operand(right.text, expr.right, expr.op, False)}")
    return node.text


def _operand(text: str, expr: m.Expr, op: str, first: bool) -> str:
    """An operand of `and`/`or`: bracketed when it is the other one of the two, or the same one
    on the right (`a or (b or c)` is another tree)."""
    plain = not isinstance(expr, m.Logical) or (first and expr.op == op)
    return text if plain else f"({text})"


def _first_failure(node: Node, rows: np.ndarray, frame: Frame, t: int,
                   needed: bool = True) -> Step | None:
    """The first comparison that stopped `node` from being `needed` at period index t, or None
    when it is (or is not known). Under a `not` a part is needed false: a comparison then stops
    the rule when it holds, and is written as its negation. A part that stopped `and` or `or`
    stops it whatever its siblings are, so the first one found, left to right, is the one."""
    if node.predicate:
        (ev,) = leaf_evidence(node, rows, frame, t, negated=not needed)
        return None if ev.holds is not False else Step(
            ev.expression, ev.value, False, ev.threshold, ev.margin)
    value = float(node.at(rows, t)[0])
    if value == UNKNOWN or (value == TRUE) == needed:
        return None
    inner = not needed if isinstance(node.expr, m.Not) else needed
    for child in node.children:
        found = _first_failure(child, rows, frame, t, inner)
        if found is not None:
            return found
    return Step(node.text, "false", False)  # not reached: a decided part has a decided cause


def explain(playbook: m.Playbook, history: History, finding_id: str, at: str | None = None,
            overrides: Mapping[str, m.Expr] | None = None,
            previous: Collection[str] = (), floor: float = DEFAULT_MINIMUM,
            allow_small: bool = False) -> Explanation:
    """The condition tree of rule `finding_id` (`rule/segment[/dim=value]`) with actual values.

    A built-in analysis's id is explained by what it found. An open finding says since when, as
    `evaluate` replays it over the history (or continues from `previous`, the previous result,
    as `evaluate --previous` does); an alert that `when` would close but its barrier's `clear`
    condition does not yet is explained as held open, with the trees of `clear`. Raises ExplainError when the id names neither (or a group outside the rule's
    scope, or one below its minimum group size), or when a `--param` override is not one of the
    playbook's params, or `floor` is below the least one without `allow_small`. The groups
    withheld are those `evaluate` withholds with the same `floor`.
    """
    rule_name, _, label = finding_id.partition("/")
    decls = {d.name.text: d for d in (*playbook.rules, *playbook.barriers) if d.when is not None}
    try:
        at, frame = evaluated_frame(playbook, history, at)
    except EvaluationError as error:
        raise ExplainError(str(error)) from None
    decl = decls.get(rule_name)
    if decl is None and rule_name == "forecast":
        return _forecast(playbook, frame, label, overrides)
    if decl is None:
        return _analysis(playbook, frame, finding_id, decls)
    decl = _breakdown_of(decl, label)
    try:
        check_overrides(playbook, overrides or {})
        floor_warnings = check_floor(playbook, floor, allow_small)
        evaluator = Evaluator(playbook, frame, resolve_params(playbook, overrides or {}),
                              previous=previous, floor=floor)
        rows = _rows(evaluator, decl, label)
        node = evaluator.compiler.condition(decl.when.expr)  # may find a window it cannot use
        row = np.array(rows[:1], dtype=np.intp)
        periods, trees = _trees(node, row, frame, decl.when)
        failure = next((f for f in (_first_failure(node, row, frame, frame.t - k)
                                    for k in range(len(trees)) if frame.t - k >= 0)
                        if f is not None), None)
        lifecycle, held = evaluator.lifecycle(decl, rows[0])
    except EvaluationError as error:
        raise ExplainError(str(error)) from None
    truths = [tree.holds for tree in trees]
    if all(h is True for h in truths):
        outcome = "fired"
    elif any(h is False for h in truths):
        outcome = "clear"
    else:
        outcome = "not-evaluated"
    # the reason `evaluate` gives: missing data, the history a function needs, a division by 0
    unknown = (missing_reason(node, rows[0], frame, len(trees))
               if outcome == "not-evaluated" else "")
    explanation = Explanation(
        id=finding_id, rule=rule_name, title=decl.title.value if decl.title else rule_name,
        path=decl.span.path, line=decl.span.line, outcome=outcome, periods=tuple(periods),
        trees=tuple(trees), first_failure=failure, unknown=unknown, warnings=floor_warnings,
        lifecycle=lifecycle,
    )
    clear = decl.clear if isinstance(decl, m.Barrier) else None
    if outcome == "fired" or clear is None or not held:
        return explanation
    try:
        return _held(explanation, evaluator.compiler.condition(clear.expr), row, frame, clear)
    except EvaluationError as error:
        raise ExplainError(str(error)) from None


def _trees(node: Node, row: np.ndarray, frame: Frame,
           condition: m.Condition) -> tuple[tuple[str, ...], tuple[Step, ...]]:
    """The condition's tree at each period it had to hold, newest first."""
    sustained = int(condition.sustained.amount) if condition.sustained else 1
    periods, trees = [], []
    for k in range(sustained):
        t = frame.t - k
        periods.append(frame.periods[t] if t >= 0 else "(before the history)")
        trees.append(_step(node, row, frame, t) if t >= 0 else Step(node.text, "not evaluated"))
    return tuple(periods), tuple(trees)


def _held(explanation: Explanation, clear: Node, row: np.ndarray, frame: Frame,
          condition: m.Condition) -> Explanation:
    """An alert open before stays open until `clear` holds at each of its periods, as
    `evaluate` decides (hysteresis): the trees of `clear` say why it still does not."""
    periods, trees = _trees(clear, row, frame, condition)
    sustained = f" for {len(periods)} periods" if condition.sustained else ""
    return attrs.evolve(explanation, outcome="held open", held_until=clear.text + sustained,
                        clear_periods=periods, clear_trees=trees)


def _breakdown_of(decl: m.Rule | m.Barrier, label: str) -> m.Rule | m.Barrier:
    """The rule as evaluated for the breakdown `label` is in (`by device_class, account_age`)."""
    each = per_dimension(decl)
    return next((one for one in each if one.scope is not None and one.scope.dimension is not None
                 and f"/{one.scope.dimension.text}=" in label), each[0])


def _rows(evaluator: Evaluator, decl: m.Rule | m.Barrier, label: str) -> list[int]:
    """The row of `label` among the groups the rule is evaluated for; a group below the minimum
    size is never explained, and never listed."""
    name = decl.name.text
    if SUPPRESSED.fullmatch(label):  # the id json and junit give such a group
        raise ExplainError(f"{name}/{label} is a group below the minimum group size: it is "
                           "evaluated and counted, but never shown or explained")
    rows = evaluator.groups(decl).rows
    hidden = evaluator.hidden(decl)
    labels = [evaluator.frame.groups[row].label() for row in rows.tolist()]
    if label in labels and not hidden[labels.index(label)]:
        return [int(rows[labels.index(label)])]
    # a small group is answered as a missing one: the answer must not confirm that it exists
    known = sorted(shown for shown, small in zip(labels, hidden.tolist()) if not small)
    raise ExplainError(f"{name} has no group '{label}' that can be shown (one below the "
                       "minimum group size never is); its groups: "
                       + (", ".join(known[:20]) or "none") + ("" if len(known) <= 20 else ", ..."))


SUPPRESSED = re.compile(r"suppressed/\d+")
"""How the printed cases name a group below the minimum group size (`rule/suppressed/N`, see
`report.json_report.ordered_cases`)."""


def _analysis(playbook: m.Playbook, frame: Frame, finding_id: str,
              decls: Mapping[str, m.Rule | m.Barrier]) -> Explanation:
    """A finding of a built-in analysis (capability gap, equal effort, baseline): what it found."""
    found: list[r.Finding | None] = [*analyses.capability_gaps(playbook),
                                     analyses.equal_effort(playbook),
                                     analyses.missing_baseline(playbook, frame)]
    for finding in found:
        if finding is not None and finding.id == finding_id:
            return Explanation(
                id=finding.id, rule=finding.rule, title=finding.title, path=finding.path,
                line=finding.line, outcome="fired", periods=(), trees=(), message=finding.message)
    rule_name = finding_id.partition("/")[0]
    # a rule by its name, an analysis finding by its whole id
    hint = did_you_mean(rule_name, decls) or did_you_mean(
        finding_id, [f.id for f in found if f is not None])
    raise ExplainError(f"no rule, barrier or analysis finding '{finding_id}'"
                       + (f"; {hint}" if hint else ""))


def _forecast(playbook: m.Playbook, frame: Frame, label: str,
              overrides: Mapping[str, m.Expr] | None) -> Explanation:
    """`forecast/SEGMENT` (or `forecast/SEGMENT/DIMENSION=VALUE`, a group of its breakdown at
    or above the privacy floor): the trend its forecast was fitted on, period by period."""
    segment = label.partition("/")[0]
    names = [s.name.text for s in playbook.segments]
    if segment not in names:
        hint = did_you_mean(segment, names)
        raise ExplainError(f"no segment '{segment}' to forecast" + (f"; {hint}" if hint else ""))
    target = resolve_params(playbook, overrides or {}).get("critical_mass")
    if target is None:
        raise ExplainError("the playbook has no critical_mass target to forecast")
    small = frame.small(privacy_minimum(playbook))
    shown = {frame.label(row): row for row in range(len(frame.groups))
             if frame.groups[row].segment == segment and not small[row]}
    if label not in shown:  # a small group is answered as a missing one
        hint = did_you_mean(label, shown)
        raise ExplainError(f"no group '{label}' to forecast" + (f"; {hint}" if hint else ""))
    row = shown[label]
    whole = frame.rows(segment, None)
    active = (group_shares(frame, row, int(whole[0]) if whole.size else None)
              if frame.groups[row].dimensions else None)
    if active is None:
        found = row_forecast(frame, row, target)
        active = frame.values["active_members"][row] if "active_members" in frame.values else None
    else:  # a group counted by its activity reads against its segment, as in the report
        found = forecast_series(frame.periods, active[: frame.t + 1], target)
    lines = [f"target {format_value(target, 'percent')}, evaluated at {frame.periods[frame.t]}: "
             f"{found.status}" + (f" ({found.note})" if found.note else "")]
    if found.slope is not None:
        lines.append(f"Theil–Sen trend of the last {len(found.fitted)} periods: "
                     f"{_points(found.slope)} a period (95% interval {_points(found.low_slope)} "
                     f"to {_points(found.high_slope)})")
        if found.status == r.ON_PACE:
            lines.append(f"reaches the target in {found.period} (fastest {found.earliest}, "
                         f"slowest {found.latest or 'not within two years'})")
        first = frame.periods.index(found.fitted[0])
        lines.append("period     active  trend")
        for period in found.fitted:
            t = frame.periods.index(period)
            trend = found.intercept + found.slope * (t - first)
            lines.append(f"{period:<10} {format_value(float(active[t]), 'percent'):>6}  "
                         f"{format_value(trend, 'percent'):>6}")
    header = playbook.header
    return Explanation(id=f"forecast/{label}", rule="forecast",
                       title="Forecast to critical mass",
                       path=header.span.path if header else "",
                       line=header.span.line if header else 0, outcome=found.status,
                       periods=(), trees=(), message="\n".join(lines))


def _points(slope: float) -> str:
    return f"{slope * 100:+.2f}pp"
