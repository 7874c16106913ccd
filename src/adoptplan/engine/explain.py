"""Why a rule fired (or did not) for one group: its condition tree with the actual values."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan.engine.compile import Context, Node
from adoptplan.engine.evaluate import Evaluator, leaf_evidence, resolve_params
from adoptplan.engine.frame import build_frame
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
    first_failure: Step | None = None  # for --why-not: the first predicate that failed


class ExplainError(Exception):
    """The id names no rule, or no group of the rule's scope."""


def _explained(node: Node) -> tuple[Node, ...]:
    """The parts worth a line of their own: computed values, not plain metrics or literals.

    A history function's argument is not shown: its value now is not what the function read.
    """
    if isinstance(node.expr, m.Call):
        return ()
    return tuple(child for child in node.children if child.children)


def _step(node: Node, ctx: Context, frame, t: int) -> Step:
    children = tuple(_step(c, ctx, frame, t) for c in _explained(node))
    if node.predicate:
        (ev,) = leaf_evidence(node, ctx, frame, t)
        return Step(node.text, ev.value, ev.holds, ev.threshold, ev.margin, children)
    value = float(node.at(ctx, t)[0])
    if node.unit == cat.BOOL:
        holds = None if np.isnan(value) else value == 1.0
        shown = "not evaluated" if holds is None else ("true" if holds else "false")
        children = tuple(_step(c, ctx, frame, t) for c in node.children)
        return Step(node.text, shown, holds, children=children)
    return Step(node.text, format_value(value, node.unit), None, children=children)


def _first_failure(step: Step) -> Step | None:
    if step.holds is False and not any(c.holds is not None for c in step.children):
        return step
    for child in step.children:
        found = _first_failure(child)
        if found is not None:
            return found
    return step if step.holds is False else None


def explain(playbook: m.Playbook, history: History, finding_id: str, at: str | None = None,
            overrides: Mapping[str, m.Expr] | None = None) -> Explanation:
    """The condition tree of rule `finding_id` (`rule/segment[/dim=value]`) with actual values.

    Raises ExplainError when the id does not name a rule and a group of its scope.
    """
    rule_name, _, label = finding_id.partition("/")
    decls = {d.name.text: d for d in (*playbook.rules, *playbook.barriers)}
    decl = decls.get(rule_name)
    if decl is None or decl.when is None:
        raise ExplainError(f"no rule or barrier named '{rule_name}'")
    at = at or (history.periods[-1] if history.periods else None)
    if at is None or at not in history.periods:
        raise ExplainError(f"period {at} is not in the metrics")
    header = playbook.header
    frame = build_frame(history, at, header.launch.text if header and header.launch else None)
    evaluator = Evaluator(playbook, frame, resolve_params(playbook, overrides or {}))
    rows = [i for i, g in enumerate(frame.groups) if g.label() == label]
    if not rows:
        known = sorted(g.label() for g in frame.groups)
        raise ExplainError(f"no group '{label}' in the metrics; groups: {', '.join(known[:20])}")
    node = evaluator.compiler.compile(decl.when.expr)
    ctx = Context(frame, np.array(rows[:1], dtype=np.intp), evaluator.params)
    sustained = int(decl.when.sustained.amount) if decl.when.sustained else 1
    periods, trees = [], []
    for k in range(sustained):
        t = frame.t - k
        periods.append(frame.periods[t] if t >= 0 else "(before the history)")
        trees.append(_step(node, ctx, frame, t) if t >= 0 else Step(node.text, "not evaluated"))
    truths = [tree.holds for tree in trees]
    if all(h is True for h in truths):
        outcome = "fired"
    elif any(h is False for h in truths):
        outcome = "clear"
    else:
        outcome = "not-evaluated"
    failure = next((f for f in (_first_failure(t) for t in trees) if f is not None), None)
    return Explanation(
        id=finding_id, rule=rule_name, title=decl.title.value if decl.title else rule_name,
        path=decl.span.path, line=decl.span.line, outcome=outcome, periods=tuple(periods),
        trees=tuple(trees), first_failure=failure,
    )
