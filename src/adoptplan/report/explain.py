"""Render an explanation: the condition tree, one line per node, with values and margins."""

from __future__ import annotations

from adoptplan.engine.explain import Explanation, Step
from adoptplan.report.json_report import lifecycle_words
from adoptplan.report.table import visible


def _mark(step: Step) -> str:
    if step.holds is True:
        return "true"
    if step.holds is False:
        return "false"
    return ""


def _line(step: Step) -> str:
    parts = [step.text]
    if step.threshold:
        parts.append(f"= {step.value} against {step.threshold}")
        if step.margin:
            parts.append(f"(margin {step.margin})")
    elif step.holds is None:
        parts.append(f"= {step.value}")
    mark = _mark(step)
    return " ".join(parts) + (f"  -> {mark}" if mark else "")


def _tree(step: Step, prefix: str = "", last: bool = True, root: bool = True) -> list[str]:
    lines = [(_line(step) if root else prefix + ("└─ " if last else "├─ ") + _line(step))]
    child_prefix = "" if root else prefix + ("   " if last else "│  ")
    for index, child in enumerate(step.children):
        lines.extend(_tree(child, child_prefix, index == len(step.children) - 1, False))
    return lines


def render_explanation(explanation: Explanation, why_not: bool = False,
                       detail: str = "normal") -> str:
    """The outcome, the rule, its message and the tree of values at each period. `detail` (the
    terminal's -q/-v): `quiet` gives the outcome and the rule alone, `verbose` adds why not."""
    out = [
        f"{explanation.id}: {explanation.outcome}",
        f"{explanation.rule} \"{explanation.title}\" at {explanation.path}:{explanation.line}",
    ]
    if explanation.lifecycle is not None:  # as `evaluate` says it
        out.append(lifecycle_words(explanation.lifecycle))
    if detail == "quiet":
        return "\n".join(visible(line) for line in out) + "\n"
    why_not = why_not or detail == "verbose"
    if explanation.message:
        out.extend(["", explanation.message])
    for period, tree in zip(explanation.periods, explanation.trees):
        out.append("")
        out.append(f"at {period}:")
        out.extend("  " + line for line in _tree(tree))
    if explanation.held_until:
        out.append("")
        out.append("held open by hysteresis until "
                   f"{explanation.held_until}:")
        for period, tree in zip(explanation.clear_periods, explanation.clear_trees):
            out.append(f"  at {period}:")
            out.extend("    " + line for line in _tree(tree))
    if why_not:
        out.append("")
        failure = explanation.first_failure
        if explanation.outcome == "fired":
            out.append("why not: it did fire")
        elif explanation.held_until:
            out.append(f"why not: it is still open, held until {explanation.held_until}")
        elif failure is None:
            out.append("why not: the condition could not be evaluated"
                       + (f": {explanation.unknown}" if explanation.unknown else ""))
        elif failure.threshold:
            margin = f", margin {failure.margin}" if failure.margin else ""
            out.append(f"why not: {failure.text} was false ({failure.value} against "
                       f"{failure.threshold}{margin})")
        else:
            out.append(f"why not: {failure.text} was false")
    if explanation.warnings:
        out.append("")
        out.extend(f"warning: {warning}" for warning in explanation.warnings)
    return "\n".join(visible(line) for line in out) + "\n"  # nothing acts on the terminal
