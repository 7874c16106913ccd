"""The JUnit XML form of an evaluation: each rule and scope a test case, for CI test reports.

One <testsuite> per rule file, one <testcase> per Case (classname = rule, name = case id). A fired
finding at or above `--fail-on` is a <failure>; one below it is <system-out>; a case that could not
be decided, or was suppressed for a small group, is <skipped>. No timestamps or durations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

import attrs

from adoptplan.engine.params import SMALL_GROUPS_ALLOWED
from adoptplan.report.json_report import detail_lines, failing, ordered_cases
from adoptplan.result import Case, Evaluation, Finding

SUPPRESSED_REASON = "suppressed: the group is below the minimum group size"
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
    root = _element("testsuites", [("name", evaluation.playbook)])
    _counts(root, *(sum(n) for n in zip((0, 0, 0), *(_tally(c) for c in suites.values()))))
    # a privacy floor below the least one is said in every output: here in each suite
    privacy = [w for w in evaluation.warnings if w.startswith(SMALL_GROUPS_ALLOWED)]
    for name in sorted(suites):
        suite = _element("testsuite", [("name", name)])
        _counts(suite, *_tally(suites[name]))
        if privacy:
            properties = _element("properties")
            properties.extend(_element("property", [("name", "privacy"), ("value", w)])
                              for w in privacy)
            suite.append(properties)
        suite.extend(suites[name])
        root.append(suite)
    ET.indent(root, INDENT)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
