"""`adoptplan diff`: two result files compared, or the working tree against a git base.

With a git base, up to three evaluations answer two questions: the base playbooks and the
working tree's on the working tree's metrics (what the playbook change does), and the working
tree's playbooks on the base metrics and on the working tree's (what the data change does).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from adoptplan import api
from adoptplan import result as r
from adoptplan.diagnostics import InputError
from adoptplan.diff.clauses import clause_changes
from adoptplan.diff.compare import (
    DATA,
    NEW,
    PLAYBOOK,
    RESOLVED,
    RESULTS,
    Diff,
    classify,
    crossed,
    crossed_mass,
)
from adoptplan.diff.git import export_at, repository_root, resolve_commit
from adoptplan.engine.params import SMALL_GROUPS_ALLOWED
from adoptplan.files import display_path, write_atomic
from adoptplan.report.json_read import read_result

EXIT_CHANGES = 2
"""`diff --detailed-exitcode` exits 2 when something changed (and 1 on an error, 0 on no
change): terraform's `plan -detailed-exitcode` convention, which CI scripts already know. It
differs from the other commands, where 1 means findings and 2 bad input."""



def diff_results(before: Path, after: Path) -> Diff:
    """Compare two result files; the cause is the two results as given."""
    before_doc, before_findings = read_result(before)
    after_doc, after_findings = read_result(after)
    periods = (before_doc["period"], after_doc["period"])
    label = f"{before.name} ({periods[0]}) → {after.name} ({periods[1]})"
    entries = classify(after_findings, {RESULTS: before_findings})
    return Diff(entries, {RESULTS: label}, periods[1],
                floor_warnings=floor_warnings(before_doc.get("warnings", ()),
                                              after_doc.get("warnings", ())))


def floor_warnings(*warnings: Sequence[str]) -> tuple[str, ...]:
    """The warnings of a privacy floor below 5 people (`--allow-small-groups`) among those of
    the compared evaluations, each once: a diff of such evaluations says so as they do."""
    return tuple(dict.fromkeys(w for found in warnings for w in found
                               if w.startswith(SMALL_GROUPS_ALLOWED)))



def write_output(path: Path, text: str) -> None:
    """Write a rendering to `-o path` atomically; with nothing to say (`--only-changes` and no
    change), remove what an earlier run left there, since CI posts whatever file exists.

    Only a regular file is removed: a link to one is emptied instead (the link stays, and the
    CI scripts treat an empty file as no comment); a device or pipe (`-o /dev/stdout`) gets
    nothing. Raises OSError.
    """
    if text:
        write_atomic(path, text)
        return
    try:
        own = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(own) or (stat.S_ISLNK(own) and path.is_dir()):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if stat.S_ISREG(own):
        path.unlink()
    elif stat.S_ISLNK(own) and path.is_file():
        write_atomic(path, "")



def _prepare(playbooks: Sequence[Path], metrics: Sequence[Path], allow_small: bool = False):
    """Raises InputError for invalid playbooks or metrics (`allow_small`: a privacy floor below
    5 people in a playbook is allowed)."""
    return api.prepare(list(playbooks), list(metrics), allow_small)



def _findings(prepared, at: str | None, overrides: Mapping, privacy: Mapping) -> r.Evaluation:
    """Raises EvaluationError when `at` is not a period of the metrics."""
    return api.evaluate_prepared(prepared, at, dict(overrides), record_cases=False, **privacy)



def _relocated(findings: Sequence[r.Finding], exported: Path, root: Path) -> tuple[
        r.Finding, ...]:
    """Base findings pointing at the working tree's paths rather than the temporary export."""
    moved = []
    for finding in findings:
        path = Path(finding.path)
        if path.is_absolute() and path.is_relative_to(exported):
            finding = attrs.evolve(finding, path=display_path(root / path.relative_to(exported)))
        moved.append(finding)
    return tuple(moved)



def _tracked(ref: str, paths: Sequence[Path], into: Path, root: Path) -> tuple[list[Path],
                                                                              str | None]:
    """`paths` as they were at `ref` under `into`, or why there is nothing to compare with."""
    if not all(path.resolve().is_relative_to(root) for path in paths):
        return [], "the metrics are outside the git repository"
    exported, missing = export_at(ref, paths, into, root)
    if missing or not any(p.is_file() or any(p.iterdir()) for p in exported):
        return [], f"the metrics are not in git at {ref}"
    return exported, None


def _same_playbook(exported: Sequence[Path], prepared: api.Prepared) -> bool:
    """Whether the playbooks at the base declare the same as the head's: an edit of a comment,
    of the layout or of a file the playbooks do not include changes nothing to evaluate."""
    base = api.check_paths(list(exported)).loaded.playbook
    return base.declarations() == prepared.checked.loaded.playbook.declarations()


def _same_files(paths: Sequence[Path], exported: Sequence[Path]) -> bool:
    """Whether the files under `exported` hold the same bytes as those under `paths`."""
    def files(path: Path) -> dict[str, bytes]:
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in found}
    return len(paths) == len(exported) and all(
        files(a) == files(b) for a, b in zip(paths, exported, strict=True))


def diff_base(ref: str, playbooks: Sequence[Path], metrics: Sequence[Path], at: str | None = None,
              overrides: Mapping | None = None, privacy: Mapping | None = None) -> Diff:
    """Compare the working tree with `ref` on both causes: the base playbooks against the head's
    on the head's data (the playbook change), and the base data against the head's under the
    head's playbooks (the data change). A cause whose files did not change is not evaluated.

    `privacy`: the privacy floor, as `api.evaluate_prepared` takes it (`floor`, `allow_small`).
    Raises DiffError (git), InputError (invalid playbooks or metrics) or EvaluationError.
    """
    overrides, privacy = overrides or {}, privacy or {}
    root = repository_root(playbooks[0])  # git problems first: they need no evaluation
    resolve_commit(ref, root)
    prepared = _prepare(playbooks, metrics, bool(privacy.get("allow_small")))
    head = _findings(prepared, at, overrides, privacy)
    causes = {PLAYBOOK: f"the playbook change (against {ref})"}
    befores: dict[str, r.Evaluation] = {}
    clauses: dict[str, tuple[str, ...]] = {}
    with tempfile.TemporaryDirectory(prefix="adoptplan-base-") as folder:
        exported_root = Path(folder).resolve()
        exported, notes = export_at(ref, playbooks, exported_root / "playbooks", root)
        if exported and _same_playbook(exported, prepared):
            befores[PLAYBOOK] = head
        elif exported:
            base_prepared = _prepare(exported, metrics, bool(privacy.get("allow_small")))
            base = _findings(base_prepared, head.period, overrides, privacy)
            befores[PLAYBOOK] = attrs.evolve(base, findings=_relocated(
                base.findings, exported_root / "playbooks", root))
            clauses = dict(clause_changes(base_prepared.checked.loaded.playbook,
                                          prepared.checked.loaded.playbook))
        else:
            befores[PLAYBOOK] = attrs.evolve(head, findings=(), critical_mass=())
        data, untracked = _tracked(ref, metrics, exported_root / "metrics", root)
        if untracked:
            notes.append(f"{untracked}: no data comparison")
        elif _same_files(metrics, data):
            befores[DATA], causes[DATA] = head, f"the data change (against {ref})"
        else:
            try:
                data_prepared = _prepare(playbooks, data, bool(privacy.get("allow_small")))
                befores[DATA] = _data_before(data_prepared, at, overrides, privacy)
            except InputError:
                notes.append(f"the metrics at {ref} cannot be read: no data comparison")
            else:
                causes[DATA] = (f"the data change (against {ref}: {befores[DATA].period} → "
                                f"{head.period})")
    entries = classify(head.findings, {cause: e.findings for cause, e in befores.items()})
    if DATA in befores and befores[DATA] is not head:
        entries = _crossings_both_ways(entries, befores[DATA], data_prepared, head, prepared,
                                       overrides, privacy)
    crossings = tuple(line for cause, before in befores.items()
                      for line in crossed_mass(before.critical_mass, head.critical_mass,
                                               causes[cause]))
    return Diff(entries, causes, head.period, tuple(notes), prepared.warnings,
                prepared.sources, clauses, crossings,
                floor_warnings(head.warnings, *(e.warnings for e in befores.values())))


def _data_before(base: api.Prepared, at: str | None, overrides: Mapping, privacy: Mapping
                 ) -> r.Evaluation:
    """The head's playbooks on the base data, at `at` when it has it, else at its latest."""
    periods = base.history.periods
    if not periods:
        return r.Evaluation(playbook="", period="no data", periods=(), findings=())
    return _findings(base, at if at in periods else periods[-1], overrides, privacy)


def _values_at(prepared: api.Prepared, period: str, finding_id: str,
               overrides: Mapping, privacy: Mapping) -> dict[str, str]:
    """Each part of a rule's condition and its value for one group at `period`, by expression:
    the side of a comparison where the rule did not fire. Empty when it cannot be said (a
    group below the minimum size there, a period without data)."""
    # start-up: loads engine.explain only when this runs
    from adoptplan.engine.explain import ExplainError, explain

    try:
        explanation = explain(prepared.checked.loaded.playbook, prepared.history, finding_id,
                              period, overrides, **{k: v for k, v in privacy.items() if v is not None})
    except ExplainError:
        return {}
    values: dict[str, str] = {}
    steps = list(explanation.trees[:1])
    while steps:
        step = steps.pop()
        values.setdefault(step.text, step.value)
        steps += step.children
    return values


def _crossings_both_ways(entries, before: r.Evaluation, before_prepared: api.Prepared,
                         after: r.Evaluation, after_prepared: api.Prepared,
                         overrides: Mapping, privacy: Mapping) -> tuple:
    """Entries whose data cause shows the value on both sides: a finding new by the data takes
    its earlier value from the base data, a resolved one its current value from the head's."""
    earlier = {f.id: f for f in before.findings}
    later = {f.id: f for f in after.findings}
    moved = []
    for entry in entries:
        causes = []
        for cause in entry.causes:
            if cause.cause == DATA and cause.status in (NEW, RESOLVED):
                finding_id = entry.finding.id
                side, period = ((before_prepared, before.period) if cause.status == NEW
                                else (after_prepared, after.period))
                values = crossed(earlier.get(finding_id), later.get(finding_id),
                                 _values_at(side, period, finding_id, overrides, privacy))
                cause = attrs.evolve(cause, values=values)
            causes.append(cause)
        moved.append(attrs.evolve(entry, causes=tuple(causes)))
    return tuple(moved)
