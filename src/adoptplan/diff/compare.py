"""What a pull request changes in the action list, and why: the playbook change or the data.

Two evaluation results (json files of `evaluate --format json`) are compared finding by finding,
by id. With a git base, the base playbooks and the head's on the head's metrics show what the
playbook change does, and the head's playbooks on the base metrics and the head's what the data
change does (see base.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

from adoptplan import result as r
from adoptplan.diagnostics import Diagnostic

NEW, RESOLVED, CHANGED, UNCHANGED = "new", "resolved", "changed", "unchanged"
STATUSES: tuple[str, ...] = (NEW, CHANGED, RESOLVED, UNCHANGED)
"""The order changes are listed in: what appeared, what moved, what went away, the rest."""

PLAYBOOK, DATA, RESULTS = "playbook", "data", "results"
"""Causes: the playbook change, the data change, or two results compared as given."""

FIELDS: tuple[str, ...] = ("level", "kind", "title", "message", "remedy", "tool", "status",
                           "score")
"""The fields whose change makes a finding changed. Evidence and the period change with every
new snapshot and say nothing new on their own; the source line moves with any edit above it."""


class DiffError(Exception):
    """The comparison cannot be made: an unreadable result, a git ref that does not exist."""


@attrs.frozen
class FieldChange:
    field: str
    before: str
    after: str


@attrs.frozen
class Cause:
    """One reason a finding differs: which comparison showed it, and how."""

    cause: str  # PLAYBOOK, DATA or RESULTS
    status: str  # NEW, RESOLVED or CHANGED
    fields: tuple[FieldChange, ...] = ()
    values: tuple[str, ...] = ()  # for DATA: the values that crossed, `active_members 42% → 30%`


@attrs.frozen
class Entry:
    """A finding of either side: how it changed overall, and each cause."""

    status: str
    finding: r.Finding  # the latest side's, or the earlier one for a resolved finding
    causes: tuple[Cause, ...] = ()

    @property
    def sort_key(self) -> tuple:
        """New barrier alerts first, then by status, then the evaluation's total order."""
        loud = self.status == NEW and self.finding.is_alert
        score = self.finding.score  # NaN when a result file gave none (null): last of its level
        unscored = math.isnan(score)
        return (not loud, STATUSES.index(self.status), -self.finding.level_rank, unscored,
                0.0 if unscored else -score, self.finding.id)


@attrs.frozen
class Diff:
    """Every finding of the compared evaluations, classified, in the documented order."""

    entries: tuple[Entry, ...]
    causes: Mapping[str, str]  # cause -> how to say it, e.g. "the data change (against main: ...)"
    period: str = ""
    notes: tuple[str, ...] = ()
    # warnings about the working tree's playbooks and metrics (an unknown segment...), and the
    # texts of their files, for the same rendering as `evaluate` gives them
    warnings: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, str] = attrs.field(factory=dict)
    # what the playbook change changed in each rule and barrier (see clauses.clause_changes)
    clauses: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    # segments whose progress crossed the critical mass, one line each
    crossings: tuple[str, ...] = ()
    # the privacy floor's warnings (`--allow-small-groups`): every format of the diff says them
    floor_warnings: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """A finding moved, a segment crossed the critical mass, or a rule's clause changed."""
        return bool(self.crossings or self.clauses) or any(
            entry.status != UNCHANGED for entry in self.entries)

    def of(self, status: str) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.status == status)

    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in STATUSES}

    def by_cause(self) -> dict[str, int]:
        """How many findings each cause changed (a finding may count under two causes)."""
        return {cause: sum(any(c.cause == cause for c in e.causes) for e in self.entries)
                for cause in self.causes}


# ---------------------------------------------------------------------------------- comparing


def _shown(value: object) -> str:
    if isinstance(value, float):
        # start-up: loads report.json_report only when this runs
        from adoptplan.report.json_report import number

        return number(value)
    return str(value)


def field_changes(before: r.Finding, after: r.Finding) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, _shown(getattr(before, name)), _shown(getattr(after, name)))
                 for name in FIELDS if _shown(getattr(before, name)) != _shown(getattr(after,
                                                                                        name)))


def _measured(evidence: r.Evidence) -> bool:
    return evidence.number is not None and bool(evidence.value)


def crossed(before: r.Finding | None, after: r.Finding | None,
            elsewhere: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The values behind a finding the data moved: `active_members < active_floor: 42% → 30%
    (threshold 40%)`. A side without the finding takes its values from `elsewhere` (the
    condition's values there, by expression), or says only the other side's."""
    old = {e.expression: e for e in (before.evidence if before else ()) if _measured(e)}
    new = {e.expression: e for e in (after.evidence if after else ()) if _measured(e)}
    other = elsewhere or {}
    lines = []
    for expression in sorted(set(old) | set(new)):
        was, now = old.get(expression), new.get(expression)
        if was is not None and now is not None and was.value == now.value:
            continue
        shown = now or was
        before_value = was.value if was else other.get(expression)
        after_value = now.value if now else other.get(expression)
        value = (f"{before_value} → {after_value}" if before_value and after_value else
                 f"now {after_value}" if after_value else f"was {before_value}")
        threshold = f" (threshold {shown.threshold})" if shown.threshold else ""
        lines.append(f"{expression}: {value}{threshold}")
    return tuple(lines)


def _cause(cause: str, before: r.Finding | None, after: r.Finding | None) -> Cause | None:
    if before is None and after is None:
        return None
    values = crossed(before, after) if cause == DATA else ()
    if before is None:
        return Cause(cause, NEW, values=values)
    if after is None:
        return Cause(cause, RESOLVED, values=values)
    fields = field_changes(before, after)
    return Cause(cause, CHANGED, fields, values) if fields else None


def classify(after: Sequence[r.Finding], befores: Mapping[str, Sequence[r.Finding]]) -> tuple[
        Entry, ...]:
    """Each finding of `after` and of the earlier evaluations (one per cause), classified.

    A finding is new when an earlier side lacks it, resolved when `after` lacks it, changed
    when a field differs; each cause under which it differs is named.
    """
    latest = {f.id: f for f in after}
    earlier = {cause: {f.id: f for f in findings} for cause, findings in befores.items()}
    ids = set(latest).union(*(set(side) for side in earlier.values()))
    entries = []
    for finding_id in ids:
        now = latest.get(finding_id)
        causes = tuple(c for c in (_cause(cause, side.get(finding_id), now)
                                   for cause, side in earlier.items()) if c is not None)
        if now is None:
            status = RESOLVED
            shown = next(side[finding_id] for side in earlier.values() if finding_id in side)
        else:
            shown = now
            missing = any(finding_id not in side for side in earlier.values())
            status = NEW if missing else (CHANGED if causes else UNCHANGED)
        entries.append(Entry(status, shown, causes))
    return tuple(sorted(entries, key=lambda e: e.sort_key))


def crossed_mass(before: Sequence[r.Progress], after: Sequence[r.Progress], label: str) -> tuple[
        str, ...]:
    """A line for each segment whose share of active members crossed the critical mass either
    way: `reps fell below the critical mass: 65.3% → 48% (target 60%) by ...`."""
    # start-up: loads report.json_report only when this runs
    from adoptplan.report.json_report import percent

    earlier = {p.segment: p for p in before}
    lines = []
    for now in sorted(after, key=lambda p: p.segment):
        was = earlier.get(now.segment)
        if was is None or was.active is None or now.active is None:
            continue
        reached = (was.active >= was.target, now.active >= now.target)
        if reached[0] != reached[1]:
            verb = "reached" if reached[1] else "fell below"
            who = "all segments together" if now.segment == "(all)" else now.segment
            lines.append(f"{who} {verb} the critical mass: {percent(was.active)} → "
                         f"{percent(now.active)} (target {percent(now.target)}) by {label}")
    return tuple(lines)


# ------------------------------------------------------------------------- two result files


# --------------------------------------------------------------------------------- git base


