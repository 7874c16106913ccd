"""What a pull request changes in the action list, and why: the playbook change or new data.

Two evaluation results (json files of `evaluate --format json`) are compared finding by finding,
by id. With a git base, three evaluations answer two questions: the base playbooks and the
working tree's on the same metrics (what the playbook change does), and the working tree's
playbooks on the previous and the latest period (what the new data does).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from adoptplan import result as r
from adoptplan.diagnostics import Diagnostic

NEW, RESOLVED, CHANGED, UNCHANGED = "new", "resolved", "changed", "unchanged"
STATUSES: tuple[str, ...] = (NEW, CHANGED, RESOLVED, UNCHANGED)
"""The order changes are listed in: what appeared, what moved, what went away, the rest."""

PLAYBOOK, DATA, RESULTS = "playbook", "data", "results"
"""Causes: the playbook change, new data, or two results compared as given."""

FIELDS: tuple[str, ...] = ("level", "kind", "title", "message", "remedy", "tool", "status",
                           "score")
"""The fields whose change makes a finding changed. Evidence and the period change with every
new snapshot and say nothing new on their own; the source line moves with any edit above it."""


EXIT_CHANGES = 2
"""`diff --detailed-exitcode` exits 2 when something changed (and 1 on an error, 0 on no
change): terraform's `plan -detailed-exitcode` convention, which CI scripts already know. It
differs from the other commands, where 1 means findings and 2 bad input."""


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
        return (not loud, STATUSES.index(self.status), *self.finding.sort_key)


@attrs.frozen
class Diff:
    """Every finding of the compared evaluations, classified, in the documented order."""

    entries: tuple[Entry, ...]
    causes: Mapping[str, str]  # cause -> how to say it, e.g. "new data (2026-W45 → 2026-W46)"
    period: str = ""
    notes: tuple[str, ...] = ()
    # warnings about the working tree's playbooks and metrics (an unknown segment...), and the
    # texts of their files, for the same rendering as `evaluate` gives them
    warnings: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def changed(self) -> bool:
        return any(entry.status != UNCHANGED for entry in self.entries)

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
        from adoptplan.report.json_report import number

        return number(value)
    return str(value)


def field_changes(before: r.Finding, after: r.Finding) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, _shown(getattr(before, name)), _shown(getattr(after, name)))
                 for name in FIELDS if _shown(getattr(before, name)) != _shown(getattr(after,
                                                                                        name)))


def _cause(cause: str, before: r.Finding | None, after: r.Finding | None) -> Cause | None:
    if before is None and after is None:
        return None
    if before is None:
        return Cause(cause, NEW)
    if after is None:
        return Cause(cause, RESOLVED)
    fields = field_changes(before, after)
    return Cause(cause, CHANGED, fields) if fields else None


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


# ------------------------------------------------------------------------- two result files


def findings_from_document(document: Mapping) -> tuple[r.Finding, ...]:
    """The findings of an `evaluate --format json` document. Raises DiffError when malformed."""
    names = {field.name for field in attrs.fields(r.Finding)}
    findings = []
    try:
        for item in document["findings"]:
            values = {key: value for key, value in item.items() if key in names}
            values["dimensions"] = tuple((d["name"], d["value"]) for d in item["dimensions"])
            values["evidence"] = tuple(r.Evidence(**e) for e in item.get("evidence", ()))
            findings.append(r.Finding(**values))
    except KeyError as error:
        raise DiffError(f"not an adoptplan evaluation result: it has no {error.args[0]!r} "
                        "(make one with `adoptplan evaluate --format json`)") from None
    except (TypeError, AttributeError) as error:
        raise DiffError(f"not an adoptplan evaluation result: {error}") from None
    return tuple(findings)


def read_result(path: Path) -> tuple[Mapping, tuple[r.Finding, ...]]:
    """A result file's document and findings. Raises DiffError when it cannot be used."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DiffError(f"cannot read {path} as an evaluation result: {error}") from None
    if not isinstance(document, dict):
        raise DiffError(f"{path} is not an adoptplan evaluation result")
    return document, findings_from_document(document)


def diff_results(before: Path, after: Path) -> Diff:
    """Compare two result files; the cause is the two results as given."""
    before_doc, before_findings = read_result(before)
    after_doc, after_findings = read_result(after)
    periods = (before_doc.get("period", ""), after_doc.get("period", ""))
    label = f"{before.name} ({periods[0]}) → {after.name} ({periods[1]})"
    entries = classify(after_findings, {RESULTS: before_findings})
    return Diff(entries, {RESULTS: label}, periods[1])


# --------------------------------------------------------------------------------- git base


def _git(args: Sequence[str], cwd: Path) -> bytes:
    """Run git (never through a shell); raise DiffError with its message when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise DiffError(f"cannot run git: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().split("\n")[-1]
        raise DiffError(f"git {' '.join(args[:2])}: {message}")
    return done.stdout


def export_at(ref: str, paths: Sequence[Path], into: Path) -> tuple[list[Path], list[str]]:
    """The playbooks as they were at `ref`, written under `into` at their repository paths.

    A file is exported with every file of its folder (what its includes may reach); a folder
    with everything under it. Returns the exported counterparts of `paths` that existed at
    `ref`, and a note for each that did not. Raises DiffError for a bad ref or a path outside
    the repository.
    """
    cwd = Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip()).resolve()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd).decode().strip()
    exported, notes = [], []
    for path in paths:
        absolute = path.resolve()
        if not absolute.is_relative_to(root):
            raise DiffError(f"{path} is outside the git repository {root}")
        relative = absolute.relative_to(root)
        folder = relative if path.is_dir() else relative.parent
        listing = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--",
                        folder.as_posix() or "."], root)
        for name in sorted(n for n in listing.decode("utf-8").split("\0") if n):
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["cat-file", "blob", f"{commit}:{name}"], root))
        if (into / relative).exists():
            exported.append(into / relative)
        else:
            notes.append(f"{relative.as_posix()} does not exist at {ref}")
    return exported, notes


def _prepare(playbooks: Sequence[Path], metrics: Sequence[Path]):
    """Raises api.InputError for invalid playbooks or metrics."""
    from adoptplan import api

    return api.prepare(list(playbooks), list(metrics))


def _findings(prepared, at: str | None, overrides: Mapping) -> r.Evaluation:
    """Raises EvaluationError when `at` is not a period of the metrics."""
    from adoptplan import api

    return api.evaluate_prepared(prepared, at, dict(overrides), record_cases=False)


def _previous(period: str, periods: Sequence[str]) -> str | None:
    """The period of the data before `period`, if the metrics have one."""
    earlier = [p for p in periods if p < period]
    return earlier[-1] if earlier else None


def _relocated(findings: Sequence[r.Finding], exported: Path) -> tuple[r.Finding, ...]:
    """Base findings pointing at the working tree's paths rather than the temporary export."""
    from adoptplan.playbook_tests import display

    root = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).decode().strip())
    moved = []
    for finding in findings:
        path = Path(finding.path)
        if path.is_absolute() and path.is_relative_to(exported):
            finding = attrs.evolve(finding, path=display(root / path.relative_to(exported)))
        moved.append(finding)
    return tuple(moved)


def diff_base(ref: str, playbooks: Sequence[Path], metrics: Sequence[Path], at: str | None = None,
              overrides: Mapping | None = None) -> Diff:
    """Compare the working tree with `ref`: the playbook change on the same metrics, and new data.

    Raises DiffError (git), api.InputError (invalid playbooks or metrics) or EvaluationError.
    """
    overrides = overrides or {}
    prepared = _prepare(playbooks, metrics)
    head = _findings(prepared, at, overrides)
    with tempfile.TemporaryDirectory(prefix="adoptplan-base-") as folder:
        exported_root = Path(folder).resolve()
        exported, notes = export_at(ref, playbooks, exported_root)
        base = _findings(_prepare(exported, metrics), head.period, overrides) if exported else None
        base_findings = _relocated(base.findings, exported_root) if base else ()
    befores = {PLAYBOOK: base_findings}
    causes = {PLAYBOOK: f"the playbook change (against {ref})"}
    previous = _previous(head.period, prepared.history.periods)
    if previous is None:
        notes.append(f"the metrics have no period before {head.period}: no new-data comparison")
    else:
        befores[DATA] = _findings(prepared, previous, overrides).findings
        causes[DATA] = f"new data ({previous} → {head.period})"
    return Diff(classify(head.findings, befores), causes, head.period, tuple(notes),
                prepared.warnings, prepared.sources)
