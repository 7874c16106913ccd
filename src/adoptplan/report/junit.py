"""The JUnit XML form of an evaluation: each rule and scope a test case, for CI test reports.

One <testsuite> per rule file, one <testcase> per Case (classname = rule, name = case id). A fired
finding at or above `--fail-on` is a <failure>; one below it is <system-out>; a case that could not
be decided, or was suppressed for a small group, is <skipped>. Then what is reported, never
failed: a "critical mass" suite (each segment's progress and forecast) and an "interventions"
suite (each effect). No timestamps or durations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

import attrs

from adoptplan.engine.params import SMALL_GROUPS_ALLOWED
from adoptplan.report.json_report import detail_lines, failing, ordered_cases
from adoptplan.report.readable import (
    effect_lines,
    progress_in_order,
    progress_words,
    segment_titles,
)
from adoptplan.result import MEASURED, Case, Effect, Evaluation, Finding

SUPPRESSED_REASON = "suppressed: the group is below the minimum group size"
CRITICAL_MASS_SUITE = "critical mass"
INTERVENTIONS_SUITE = "interventions"
INDENT = "  "

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold (control codes) become U+FFFD instead of breaking the file."""
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def _element(tag: str, attributes: Iterable[tuple[str, str]] = (), text: str = "") -> ET.Element:
    # Attributes keep the order given here, so the bytes do not depend on a dict's history.
    element = ET.Element(tag)
    for name, value in attributes:
        element.set(name, _xml_text(value))
    if text:
        element.text = _xml_text(text)
    return element


def all_cases(evaluation: Evaluation) -> tuple[Case, ...]:
    """The engine's cases, plus a case for every finding or undecided rule it has none for.

    An analysis finding (a capability gap, a missing baseline) has no rule case, yet it must
    still fail the report when it is at or above `--fail-on`.
    """
    known = {case.id for case in evaluation.cases}
    extra = [Case(f.id, f.rule, "fired", f.path, f.line)
             for f in evaluation.findings if f.id not in known]
    extra += [Case(n.id, n.rule, "not-evaluated", n.path, n.line)
              for n in evaluation.not_evaluated if n.id not in known]
    return ordered_cases(evaluation.cases + tuple(extra))


def _details(finding: Finding) -> str:
    lines = detail_lines(finding)
    lines.append(f"id: {finding.id}")
    return "\n".join(lines)


@attrs.frozen
class _Outcomes:
    """What a case id came to: its finding, whether that fails, why it was not evaluated."""

    findings: dict[str, Finding]
    failing: frozenset[str]
    reasons: dict[str, str]

    @classmethod
    def of(cls, evaluation: Evaluation, fail_on: str | None) -> _Outcomes:
        return cls(
            {f.id: f for f in evaluation.findings},
            frozenset(f.id for f in failing(evaluation, fail_on)),
            {n.id: n.reason for n in evaluation.not_evaluated},
        )


def _testcase(case: Case, outcomes: _Outcomes) -> ET.Element:
    attributes = [("classname", case.rule), ("name", case.id)]
    if case.path:
        attributes += [("file", case.path), ("line", str(case.line))]
    element = _element("testcase", attributes)
    if case.outcome == "fired" and case.id in outcomes.findings:
        finding = outcomes.findings[case.id]
        if case.id in outcomes.failing:
            element.append(_element("failure", [("message", finding.message),
                                                ("type", finding.level)], _details(finding)))
        else:
            status = "" if finding.status == "open" else f" ({finding.status})"
            text = f"{finding.level}{status}: {finding.message}\n{_details(finding)}"
            element.append(_element("system-out", (), text))
    elif case.outcome == "not-evaluated":
        reason = outcomes.reasons.get(case.id, "no reason given")
        element.append(_element("skipped", [("message", f"not evaluated: {reason}")]))
    elif case.outcome == "suppressed":
        element.append(_element("skipped", [("message", SUPPRESSED_REASON)]))
    return element


def _reports(evaluation: Evaluation) -> dict[str, list[ET.Element]]:
    """What is reported, never failed: each segment's progress toward critical mass with its
    forecast, and each intervention's effect (one that could not be measured is skipped, with
    why). Their suites come after the rule files'."""
    reports: dict[str, list[ET.Element]] = {}
    if evaluation.critical_mass:
        titles = segment_titles(evaluation)
        reports[CRITICAL_MASS_SUITE] = [
            _with(_element("testcase", [("classname", "critical_mass"), ("name", "/".join(
                [p.segment, *(f"{n}={v}" for n, v in p.dimensions)]))]),
                  _element("system-out", (), progress_words(p, titles)))
            for p in progress_in_order(evaluation)]
    if evaluation.effects:
        reports[INTERVENTIONS_SUITE] = [_effect_case(e) for e in evaluation.effects]
    return reports


def _with(parent: ET.Element, child: ET.Element) -> ET.Element:
    parent.append(child)
    return parent


def _effect_case(effect: Effect) -> ET.Element:
    attributes = [("classname", "intervention"), ("name", effect.intervention)]
    if effect.path:
        attributes += [("file", effect.path), ("line", str(effect.line))]
    if effect.status != MEASURED:
        outcome = _element("skipped", [("message", f"not measured: {effect.status}")])
    else:
        outcome = _element("system-out", (), "\n".join(effect_lines(effect)))
    return _with(_element("testcase", attributes), outcome)


def _counts(element: ET.Element, tests: int, failures: int, skipped: int) -> None:
    for name, value in (("tests", tests), ("failures", failures), ("errors", 0),
                        ("skipped", skipped)):
        element.set(name, str(value))


def _tally(testcases: list[ET.Element]) -> tuple[int, int, int]:
    failures = sum(case.find("failure") is not None for case in testcases)
    skipped = sum(case.find("skipped") is not None for case in testcases)
    return len(testcases), failures, skipped


def render_junit(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """One suite per rule file (the playbook's name for cases without one), sorted by file."""
    outcomes = _Outcomes.of(evaluation, fail_on)
    suites: dict[str, list[ET.Element]] = {}
    for case in all_cases(evaluation):
        suite = case.path or evaluation.playbook
        suites.setdefault(suite, []).append(_testcase(case, outcomes))
    reports = _reports(evaluation)
    root = _element("testsuites", [("name", evaluation.playbook)])
    _counts(root, *(sum(n) for n in zip((0, 0, 0), *(_tally(c) for c in (
        *suites.values(), *reports.values())))))
    # a privacy floor below the least one is said in every output: here in each suite
    privacy = [w for w in evaluation.warnings if w.startswith(SMALL_GROUPS_ALLOWED)]
    for name, cases in [*sorted(suites.items()), *reports.items()]:
        suite = _element("testsuite", [("name", name)])
        _counts(suite, *_tally(cases))
        if privacy:
            properties = _element("properties")
            properties.extend(_element("property", [("name", "privacy"), ("value", w)])
                              for w in privacy)
            suite.append(properties)
        suite.extend(cases)
        root.append(suite)
    ET.indent(root, INDENT)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
