"""The JSON form of an evaluation, and the data view (numbers, counts, scopes) all renderers share.

The JSON document is the stable, documented interface (docs/output.md), validated by the schema
shipped in `adoptplan/report/schema/evaluation.schema.json`; the other formats show the same view.
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Sequence

import attrs

from adoptplan import collector, numbers
from adoptplan.model import LEVELS
from adoptplan.report import jsontext
from adoptplan.result import (
    FORMAT_VERSION,
    Case,
    Cleared,
    EffortShare,
    Evaluation,
    Evidence,
    Finding,
    Lifecycle,
    NotEvaluated,
    Progress,
    Series,
)

PLACES = 4
"""Decimal places of every number in the JSON document."""

TEXT_PLACES = 2
"""Decimal places of numbers shown to people (table, Markdown, annotations)."""

SCHEMA_RESOURCE = "schema/evaluation.schema.json"


# --- numbers: one formatter, reused everywhere -------------------------------------------------


def rounded(value: float | None, places: int = PLACES) -> int | float | None:
    """`value` as the JSON writes it: half-up to `places` decimals (numbers.rounded)."""
    return numbers.rounded(value, places)


def number(value: float | None, places: int = TEXT_PLACES) -> str:
    """`value` for people: rounded like the JSON, no trailing zeros, "n/a" when missing."""
    return "n/a" if rounded(value, places) is None else numbers.shown(value, places)


def percent(ratio: float | None, places: int = 1) -> str:
    """A 0..1 share as a percentage, e.g. 0.312 -> "31.2%"."""
    return "n/a" if ratio is None else number(ratio * 100, places) + "%"


# --- the shared view ---------------------------------------------------------------------------


def level_counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    """Findings per level, every level present, highest first."""
    counts = {level: 0 for level in reversed(LEVELS)}
    for finding in findings:
        counts[finding.level] += 1
    return counts


def failing(evaluation: Evaluation, fail_on: str | None) -> tuple[Finding, ...]:
    """The findings that make `--fail-on` fail (none without it)."""
    return evaluation.at_or_above(fail_on) if fail_on else ()


def summary(evaluation: Evaluation, fail_on: str | None) -> dict:
    """The counts a reader wants before any detail."""
    return {
        "findings": len(evaluation.findings),
        "alerts": len(evaluation.alerts),
        "actions": len(evaluation.actions),
        "levels": level_counts(evaluation.findings),
        "alert_levels": level_counts(evaluation.alerts),
        "action_levels": level_counts(evaluation.actions),
        "waived": sum(f.status == "waived" for f in evaluation.findings),
        "not_evaluated": len(evaluation.not_evaluated),
        "suppressed": evaluation.suppressed,
        "fail_on": fail_on,
        "failing": len(failing(evaluation, fail_on)),
    }


def scope_text(finding: Finding) -> str:
    """The segment and its dimension values, e.g. "reps (geography=EMEA)"."""
    if not finding.dimensions:
        return finding.segment
    values = ", ".join(f"{name}={value}" for name, value in finding.dimensions)
    return f"{finding.segment} ({values})"


def detail_lines(finding: Finding) -> list[str]:
    """What a CI annotation or test report says of a finding besides its message: its segment
    (when it has one: a capability gap has none), since when it is open, remedy and evidence."""
    lines = [f"segment: {scope_text(finding)}"] if finding.segment else []
    if finding.lifecycle is not None:
        lines.append(lifecycle_words(finding.lifecycle))
    if finding.remedy:
        lines.append(f"remedy: {finding.remedy}")
    return lines + [_EVIDENCE_LABEL[e.holds is False] + evidence_text(e) for e in finding.evidence]


_EVIDENCE_LABEL = {False: "evidence: ", True: "evidence, did not hold: "}
"""A comparison that did not hold (a failed branch of an `or`) is said to be one: every line
would otherwise read as a reason the finding fired."""


def lifecycle_words(lifecycle: Lifecycle) -> str:
    """`open since 2014-W32, 3 periods`, and `held open by clear since 2014-W34` when `when` no
    longer holds: how every format says a finding's lifecycle."""
    periods = f"{lifecycle.periods} period{'' if lifecycle.periods == 1 else 's'}"
    text = f"open since {lifecycle.since}, {periods}"
    return text + (f"; held open by clear since {lifecycle.held_since}"
                   if lifecycle.held_since else "")


def cleared_words(cleared: Cleared) -> str:
    """`cleared at 2014-W36 (open since 2014-W32, 4 periods)`."""
    periods = f"{cleared.periods} period{'' if cleared.periods == 1 else 's'}"
    return f"cleared at {cleared.cleared} (open since {cleared.since}, {periods})"


def evidence_text(evidence: Evidence) -> str:
    """One evidence line, e.g. "active_members < 40%: 31.2% at 2026-W48 (threshold 40%, ...)"."""
    text = f"{evidence.expression}: {evidence.value}"
    if evidence.period:
        text += f" at {evidence.period}"
    details = [
        label + " " + value
        for label, value in (("threshold", evidence.threshold), ("margin", evidence.margin))
        if value
    ]
    if details:
        text += f" ({', '.join(details)})"
    return text


def evidence_short(finding: Finding) -> str:
    """The first evidence that holds (a comparison the finding fired on, not a branch of an `or`
    that failed; the engine writes one under a `not` as its negation), and how many more there
    are. Evidence of which none holds (an analysis's notes) shows its first."""
    if not finding.evidence:
        return ""
    shown = next((e for e in finding.evidence if e.holds), finding.evidence[0])
    more = len(finding.evidence) - 1
    return evidence_text(shown) + (f" (+{more} more)" if more else "")


def location(path: str, line: int) -> str:
    """`path:line`, `path` or "" as far as known."""
    if not path:
        return ""
    return f"{path}:{line}" if line else path


def rule_ref(rule: str, path: str, line: int) -> str:
    """A rule and where it is written, e.g. "reps_inactive (playbook.adopt:12)"."""
    where = location(path, line)
    return f"{rule} ({where})" if where else rule


def ordered_not_evaluated(evaluation: Evaluation) -> tuple[NotEvaluated, ...]:
    return tuple(sorted(evaluation.not_evaluated, key=lambda n: (n.path, n.line, n.rule, n.id)))


_case_group = operator.attrgetter("path", "line", "rule")
_case_id = operator.attrgetter("id")
_document_id = operator.itemgetter("id")

SUPPRESSED = "suppressed"


def ordered_cases(cases: Iterable[Case]) -> tuple[Case, ...]:
    """Cases by file, line, rule and id, a suppressed group's id replaced by a number.

    A case id names its group (`rule/segment/dimension=value`); a group below the minimum size
    must never be named in any output, so it becomes `rule/suppressed/N`.
    """
    ordered: list[Case] = []
    numbers: dict[str, int] = {}
    for (path, line, rule), members in _case_groups(cases):
        public = [case for case in members if case.outcome != SUPPRESSED]
        if len(public) < len(members):
            public += [Case(shown, rule, SUPPRESSED, path, line) for shown in
                       _suppressed_ids(rule, len(members) - len(public), numbers)]
            public.sort(key=_case_id)
        ordered += public
    return tuple(ordered)


def _case_documents(cases: Iterable[Case]) -> list[dict]:
    """The cases as ordered_cases gives them, each a plain dict of a Case's fields (a test holds
    them to the class's), which orjson writes: no Case made for a suppressed one, no field read
    twice, for the 577,350 cases of a large result."""
    documents: list[dict] = []
    numbers: dict[str, int] = {}
    for (path, line, rule), members in _case_groups(cases):
        group = [{"id": case.id, "line": line, "outcome": case.outcome, "path": path,
                  "rule": rule} for case in members if case.outcome != SUPPRESSED]
        if len(group) < len(members):
            group += [{"id": shown, "line": line, "outcome": SUPPRESSED, "path": path,
                       "rule": rule} for shown in
                      _suppressed_ids(rule, len(members) - len(group), numbers)]
            group.sort(key=_document_id)
        documents += group
    return documents


def _case_groups(cases: Iterable[Case]) -> list[tuple[tuple[str, int, str], list[Case]]]:
    """The cases by file, line and rule, each group's by id: in the order of (path, line, rule,
    id). The engine records a rule's cases in a row: grouping them and sorting each group by its
    ids alone is faster than sorting a large result's cases by the four at once."""
    groups: dict[tuple[str, int, str], list[Case]] = {}
    for group, run in itertools.groupby(cases, key=_case_group):
        groups.setdefault(group, []).extend(run)
    for members in groups.values():
        members.sort(key=_case_id)
    return sorted(groups.items(), key=operator.itemgetter(0))


def _suppressed_ids(rule: str, count: int, numbers: dict[str, int]) -> list[str]:
    """The ids the rule's next `count` suppressed cases are shown by, `rule/suppressed/N`, in
    order: numbered within the rule, on from the last number `numbers` holds for it."""
    start = numbers.get(rule, 0)
    numbers[rule] = start + count
    return [f"{rule}/suppressed/{number}" for number in range(start + 1, start + count + 1)]


# --- the document ------------------------------------------------------------------------------


def _plain(value: Evidence | NotEvaluated | Case | EffortShare | Progress | Finding | Lifecycle
           | Cleared) -> dict:
    """A result value field for field, every float rounded.

    A field added to the result then reaches the JSON, and the schema test asks to document it.
    """
    names, fields = _fields(type(value))
    return {name: _rounded_float(field) if isinstance(field, float) else field
            for name, field in zip(names, fields(value))}


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, ...], Callable[[object], tuple]]:
    """A result class's field names and a getter of all their values at once (every result
    value has several fields), made once: a large result holds a hundred thousand values."""
    names = tuple(field.name for field in attrs.fields(kind))
    return names, operator.attrgetter(*names)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _rounded_float(value: float) -> int | float | None:
    """rounded(value), remembered: the findings of a result repeat their thresholds, values and
    scores (two in three numbers of the large case had been rounded before)."""
    return numbers.rounded(value, PLACES)


def _finding(finding: Finding) -> dict:
    data = _plain(finding)
    data["alert"] = finding.is_alert
    data["dimensions"] = [{"name": name, "value": value} for name, value in finding.dimensions]
    data["evidence"] = [_plain(e) for e in finding.evidence]
    data["lifecycle"] = None if finding.lifecycle is None else _plain(finding.lifecycle)
    return data


def _progress(progress: Progress) -> dict:
    """A critical-mass row; a group's (`forecast by`) with its dimensions and active shares."""
    forecast = progress.forecast
    data = {**_plain(progress), "ratio": rounded(progress.ratio), "reached": progress.reached,
            "forecast": None if forecast is None else {**_plain(forecast),
                                                       "fitted": list(forecast.fitted)}}
    del data["dimensions"], data["shares"]
    if progress.dimensions:
        data["dimensions"] = [{"name": n, "value": v} for n, v in progress.dimensions]
        data["shares"] = [rounded(v) for v in progress.shares]
    return data


def _history(history: Sequence[Series]) -> list[dict]:
    """Each series as plain data; every value of every series rounded in one array operation
    (a large history holds millions)."""
    rows = iter(numbers.rounded_all([values for series in history
                                     for _, values in series.metrics], PLACES))
    return [{
        "segment": series.segment,
        "title": series.title,
        "dimensions": [{"name": name, "value": value} for name, value in series.dimensions],
        "values": {name: next(rows) for name, _ in series.metrics},
    } for series in history]


def as_document(evaluation: Evaluation, fail_on: str | None = None) -> dict:
    """The evaluation as plain JSON data, in the shape the shipped schema describes."""
    document = _document(evaluation, fail_on)
    document["cases"] = _case_documents(evaluation.cases)
    return document


def _document(evaluation: Evaluation, fail_on: str | None) -> dict:
    """The document but its cases."""
    return {
        "format_version": FORMAT_VERSION,
        "playbook": evaluation.playbook,
        "period": evaluation.period,
        "periods": list(evaluation.periods),
        "summary": summary(evaluation, fail_on),
        "findings": [_finding(f) for f in evaluation.findings],
        "not_evaluated": [_plain(n) for n in ordered_not_evaluated(evaluation)],
        "suppressed": evaluation.suppressed,
        "effort": {
            "total_hours": rounded(evaluation.effort_total),
            "shares": [_plain(s) for s in evaluation.effort],
        },
        "critical_mass": [_progress(p) for p in evaluation.critical_mass],
        "group_progress": [_progress(p) for p in evaluation.group_progress],
        "warnings": list(evaluation.warnings),
        "history": _history(evaluation.history),
        "launch": evaluation.launch,
        "interventions": [{**_plain(e), "dimensions": [{"name": n, "value": v}
                                                     for n, v in e.dimensions],
                           "comparison": list(e.comparison)} for e in evaluation.effects],
        "cleared": [{**_plain(c), "dimensions": [{"name": n, "value": v}
                                                for n, v in c.dimensions]}
                    for c in evaluation.cleared],
    }


def render_json(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """Sorted keys, two-space indent, one trailing newline: the same evaluation, the same bytes."""
    return json_bytes(evaluation, fail_on).decode()


def json_bytes(evaluation: Evaluation, fail_on: str | None = None) -> bytes:
    """`render_json` as UTF-8, as it goes to a file (see `jsontext.dumps_rounded`)."""
    with collector.paused():  # 600,000 dicts and lists for a large result, no cycles
        document = as_document(evaluation, fail_on)
    return jsontext.dumps_rounded(document)


def schema() -> dict:
    """The JSON Schema (draft 2020-12) of the document, read from the installed package."""
    from importlib import resources  # start-up: evaluate renders without reading the schema

    text = resources.files("adoptplan.report").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    return json.loads(text)
