"""Render a playbook test run: text with field-level diffs and explain trees, JUnit, GitHub."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from adoptplan.playbook_tests.run import Coverage, Failure, Mismatch, TestResult, TestRun
from adoptplan.report.explain import render_explanation
from adoptplan.report.github import annotation
from adoptplan.report.json_report import number

INLINE = 30
"""Expected and got values longer than this go on lines of their own."""


def _where(result: TestResult) -> str:
    return f"{result.path}:{result.test.span.line}"


def _mismatch(mismatch: Mismatch) -> list[str]:
    if max(len(mismatch.expected), len(mismatch.got)) <= INLINE:
        return [f"{mismatch.field}: expected {mismatch.expected}, got {mismatch.got}"]
    return [f"{mismatch.field}:", f"  expected: {mismatch.expected}", f"  got:      {mismatch.got}"]


def _indent(lines: list[str], by: str) -> list[str]:
    return [by + line if line else line for line in lines]


def render_failure(failure: Failure) -> str:
    """The failure's line, each field expected against got, then the nearest rule's tree."""
    where = f"{failure.span.path}:{failure.span.line}: " if failure.span.line else ""
    lines = [where + failure.summary]
    for mismatch in failure.mismatches:
        lines += _indent(_mismatch(mismatch), "    ")
    if failure.note:
        lines.append(f"    note: {failure.note}")
    if failure.explanation is not None:
        tree = render_explanation(failure.explanation, failure.explanation.outcome != "fired")
        lines.append("    explain:")
        lines += _indent(tree.rstrip("\n").split("\n"), "      ")
    return "\n".join(lines)


def coverage_lines(coverage: Coverage, minimum: float | None = None,
                   detail: str = "normal") -> list[str]:
    """The coverage line, whether it meets the minimum, and each uncovered rule by file:line
    (`quiet`: the line alone; `verbose`: the covered rules too)."""
    head = (f"rule coverage: {coverage.seen} of {coverage.total} outcomes seen "
            f"({number(coverage.percent, 1)}%; each rule firing and clear)")
    if minimum is not None:
        verdict = "below" if coverage.percent < minimum else "meets"
        head += f", {verdict} the minimum of {number(minimum, 1)}%"
    lines = [head]
    if detail == "quiet":
        return lines
    for rule in coverage.rules if detail == "verbose" else coverage.uncovered:
        missing = " or ".join(rule.missing)
        seen = f"never seen {missing}" if missing else "seen firing and clear"
        lines.append(f"  {rule.path}:{rule.line}: {rule.rule} {seen}")
    return lines


def render_text(run: TestRun, minimum: float | None = None, detail: str = "normal") -> str:
    """A line per test (`quiet`: failed tests alone), each failure's fields and tree, the counts
    and the coverage."""
    lines = []
    for result in run.results:
        if result.passed and detail == "quiet":
            continue
        mark = "PASS" if result.passed else "FAIL"
        lines.append(f"{mark} {result.test.label} ({_where(result)}, at {result.period})")
        for failure in result.failures:
            lines += _indent(render_failure(failure).split("\n"), "  ") + [""]
    failed = len(run.failed)
    total = len(run.results)
    summary = f"{total} test{'s' if total != 1 else ''}: {total - failed} passed, {failed} failed"
    if lines and lines[-1]:
        lines.append("")
    return "\n".join([*lines, summary, *coverage_lines(run.coverage, minimum, detail)]) + "\n"


# ------------------------------------------------------------------------------------- JUnit


def render_junit(run: TestRun) -> str:
    """One suite per test file, one case per test; a failure holds the whole text report."""
    suites: dict[str, list[TestResult]] = {}
    for result in run.results:
        suites.setdefault(result.path, []).append(result)
    root = ET.Element("testsuites", {"name": "adoptplan test"})
    _counts(root, run.results)
    for path in sorted(suites):
        suite = ET.SubElement(root, "testsuite", {"name": path})
        _counts(suite, suites[path])
        for result in suites[path]:
            case = ET.SubElement(suite, "testcase", {
                "classname": path, "name": result.test.name, "file": path,
                "line": str(result.test.span.line)})
            if result.failures:
                failure = ET.SubElement(case, "failure", {
                    "message": result.failures[0].summary, "type": "expectation"})
                failure.text = "\n\n".join(render_failure(f) for f in result.failures)
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _counts(element: ET.Element, results: list[TestResult] | tuple[TestResult, ...]) -> None:
    element.set("tests", str(len(results)))
    element.set("failures", str(sum(not r.passed for r in results)))
    element.set("errors", "0")
    element.set("skipped", "0")


# ------------------------------------------------------------------------------------ GitHub


def render_github(run: TestRun, minimum: float | None = None) -> str:
    """An error on the line of each failed expectation; the summary and coverage as notices."""
    failed = len(run.failed)
    lines = [annotation("notice", f"{len(run.results)} tests: {len(run.results) - failed} passed,"
                                  f" {failed} failed", "adoptplan test")]
    for result in run.results:
        for failure in result.failures:
            lines.append(annotation("error", render_failure(failure),
                                    f"adoptplan test {result.test.name}", failure.span.path,
                                    failure.span.line))
    short = minimum is not None and run.coverage.percent < minimum
    head, *_ = coverage_lines(run.coverage, minimum)
    lines.append(annotation("error" if short else "notice", head, "adoptplan test coverage"))
    for rule in run.coverage.uncovered:
        lines.append(annotation("warning" if short else "notice",
                                f"{rule.rule} never seen {' or '.join(rule.missing)} in a test",
                                "rule not covered", rule.path, rule.line))
    return "\n".join(lines) + "\n"
