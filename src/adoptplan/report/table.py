"""The terminal form of an evaluation: a summary line, then alerts, actions, effort, progress.

Laid out by rich to the width given (the terminal's, `COLUMNS`, or a fixed one for a file or a
pipe), rather than by hand: findings as cards beside their level, effort and critical mass as
tables whose text wraps or folds inside its column, never past the edge. Levels are coloured
only when asked to (a terminal); otherwise the text is plain and the same every time.
"""

from __future__ import annotations

import io

from rich import box
from rich.cells import cell_len
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
GAP = 2
"""The spaces between two columns of a section's table."""


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
             right: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> str:
    """A titled table laid out to `layout.width`: no column narrower than its longest word, so
    an identifier, a sparkline or a period is never cut; prose wraps between words. When even
    that cannot fit, the `optional` columns go, in order; past them, each row becomes a card."""
    cells = [[_text(cell) for cell in row] for row in rows]
    heading = Text(title, style="bold" if layout.color else "")
    for dropped in range(len(optional) + 1):
        kept = [i for i, h in enumerate(headers) if h not in optional[:dropped]]
        fits = _widths([headers[i] for i in kept], [[row[i] for i in kept] for row in cells],
                       max(layout.width, MIN_WIDTH))
        if fits is not None:
            break
    else:
        return _printed(layout, heading, _cards(headers, cells))
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                 header_style="bold" if layout.color else "")
    for at, index in enumerate(kept):
        grid.add_column(headers[index], justify="right" if headers[index] in right else "left",
                        overflow="fold", width=fits[at])
    for row in cells:
        grid.add_row(*(row[i] for i in kept))
    return _printed(layout, heading, grid)


def _cards(headers: list[str], rows: list[list[Text]]) -> Table:
    """A table too wide for the width as one card a row: its first cell, then one labelled
    line for each other cell, wrapped between words like the findings' cards."""
    grid = Table.grid(padding=(0, 0, 1, 0))
    grid.add_column("row", overflow="fold", ratio=1)
    for row in rows:
        lines = [row[0], *(Text.assemble(f"{header}: ", cell)
                           for header, cell in zip(headers[1:], row[1:], strict=True)
                           if cell.plain)]
        grid.add_row(Text("\n").join(lines))
    return grid


def _widths(headers: list[str], rows: list[list[Text]], width: int) -> list[int] | None:
    """Each column's width: the widest narrowed first, a character at a time, as rich does,
    but never below its longest word; None when even that cannot fit."""
    columns = [[Text(header), *(row[i] for row in rows)] for i, header in enumerate(headers)]
    least = [max(cell_len(word) for cell in column for word in cell.plain.split() or [""])
             for column in columns]
    widths = [max(cell_len(line) for cell in column for line in cell.plain.split("\n"))
              for column in columns]
    excess = sum(widths) + GAP * (len(columns) - 1) - width
    for _ in range(excess):
        narrowing = [i for i, w in enumerate(widths) if w > least[i]]
        if not narrowing:
            return None
        widths[max(narrowing, key=lambda i: widths[i])] -= 1
    return widths


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
                    right=("focus", "recommended", "planned"),
                    optional=("collaboration", "likelihood"))


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
                    rows, layout, right=("active", "last", "launch", "target"),
                    optional=("last", "launch", "target"))


def _interventions(evaluation: Evaluation, layout: Layout) -> str:
    """Did it work: each intervention's effect against its comparison groups."""
    return _section("Interventions (effect against comparison groups)", EFFECT_HEADERS,
                    [[visible(cell) for cell in row] for row in effect_rows(evaluation)], layout,
                    optional=(EFFECT_HEADERS[-1],))


def _warnings(evaluation: Evaluation, layout: Layout) -> str:
    return _printed(layout, Text("Warnings"),
                    *(Text(f"- {visible(w)}") for w in evaluation.warnings))


def render_table(evaluation: Evaluation, fail_on: str | None = None,
                 layout: Layout = PLAIN) -> str:
    """Summary first; then only the sections that have something to show, blank-line separated."""
    line = summary_line(evaluation, fail_on)  # one line in a file or a pipe, for grep and CI logs
    sections = [_printed(layout, Text(line)) if layout.terminal else line]
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
