"""The terminal form of an evaluation: a summary line, then alerts, actions, effort, progress."""

from __future__ import annotations

from tabulate import tabulate

from adoptplan.report.json_report import (
    evidence_short,
    number,
    ordered_not_evaluated,
    percent,
    rule_ref,
    scope_text,
    summary,
)
from adoptplan.result import Evaluation, Finding, Progress

TABLE_FORMAT = "simple"
TEXT_WIDTH = 48
EVIDENCE_WIDTH = 40
BAR_WIDTH = 10


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _levels(counts: dict[str, int]) -> str:
    """" (1 critical, 2 high)" for the levels present, highest first; "" when none."""
    present = [f"{count} {level}" for level, count in counts.items() if count]
    return f" ({', '.join(present)})" if present else ""


def summary_line(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """One line a reader can stop at: the playbook, what fired, and what could not be decided."""
    return f"{visible(evaluation.playbook)}: {summary_counts(evaluation, fail_on)}"


def summary_counts(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """What fired, at which period, what was waived, undecided or suppressed, what fails."""
    counts = summary(evaluation, fail_on)
    line = (
        f"{_plural(counts['alerts'], 'barrier alert')}{_levels(counts['alert_levels'])}, "
        f"{_plural(counts['actions'], 'action')}{_levels(counts['action_levels'])} "
        f"at {evaluation.period}"
    )
    extras = (
        (counts["waived"], "waived", "waived"),
        (counts["not_evaluated"], "not evaluated", "not evaluated"),
        (counts["suppressed"], "suppressed group", "suppressed groups"),
    )
    for count, one, many in extras:
        if count:
            line += f"; {count} {one if count == 1 else many}"
    if fail_on:
        line += f"; {counts['failing']} at or above {fail_on}"
    return line


def level_label(finding: Finding) -> str:
    """The level, marked when the finding is waived (it then never fails a build)."""
    return finding.level if finding.status == "open" else f"{finding.level} ({finding.status})"


INVISIBLE = tuple(
    code for code in (*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F,
                      *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    if chr(code) not in "\t\n"
)
"""Characters that act instead of showing: control characters, C0 and C1 (an escape sequence
would drive the terminal, a backspace overwrite what is shown), direction marks and
bidirectional overrides (which reorder text). Every renderer writes them as their codes."""

_CODES = str.maketrans({code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                        for code in INVISIBLE})


def visible(text: str) -> str:
    """`text` with nothing that acts on the terminal instead of showing: `\\x1b`, `\\u202e`."""
    return text.translate(_CODES)


def _section(
    title: str, headers: list[str], rows: list[list[str]], widths: list[int | None] | None = None
) -> str:
    grid = tabulate(
        [[visible(cell) for cell in row] for row in rows], headers=headers,
        tablefmt=TABLE_FORMAT, disable_numparse=True, maxcolwidths=widths,
    )
    return f"{title}\n{grid}"


def _alerts(evaluation: Evaluation) -> str:
    rows = [
        [f.id, level_label(f), scope_text(f), f.message, f.remedy, evidence_short(f)]
        for f in evaluation.alerts
    ]
    headers = ["id", "level", "group", "message", "remedy", "evidence"]
    widths = [None, None, None, TEXT_WIDTH, TEXT_WIDTH, EVIDENCE_WIDTH]
    return _section("Barrier alerts", headers, rows, widths)


def _actions(evaluation: Evaluation) -> str:
    rows = [
        [f.id, level_label(f), f.kind, scope_text(f), f.message, evidence_short(f)]
        for f in evaluation.actions
    ]
    headers = ["id", "level", "kind", "segment", "message", "evidence"]
    widths = [None, None, None, None, TEXT_WIDTH, EVIDENCE_WIDTH]
    return _section("Actions", headers, rows, widths)


def _not_evaluated(evaluation: Evaluation) -> str:
    rows = [
        [n.id, rule_ref(n.rule, n.path, n.line), n.reason]
        for n in ordered_not_evaluated(evaluation)
    ]
    return _section("Not evaluated", ["id", "rule", "reason"], rows, [None, None, TEXT_WIDTH])


def effort_title(evaluation: Evaluation) -> str:
    total = evaluation.effort_total
    return "Effort" if total is None else f"Effort ({number(total)} hours to share out)"


def effort_rows(evaluation: Evaluation) -> list[list[str]]:
    """Segment, ratings, focus score, recommended and planned hours, in the engine's ranking."""
    return [
        [s.segment, s.collaboration, s.likelihood, number(s.focus_score),
         number(s.recommended_hours), number(s.planned_hours)]
        for s in evaluation.effort
    ]


EFFORT_HEADERS = ["segment", "collaboration", "likelihood", "focus score", "recommended hours",
                  "planned hours"]


def _effort(evaluation: Evaluation) -> str:
    return _section(effort_title(evaluation), EFFORT_HEADERS, effort_rows(evaluation))


def progress_bar(progress: Progress) -> str:
    """Ten characters, `#` for the share of the target reached: readable without colour."""
    ratio = progress.ratio
    if ratio is None:
        return "?" * BAR_WIDTH
    filled = min(BAR_WIDTH, max(0, int(ratio * BAR_WIDTH)))
    return "#" * filled + "-" * (BAR_WIDTH - filled)


def progress_rows(evaluation: Evaluation) -> list[list[str]]:
    """Segment, active share, target, share of the target reached, whether it is reached."""
    return [
        [p.segment, percent(p.active), percent(p.target), percent(p.ratio, 0),
         "yes" if p.reached else "no"]
        for p in evaluation.critical_mass
    ]


PROGRESS_HEADERS = ["segment", "active", "target", "of target", "reached"]


def _critical_mass(evaluation: Evaluation) -> str:
    rows = [
        row[:4] + [progress_bar(p), row[4]]
        for row, p in zip(progress_rows(evaluation), evaluation.critical_mass, strict=True)
    ]
    headers = PROGRESS_HEADERS[:4] + ["progress", PROGRESS_HEADERS[4]]
    return _section("Critical mass", headers, rows)


def _warnings(evaluation: Evaluation) -> str:
    return "Warnings\n" + "\n".join(f"- {visible(w)}" for w in evaluation.warnings)


def render_table(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """Summary first; then only the sections that have something to show, blank-line separated."""
    sections = [summary_line(evaluation, fail_on)]
    present = (
        (evaluation.alerts, _alerts),
        (evaluation.actions, _actions),
        (evaluation.not_evaluated, _not_evaluated),
        (evaluation.effort, _effort),
        (evaluation.critical_mass, _critical_mass),
        (evaluation.warnings, _warnings),
    )
    sections += [render(evaluation) for items, render in present if items]
    text = "\n\n".join(sections)
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"
