"""Playbook unit tests: read `.adopt-test` files, evaluate each test, compare, measure coverage.

A test builds its metric history directly from the series it writes, evaluates the playbook at
one period, and compares what came out with what it expects, as promtool does for alert rules:
both sides by id, field by field. Rule coverage counts, for every rule and barrier of the tested
playbooks, whether some test saw it fire and some test saw it clear.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs
import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan import result as r
from adoptplan import testing_codes as codes
from adoptplan import testing_model as t
from adoptplan.diagnostics import Diagnostic, DiagnosticsError, did_you_mean, sort_diagnostics
from adoptplan.engine import EvaluationError
from adoptplan.engine import periods as p
from adoptplan.load import exists
from adoptplan.metrics import periods as written
from adoptplan.snapshot import Group, History

ANALYSES: tuple[str, ...] = ("baseline", "capability-gap", "focus")
"""The first part of the ids of the engine's built-in analyses."""

PARAM_EXAMPLES: dict[str, str] = {
    "percent": "a percentage such as 35%", "number": "a number such as 1.5",
    "count": "a count such as 30", "periods": "a number of periods such as 3 periods",
    "hours": "hours such as 20 hours",
}
"""What a value of each numeric param type looks like, for the hint of AP819."""

CADENCE_KINDS: dict[str, str] = {"weekly": "week", "monthly": "month"}
"""The kind of period of each cadence; dates fit any cadence (metrics imported by day)."""


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


class TestInputError(Exception):
    """A test cannot be run as written; carries every finding and the sources to show them."""

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str]):
        self.diagnostics = tuple(sort_diagnostics(diagnostics))
        self.sources = dict(sources)
        super().__init__(f"{len(self.diagnostics)} problems")


# ------------------------------------------------------------------------------ reading files


def find_test_files(path: Path) -> tuple[list[Path], list[Diagnostic]]:
    """A file as given, or every `.adopt-test` file under a folder, in a stable order; and a
    finding for each folder that cannot be read (never skipped: its tests would not run)."""
    from adoptplan.load import find_files, unreadable_folders

    found = find_files(path, lambda file: file.name.endswith(t.SUFFIX))
    return list(found.files), unreadable_folders(found, display)


def display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_test_file(path: Path) -> tuple[t.PlaybookTestFile | None, str, list[Diagnostic]]:
    """The parsed file, its text (for the renderer) and its problems."""
    from adoptplan.load import decode, unreadable
    from adoptplan.syntax.tests import parse_test_file

    shown = display(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, "", [unreadable(shown, error)]
    text, problems = decode(data, shown)
    if problems:
        return None, text, [attrs.evolve(d, hint="save the test file as UTF-8") for d in problems]
    try:
        parsed, found = parse_test_file(text, shown)
    except DiagnosticsError as error:
        return None, text, list(error.diagnostics)
    return parsed, text, found


# ------------------------------------------------------------------------- checking a test


@attrs.frozen
class Fixture:
    """A test made ready to run: the playbook, the history built from its series, the overrides."""

    playbook: m.Playbook
    history: History
    at: str
    overrides: Mapping[str, m.Expr]


def series_metrics(playbook: m.Playbook) -> dict[str, str]:
    """Metrics a series may give, with their units: standard, declared (not derived), read."""
    from adoptplan.api import used_metrics
    from adoptplan.engine.evaluate import metric_units

    units = metric_units(playbook)
    names = {*cat.STANDARD_METRICS, *used_metrics(playbook)}
    names |= {x.name.text for x in playbook.metrics if x.value is None}
    return {name: units.get(name, cat.NUMBER) for name in sorted(names)}


def parse_group(label: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """`reps/geography=DE,device=mobile` as ("reps", sorted dimensions); None when malformed."""
    segment, _, rest = label.partition("/")
    dimensions = []
    for part in rest.split(",") if rest else ():
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            return None
        dimensions.append((name, value))
    return segment, tuple(sorted(dimensions))


class _Checker:
    """Checks one test against its playbook and collects positioned findings."""

    def __init__(self, playbook: m.Playbook):
        self.playbook = playbook
        self.diagnostics: list[Diagnostic] = []
        self.segments = {s.name.text: s for s in playbook.segments}
        self.metrics = series_metrics(playbook)
        self.derived = {x.name.text for x in playbook.metrics if x.value is not None}

    def report(self, code: str, message: str, span: m.Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))

    def group(self, series: t.Series) -> Group | None:
        parsed = parse_group(series.group)
        span = series.group_span
        if parsed is None:
            self.report(codes.UNKNOWN_GROUP, f"'{series.group}' is not a group", span,
                        "write a segment, or a segment and dimension values: reps/geography=DE")
            return None
        segment, dimensions = parsed
        declared = self.segments.get(segment)
        if declared is None:
            self.report(codes.UNKNOWN_GROUP, f"the playbook has no segment '{segment}'", span,
                        did_you_mean(segment, self.segments))
            return None
        by = {d.text for d in declared.dimensions}
        names = [name for name, _ in dimensions]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            self.report(codes.UNKNOWN_GROUP, f"dimension '{twice[0]}' is given twice in "
                        f"'{series.group}'", span, "give each dimension one value")
            return None
        for name, _ in dimensions:
            if name not in by:
                hint = did_you_mean(name, by) or (
                    f"{segment} is broken down by {', '.join(sorted(by))}" if by else
                    f"segment {segment} declares no `by` dimensions")
                self.report(codes.UNKNOWN_GROUP, f"segment {segment} is not broken down by "
                                                 f"'{name}'", span, hint)
                return None
        return Group(segment, dimensions)

    def values(self, series: t.Series) -> np.ndarray | None:
        """The series in engine units (percentages as ratios); None when the metric is unknown."""
        metric = series.metric
        if metric in self.derived:
            self.report(codes.UNKNOWN_METRIC, f"'{metric}' is derived from other metrics",
                        series.metric_span, "give the metrics it is computed from instead")
            return None
        unit = self.metrics.get(metric)
        if unit is None:
            self.report(codes.UNKNOWN_METRIC, f"the playbook reads no metric '{metric}'",
                        series.metric_span, did_you_mean(metric, self.metrics))
            return None
        marked = [value for value in series.values if value.percent]
        if marked and unit != cat.PERCENT:
            self.report(codes.NOT_A_PERCENTAGE, f"'{metric}' is not a percentage metric",
                        marked[0].span, f"write {metric} as a plain number")
        for value in series.values:
            self._value_range(metric, unit, value)
        scale = 0.01 if unit == cat.PERCENT else 1.0
        return np.array([np.nan if v is None else v * scale for v in series.expanded()])

    def _value_range(self, metric: str, unit: str, value: t.Value) -> None:
        """The ranges a metrics file is held to (AP606, AP607), so a test cannot pass on data
        `adoptplan evaluate` would refuse."""
        from adoptplan.check.expressions import number
        from adoptplan.metrics.build import UNBOUNDED_SUFFIX

        given = [v for v in value.values if v is not None]
        if unit == cat.PERCENT and not metric.endswith(UNBOUNDED_SUFFIX):
            bad = next((v for v in given if not 0 <= v <= 100), None)
            if bad is not None:
                self.report(codes.SERIES_OUT_OF_RANGE, f"{metric} is a percentage from 0% to "
                            f"100%, not {number(bad)}%", value.span,
                            "only a growth metric (named ..._growth) goes below 0% or above 100%")
        elif unit == cat.COUNT:
            bad = next((v for v in given if v < 0), None)
            if bad is not None:
                self.report(codes.SERIES_OUT_OF_RANGE, f"{metric} is a count, never "
                            f"{number(bad)}", value.span, "a count is 0 or more")

    def overrides(self, test: t.PlaybookTest) -> dict[str, m.Expr]:
        from adoptplan.syntax import parse_expression

        declared = {x.name.text for x in self.playbook.params}
        found: dict[str, m.Expr] = {}
        for param in test.params:
            if param.name not in declared:
                self.report(codes.BAD_PARAM, f"the playbook has no param '{param.name}'",
                            param.span, did_you_mean(param.name, declared))
                continue
            if param.quoted is not None:  # read with the test file's escapes when parsed
                expr: m.Expr = m.String(param.quoted, span=param.value_span)
            else:
                try:
                    expr = parse_expression(param.text, param.span.path)
                except DiagnosticsError as error:
                    self.report(codes.BAD_PARAM, f"'{param.text}' is not a value: "
                                f"{error.diagnostics[0].message}", param.span)
                    continue
            problem = self._param_problem(param, expr, found)
            if problem is not None:
                message, hint = problem
                self.report(codes.BAD_PARAM_VALUE, message, param.value_span, hint)
                continue
            found[param.name] = expr
        return found

    def _param_problem(self, param: t.ParamOverride, expr: m.Expr, given: Mapping[str, m.Expr]
                       ) -> tuple[str, str | None] | None:
        """Why the value does not fit the param, as the engine would refuse it; None if it fits.

        The playbook check's type rules (AP306) first, for their hints; then the engine's own
        check of a `--param` (its range, as the playbook's uses of the param allow), which has
        the last word. `given` holds the test's params read before this one."""
        from adoptplan.check.units import _param_value, inference
        from adoptplan.engine.evaluate import EvaluationError, check_overrides, resolve_params

        declared = {x.name.text: x for x in self.playbook.params}[param.name]
        for found in _param_value(inference(self.playbook), declared, expr):
            return found.message, found.hint
        type_name = declared.type.text
        if type_name == "text" and not isinstance(expr, m.String):  # a bare name: no text
            return (f"{param.name} is a text param, but `{param.text}` is not quoted text",
                    f'write it in quotes: "{param.text}"')
        value = resolve_params(self.playbook, {**given, param.name: expr})[param.name]
        if type_name not in ("level", "text") and not isinstance(value, (int, float)):
            return (f"{param.name} is a {type_name} param, but `{param.text}` is not a value",
                    did_you_mean(param.text, [x.name.text for x in self.playbook.params
                                              if x.name.text != param.name])
                    or f"write {PARAM_EXAMPLES.get(type_name, 'a value')}")
        try:
            check_overrides(self.playbook, {**given, param.name: expr})
        except EvaluationError as error:
            said = re.sub(r"^--param [\w, ]+: ", "", str(error))  # the test line says which
            message, _, hint = said.partition("; ")
            return message, hint or None
        return None

    def expectations(self, test: t.PlaybookTest) -> None:
        rules = {d.name.text for d in (*self.playbook.rules, *self.playbook.barriers)}
        for expected in test.expectations:
            rule = expected.id.split("/")[0]
            if rule not in rules and rule not in ANALYSES:
                self.report(codes.UNKNOWN_EXPECTED, f"the playbook has no rule or barrier "
                            f"'{rule}'", expected.id_span, did_you_mean(rule, rules | set(ANALYSES)))
            if expected.what in (t.ACTION, t.ALERT) and expected.level not in m.LEVELS:
                self.report(codes.UNKNOWN_EXPECTED, f"'{expected.level}' is not a level",
                            expected.level_span,
                            did_you_mean(expected.level, m.LEVELS) or "levels: " + ", ".join(
                                m.LEVELS))


def _periods(start: str, count: int) -> tuple[str, ...] | None:
    """`count` periods from a real `start`; None when they run past the calendar (9999)."""
    kind = p.kind_of(start)
    first = p.ordinal(start)
    try:
        last = p.from_ordinal(first + count - 1, kind)
    except (ValueError, OverflowError):
        return None
    if written.period_kind(last) is None:  # months: 10000-01 is text, not a period
        return None
    return tuple(p.from_ordinal(first + k, kind) for k in range(count))


def fixture(test: t.PlaybookTest, playbook: m.Playbook) -> tuple[Fixture | None, list[Diagnostic]]:
    """The history of a test's series and the period to evaluate, or why the test cannot run."""
    checker = _Checker(playbook)
    columns: dict[str, dict[Group, np.ndarray]] = {}
    for series in test.series:
        group, values = checker.group(series), checker.values(series)
        if group is not None and values is not None:
            columns.setdefault(series.metric, {})[group] = values
    overrides = checker.overrides(test)
    checker.expectations(test)
    at = _check_periods(test, checker, max((len(s.expanded()) for s in test.series), default=0))
    if checker.diagnostics or at is None:
        return None, checker.diagnostics
    return Fixture(playbook, history(columns, at), at[-1], overrides), []


def _check_periods(test: t.PlaybookTest, checker: _Checker, length: int) -> tuple[str, ...] | None:
    """The periods up to the evaluated one; None (and a finding) when they do not fit."""
    if not test.series:
        checker.report(codes.BAD_PERIOD, "this test gives no metric series", test.span,
                       "add `from PERIOD` and `series GROUP METRIC VALUES...` lines")
        return None
    if test.start is None:
        checker.report(codes.BAD_PERIOD, "the series need a `from` period", test.series[0].span,
                       "add `from 2026-W40` (the period of the first values) to the test")
        return None
    if not _real_period(checker, test.start, test.start_span) or not _cadence_kind(test,
                                                                                  checker):
        return None
    axis = _periods(test.start, length)
    if axis is None:
        longest = max(test.series, key=lambda s: len(s.expanded()))
        checker.report(codes.NOT_A_PERIOD, f"from {test.start}, the {length} values of this "
                       "series run past the year 9999", longest.span, "start the series earlier")
        return None
    if test.at is None:
        return axis
    if not _real_period(checker, test.at, test.at_span):
        return None
    kind, at_kind = p.kind_of(test.start), p.kind_of(test.at)
    if at_kind != kind:
        checker.report(codes.OTHER_KIND_OF_PERIOD, f"{test.at} is a {at_kind}, but the series "
                       f"run in {written.NAMES[kind]} from {test.start}", test.at_span,
                       f"write `at` as `from` is written, such as {axis[-1]}")
        return None
    if test.at not in axis:
        checker.report(codes.BAD_PERIOD, f"{test.at} is not a period of the series "
                                         f"({axis[0]} to {axis[-1]})", test.at_span)
        return None
    return axis[: axis.index(test.at) + 1]


def _real_period(checker: _Checker, text: str, span: m.Span) -> bool:
    """Whether `text` is a period of the calendar; reports AP817 with the range when not."""
    if written.period_kind(text) is not None:
        return True
    try:
        kind = p.kind_of(text)  # the grammar lets through only the shapes of the three kinds
    except ValueError:
        kind = "period"
    checker.report(codes.NOT_A_PERIOD, f"there is no {kind} {text}", span,
                   period_range(text))
    return False


def period_range(text: str) -> str:
    """The periods there are around a wrong one: `2026 has weeks 2026-W01 to 2026-W53`."""
    if not (p.WEEK.match(text) or p.MONTH.match(text) or p.DATE.match(text)):
        return f"write {written.EXPECTED}"
    year = int(text[:4])
    if not 1 <= year <= 9999:
        return "years run from 0001 to 9999"
    if match := p.WEEK.match(text):
        last = dt.date(year, 12, 28).isocalendar()[1]
        return f"{match[1]} has weeks {match[1]}-W01 to {match[1]}-W{last:02d}"
    month = int(text[5:7])
    if not 1 <= month <= 12:
        return f"a year has months {text[:4]}-01 to {text[:4]}-12"
    last = calendar.monthrange(year, month)[1]
    return f"{text[:7]} has days {text[:7]}-01 to {text[:7]}-{last:02d}"


def _cadence_kind(test: t.PlaybookTest, checker: _Checker) -> bool:
    """Whether `from` is of the kind of the playbook's cadence; reports AP818 when not."""
    header = checker.playbook.header
    cadence = header.cadence.text if header and header.cadence else None
    wanted, kind = CADENCE_KINDS.get(cadence or ""), p.kind_of(test.start)
    if wanted is None or kind in (wanted, "date"):
        return True
    checker.report(codes.OTHER_KIND_OF_PERIOD, f"{test.start} is a {kind}, but the playbook's "
                   f"cadence is {cadence}", test.start_span,
                   f"give the series in {written.NAMES[wanted]}: from "
                   f"{_same_start(test.start, wanted)}?")
    return False


def _same_start(period: str, kind: str) -> str:
    """The week or month in which a period starts: 2026-10 -> 2026-W40."""
    day = p.start_date(period)
    if kind == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def history(columns: Mapping[str, Mapping[Group, np.ndarray]], axis: tuple[str, ...]) -> History:
    """A History of the series (metric -> group -> values from axis[0]), cut to the axis."""
    groups = tuple(sorted({group for by_group in columns.values() for group in by_group}))
    index = {group: row for row, group in enumerate(groups)}
    values = {}
    for metric, by_group in columns.items():
        array = np.full((len(groups), len(axis)), np.nan)
        for group, series in by_group.items():
            kept = series[: len(axis)]
            array[index[group], : len(kept)] = kept
        values[metric] = array
    return History(p.kind_of(axis[0]), axis, groups, values)


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
    paths = tuple((folder / name).resolve() for name in names)
    missing = [name for name, path in zip(names, paths) if not path.exists()]
    if missing:
        siblings = [x.name for x in (folder / missing[0]).parent.glob("*.adopt")] \
            if (folder / missing[0]).parent.is_dir() else []
        return None, Diagnostic(codes.NO_PLAYBOOK, f"there is no playbook '{missing[0]}' "
                                f"(relative to {display(folder) or '.'})", span,
                                hint=did_you_mean(Path(missing[0]).name, siblings))
    return paths, None


def run(paths: Sequence[Path]) -> TestRun:
    """Run every test of the files and folders. Raises FileNotFoundError for a missing path,
    TestInputError (every finding) when a test file or a playbook cannot be used."""
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
            parsed, text, problems = read_test_file(path)
            sources[display(path)] = text
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
        raise TestInputError(diagnostics, sources)
    outcomes, refused = [], []
    for path, test, fx in ready:
        try:
            outcomes.append(run_test(path, test, fx))
        except EvaluationError as error:  # what the checks cannot see, e.g. `w - 3 periods`
            refused.append(_refused(test, error))
    if refused:
        raise TestInputError([*diagnostics, *refused], sources)
    tested = {id(fx.playbook): fx.playbook for _, _, fx in ready}
    return TestRun(
        results=tuple(result for result, _ in outcomes),
        coverage=coverage(tested.values(), (evaluation for _, evaluation in outcomes)),
        sources=sources,
    )
