"""The pull-request comment form of an evaluation: GitHub Markdown, every user text escaped.

Counts come first, barrier alerts before actions, evidence and "not evaluated" folded in <details>.
A comment stays under MAX_CHARS (GitHub refuses a comment over 65,536). What is given up, in
order: the evidence, then "not evaluated" rows, then the lowest-priority findings, so the most
important findings always show; before a finding is left out, a cell too long for a comment is
shortened instead. A note says what was cut.
"""

from __future__ import annotations

import html
import math
import re

import attrs

from adoptplan.model import LEVELS
from adoptplan.report.json_report import (
    cleared_words,
    lifecycle_words,
    number,
    ordered_not_evaluated,
    percent,
    rule_ref,
)
from adoptplan.report.readable import (
    EFFECT_HEADERS,
    effect_rows,
    finding_group,
    headline,
    kind_words,
    progress_in_order,
    progress_row,
    progress_title,
    segment_series,
    segment_titles,
)
from adoptplan.report.table import (
    EFFORT_HEADERS,
    INVISIBLE,
    effort_rows,
    effort_shown,
    effort_title,
    level_label,
    summary_counts,
)
from adoptplan.report.visible import one_line, shorten
from adoptplan.result import Evaluation, Evidence, Finding, NotEvaluated

MAX_CHARS = 60_000
ELLIPSIS = "\u2026"
SEE_ALL = "see the json output"

_ESCAPES = {
    "\\": "\\\\",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "#": "\\#",
    "~": "\\~",
    "@": "@&#8203;",  # a zero-width space after it: `@team` shows, but notifies nobody
}
# what a reader cannot see is written as its code, `&#x202E;`, shown as text: no control
# character raw, no message that shows one thing and says another (line ends become <br> first)
_TABLE = str.maketrans({**_ESCAPES, **{chr(code): f"&amp;#x{code:X};" for code in INVISIBLE}})


def escape(text: str, newline: str = "<br>") -> str:
    """`text` as literal Markdown: no markup, no HTML, no broken table, on one line.

    Backslashes are escaped too, or a user's `\\|` would undo ours and split the cell; newlines
    become `newline` (a `<br>` in a cell, a space in a heading).
    """
    lines = shorten(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return newline.join(line.translate(_TABLE) for line in lines)


def code_span(text: str) -> str:
    """`text` as an inline code span: shown as written, never markdown-escaped (GitHub prints a
    backslash inside a span literally). A fence longer than any run of backticks in `text` keeps
    the span whole; what a reader cannot see, and a line break, are shown as their codes. Not for
    a table cell: a `|` there would still split the row."""
    shown = one_line(text)
    runs = [len(run) for run in re.findall("`+", shown)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = shown.startswith("`") or shown.endswith("`") or (
        shown.startswith(" ") and shown.endswith(" ") and shown.strip(" ") != "")
    space = " " if pad else ""
    return f"{fence}{space}{shown}{space}{fence}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A GFM table of already-escaped cells; `align` gives a `:`-spec per column ("l" or "r")."""
    rules = ["---:" if a == "r" else "---" for a in align.ljust(len(headers), "l")]
    return "\n".join([_row(headers), _row(rules), *(_row(r) for r in rows)])


def _details(summary_text: str, body: str) -> str:
    # The blank lines let GitHub render the Markdown inside the HTML block.
    return f"<details><summary>{summary_text}</summary>\n\n{body}\n\n</details>"


@attrs.frozen
class _Cut:
    """How much of the evaluation a document shows."""

    findings: int
    evidence: bool = True
    not_evaluated: int | None = None  # None: all
    cell: int | None = None  # the most characters of user text in one cell; None: no limit


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _clip(text: str, cell: int | None) -> str:
    """`text` cut to `cell` characters, ending in an ellipsis; cut before escaping, never inside
    an escape (half an `\\|` would split the table)."""
    if cell is None or len(text) <= cell:
        return text
    return text[: cell - 1] + ELLIPSIS


def _cell(text: str, cell: int | None) -> str:
    return escape(_clip(text, cell))


# --- sections ----------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """`text` inside an HTML block (a `<summary>`), where Markdown is not read: entities for
    `&`, `<`, `>` and quotes, what a reader cannot see as its code, `@` that notifies nobody, one
    line (a blank line would end the block)."""
    flat = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return html.escape(flat, quote=True).translate(_HTML)


_HTML = str.maketrans({"@": "@&#8203;",
                       **{chr(code): f"&amp;#x{code:X};" for code in INVISIBLE}})


def _headline(evaluation: Evaluation, fail_on: str | None) -> str:
    lines = [f"**{escape(headline(evaluation, fail_on), ' ')}**", "",
             escape(summary_counts(evaluation, fail_on), " ")]
    return "\n".join(lines)


def _level(finding: Finding) -> str:
    label = html_text(level_label(finding))
    return f"<b>{label}</b>" if finding.level_rank >= LEVELS.index("high") else label


def _texts(finding: Finding, titles: dict[str, str]) -> list[str]:
    """The user text a finding shows, in order (what a long cell may be cut in)."""
    where = rule_ref(finding.rule, finding.path, finding.line)
    group = finding_group(finding, titles)
    if finding.is_alert:
        return [group, finding.message, finding.remedy, where, finding.id]
    return [kind_words(finding.kind), group, finding.message, where, finding.id]


def _line(finding: Finding, titles: dict[str, str], cell: int | None) -> str:
    """The one line a reader sees: level, group, message, remedy (actions: kind)."""
    texts = [html_text(_clip(t, cell)) for t in _texts(finding, titles)]
    since = (f" <sub>({html_text(lifecycle_words(finding.lifecycle))})</sub>"
             if finding.lifecycle is not None else "")
    if finding.is_alert:
        group, message, remedy = texts[:3]
        line = f"{_level(finding)} \u00b7 {group}: {message}"
        return line + (f" \u2192 <i>{remedy}</i>" if remedy else "") + since
    kind, group, message = texts[:3]
    head = " \u00b7 ".join(part for part in (_level(finding), kind, group) if part)
    return f"{head}: {message}{since}"


def _holds(evidence: Evidence) -> str:
    return {True: "yes", False: "no", None: "n/a"}[evidence.holds]


def _evidence_table(finding: Finding) -> str:
    rows = [
        [escape(e.expression), escape(e.value), escape(e.period), escape(e.threshold),
         escape(e.margin), _holds(e)]
        for e in finding.evidence
    ]
    headers = ["evidence", "value", "period", "threshold", "margin", "holds"]
    return table(headers, rows)


def _finding(finding: Finding, titles: dict[str, str], cut: _Cut) -> str:
    """The line as a `<summary>`; the rule, its file and line, the id and evidence folded."""
    where = _cell(rule_ref(finding.rule, finding.path, finding.line), cut.cell)
    body = f"Rule {where}: {escape(finding.title, ' ')}<br>id {_cell(finding.id, cut.cell)}"
    if cut.evidence and finding.evidence:
        body += "\n\n" + _evidence_table(finding)
    return _details(_line(finding, titles, cut.cell), body)


def _findings(title: str, findings: list[Finding], titles: dict[str, str], cut: _Cut) -> str:
    return f"### {title}\n\n" + "\n".join(_finding(f, titles, cut) for f in findings)


def _cleared(evaluation: Evaluation) -> str:
    """The alerts that closed at this period, one line each."""
    return "### Cleared alerts\n\n" + "\n".join(
        f"- {escape(c.title, ' ')} ({escape(c.id, ' ')}): {escape(cleared_words(c), ' ')}"
        for c in evaluation.cleared)


def _progress(evaluation: Evaluation) -> str:
    """One row per segment: its trend, where it stands, how it moved, the target."""
    titles = segment_titles(evaluation)
    rows = []
    for p in progress_in_order(evaluation):
        row = progress_row(evaluation, p)
        rows.append([escape(progress_title(p, titles)), row["trend"], row["active"], row["last"],
                     row["launch"], row["target"], row["reached"], escape(row["forecast"])])
    headers = ["segment", "trend", "active", "since last period", "since launch", "target",
               "reached", "forecast"]
    return "### Progress toward critical mass\n\n" + table(headers, rows, "lllrrrll")


def _interventions(evaluation: Evaluation) -> str:
    """Did it work: each intervention's effect against its comparison groups."""
    rows = [[escape(cell) for cell in row] for row in effect_rows(evaluation)]
    return "### Interventions\n\n" + table(EFFECT_HEADERS, rows, "llllll")


PALETTE = (("blue", "#4e79a7"), ("orange", "#f28e2b"), ("red", "#e15759"), ("teal", "#76b7b2"),
           ("green", "#59a14f"), ("yellow", "#edc948"), ("purple", "#b07aa1"),
           ("brown", "#9c755f"))
"""A line colour per segment, named in the caption: xychart draws no legend."""
TARGET_COLOUR = ("grey", "#7f7f7f")


def _filled(values: tuple[float | None, ...]) -> tuple[list[float], bool]:
    """Values as xychart needs them (a number at every period): a gap repeats the value before
    it (the first known one at the start); True when any gap was filled."""
    known = [v for v in values if v is not None]
    last = known[0] if known else 0.0
    out = []
    for value in values:
        last = last if value is None else value
        out.append(last)
    return out, len(known) < len(values)


def _percent_number(share: float) -> str:
    return number(share * 100, 1)


def _chart(evaluation: Evaluation) -> str:
    """A mermaid `xychart-beta` of active members per segment against the critical mass, with a
    caption that names each line by its colour."""
    series = segment_series(evaluation)
    segments = [p for p in evaluation.critical_mass if p.segment in series]
    if not segments or len(evaluation.periods) < 2:
        return ""
    titles = segment_titles(evaluation)
    drawn = segments[: len(PALETTE)]
    target = drawn[0].target
    lines, names, gaps = [], [], False
    for (colour, _), progress in zip(PALETTE, drawn):
        values, filled = _filled(series[progress.segment].values("active_members"))
        gaps |= filled
        lines.append("    line [" + ", ".join(_percent_number(v) for v in values) + "]")
        names.append(f"{colour}: {escape(titles.get(progress.segment, progress.segment), ' ')}")
    lines.append("    line [" + ", ".join([_percent_number(target)] * len(evaluation.periods))
                 + "]")
    names.append(f"{TARGET_COLOUR[0]}: critical mass ({escape(percent(target), ' ')})")
    highest = max([target, *(v for p in drawn for v in series[p.segment].values("active_members")
                             if v is not None)])
    top = min(100, int(math.ceil(highest * 10)) * 10)
    palette = ", ".join(code for _, code in PALETTE[: len(drawn)]) + ", " + TARGET_COLOUR[1]
    axis = ", ".join(f'"{period}"' for period in evaluation.periods)
    block = "\n".join([
        "```mermaid", "---", "config:", "  themeVariables:", "    xyChart:",
        f'      plotColorPalette: "{palette}"', "---", "xychart-beta",
        '    title "Active members per segment (% of members)"', f"    x-axis [{axis}]",
        f'    y-axis "active members (%)" 0 --> {top}', *lines, "```"])
    caption = "Lines: " + "; ".join(names) + "."
    if gaps:
        caption += " A period without data repeats the value before it."
    left = len(segments) - len(drawn)
    if left:
        caption += f" {left} more segments are in the table."
    return f"{block}\n\n{caption}"


def _pending_texts(item: NotEvaluated) -> list[str]:
    return [item.id, rule_ref(item.rule, item.path, item.line), item.reason]


def _not_evaluated(evaluation: Evaluation, shown: int | None, cell: int | None) -> str:
    """The folded list; cut, it says how many rows are left out and where to see them all."""
    items = ordered_not_evaluated(evaluation)
    rows = [[_cell(t, cell) for t in _pending_texts(n)] for n in items[:shown]]
    hidden = len(items) - len(rows)
    where = "`--format json` lists them all, `adoptplan explain ID` explains one."
    if not rows:
        body = f"{hidden} not shown to keep this comment short; {where}"
    else:
        body = table(["id", "rule", "reason"], rows)
        if hidden:
            body += f"\n\n{hidden} more not shown; {where}"
    return _details(f"Not evaluated ({len(items)})", body)


def _effort(evaluation: Evaluation) -> str:
    titles = segment_titles(evaluation)
    rows = [[escape(titles.get(row[0], row[0])), *(escape(cell) for cell in row[1:])]
            for row in effort_rows(evaluation)]
    return f"### {effort_title(evaluation)}\n\n" + table(EFFORT_HEADERS, rows, "lllrrr")


def _warnings(evaluation: Evaluation) -> str:
    return "### Warnings\n\n" + "\n".join(f"- {escape(w, ' ')}" for w in evaluation.warnings)


def _shortened(evaluation: Evaluation, cut: _Cut) -> int:
    """How many shown cells `cut.cell` shortens."""
    if cut.cell is None:
        return 0
    titles = segment_titles(evaluation)
    texts = [t for f in evaluation.findings[: cut.findings] for t in _texts(f, titles)]
    texts += [t for n in ordered_not_evaluated(evaluation)[: cut.not_evaluated]
              for t in _pending_texts(n)]
    return sum(len(t) > cut.cell for t in texts)


def _notes(evaluation: Evaluation, cut: _Cut) -> str:
    notes = []
    hidden = len(evaluation.findings) - cut.findings
    if hidden:
        notes.append(f"{_plural(hidden, 'finding')} not shown; {SEE_ALL}.")
    if not cut.evidence and any(f.evidence for f in evaluation.findings):
        notes.append(f"Evidence not shown to keep this comment short; {SEE_ALL}.")
    shortened = _shortened(evaluation, cut)
    if shortened:
        notes.append(f"{_plural(shortened, 'long cell')} shortened to {cut.cell:,} characters "
                     f"(ending in {ELLIPSIS}); {SEE_ALL}.")
    return "\n\n".join(f"> **Note:** {note}" for note in notes)


def _document(evaluation: Evaluation, fail_on: str | None, cut: _Cut) -> str:
    shown = list(evaluation.findings[: cut.findings])
    alerts = [f for f in shown if f.is_alert]
    actions = [f for f in shown if not f.is_alert]
    titles = segment_titles(evaluation)
    title = escape(f"adoptplan: {evaluation.playbook} at {evaluation.period}", " ")
    sections = [
        f"## {title}",
        _headline(evaluation, fail_on),
        _notes(evaluation, cut),
        _findings("Barrier alerts", alerts, titles, cut) if alerts else "",
        _cleared(evaluation) if evaluation.cleared else "",
        _findings("Actions", actions, titles, cut) if actions else "",
        _progress(evaluation) if evaluation.critical_mass else "",
        _chart(evaluation),
        _interventions(evaluation) if evaluation.effects else "",
        _effort(evaluation) if effort_shown(evaluation) else "",
        _not_evaluated(evaluation, cut.not_evaluated, cut.cell) if evaluation.not_evaluated
        else "",
        _warnings(evaluation) if evaluation.warnings else "",
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _largest_fitting(build, high: int, limit: int) -> int | None:
    """The largest n in 0..high with len(build(n)) <= limit (lengths grow with n), or None."""
    if len(build(0)) > limit:
        return None
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if len(build(middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cell_limit(limit: int) -> int:
    """The longest cell kept whole once findings would be left out: a thirtieth of the comment
    (2,000 characters), so one runaway message cannot push out the findings after it."""
    return max(limit // 30, 80)


def render_markdown(evaluation: Evaluation, fail_on: str | None = None,
                    limit: int = MAX_CHARS) -> str:
    """The comment, cut to `limit` characters.

    Given up in order: evidence, "not evaluated" rows, then the lowest-priority findings (the end
    of the total order), so the highest ones always show; a cell longer than `_cell_limit` is
    shortened before any finding is left out.
    """
    def document(cut: _Cut) -> str:
        return _document(evaluation, fail_on, cut)

    total, pending = len(evaluation.findings), len(evaluation.not_evaluated)
    full = document(_Cut(total))
    if len(full) <= limit:
        return full
    cell = _cell_limit(limit)
    steps = [  # each a cut for n = 0..high, longer as n grows; the first that fits wins
        (lambda n: _Cut(total, False, n), pending),  # "not evaluated" rows, cells whole
        (lambda n: _Cut(total, False, n, cell), pending),  # the same, long cells shortened
        (lambda n: _Cut(n, False, 0, cell), total),  # the lowest-priority findings
    ]
    for make, high in steps:
        n = _largest_fitting(lambda k: document(make(k)), high, limit)
        if n is not None:
            return document(make(n))
    return _hard_cut(document(_Cut(0, False, 0, cell)), limit)


HARD_CUT_NOTE = "> **Note:** the rest is cut to keep this comment short; see the json output.\n"
_CLOSE = "\n\n</details>"


def _hard_cut(document: str, limit: int) -> str:
    """Last resort (effort or warnings alone too long): whole lines up to the limit, a note.

    A `<details>` cut open is closed, or the note and the rest of the page would fold into it.
    """
    if len(document) <= limit:
        return document
    room = limit - len(HARD_CUT_NOTE) - len(_CLOSE) - 2
    head = document[:room].rsplit("\n", 1)[0]
    if head.count("<details>") > head.count("</details>"):
        head += _CLOSE
    return head + "\n\n" + HARD_CUT_NOTE
