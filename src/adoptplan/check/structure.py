"""Structure checks: one playbook header, and every clause a declaration cannot do without."""

from __future__ import annotations

from collections.abc import Iterator

from adoptplan import model as m
from adoptplan.catalogue import METRIC_UNITS
from adoptplan.check.index import included_file, includes_with_file, is_library, keyword_span, where
from adoptplan.codes.semantic import MISSING_CLAUSE, NO_HEADER, TWO_HEADERS
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic

# (field, clause as written, hint) per declaration kind, in the order clauses are usually written
REQUIRED: dict[type, tuple[tuple[str, str, str], ...]] = {
    m.Header: (
        ("cadence", "cadence", "add `cadence weekly` or `cadence monthly`"),
        ("launch", "launch", "add the launch period, e.g. `launch 2026-W40`"),
    ),
    m.Priority: (
        ("segments", "for", "name the segments whose managers gave it, e.g. `for reps`"),
    ),
    m.Rule: (
        ("when", "when", "add the condition, e.g. `when active_members < 40%`"),
        ("kind", "do", 'add the action, e.g. `do educate "Workshop: {priority}"`'),
    ),
    m.Barrier: (
        ("when", "when", "add the condition, e.g. `when files_shared / posts < 5%`"),
        ("severity", "severity", "add a level, e.g. `severity high`"),
        ("remedy", "remedy", 'add what removes it, e.g. `remedy "Ask a manager to share first"`'),
    ),
    m.Waiver: (
        ("scope", "for", "name the findings it covers, e.g. `for reps by geography = DE`"),
        ("until", "until", "add the last day it applies, e.g. `until 2026-12-31`"),
        ("reason", "reason", 'say why, e.g. `reason "Works council is reviewing the policy"`'),
        ("owner", "owner", 'name who answers for it, e.g. `owner "Maya Lindqvist"`'),
    ),
    m.Intervention: (
        ("scope", "for", "name the group it was for, e.g. `for reps by geography = DE`"),
        ("starts", "from", "add the first period it ran, e.g. `from 2026-W41`"),
        ("ends", "to", "add the last period it ran, e.g. `to 2026-W43`"),
        ("measure", "measure", "name the metric it should move, e.g. `measure active_members`"),
    ),
}

KIND_WORDS: dict[type, str] = {
    m.Header: "the playbook header",
    m.Segment: "segment",
    m.Priority: "priority",
    m.Tool: "tool",
    m.Metric: "metric",
    m.Param: "param",
    m.Rule: "rule",
    m.Barrier: "barrier",
    m.Waiver: "waiver of",
    m.Intervention: "intervention",
}


def declaration_label(declaration: object) -> str:
    """`rule reps_inactive`, or `the playbook header`."""
    word = KIND_WORDS.get(type(declaration), "declaration")
    if isinstance(declaration, m.Header):
        return word
    return f"{word} {declaration.name.text}"


def declaration_span(declaration: object) -> m.Span:
    """Where a finding about a whole declaration points: its name, or the `playbook` keyword."""
    if isinstance(declaration, m.Header):
        return keyword_span(declaration.span, "playbook")
    return declaration.name.span


def _missing(declaration: object, clause: str, hint: str) -> Diagnostic:
    return Diagnostic(
        MISSING_CLAUSE,
        f"{declaration_label(declaration)} has no `{clause}` clause",
        declaration_span(declaration),
        ERROR,
        hint,
    )


def iter_required_clauses(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A rule without `when` can never fire; a header without `launch` has no baseline."""
    for declaration in playbook.declarations():
        for field, clause, hint in REQUIRED.get(type(declaration), ()):
            if not getattr(declaration, field, None):
                yield _missing(declaration, clause, hint)
        snapshot_metric = isinstance(declaration, m.Metric) and declaration.value is None
        if snapshot_metric and declaration.unit is None:
            yield _missing(declaration, "unit", "add its unit: " + ", ".join(METRIC_UNITS))


def top_files(playbook: m.Playbook) -> tuple[m.SourceFile, ...]:
    """The files no other file includes: where a reader starts (all of them, in a cycle)."""
    included = {
        id(target)
        for source, include in includes_with_file(playbook)
        if (target := included_file(playbook, source.path, include)) is not None
    }
    return tuple(f for f in playbook.files if id(f) not in included) or playbook.files


def iter_headers(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A playbook has exactly one header: shared files that are included have none."""
    headers = playbook.of_type(m.Header)
    first = headers[0] if headers else None
    for extra in headers[1:]:
        yield Diagnostic(
            TWO_HEADERS,
            "a playbook has one `playbook` header; this is a second one",
            keyword_span(extra.span, "playbook"),
            ERROR,
            f"the header is at {where(first.span, extra.span)}; a file that others include "
            "holds declarations only",
        )
    library_only = all(is_library(f.path) for f in playbook.files)
    if first is None and playbook.files and not library_only:
        path = top_files(playbook)[0].path
        yield Diagnostic(
            NO_HEADER,
            "there is no `playbook` header: no cadence, launch or critical mass",
            m.Span(path, 1, 1, 1, 2),
            WARNING,
            'add a header block `playbook "Name" { ... }` with `cadence` and `launch` clauses',
        )


CHECKS = (iter_headers, iter_required_clauses)
