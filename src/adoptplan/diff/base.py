"""`adoptplan diff`: two result files compared, or the working tree against a git base.

With a git base, three evaluations answer two questions: the base playbooks and the working
tree's on the same metrics (what the playbook change does), and the working tree's playbooks on
the previous and the latest period (what the new data does).
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
from adoptplan.diff.compare import DATA, PLAYBOOK, RESULTS, Diff, classify
from adoptplan.diff.git import export_at, repository_root, resolve_commit
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
    return Diff(entries, {RESULTS: label}, periods[1])



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



def _prepare(playbooks: Sequence[Path], metrics: Sequence[Path]):
    """Raises InputError for invalid playbooks or metrics."""
    return api.prepare(list(playbooks), list(metrics))



def _findings(prepared, at: str | None, overrides: Mapping, privacy: Mapping) -> r.Evaluation:
    """Raises EvaluationError when `at` is not a period of the metrics."""
    return api.evaluate_prepared(prepared, at, dict(overrides), record_cases=False, **privacy)



def _previous(period: str, periods: Sequence[str]) -> str | None:
    """The period of the data before `period`, if the metrics have one."""
    earlier = [p for p in periods if p < period]
    return earlier[-1] if earlier else None



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



def diff_base(ref: str, playbooks: Sequence[Path], metrics: Sequence[Path], at: str | None = None,
              overrides: Mapping | None = None, privacy: Mapping | None = None) -> Diff:
    """Compare the working tree with `ref`: the playbook change on the same metrics, and new data.

    `privacy`: the privacy floor, as `api.evaluate_prepared` takes it (`floor`, `allow_small`).
    Raises DiffError (git), InputError (invalid playbooks or metrics) or EvaluationError.
    """
    overrides, privacy = overrides or {}, privacy or {}
    root = repository_root(playbooks[0])  # git problems first: they need no evaluation
    resolve_commit(ref, root)
    prepared = _prepare(playbooks, metrics)
    head = _findings(prepared, at, overrides, privacy)
    with tempfile.TemporaryDirectory(prefix="adoptplan-base-") as folder:
        exported_root = Path(folder).resolve()
        exported, notes = export_at(ref, playbooks, exported_root, root)
        base = _findings(_prepare(exported, metrics), head.period, overrides, privacy) if exported else None
        base_findings = _relocated(base.findings, exported_root, root) if base else ()
    befores = {PLAYBOOK: base_findings}
    causes = {PLAYBOOK: f"the playbook change (against {ref})"}
    previous = _previous(head.period, prepared.history.periods)
    if previous is None:
        notes.append(f"the metrics have no period before {head.period}: no new-data comparison")
    else:
        befores[DATA] = _findings(prepared, previous, overrides, privacy).findings
        causes[DATA] = f"new data ({previous} → {head.period})"
    return Diff(classify(head.findings, befores), causes, head.period, tuple(notes),
                prepared.warnings, prepared.sources)
