"""What a pull request changes in the action list, and why: the playbook change or new data.

Two evaluation results (json files of `evaluate --format json`) are compared finding by finding,
by id. With a git base, three evaluations answer two questions: the base playbooks and the
working tree's on the same metrics (what the playbook change does), and the working tree's
playbooks on the previous and the latest period (what the new data does).
"""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
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
        score = self.finding.score  # NaN when a result file gave none (null): last of its level
        unscored = math.isnan(score)
        return (not loud, STATUSES.index(self.status), -self.finding.level_rank, unscored,
                0.0 if unscored else -score, self.finding.id)


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


class InvalidResult(DiffError, ValueError):
    """A file is not a valid `evaluate --format json` result (a ValueError too, for callers
    such as `evaluate --previous` that read results and report bad values)."""


Where = tuple  # (parent Where, key) or (): a path built cheaply, spelled only on a problem
Check = Callable[[object, Where, list], None]


def _spelled(where: Where) -> str:
    """`findings[3].message` for ((((), "findings"), 3), "message")."""
    keys = []
    while where:
        where, key = where
        keys.append(key)
    text = ""
    for key in reversed(keys):
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            name = key if key.isidentifier() else json.dumps(key, ensure_ascii=False)
            text += f".{name}" if text else name
    return text


def _got(value: object) -> str:
    """A JSON value as a person reads it in an error: `null`, `"banana"`, `an array`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "a number too large to represent"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return "an array" if isinstance(value, list) else "an object"


_TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "true or false", "null": "null", "array": "an array",
               "object": "an object"}


def _is(value: object, kind: str) -> bool:
    """JSON Schema's types; a number must be finite (JSON has no NaN or infinity)."""
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return kind == "number" or isinstance(value, int) or value.is_integer()
    if kind == "null":
        return value is None
    return isinstance(value, {"string": str, "boolean": bool, "array": list, "object": dict}[kind])


def _same(value: object, allowed: object) -> bool:
    """JSON equality: true is not 1."""
    return type(value) is type(allowed) and value == allowed


_PYTHON_TYPES = {"string": (str,), "boolean": (bool,), "null": (type(None),), "integer": (int,),
                 "number": (int,), "array": (list,), "object": (dict,)}


def _quick(node: Mapping) -> Callable[[object], bool] | None:
    """For a plain value's node (no anyOf, properties or items): a fast test that says yes to
    the values evaluate writes. A no only sends the value to the full check, which may still
    accept it (an integer written 3.0)."""
    if any(key in node for key in ("anyOf", "properties", "items")):
        return None
    kinds = node.get("type", ())
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    allowed = [node["const"]] if "const" in node else node.get("enum")
    if allowed is not None:
        if not all(isinstance(a, str) for a in allowed):
            return None
        names = frozenset(allowed)
        return lambda value: type(value) is str and value in names
    exact = frozenset(t for kind in kinds for t in _PYTHON_TYPES[kind])
    minimum = node.get("minimum")
    if minimum is not None:
        return lambda value: type(value) in exact and value >= minimum
    if "number" in kinds:  # a float must be finite: inf - inf and nan - nan are nan
        return lambda value: type(value) in exact or (type(value) is float and value - value == 0)
    return lambda value: type(value) in exact


class _Schema:
    """The shipped result schema applied by hand, so `diff` needs no schema library at run time
    and follows the schema wherever it changes. Only the keywords it uses are known (type,
    const, enum, minimum, required, properties, additionalProperties, items, $ref, anyOf);
    the tests check the verdicts agree with jsonschema's. Each node is compiled once into a
    function with a quick test for the usual valid value: checking adds about half of what
    json.loads takes to reading a result."""

    def __init__(self, root: Mapping):
        self.root = root
        self.compiled: dict[int, tuple[Callable[[object], bool] | None, Check]] = {}

    def deref(self, node: Mapping) -> Mapping:
        while "$ref" in node:
            target: Mapping = self.root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def expected(self, node: Mapping) -> str:
        node = self.deref(node)
        if "anyOf" in node:
            return " or ".join(self.expected(option) for option in node["anyOf"])
        if "const" in node:
            return json.dumps(node["const"])
        if "enum" in node:
            return "one of " + ", ".join(str(e) for e in node["enum"])
        kinds = node.get("type", ())
        text = " or ".join(_TYPE_NAMES[k] for k in ([kinds] if isinstance(kinds, str) else kinds))
        if "minimum" in node:
            text += f" of at least {node['minimum']}"
        return text or "any value"

    def check(self, node: Mapping) -> Check:
        return self._compiled(node)[1]

    def _compiled(self, node: Mapping) -> tuple[Callable[[object], bool] | None, Check]:
        """A quick yes for the usual valid value (None: none for this node) and the full
        check, which says what is wrong."""
        node = self.deref(node)
        if id(node) not in self.compiled:
            self.compiled[id(node)] = (_quick(node), self._compile(node))
        return self.compiled[id(node)]

    def _compile(self, node: Mapping) -> Check:
        expected = self.expected(node)

        def wrong(value: object, where: Where, out: list) -> None:
            out.append(f"{_spelled(where)}: expected {expected}, got {_got(value)}")

        if "anyOf" in node:
            return self._any_of([self.check(option) for option in node["anyOf"]], wrong)
        kinds = node.get("type", ())
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        allowed = [node["const"]] if "const" in node else node.get("enum")
        minimum = node.get("minimum")
        inner = (self._object(node) if "object" in kinds else
                 self._array(self.check(node["items"])) if "items" in node else None)

        def check(value: object, where: Where, out: list) -> None:
            if (kinds and not any(_is(value, kind) for kind in kinds)) or (
                    allowed is not None and not any(_same(value, a) for a in allowed)):
                wrong(value, where, out)
                return
            if minimum is not None and value < minimum:
                wrong(value, where, out)
            if inner is not None:
                inner(value, where, out)

        return check

    @staticmethod
    def _any_of(options: list[Check], wrong: Check) -> Check:
        def check(value: object, where: Where, out: list) -> None:
            for option in options:
                problems: list = []
                option(value, where, problems)
                if not problems:
                    return
            wrong(value, where, out)

        return check

    def _object(self, node: Mapping) -> Check:
        required = tuple(node.get("required", ()))
        properties = {key: self._compiled(sub) for key, sub in node.get("properties", {}).items()}
        closed = node.get("additionalProperties") is False

        def check(value: object, where: Where, out: list) -> None:
            for key in required:
                if key not in value:
                    out.append(f"{_spelled((where, key))}: missing")
            for key, item in value.items():
                field = properties.get(key)
                if field is not None:
                    quick, full = field
                    if quick is None or not quick(item):
                        full(item, (where, key), out)
                elif closed:
                    out.append(f"{_spelled((where, key))}: not a field of an evaluation result")

        return check

    @staticmethod
    def _array(item_check: Check) -> Check:
        def check(value: object, where: Where, out: list) -> None:
            for index, item in enumerate(value):
                item_check(item, (where, index), out)

        return check


def result_problems(document: object) -> list[str]:
    """Every way `document` differs from an `evaluate --format json` result, as
    `findings[3].message: missing`; empty when it is one. An unknown format_version is the one
    problem named, as its other fields may well differ."""
    from adoptplan.report.json_report import FORMAT_VERSION

    if not isinstance(document, dict):
        return [f"not an adoptplan evaluation result: expected an object, got {_got(document)} "
                "(make one with `adoptplan evaluate --format json`)"]
    if "findings" not in document:  # most likely another kind of file altogether
        return ["not an adoptplan evaluation result: it has no 'findings' (make one with "
                "`adoptplan evaluate --format json`)"]
    version = document.get("format_version", FORMAT_VERSION)
    if not any(_same(version, known) for known in range(1, FORMAT_VERSION + 1)):
        return [f"format_version {_got(version)} is not supported: this adoptplan reads "
                f"format_version {FORMAT_VERSION} (make the file again with `adoptplan evaluate "
                "--format json`, or use the adoptplan version that made it)"]
    return schema_problems(document) or _consistency(document["findings"])


def schema_problems(document: object) -> list[str]:
    """Every way `document` breaks the shipped schema, in the document's order."""
    from adoptplan.report.json_report import schema

    root = schema()
    problems: list[str] = []
    _Schema(root).check(root)(document, (), problems)
    return problems


def _consistency(findings: list[Mapping]) -> list[str]:
    """What the schema cannot say: ids are unique, only a barrier's finding is an alert."""
    problems, seen = [], {}
    for index, finding in enumerate(findings):
        where = f"findings[{index}]"
        first = seen.setdefault(finding["id"], index)
        if first != index:
            problems.append(f"{where}.id: {_got(finding['id'])} is findings[{first}]'s id too")
        if finding["alert"] != (finding["source"] == r.BARRIER):
            problems.append(f"{where}.alert: {_got(finding['alert'])} for a finding of source "
                            f"{_got(finding['source'])} (only a barrier's finding is an alert)")
    return problems


def check_result(document: object, name: str) -> None:
    """Raise InvalidResult naming the file and the first problem (and how many more)."""
    problems = result_problems(document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidResult(f"{name}: {problems[0]}{more}")


def findings_from_document(document: Mapping) -> tuple[r.Finding, ...]:
    """The findings of a valid `evaluate --format json` document (see check_result)."""
    names = {field.name for field in attrs.fields(r.Finding)}
    findings = []
    for item in document["findings"]:
        values = {key: value for key, value in item.items() if key in names}
        values["dimensions"] = tuple((d["name"], d["value"]) for d in item["dimensions"])
        values["evidence"] = tuple(r.Evidence(**e) for e in item["evidence"])
        values["score"] = math.nan if item["score"] is None else item["score"]
        values["line"] = int(item["line"])
        findings.append(r.Finding(**values))
    return tuple(findings)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def read_result(path: Path) -> tuple[Mapping, tuple[r.Finding, ...]]:
    """A result file's document and findings. Raises DiffError when it cannot be used."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject_constant)
    except OSError as error:
        raise DiffError(f"cannot read {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise InvalidResult(f"{path}: not JSON: {error}") from None
    check_result(document, str(path))
    return document, findings_from_document(document)


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
    import errno
    import os
    import stat

    from adoptplan.atomic import write_atomic

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


# --------------------------------------------------------------------------------- git base


class GitFailed(DiffError):
    """git ran and refused; `lines` is what it said on stderr, `said` the last line."""

    def __init__(self, args: Sequence[str], lines: Sequence[str]):
        self.lines = tuple(lines)
        self.said = lines[-1] if lines else ""
        super().__init__(f"git {' '.join(args[:2])}: {self.said or 'failed'}")


def _plain(line: str) -> str:
    """git's line without its `fatal: ` or `error: ` prefix."""
    return line.removeprefix("fatal: ").removeprefix("error: ")


def _git(args: Sequence[str], cwd: Path) -> bytes:
    """Run git (never through a shell). Raises DiffError when git cannot be run, GitFailed with
    its message when it refuses."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("--base compares with a git commit, and git is not installed (not "
                        "found on PATH)") from None
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").splitlines()
        raise GitFailed(args, [line.strip() for line in said if line.strip()])
    return done.stdout


def repository_root(path: Path) -> Path:
    """The top folder of the git repository holding `path` (a playbook file or folder).

    Raises DiffError when it is in none.
    """
    folder = path if path.is_dir() else path.parent
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder)
    except GitFailed as error:
        raise DiffError(f"--base compares with a git commit, and {path} is not in a git "
                        f"repository (git: {_plain(error.said)})") from None
    return Path(top.decode().strip()).resolve()


def resolve_commit(ref: str, root: Path) -> str:
    """The commit `ref` names in the repository at `root`. Raises DiffError when none.

    The message starts with `git rev-parse` for scripts that matched the earlier wording.
    """
    try:
        found = _git(["rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"], root)
    except GitFailed as error:
        said = [_plain(line) for line in error.lines if "Needed a single revision" not in line]
        why = f"; git: {said[-1]}" if said else ""
        raise DiffError(f"git rev-parse: --base {ref} is not a commit of the repository at "
                        f"{root} (a branch, tag or commit id; a shallow CI checkout needs it "
                        f"fetched first{why})") from None
    return found.decode().strip()


def export_at(ref: str, paths: Sequence[Path], into: Path,
              root: Path | None = None) -> tuple[list[Path], list[str]]:
    """The playbooks as they were at `ref`, written under `into` at their repository paths.

    A file is exported with every file of its folder (what its includes may reach); a folder
    with everything under it. Returns the exported counterparts of `paths` that existed at
    `ref`, and a note for each that did not. Raises DiffError for a bad ref or a path outside
    the repository (the one holding the first path, unless `root` is given).
    """
    root = root or repository_root(paths[0])
    commit = resolve_commit(ref, root)
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


def _relocated(findings: Sequence[r.Finding], exported: Path, root: Path) -> tuple[
        r.Finding, ...]:
    """Base findings pointing at the working tree's paths rather than the temporary export."""
    from adoptplan.playbook_tests import display

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
    root = repository_root(playbooks[0])  # git problems first: they need no evaluation
    resolve_commit(ref, root)
    prepared = _prepare(playbooks, metrics)
    head = _findings(prepared, at, overrides)
    with tempfile.TemporaryDirectory(prefix="adoptplan-base-") as folder:
        exported_root = Path(folder).resolve()
        exported, notes = export_at(ref, playbooks, exported_root, root)
        base = _findings(_prepare(exported, metrics), head.period, overrides) if exported else None
        base_findings = _relocated(base.findings, exported_root, root) if base else ()
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
