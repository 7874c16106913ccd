"""The pull-request comment form of an evaluation: GitHub Markdown, every user text escaped.

Counts come first, barrier alerts before actions, evidence and "not evaluated" folded in <details>.
A comment stays under MAX_CHARS (GitHub refuses a comment over 65,536): evidence goes first, then
the lowest-priority rows, and a note says what was cut.
"""

from __future__ import annotations

import attrs

from adoptplan.model import LEVELS
from adoptplan.report.json_report import (
    evidence_short,
    ordered_not_evaluated,
    rule_ref,
    scope_text,
    summary,
)
from adoptplan.report.table import (
    EFFORT_HEADERS,
    PROGRESS_HEADERS,
    effort_title,
    effort_rows,
    level_label,
    progress_rows,
    summary_counts,
)
from adoptplan.result import Evaluation, Evidence, Finding

MAX_CHARS = 60_000

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
_TABLE = str.maketrans(_ESCAPES)


def escape(text: str, newline: str = "<br>") -> str:
    """`text` as literal Markdown: no markup, no HTML, no broken table, on one line.

    Backslashes are escaped too, or a user's `\\|` would undo ours and split the cell; newlines
    become `newline` (a `<br>` in a cell, a space in a heading).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return newline.join(line.translate(_TABLE) for line in lines)


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


# --- sections ----------------------------------------------------------------------------------


def _counts(evaluation: Evaluation, fail_on: str | None) -> str:
    counts = summary(evaluation, fail_on)
    headers = ["", *reversed(LEVELS)]
    rows = [
        ["barrier alerts", *(str(n) for n in counts["alert_levels"].values())],
        ["actions", *(str(n) for n in counts["action_levels"].values())],
    ]
    lines = [f"**{escape(summary_counts(evaluation, fail_on), ' ')}**", "",
             table(headers, rows, "l" + "r" * len(LEVELS))]
    if fail_on:
        verdict = "fails" if counts["failing"] else "passes"
        lines += ["", f"Result with `--fail-on {fail_on}`: **{verdict}**."]
    return "\n".join(lines)


def _level(finding: Finding) -> str:
    label = escape(level_label(finding))
    return f"**{label}**" if finding.level_rank >= LEVELS.index("high") else label


def _where(finding: Finding) -> str:
    return escape(rule_ref(finding.rule, finding.path, finding.line))


def _alerts(findings: list[Finding]) -> str:
    rows = [
        [_level(f), escape(scope_text(f)), escape(f.title), escape(f.message), escape(f.remedy),
         _where(f), escape(f.id)]
        for f in findings
    ]
    headers = ["level", "group", "barrier", "message", "remedy", "rule", "id"]
    return "### Barrier alerts\n\n" + table(headers, rows)


def _actions(findings: list[Finding]) -> str:
    rows = [
        [_level(f), escape(f.kind), escape(scope_text(f)), escape(f.message),
         escape(evidence_short(f)), _where(f), escape(f.id)]
        for f in findings
    ]
    headers = ["level", "kind", "segment", "message", "evidence", "rule", "id"]
    return "### Actions\n\n" + table(headers, rows)


def _holds(evidence: Evidence) -> str:
    return {True: "yes", False: "no", None: "n/a"}[evidence.holds]


def _evidence(findings: list[Finding]) -> str:
    blocks = []
    for f in findings:
        if not f.evidence:
            continue
        rows = [
            [escape(e.expression), escape(e.value), escape(e.period), escape(e.threshold),
             escape(e.margin), _holds(e)]
            for e in f.evidence
        ]
        headers = ["expression", "value", "period", "threshold", "margin", "holds"]
        blocks.append(f"**{escape(f.id)}**: {escape(f.title, ' ')}\n\n{table(headers, rows)}")
    if not blocks:
        return ""
    return _details(f"Evidence ({len(blocks)} findings)", "\n\n".join(blocks))


def _not_evaluated(evaluation: Evaluation, shown: int | None) -> str:
    items = ordered_not_evaluated(evaluation)
    rows = [[escape(n.id), escape(rule_ref(n.rule, n.path, n.line)), escape(n.reason)]
            for n in items[:shown]]
    body = table(["id", "rule", "reason"], rows)
    hidden = len(items) - len(rows)
    if hidden:
        body += f"\n\n{hidden} more not shown; see the json output."
    return _details(f"Not evaluated ({len(items)})", body)


def _effort(evaluation: Evaluation) -> str:
    rows = [[escape(cell) for cell in row] for row in effort_rows(evaluation)]
    return f"### {effort_title(evaluation)}\n\n" + table(EFFORT_HEADERS, rows, "lllrrr")


def _critical_mass(evaluation: Evaluation) -> str:
    rows = [[escape(cell) for cell in row] for row in progress_rows(evaluation)]
    return "### Critical mass\n\n" + table(PROGRESS_HEADERS, rows, "lrrrl")


def _warnings(evaluation: Evaluation) -> str:
    return "### Warnings\n\n" + "\n".join(f"- {escape(w, ' ')}" for w in evaluation.warnings)


def _notes(evaluation: Evaluation, cut: _Cut) -> str:
    notes = []
    hidden = len(evaluation.findings) - cut.findings
    if hidden:
        notes.append(f"{hidden} findings not shown; see the json output.")
    if not cut.evidence and any(f.evidence for f in evaluation.findings):
        notes.append("Evidence not shown to keep this comment short; see the json output.")
    return "\n\n".join(f"> **Note:** {note}" for note in notes)


def _document(evaluation: Evaluation, fail_on: str | None, cut: _Cut) -> str:
    shown = list(evaluation.findings[: cut.findings])
    alerts = [f for f in shown if f.is_alert]
    actions = [f for f in shown if not f.is_alert]
    title = escape(f"adoptplan: {evaluation.playbook} at {evaluation.period}", " ")
    sections = [
        f"## {title}",
        _counts(evaluation, fail_on),
        _notes(evaluation, cut),
        _alerts(alerts) if alerts else "",
        _actions(actions) if actions else "",
        _evidence(shown) if cut.evidence else "",
        _not_evaluated(evaluation, cut.not_evaluated) if evaluation.not_evaluated else "",
        _effort(evaluation) if evaluation.effort else "",
        _critical_mass(evaluation) if evaluation.critical_mass else "",
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


def render_markdown(evaluation: Evaluation, fail_on: str | None = None,
                    limit: int = MAX_CHARS) -> str:
    """The comment, cut to `limit` characters: evidence first, then the lowest-priority rows."""
    total = len(evaluation.findings)
    full = _document(evaluation, fail_on, _Cut(total))
    if len(full) <= limit:
        return full
    cut = _Cut(total, evidence=False)
    if len(_document(evaluation, fail_on, cut)) <= limit:
        return _document(evaluation, fail_on, cut)
    shown = _largest_fitting(
        lambda n: _document(evaluation, fail_on, _Cut(n, evidence=False)), total, limit
    )
    if shown is not None:
        return _document(evaluation, fail_on, _Cut(shown, evidence=False))
    pending = len(evaluation.not_evaluated)
    kept = _largest_fitting(
        lambda n: _document(evaluation, fail_on, _Cut(0, False, n)), pending, limit
    )
    return _hard_cut(_document(evaluation, fail_on, _Cut(0, False, kept or 0)), limit)


HARD_CUT_NOTE = "> **Note:** the rest is cut to keep this comment short; see the json output.\n"


def _hard_cut(document: str, limit: int) -> str:
    """Last resort (effort or warnings alone too long): whole lines up to the limit, a note."""
    if len(document) <= limit:
        return document
    room = limit - len(HARD_CUT_NOTE) - 2
    head = document[:room].rsplit("\n", 1)[0]
    return head + "\n\n" + HARD_CUT_NOTE
