"""Playbook unit tests: read `.adopt-test` files, evaluate each test, compare, measure coverage.

A test builds its metric history directly from the series it writes, evaluates the playbook at
one period, and compares what came out with what it expects, as promtool does for alert rules:
both sides by id, field by field. Rule coverage counts, for every rule and barrier of the tested
playbooks, whether some test saw it fire and some test saw it clear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.codes import playbook_tests as codes
from adoptplan.diagnostics import Diagnostic, InputError, did_you_mean
from adoptplan.engine import EvaluationError
from adoptplan.files import (
    decode,
    display_path,
    exists,
    find_files,
    read_user_file,
    resolved,
    root_of,
    unreadable,
    unreadable_folders,
)
from adoptplan.playbook_tests import model as t
from adoptplan.playbook_tests.fixture import ANALYSES, Fixture, fixture

# ---------------------------------------------------------------------------------- results


@attrs.frozen
class Mismatch:
    """One field of a finding that is not as expected."""

    field: str
    expected: str
    got: str


@attrs.frozen
class Failure:
    """An expectation that did not hold, or a finding no expectation names."""

    summary: str
    span: m.Span  # the expect line, or the test for an unexpected finding
    mismatches: tuple[Mismatch, ...] = ()
    explanation: object | None = None  # engine.explain.Explanation of the nearest rule
    note: str = ""  # why there is no explanation, or which group was explained instead


@attrs.frozen
class TestResult:
    path: str
    test: t.PlaybookTest
    failures: tuple[Failure, ...]
    period: str = ""

    @property
    def passed(self) -> bool:
        return not self.failures


@attrs.frozen
class RuleCoverage:
    """Whether any test saw a rule fire, and whether any saw it clear."""

    rule: str
    path: str
    line: int
    fired: bool
    clear: bool

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(what for what, seen in (("firing", self.fired), ("clear", self.clear))
                     if not seen)


@attrs.frozen
class Coverage:
    rules: tuple[RuleCoverage, ...]

    @property
    def seen(self) -> int:
        return sum(rule.fired + rule.clear for rule in self.rules)

    @property
    def total(self) -> int:
        return 2 * len(self.rules)

    @property
    def percent(self) -> float:
        """Outcomes seen out of two per rule (firing and clear); 100 with no rules at all."""
        return 100.0 * self.seen / self.total if self.total else 100.0

    @property
    def uncovered(self) -> tuple[RuleCoverage, ...]:
        return tuple(rule for rule in self.rules if rule.missing)


@attrs.frozen
class TestRun:
    """Every test's result and the coverage, or the findings that kept the tests from running."""

    results: tuple[TestResult, ...] = ()
    coverage: Coverage = Coverage(())
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def failed(self) -> tuple[TestResult, ...]:
        return tuple(result for result in self.results if not result.passed)


# ------------------------------------------------------------------------------ reading files


def find_test_files(path: Path) -> tuple[list[Path], list[Diagnostic]]:
    """A file as given, or every `.adopt-test` file under a folder, in a stable order; and a
    finding for each folder that cannot be read (never skipped: its tests would not run)."""

    found = find_files(path, lambda file: file.name.endswith(t.SUFFIX))
    return list(found.files), unreadable_folders(found, display_path)


def read_test_file(path: Path, root: Path | None = None
                   ) -> tuple[t.PlaybookTestFile | None, str, list[Diagnostic]]:
    """The parsed file, its text (for the renderer) and its problems; `root` is the folder it
    was found in, which a link to it must not leave."""
    # start-up: loads lark only when this runs
    from adoptplan.playbook_tests.parse import parse_test_file

    shown = display_path(path)
    try:
        data = read_user_file(path, root if root is not None else path.parent)
    except OSError as error:
        return None, "", [unreadable(shown, error)]
    text, problems = decode(data, shown)
    if problems:
        return None, text, [attrs.evolve(d, hint="save the test file as UTF-8") for d in problems]
    try:
        parsed, found = parse_test_file(text, shown)
    except InputError as error:
        return None, text, list(error.diagnostics)
    return parsed, text, found


# --------------------------------------------------------------------------------- comparing


def _matches(finding_id: str, pattern: str) -> bool:
    """`expect no reps_inactive` covers every group of the rule; a full id covers itself."""
    return finding_id == pattern or finding_id.startswith(pattern + "/")


Difference = tuple[t.Expectation | None, str, tuple[Mismatch, ...], str]


def compare(expectations: Sequence[t.Expectation], evaluation: r.Evaluation,
            others_allowed: bool) -> list[Difference]:
    """Every difference between what was expected and what came out, without explanations.

    Each difference is (expectation or None, summary, field mismatches, the id to explain).
    """
    by_id = {f.id: f for f in evaluation.findings}
    pending = {n.id: n for n in evaluation.not_evaluated}
    differences = []
    for expected in expectations:
        found = by_id.get(expected.id)
        if expected.what in (t.ACTION, t.ALERT):
            if found is None:
                reason = pending.get(expected.id)
                why = f": not evaluated, {reason.reason}" if reason else " did not fire"
                differences.append((expected, f"expected {expected.what} {expected.id}{why}",
                                    (), expected.id))
                continue
            mismatches = _mismatches(expected, found)
            if mismatches:
                differences.append((expected, f"{expected.id} is not as expected", mismatches,
                                    expected.id))
        elif expected.what == t.NOT_EVALUATED and expected.id not in pending:
            got = "fired" if found else "was decided and did not fire"
            differences.append((expected, f"expected {expected.id} not evaluated, but it {got}",
                                (), expected.id))
        elif expected.what == t.ABSENT:
            for finding in evaluation.findings:
                if _matches(finding.id, expected.id):
                    differences.append((expected, f"expected no {expected.id}, but "
                                        f"{finding.id} fired at {finding.level}", (), finding.id))
    if not others_allowed:
        named = {e.id for e in expectations if e.what in (t.ACTION, t.ALERT)}
        named |= {d[3] for d in differences}  # already reported by an `expect no`
        for finding in evaluation.findings:
            if finding.source != r.ANALYSIS and finding.id not in named:
                what = t.ALERT if finding.is_alert else t.ACTION
                differences.append((None, f"unexpected {what} {finding.id} at {finding.level}: "
                                    f"{finding.message}", (), finding.id))
    return differences


def _mismatches(expected: t.Expectation, found: r.Finding) -> tuple[Mismatch, ...]:
    got_what = t.ALERT if found.is_alert else t.ACTION
    pairs = [("kind of finding", expected.what, got_what), ("level", expected.level, found.level)]
    if expected.message is not None:
        pairs.append(("message", expected.message, found.message))
    return tuple(Mismatch(name, exp, got) for name, exp, got in pairs if exp != got)


def explain_nearest(fx: Fixture, finding_id: str) -> tuple[object | None, str]:
    """The explain tree of the rule of `finding_id`, for its group or the closest one it has.

    Returns (explanation or None, a note saying what was explained instead, or why nothing).
    """
    # start-up: loads engine.explain only when this runs
    from adoptplan.engine.explain import ExplainError, explain

    rule, _, label = finding_id.partition("/")
    if rule in ANALYSES:
        return None, "a built-in analysis: it has no condition to explain"
    try:
        return explain(fx.playbook, fx.history, finding_id, fx.at, fx.overrides), ""
    except ExplainError as error:
        labels = [g.label() for g in fx.history.groups]
        close = did_you_mean(label, labels) if label else None
        if close is None:
            return None, str(error)
        nearest = close.removeprefix("did you mean '").removesuffix("'?")
        explanation = explain(fx.playbook, fx.history, f"{rule}/{nearest}", fx.at, fx.overrides)
        return explanation, f"no group {label} in the series; explained {rule}/{nearest} instead"


def failures(fx: Fixture, expectations: Sequence[t.Expectation], evaluation: r.Evaluation,
             others_allowed: bool, where: m.Span) -> tuple[Failure, ...]:
    """The differences, each with the explain tree of its nearest rule."""
    found = []
    for expected, summary, mismatches, finding_id in compare(expectations, evaluation,
                                                             others_allowed):
        explanation, note = explain_nearest(fx, finding_id)
        found.append(Failure(summary, expected.span if expected else where, mismatches,
                             explanation, note))
    return tuple(found)


def run_test(path: str, test: t.PlaybookTest, fx: Fixture) -> tuple[TestResult, r.Evaluation]:
    """Evaluate one ready test and compare; the evaluation is returned for coverage."""
    # start-up: loads engine only when this runs
    from adoptplan.engine import evaluate

    evaluation = evaluate(fx.playbook, fx.history, fx.at, fx.overrides, record_cases=True)
    found = failures(fx, test.expectations, evaluation, test.others_allowed, test.span)
    return TestResult(path, test, found, fx.at), evaluation


def _refused(test: t.PlaybookTest, error: Exception) -> Diagnostic:
    """A test the engine refuses to evaluate with its params (a history window worked out
    below 1 period): at its first param, or at the test when it sets none."""
    span = test.params[0].value_span if test.params else test.span
    return Diagnostic(codes.BAD_PARAM_VALUE, str(error), span,
                      hint="give the params values the playbook's conditions can use")


# ---------------------------------------------------------------------------------- coverage


def coverage(playbooks: Iterable[m.Playbook], evaluations: Iterable[r.Evaluation]) -> Coverage:
    """Per rule and barrier of the playbooks (not of the method library): fired? cleared?"""
    rules: dict[tuple[str, int, str], list[bool]] = {}
    for playbook in playbooks:
        for decl in (*playbook.rules, *playbook.barriers):
            if decl.when is not None and not m.is_library_path(decl.span.path):
                rules.setdefault((decl.span.path, decl.span.line, decl.name.text), [False, False])
    for evaluation in evaluations:
        for case in evaluation.cases:
            seen = rules.get((case.path, case.line, case.rule))
            if seen is not None and case.outcome in ("fired", "clear"):
                seen[case.outcome == "clear"] = True
    return Coverage(tuple(RuleCoverage(name, path, line, fired, clear)
                          for (path, line, name), (fired, clear) in sorted(rules.items())))


# -------------------------------------------------------------------------------------- run


class _Playbooks:
    """Playbooks loaded and checked once, however many tests name them."""

    def __init__(self) -> None:
        self.loaded: dict[tuple[Path, ...], m.Playbook | None] = {}
        self.sources: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []

    def get(self, paths: tuple[Path, ...]) -> m.Playbook | None:
        # start-up: loads lark only when this runs
        from adoptplan.api import check_paths

        if paths not in self.loaded:
            checked = check_paths(list(paths))
            self.sources.update(checked.loaded.sources)
            errors = [d for d in checked.diagnostics if d.severity == "error"]
            self.diagnostics.extend(errors)
            self.loaded[paths] = None if errors else checked.loaded.playbook
        return self.loaded[paths]


def _playbook_paths(file: t.PlaybookTestFile, test: t.PlaybookTest, folder: Path
                    ) -> tuple[tuple[Path, ...] | None, Diagnostic | None]:
    names, span = (test.playbooks, test.playbooks_span) if test.playbooks else (
        file.playbooks, file.playbooks_span)
    if not names:
        return None, Diagnostic(codes.NO_PLAYBOOK, f"test {test.name} names no playbook",
                                test.span, hint='add `playbook "path/to/playbook.adopt"` to the file')
    paths = tuple(resolved(folder / name) for name in names)
    repository = _repository(folder)
    outside = [name for name, path in zip(names, paths) if not path.is_relative_to(repository)]
    if outside:
        return None, Diagnostic(codes.NO_PLAYBOOK, f"the playbook '{outside[0]}' is outside the "
                                f"repository {display_path(repository) or '.'}", span,
                                hint="a test names a playbook of its own repository")
    missing = [name for name, path in zip(names, paths) if not path.exists()]
    if missing:
        siblings = [x.name for x in (folder / missing[0]).parent.glob("*.adopt")] \
            if (folder / missing[0]).parent.is_dir() else []
        return None, Diagnostic(codes.NO_PLAYBOOK, f"there is no playbook '{missing[0]}' "
                                f"(relative to {display_path(folder) or '.'})", span,
                                hint=did_you_mean(Path(missing[0]).name, siblings))
    return paths, None


def _repository(folder: Path) -> Path:
    """The folder a test file's playbooks must stay in: its git repository (the nearest folder
    above it holding .git); outside one, the working folder, or the test file's own folder's
    parent when it is not inside the working folder."""
    folder = resolved(folder)
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    here = Path.cwd().resolve()
    return here if folder.is_relative_to(here) else folder.parent


def run(paths: Sequence[Path]) -> TestRun:
    """Run every test of the files and folders. Raises FileNotFoundError for a missing path,
    InputError (every finding) when a test file or a playbook cannot be used."""
    files = []
    sources: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for given in paths:
        if not exists(given):
            raise FileNotFoundError(f"no such file or folder: {given}")
        found, cannot_read = find_test_files(given)
        diagnostics.extend(cannot_read)
        if not found and not cannot_read:
            raise FileNotFoundError(f"no {t.SUFFIX} files in the folder {given}")
        for path in found:
            parsed, text, problems = read_test_file(path, root_of(given))
            sources[display_path(path)] = text
            diagnostics.extend(problems)
            if parsed is not None:
                files.append((path, parsed))
    playbooks = _Playbooks()
    ready = []
    for path, parsed in files:
        for test in parsed.tests:
            resolved, problem = _playbook_paths(parsed, test, path.parent)
            playbook = playbooks.get(resolved) if resolved else None
            if problem:
                diagnostics.append(problem)
            if playbook is None:
                continue
            fx, problems = fixture(test, playbook)
            diagnostics.extend(problems)
            if fx is not None:
                ready.append((parsed.path, test, fx))
    sources.update(playbooks.sources)
    diagnostics.extend(playbooks.diagnostics)
    if any(d.severity == "error" for d in diagnostics):
        raise InputError(diagnostics, sources)
    outcomes, refused = [], []
    for path, test, fx in ready:
        try:
            outcomes.append(run_test(path, test, fx))
        except EvaluationError as error:  # what the checks cannot see, e.g. `w - 3 periods`
            refused.append(_refused(test, error))
    if refused:
        raise InputError([*diagnostics, *refused], sources)
    tested = {id(fx.playbook): fx.playbook for _, _, fx in ready}
    return TestRun(
        results=tuple(result for result, _ in outcomes),
        coverage=coverage(tested.values(), (evaluation for _, evaluation in outcomes)),
        sources=sources,
    )
