"""A playbook test's fixture: the history its series describe, checked against the playbook.

A test writes its metrics as series (`series reps active_members 50% 35%`); this turns them into
the history the engine reads, and says at the test's own lines what cannot be (an unknown
group or metric, a percentage on a count, a period of another kind than the cadence).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs
import numpy as np

from adoptplan import catalogue as cat
from adoptplan import model as m
from adoptplan import periods as p
from adoptplan.codes import playbook_tests as codes
from adoptplan.diagnostics import Diagnostic, InputError, did_you_mean
from adoptplan.expressions import used_metrics
from adoptplan.numbers import source
from adoptplan.playbook_tests import model as t
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



@attrs.frozen
class Fixture:
    """A test made ready to run: the playbook, the history built from its series, the overrides."""

    playbook: m.Playbook
    history: History
    at: str
    overrides: Mapping[str, m.Expr]



def series_metrics(playbook: m.Playbook) -> dict[str, str]:
    """Metrics a series may give, with their units: standard, declared (not derived), read."""
    # start-up: loads engine.params only when this runs
    from adoptplan.engine.params import metric_units

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
        given = [v for v in value.values if v is not None]
        if unit == cat.PERCENT and not metric.endswith(cat.UNBOUNDED_SUFFIX):
            bad = next((v for v in given if not 0 <= v <= 100), None)
            if bad is not None:
                self.report(codes.SERIES_OUT_OF_RANGE, f"{metric} is a percentage from 0% to "
                            f"100%, not {source(bad)}%", value.span,
                            "only a growth metric (named ..._growth) goes below 0% or above 100%")
        elif unit == cat.COUNT:
            bad = next((v for v in given if v < 0), None)
            if bad is not None:
                self.report(codes.SERIES_OUT_OF_RANGE, f"{metric} is a count, never "
                            f"{source(bad)}", value.span, "a count is 0 or more")

    def overrides(self, test: t.PlaybookTest) -> dict[str, m.Expr]:
        # start-up: loads lark only when this runs
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
                except InputError as error:
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
        # start-up: loads check.units only when this runs
        from adoptplan.check.units import inference, param_value_problems
        from adoptplan.engine.errors import EvaluationError
        from adoptplan.engine.params import check_overrides, resolve_params

        declared = {x.name.text: x for x in self.playbook.params}[param.name]
        for found in param_value_problems(inference(self.playbook), declared, expr):
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
    if p.period_kind(last) is None:  # months: 10000-01 is text, not a period
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
                       f"run in {p.NAMES[kind]} from {test.start}", test.at_span,
                       f"write `at` as `from` is written, such as {axis[-1]}")
        return None
    if test.at not in axis:
        checker.report(codes.BAD_PERIOD, f"{test.at} is not a period of the series "
                                         f"({axis[0]} to {axis[-1]})", test.at_span)
        return None
    return axis[: axis.index(test.at) + 1]



def _real_period(checker: _Checker, text: str, span: m.Span) -> bool:
    """Whether `text` is a period of the calendar; reports AP817 with the range when not."""
    if p.period_kind(text) is not None:
        return True
    try:
        kind = p.kind_of(text)  # the grammar lets through only the shapes of the three kinds
    except ValueError:
        kind = "period"
    checker.report(codes.NOT_A_PERIOD, f"there is no {kind} {text}", span,
                   p.period_range(text))
    return False



def _cadence_kind(test: t.PlaybookTest, checker: _Checker) -> bool:
    """Whether `from` is of the kind of the playbook's cadence; reports AP818 when not."""
    header = checker.playbook.header
    cadence = header.cadence.text if header and header.cadence else None
    wanted, kind = CADENCE_KINDS.get(cadence or ""), p.kind_of(test.start)
    if wanted is None or kind in (wanted, "date"):
        return True
    checker.report(codes.OTHER_KIND_OF_PERIOD, f"{test.start} is a {kind}, but the playbook's "
                   f"cadence is {cadence}", test.start_span,
                   f"give the series in {p.NAMES[wanted]}: from "
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
    return History(p.kind_of(axis[0]), axis, groups, values, made_up=True)

