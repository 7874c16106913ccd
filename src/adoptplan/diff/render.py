"""Render a diff of action lists: a sticky pull-request comment, terminal text, or JSON.

The comment opens with a hidden marker (so a workflow finds and updates its one comment), the
counts, then new barrier alerts loudly, then the other changes with their causes; unchanged
findings stay folded in <details>.
"""

from __future__ import annotations

from adoptplan.diff.compare import CHANGED, NEW, RESOLVED, UNCHANGED, Cause, Diff, Entry
from adoptplan.report import jsontext
from adoptplan.report.json_report import scope_text
from adoptplan.report.markdown import MAX_CHARS, escape, table

MARKER = "<!-- adoptplan-diff -->"
"""The first line of every comment: a workflow updates the comment that holds it."""

JSON_FORMAT_VERSION = 1

_BADGES = {NEW: "🆕 new", CHANGED: "✏️ changed", RESOLVED: "✅ resolved", UNCHANGED: "unchanged"}


def headline(diff: Diff) -> str:
    """`2 new · 1 changed · 1 resolved · 14 unchanged`, or `no changes · 14 unchanged`."""
    counts = diff.counts()
    parts = [f"{counts[s]} {s}" for s in (NEW, CHANGED, RESOLVED) if counts[s]]
    return " · ".join(parts or ["no changes"]) + f" · {counts[UNCHANGED]} unchanged"


def _new_alerts(diff: Diff) -> tuple[Entry, ...]:
    return tuple(e for e in diff.of(NEW) if e.finding.is_alert)


def cause_line(diff: Diff) -> str:
    """How many findings each cause changed, e.g. `new data (2026-W45 → 2026-W46): 3`."""
    counts = diff.by_cause()
    return " · ".join(f"{label}: {counts[cause]}" for cause, label in diff.causes.items())


def describe(cause: Cause, diff: Diff) -> str:
    """`level medium → high by new data (...)`, `new by the playbook change (...)`."""
    label = diff.causes.get(cause.cause, cause.cause)
    if cause.status != CHANGED:
        return f"{cause.status} by {label}"
    fields = "; ".join(f"{c.field} {c.before} → {c.after}" for c in cause.fields)
    return f"{fields} by {label}"


def _what(entry: Entry) -> str:
    finding = entry.finding
    return "barrier" if finding.is_alert else finding.kind


# ------------------------------------------------------------------------------------ Markdown


def _md_alerts(entries: tuple[Entry, ...], diff: Diff) -> str:
    rows = [[f"**{escape(e.finding.level)}**", escape(scope_text(e.finding)),
             escape(e.finding.title), escape(e.finding.message), escape(e.finding.remedy),
             escape("; ".join(describe(c, diff) for c in e.causes)), escape(e.finding.id)]
            for e in entries]
    headers = ["level", "group", "barrier", "message", "remedy", "cause", "id"]
    return f"### ⚠️ New barrier alerts ({len(entries)})\n\n" + table(headers, rows)


def _md_changes(entries: list[Entry], diff: Diff) -> str:
    rows = [[_BADGES[e.status], escape(e.finding.level), escape(_what(e)),
             escape(scope_text(e.finding)), escape(e.finding.message),
             escape("; ".join(describe(c, diff) for c in e.causes)), escape(e.finding.id)]
            for e in entries]
    headers = ["change", "level", "kind", "segment", "message", "cause", "id"]
    return "### Changes\n\n" + table(headers, rows)


def _md_unchanged(entries: tuple[Entry, ...], shown: int) -> str:
    rows = [[escape(e.finding.level), escape(_what(e)), escape(scope_text(e.finding)),
             escape(e.finding.message), escape(e.finding.id)] for e in entries[:shown]]
    body = table(["level", "kind", "segment", "message", "id"], rows)
    if shown < len(entries):
        body += f"\n\n{len(entries) - shown} more not shown; see `adoptplan diff --format json`."
    return (f"<details><summary>Unchanged ({len(entries)})</summary>\n\n{body}\n\n</details>")


def _markdown(diff: Diff, changes: int, unchanged: int) -> str:
    alerts = _new_alerts(diff)
    others = [e for e in diff.entries if e.status != UNCHANGED and e not in alerts]
    title = escape(f"adoptplan diff at {diff.period}: {headline(diff)}", " ")
    lines = [MARKER, f"## {title}"]
    if alerts:
        lines.append(f"**Barrier alerts: {len(alerts)} new**")
    lines.append(escape(f"Caused by {cause_line(diff)}", " "))
    sections = ["\n\n".join(lines)]
    sections += [f"> **Note:** {escape(note, ' ')}" for note in diff.notes]
    if alerts:
        sections.append(_md_alerts(alerts, diff))
    if others:
        sections.append(_md_changes(others[:changes], diff))
        if changes < len(others):
            sections.append(f"> **Note:** {len(others) - changes} more changes not shown; see "
                            "`adoptplan diff --format json`.")
    if diff.of(UNCHANGED):
        sections.append(_md_unchanged(diff.of(UNCHANGED), unchanged))
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


def render_text(diff: Diff) -> str:
    """Every finding, one line each, as the comment and the JSON list them: the changes with
    their causes, then the unchanged ones (which the comment folds away, a terminal need not)."""
    lines = [f"adoptplan diff at {diff.period}: {headline(diff).replace(' · ', ', ')}",
             f"caused by {cause_line(diff)}"]
    lines += [f"note: {note}" for note in diff.notes]
    for entry in diff.entries:
        f = entry.finding
        lines.append(f"{entry.status:<9} {f.level:<8} {_what(entry):<14} {f.id}")
        lines += [f"          {describe(c, diff)}" for c in entry.causes]
    return "\n".join(lines) + "\n"


def _entry(entry: Entry) -> dict:
    f = entry.finding
    return {
        "id": f.id, "status": entry.status, "alert": f.is_alert, "level": f.level,
        "kind": f.kind, "rule": f.rule, "segment": f.segment,
        "dimensions": [{"name": n, "value": v} for n, v in f.dimensions], "message": f.message,
        "path": f.path, "line": f.line,
        "causes": [{"cause": c.cause, "status": c.status,
                    "fields": [{"field": x.field, "before": x.before, "after": x.after}
                               for x in c.fields]} for c in entry.causes],
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
        "entries": [_entry(e) for e in diff.entries],
    }
    return jsontext.dumps(document)


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
FORMATS: tuple[str, ...] = tuple(RENDERERS)
