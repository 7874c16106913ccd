"""The terminal form of an evaluation: a summary line, then alerts, actions, effort, progress.

Laid out by rich to the width given (the terminal's, `COLUMNS`, or a fixed one for a file or a
pipe), rather than by hand: findings as cards beside their level, effort and critical mass as
tables whose text wraps or folds inside its column, never past the edge. Levels are coloured
only when asked to (a terminal); otherwise the text is plain and the same every time.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from adoptplan.report.json_report import (
    cleared_words,
    evidence_short,
    evidence_text,
    lifecycle_words,
    number,
    ordered_not_evaluated,
    rule_ref,
    scope_text,
    summary,
)
from adoptplan.report.readable import EFFECT_HEADERS, effect_rows, progress_in_order, progress_row
from adoptplan.report.terminal import LEVEL_STYLES, PLAIN_WIDTH, Layout  # noqa: F401  (as above)
from adoptplan.report.visible import INVISIBLE, visible  # noqa: F401  (renderers import them here)
from adoptplan.result import EffortShare, Evaluation, Finding

MIN_WIDTH = 40
"""Narrower than this, a table would be mostly folds: it is laid out at this width."""
WRAPPED = ("segment",)
"""Columns kept as wide as their longest cell, up to WORD_WIDTH, when a table must narrow: the
others give way first, so a segment's name folds last."""
WORD_WIDTH = 12


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


def _text(cell: str | Text) -> Text:
    return cell if isinstance(cell, Text) else Text(visible(cell))


def _section(title: str, headers: list[str], rows: list[list[str | Text]], layout: Layout,
             right: tuple[str, ...] = ()) -> str:
    """A titled table laid out to `layout.width`; wide text wraps within its column."""
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                 header_style="bold" if layout.color else "")
    for index, header in enumerate(headers):
        longest = max((len(str(row[index])) for row in rows), default=0)
        grid.add_column(header, justify="right" if header in right else "left",
                        overflow="fold",
                        min_width=min(longest, WORD_WIDTH) if header in WRAPPED else None)
    for row in rows:
        grid.add_row(*(_text(cell) for cell in row))
    return _printed(layout, Text(title, style="bold" if layout.color else ""), grid)


def _printed(layout: Layout, *renderables: Text | Table) -> str:
    """What rich prints of `renderables` at the layout's width. Rich is kept from reading the
    environment itself (COLUMNS, NO_COLOR, TERM: `_environ`): the caller read it once
    (report.terminal), so the same layout gives the same bytes."""
    out = io.StringIO()
    console = Console(file=out, width=max(layout.width, MIN_WIDTH), force_terminal=layout.color,
                      color_system="standard" if layout.color else None, no_color=not layout.color,
                      highlight=False, emoji=False, markup=False, legacy_windows=False,
                      _environ={})
    for renderable in renderables:
        console.print(renderable)
    return out.getvalue().rstrip("\n")


PLAIN = Layout()
"""A file's or a pipe's layout: PLAIN_WIDTH wide, no colour."""


def fitted(layout: Layout, *renderables: Text | Table) -> str:
    """What rich prints of `renderables` at the layout's width, for the other commands' tables;
    no line ends in the spaces that pad its cells."""
    return "\n".join(line.rstrip() for line in _printed(layout, *renderables).split("\n"))


def _level(finding: Finding, layout: Layout) -> Text:
    return Text(level_label(finding), style=LEVEL_STYLES[finding.level] if layout.color else "")


def _evidence(finding: Finding, layout: Layout) -> list[str]:
    if layout.verbose:
        return [evidence_text(e) for e in finding.evidence]
    short = evidence_short(finding)
    return [short] if short else []


def _card(finding: Finding, layout: Layout) -> Text:
    """What a finding says, one labelled line each, wrapped to the column: the id first (whole,
    to copy into `adoptplan explain`), then scope and message, since when it is open, remedy,
    evidence."""
    scope = scope_text(finding)
    head = f"{finding.kind}: " if not finding.is_alert else ""
    lines = [Text(visible(finding.id), style="bold" if layout.color else ""),
             Text(visible(f"{head}{scope + ': ' if scope else ''}{finding.message}"))]
    if finding.lifecycle is not None:
        lines.append(Text(lifecycle_words(finding.lifecycle)))
    if finding.remedy:
        lines.append(Text(visible(f"remedy: {finding.remedy}")))
    lines += [Text(visible(f"evidence: {line}")) for line in _evidence(finding, layout)]
    return Text("\n").join(lines)


def _findings(title: str, findings: tuple[Finding, ...], layout: Layout) -> str:
    """Findings as cards in two columns, the level beside what it is about: a table of six
    columns cannot fit 80 characters without cutting ids and words apart."""
    grid = Table.grid(padding=(0, 2, 1, 0))
    grid.add_column("level", no_wrap=True)
    grid.add_column("finding", overflow="fold", ratio=1)
    for finding in findings:
        grid.add_row(_level(finding, layout), _card(finding, layout))
    return _printed(layout, Text(title, style="bold" if layout.color else ""), grid)


def _alerts(evaluation: Evaluation, layout: Layout) -> str:
    return _findings("Barrier alerts", evaluation.alerts, layout)


def _actions(evaluation: Evaluation, layout: Layout) -> str:
    return _findings("Actions", evaluation.actions, layout)


def _cleared(evaluation: Evaluation, layout: Layout) -> str:
    """The alerts that closed at this period, and how long they were open."""
    return _printed(layout, Text("Cleared alerts", style="bold" if layout.color else ""),
                    *(Text(visible(f"- {c.id}: {cleared_words(c)}")) for c in evaluation.cleared))


def _not_evaluated(evaluation: Evaluation, layout: Layout) -> str:
    grid = Table.grid(padding=(0, 0, 1, 0))
    grid.add_column("item", overflow="fold", ratio=1)
    for n in ordered_not_evaluated(evaluation):
        grid.add_row(Text("\n").join([Text(visible(n.id)),
                                      Text(visible(f"rule: {rule_ref(n.rule, n.path, n.line)}")),
                                      Text(visible(f"reason: {n.reason}"))]))
    return _printed(layout, Text("Not evaluated", style="bold" if layout.color else ""), grid)


def effort_shown(evaluation: Evaluation) -> tuple[EffortShare, ...]:
    """The effort rows worth a table: none when the playbook declares no effort at all (neither
    hours to share out nor any segment's planned hours), as every recommendation would be 0."""
    declared = evaluation.effort_total is not None or any(
        s.planned_hours is not None for s in evaluation.effort)
    return evaluation.effort if declared else ()


def effort_title(evaluation: Evaluation) -> str:
    total = evaluation.effort_total
    return "Effort" if total is None else f"Effort ({number(total)} hours to share out)"


def _effort_heading(evaluation: Evaluation) -> str:
    total = evaluation.effort_total
    return "Effort in hours" + ("" if total is None else f" ({number(total)} to share out)")


def effort_rows(evaluation: Evaluation) -> list[list[str]]:
    """Segment, ratings, focus score, recommended and planned hours, in the engine's ranking."""
    return [
        [s.segment, s.collaboration, s.likelihood, number(s.focus_score),
         number(s.recommended_hours), number(s.planned_hours)]
        for s in evaluation.effort
    ]


EFFORT_HEADERS = ["segment", "collaboration", "likelihood", "focus score", "recommended hours",
                  "planned hours"]


def _effort(evaluation: Evaluation, layout: Layout) -> str:
    headers = ["segment", "collaboration", "likelihood", "focus", "recommended", "planned"]
    return _section(_effort_heading(evaluation), headers, effort_rows(evaluation), layout,
                    right=("focus", "recommended", "planned"))


SPARK_PERIODS = 26
"""The terminal's sparkline shows at most the last half year of weeks."""


def _critical_mass(evaluation: Evaluation, layout: Layout) -> str:
    """Each segment's trend (a sparkline of its active share, scaled to the target), where it
    stands, how it moved since the last period and since the launch, the target, and the period
    its trend reaches the target."""
    rows = []
    for p in progress_in_order(evaluation):
        row = progress_row(evaluation, p)
        reached = Text(row["reached"], style=("green" if p.reached else "") if layout.color
                       else "")
        label = p.segment + "".join(f" ({v})" for _, v in p.dimensions)
        rows.append([label, row["trend"][-SPARK_PERIODS:], row["active"], row["last"],
                     row["launch"], row["target"], reached, row["forecast"]])
    headers = ["segment", "trend", "active", "last", "launch", "target", "reached", "forecast"]
    return _section("Critical mass (change since the last period and since the launch)", headers,
                    rows, layout, right=("active", "last", "launch", "target"))


def _interventions(evaluation: Evaluation, layout: Layout) -> str:
    """Did it work: each intervention's effect against its comparison groups."""
    return _section("Interventions (effect against comparison groups)", EFFECT_HEADERS,
                    [[visible(cell) for cell in row] for row in effect_rows(evaluation)], layout)


def _warnings(evaluation: Evaluation, layout: Layout) -> str:
    return _printed(layout, Text("Warnings"),
                    *(Text(f"- {visible(w)}") for w in evaluation.warnings))


def render_table(evaluation: Evaluation, fail_on: str | None = None,
                 layout: Layout = PLAIN) -> str:
    """Summary first; then only the sections that have something to show, blank-line separated."""
    sections = [_printed(layout, Text(summary_line(evaluation, fail_on)))]
    present = (
        (evaluation.alerts, _alerts),
        (evaluation.cleared, _cleared),
        (evaluation.actions, _actions),
        (evaluation.not_evaluated, _not_evaluated),
        (effort_shown(evaluation), _effort),
        (evaluation.critical_mass, _critical_mass),
        (evaluation.effects, _interventions),
        (evaluation.warnings, _warnings),
    )
    if not layout.quiet:
        sections += [render(evaluation, layout) for items, render in present if items]
    text = "\n\n".join(sections)
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"
