"""Render a diff of action lists: a sticky pull-request comment, terminal text, or JSON.

The comment opens with a hidden marker (so a workflow finds and updates its one comment), the
counts, segments that crossed the critical mass, what the playbook change changed clause by
clause, then new barrier alerts loudly, then the other changes with their causes (the clause
that moved them, the values that crossed), then the unchanged high and critical alerts; the
other unchanged findings stay folded in <details>. One rule's findings across the groups of a
breakdown are one row: `reps in DE, FR, IN and US`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from rich.table import Table
from rich.text import Text

from adoptplan.diff.compare import CHANGED, NEW, PLAYBOOK, RESOLVED, UNCHANGED, Cause, Diff, Entry
from adoptplan.report import jsontext
from adoptplan.report.json_report import scope_text
from adoptplan.report.markdown import MAX_CHARS, code_span, escape, table
from adoptplan.report.table import PLAIN, Layout, fitted
from adoptplan.report.visible import visible

MARKER = "<!-- adoptplan-diff -->"
"""The first line of every comment: a workflow updates the comment that holds it."""

JSON_FORMAT_VERSION = 1

_BADGES = {NEW: "🆕 new", CHANGED: "✏️ changed", RESOLVED: "✅ resolved", UNCHANGED: "unchanged"}


def headline(diff: Diff) -> str:
    """`2 new · 1 changed · 1 resolved · 14 unchanged`, or `no change · 14 unchanged`."""
    counts = diff.counts()
    parts = [f"{counts[s]} {s}" for s in (NEW, CHANGED, RESOLVED) if counts[s]]
    return " · ".join(parts or ["no change"]) + f" · {counts[UNCHANGED]} unchanged"


def _new_alerts(diff: Diff) -> tuple[Entry, ...]:
    return tuple(e for e in diff.of(NEW) if e.finding.is_alert)


def cause_line(diff: Diff) -> str:
    """How many findings each cause changed, e.g. `the playbook change (against main): 3`."""
    counts = diff.by_cause()
    return " · ".join(f"{label}: {counts[cause]}" for cause, label in diff.causes.items())


def describe(cause: Cause, diff: Diff, rule: str = "", values: bool = True) -> str:
    """`level medium → high by the data change (...)`, `new by the playbook change (...):
    threshold 40% → 45%`; with `values`, the values that crossed after the data change's."""
    label = diff.causes.get(cause.cause, cause.cause)
    if cause.status != CHANGED:
        text = f"{cause.status} by {label}"
    else:
        fields = "; ".join(f"{c.field} {c.before} → {c.after}" for c in cause.fields)
        text = f"{fields} by {label}"
    why = diff.clauses.get(rule, ()) if cause.cause == PLAYBOOK else ()
    why += cause.values if values else ()
    return f"{text}: {'; '.join(why)}" if why else text


def _causes(entry: Entry, diff: Diff, values: bool = True) -> str:
    return "; ".join(describe(c, diff, entry.finding.rule, values) for c in entry.causes)


def _what(entry: Entry) -> str:
    finding = entry.finding
    return "barrier" if finding.is_alert else finding.kind


# ------------------------------------------------------------------------------------ Markdown


LOUD = ("high", "critical")
"""Unchanged alerts at these levels stay in sight: a reviewer must not forget them."""


@attrs.frozen
class Row:
    """Entries of one rule alike but for the group of a breakdown: one row of the comment."""

    entries: tuple[Entry, ...]

    @property
    def first(self) -> Entry:
        return self.entries[0]

    def group(self) -> str:
        """`reps (geography=DE)` for one, `reps in DE, FR, IN and US` for several."""
        if len(self.entries) == 1:
            return scope_text(self.first.finding)
        values = [", ".join(v for _, v in e.finding.dimensions) for e in self.entries]
        listed = ", ".join(values[:-1]) + f" and {values[-1]}"
        return f"{self.first.finding.segment} in {listed}"

    def message(self) -> str:
        """The message of one; of several, the title (their messages name each group)."""
        messages = {e.finding.message for e in self.entries}
        return self.first.finding.message if len(messages) == 1 else self.first.finding.title

    def cause(self, diff: Diff) -> str:
        """What moved them; the values that crossed, each with its group when several."""
        text = _causes(self.first, diff, values=len(self.entries) == 1)
        if self.first.status == UNCHANGED:
            return "open before and after"
        if len(self.entries) == 1:
            return text
        crossed = [f"{', '.join(v for _, v in e.finding.dimensions)} {value}"
                   for e in self.entries for c in e.causes for value in c.values]
        return f"{text}: {'; '.join(crossed)}" if crossed else text

    def ids(self) -> str:
        return ", ".join(e.finding.id for e in self.entries)


def rows(entries: Sequence[Entry], diff: Diff) -> list[Row]:
    """`entries` with one row per rule, status and cause across the groups of a breakdown, in
    the order of each row's first entry."""
    grouped: dict[tuple, list[Entry]] = {}
    for entry in entries:
        f = entry.finding
        key = ((entry.status, f.rule, f.segment, f.level, f.kind, tuple(n for n, _ in
                f.dimensions), _causes(entry, diff, values=False))
               if f.dimensions else (f.id,))
        grouped.setdefault(key, []).append(entry)
    return [Row(tuple(group)) for group in grouped.values()]


def _md_alerts(entries: Sequence[Entry], diff: Diff, title: str) -> str:
    found = [[f"**{escape(row.first.finding.level)}**", escape(row.group()),
              escape(row.first.finding.title), escape(row.message()),
              escape(row.first.finding.remedy), escape(row.cause(diff)), escape(row.ids())]
             for row in rows(entries, diff)]
    headers = ["level", "group", "barrier", "message", "remedy", "cause", "id"]
    return f"### {title} ({len(entries)})\n\n" + table(headers, found)


def _md_changes(entries: list[Entry], diff: Diff) -> str:
    found = [[_BADGES[row.first.status], escape(row.first.finding.level), escape(_what(row.first)),
              escape(row.group()), escape(row.message()), escape(row.cause(diff)),
              escape(row.ids())] for row in rows(entries, diff)]
    headers = ["change", "level", "kind", "segment", "message", "cause", "id"]
    return "### Changes\n\n" + table(headers, found)


def _md_unchanged(entries: tuple[Entry, ...], shown: int) -> str:
    rows = [[escape(e.finding.level), escape(_what(e)), escape(scope_text(e.finding)),
             escape(e.finding.message), escape(e.finding.id)] for e in entries[:shown]]
    body = table(["level", "kind", "segment", "message", "id"], rows)
    if shown < len(entries):
        body += f"\n\n{len(entries) - shown} more not shown; see `adoptplan diff --format json`."
    return (f"<details><summary>Unchanged ({len(entries)})</summary>\n\n{body}\n\n</details>")


def _md_clauses(diff: Diff) -> str:
    lines = [f"- {code_span(rule)}: {escape('; '.join(changed))}"
             for rule, changed in diff.clauses.items()]
    return "### What the playbook change changed\n\n" + "\n".join(lines)


def _still_open(diff: Diff) -> tuple[Entry, ...]:
    return tuple(e for e in diff.of(UNCHANGED) if e.finding.is_alert and e.finding.level in LOUD)


def _markdown(diff: Diff, changes: int, unchanged: int) -> str:
    alerts = _new_alerts(diff)
    others = [e for e in diff.entries if e.status != UNCHANGED and e not in alerts]
    still = _still_open(diff)
    title = escape(f"adoptplan diff at {diff.period}: {headline(diff)}", " ")
    lines = [MARKER, f"## {title}"]
    if alerts:
        lines.append(f"**Barrier alerts: {len(alerts)} new**")
    lines.append(escape(f"Caused by {cause_line(diff)}", " "))
    sections = ["\n\n".join(lines)]
    sections += [f"> **Warning:** {escape(text, ' ')}" for text in diff.floor_warnings]
    sections += [f"> **Note:** {escape(note, ' ')}" for note in diff.notes]
    if diff.crossings:
        sections.append("### Critical mass\n\n" + "\n".join(
            f"- {escape(line, ' ')}" for line in diff.crossings))
    if diff.clauses:
        sections.append(_md_clauses(diff))
    if alerts:
        sections.append(_md_alerts(alerts, diff, "⚠️ New barrier alerts"))
    if others:
        sections.append(_md_changes(others[:changes], diff))
        if changes < len(others):
            sections.append(f"> **Note:** {len(others) - changes} more changes not shown; see "
                            "`adoptplan diff --format json`.")
    if still:
        sections.append(_md_alerts(still, diff, "Still open: high and critical barrier alerts"))
    folded = tuple(e for e in diff.of(UNCHANGED) if e not in still)
    if folded:
        sections.append(_md_unchanged(folded, unchanged))
    return "\n\n".join(sections) + "\n"


def render_markdown(diff: Diff, limit: int = MAX_CHARS) -> str:
    """The sticky comment, under `limit` characters: unchanged rows go first, then changes."""
    changes = sum(e.status != UNCHANGED for e in diff.entries)
    unchanged = len(diff.of(UNCHANGED))
    document = _markdown(diff, changes, unchanged)
    while len(document) > limit and unchanged:
        unchanged //= 2
        document = _markdown(diff, changes, unchanged)
    while len(document) > limit and changes:
        changes //= 2
        document = _markdown(diff, changes, 0)
    return document


# ---------------------------------------------------------------------------------- text, JSON


def render_text(diff: Diff, layout: Layout = PLAIN) -> str:
    """Every finding, one line each, as the comment and the JSON list them: the changes with
    their causes, then the unchanged ones (which the comment folds away, a terminal need not).
    Laid out by rich to the layout's width (ids fold, causes wrap); `quiet`: the headline alone."""
    title = f"adoptplan diff at {diff.period}: {headline(diff).replace(' · ', ', ')}"
    warnings = [f"warning: {text}" for text in diff.floor_warnings]
    if layout.quiet:
        return visible("\n".join([title, *warnings])) + "\n"
    lines = [title, f"caused by {cause_line(diff)}", *warnings]
    lines += [f"note: {note}" for note in diff.notes]
    lines += [f"critical mass: {line}" for line in diff.crossings]
    lines += [f"changed {rule}: {'; '.join(changed)}" for rule, changed in diff.clauses.items()]
    grid = Table.grid(padding=(0, 1, 0, 0))
    for width in (9, 8, 14):
        grid.add_column(no_wrap=True, min_width=width)
    grid.add_column(overflow="fold", ratio=1)
    for entry in diff.entries:
        f = entry.finding
        grid.add_row(entry.status, f.level, _what(entry), Text(visible(f.id)))
        for cause in entry.causes:
            grid.add_row("", "", "", Text(visible(describe(cause, diff, f.rule))))
    shown = [Text(visible(line)) for line in lines]
    return fitted(layout, *shown, *([grid] if diff.entries else [])) + "\n"


def _entry(entry: Entry) -> dict:
    f = entry.finding
    return {
        "id": f.id, "status": entry.status, "alert": f.is_alert, "level": f.level,
        "kind": f.kind, "rule": f.rule, "segment": f.segment,
        "dimensions": [{"name": n, "value": v} for n, v in f.dimensions], "message": f.message,
        "path": f.path, "line": f.line,
        "causes": [{"cause": c.cause, "status": c.status,
                    "fields": [{"field": x.field, "before": x.before, "after": x.after}
                               for x in c.fields], "values": list(c.values)}
                   for c in entry.causes],
    }


def render_json(diff: Diff) -> str:
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "period": diff.period,
        "changed": diff.changed,
        "counts": diff.counts(),
        "causes": [{"cause": c, "label": label, "findings": diff.by_cause()[c]}
                   for c, label in diff.causes.items()],
        "notes": list(diff.notes),
        "warnings": list(diff.floor_warnings),
        "clauses": [{"rule": rule, "changes": list(changed)}
                    for rule, changed in diff.clauses.items()],
        "critical_mass": list(diff.crossings),
        "entries": [_entry(e) for e in diff.entries],
    }
    return jsontext.dumps(document)


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
