"""The GitHub Actions form of an evaluation: annotations on the file and line of each rule, a
notice of the progress toward critical mass, and one per intervention with its effect."""

from __future__ import annotations

from collections.abc import Mapping

from adoptplan.model import LEVELS
from adoptplan.report.diagnostics import _escape_github as escape
from adoptplan.report.json_report import cleared_words, detail_lines, ordered_not_evaluated
from adoptplan.report.readable import (
    effect_lines,
    progress_in_order,
    progress_words,
    segment_titles,
)
from adoptplan.report.table import summary_line, visible
from adoptplan.result import MADE_IT_WORSE, Evaluation, Finding

DEFAULT_ERROR_LEVEL = "high"
"""Without `--fail-on`, high and critical findings are still shown as errors."""


def command_for(finding: Finding, fail_on: str | None) -> str:
    """error at or above the threshold, notice for info and waived findings, warning otherwise."""
    threshold = LEVELS.index(fail_on or DEFAULT_ERROR_LEVEL)
    if finding.status != "open":
        return "notice"
    if finding.level_rank >= threshold:
        return "error"
    return "notice" if finding.level == "info" else "warning"


def annotation(command: str, message: str, title: str, path: str = "", line: int = 0) -> str:
    """`::command file=..,line=..,title=..::message`, escaped as the runner's toolkit does."""
    props = []
    if path:
        props.append(f"file={escape(path, True)}")
        if line:
            props.append(f"line={line}")
    props.append(f"title={visible(escape(title, True))}")
    return f"::{command} {','.join(props)}::{visible(escape(message))}"


def _message(finding: Finding) -> str:
    lines = [finding.message, *detail_lines(finding)]
    if finding.status != "open":
        lines.append(f"status: {finding.status}")
    lines.append(f"id: {finding.id}")
    return "\n".join(lines)


def _title(finding: Finding) -> str:
    what = "barrier" if finding.is_alert else finding.kind
    return f"{finding.level} {what}: {finding.title}"


def render_github(evaluation: Evaluation, fail_on: str | None = None,
                  library_includes: Mapping[str, tuple[str, int]] | None = None) -> str:
    """A summary notice, an annotation per finding in the total order, a notice per alert
    cleared at this period, the undecided, progress toward critical mass with forecasts, each
    intervention's effect, then the warnings.

    A rule of the method library is in no file of the repository: its annotation goes on the
    team's `include` line (`library_includes`: library name -> path, line), the message saying
    which library rule it is."""
    sites = library_includes or {}

    def where(path: str, line: int) -> tuple[str, int, str]:
        if path in sites:
            return (*sites[path], f"\nrule: {path}:{line}")
        return path, line, ""

    lines = [annotation("notice", summary_line(evaluation, fail_on), "adoptplan")]
    for f in evaluation.findings:
        path, line, rule = where(f.path, f.line)
        lines.append(annotation(command_for(f, fail_on), _message(f) + rule, _title(f), path,
                                line))
    for c in evaluation.cleared:  # closed at this period: said once, as a notice
        path, line, rule = where(c.path, c.line)
        lines.append(annotation("notice", f"{cleared_words(c)}\nid: {c.id}{rule}",
                                f"cleared {c.level} barrier: {c.title}", path, line))
    for n in ordered_not_evaluated(evaluation):
        path, line, rule = where(n.path, n.line)
        lines.append(annotation("warning", f"{n.reason}\nid: {n.id}{rule}",
                                f"not evaluated: {n.rule}", path, line))
    lines += _progress(evaluation)
    for e in evaluation.effects:
        path, line, rule = where(e.path, e.line)
        command = "warning" if e.verdict == MADE_IT_WORSE else "notice"
        lines.append(annotation(command, "\n".join(effect_lines(e)) + rule,
                                f"intervention: {e.title}", path, line))
    lines += [annotation("warning", w, "adoptplan") for w in evaluation.warnings]
    return "\n".join(lines) + "\n"


def _progress(evaluation: Evaluation) -> list[str]:
    """One notice with each segment's progress toward critical mass and its forecast."""
    if not evaluation.critical_mass:
        return []
    titles = segment_titles(evaluation)
    return [annotation("notice", "\n".join(progress_words(p, titles)
                                           for p in progress_in_order(evaluation)),
                       "critical mass")]
