"""The JUnit renderer: a test case per rule and scope, failures at or above --fail-on."""

import xml.etree.ElementTree as ET

import attrs

from adoptplan.report.junit import render_junit
from adoptplan.result import Case

from support.report import SHARED, evaluation


def _root(result=None, fail_on="high") -> ET.Element:
    return ET.fromstring(render_junit(result or evaluation(), fail_on))


def _case(root: ET.Element, name: str) -> ET.Element:
    (found,) = [c for c in root.iter("testcase") if c.get("name") == name]
    return found


def test_one_suite_per_rule_file_sorted_and_counted():
    root = _root()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "Customer service rollout", "playbooks/rollout.adopt", SHARED, "critical mass",
        "interventions"]
    assert [(s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites] == [
        ("1", "0", "0"), ("7", "3", "1"), ("4", "2", "1"), ("4", "0", "0"), ("3", "0", "1")]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "19", "5", "0", "3")


def test_fired_at_or_above_fail_on_is_a_failure_with_evidence():
    case = _case(_root(), "reps_inactive/reps")
    assert (case.get("classname"), case.get("file"), case.get("line")) == (
        "reps_inactive", "playbooks/rollout.adopt", "31")
    failure = case.find("failure")
    assert failure.get("message").startswith("Workshop: resolve complex customer queries")
    assert failure.get("type") == "critical"
    assert "evidence: active_members < 40% for 2 periods: 31.2%" in failure.text


def test_fired_below_fail_on_goes_to_system_out():
    case = _case(_root(), "engineering_sustain/engineering")
    assert case.find("failure") is None
    assert case.find("system-out").text.startswith("medium: Recognise the top contributors")


def test_without_fail_on_nothing_fails():
    assert _root(fail_on=None).get("failures") == "0"


def test_waived_never_fails():
    case = _case(_root(fail_on="low"), "sales_qna/sales")
    assert case.find("failure") is None
    assert case.find("system-out").text.startswith("medium (waived):")


def test_not_evaluated_and_suppressed_are_skipped_with_a_reason():
    root = _root()
    skipped = _case(root, "reps_growth/reps").find("skipped")
    assert skipped.get("message") == (
        "not evaluated: no value of organic_content_growth for reps at 2026-W48")
    suppressed = _case(root, "file_sharing/suppressed/1").find("skipped")
    assert suppressed.get("message").startswith("suppressed:")
    assert list(_case(root, "engineering_inactive/engineering")) == []


def test_findings_and_undecided_rules_without_a_case_still_appear():
    result = attrs.evolve(evaluation(), cases=(), critical_mass=(), effects=())
    root = _root(result, "low")
    assert root.get("tests") == str(len(result.findings) + len(result.not_evaluated))
    assert root.get("failures") == "7"


def test_attributes_keep_a_fixed_order_and_xml_is_escaped():
    text = render_junit(evaluation(), "high")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name=')
    assert ('<testcase classname="file_sharing" name="file_sharing/reps/geography=EMEA" '
            'file="playbooks/shared/barriers.adopt" line="3">') in text
    assert 'message="Files shared | posts &lt; 5% while reps post: &lt;b&gt;hesitant' in text


def test_control_characters_do_not_break_the_xml():
    result = attrs.evolve(evaluation(), cases=(Case("a\x1b\x00b", "r\x07", "clear"),))
    case = _case(_root(result), "a\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}b")
    assert case.get("classname") == "r\N{REPLACEMENT CHARACTER}"


def test_forecasts_and_effects_are_reported_and_never_fail():
    """Every format shows the forecast and the interventions: here as cases that pass with the
    words in <system-out>, or are skipped with why the effect could not be measured."""
    root = _root(fail_on="info")
    forecasts = root.find("testsuite[@name='critical mass']")
    assert [(c.get("classname"), c.get("name"), c.findtext("system-out"))
            for c in forecasts.iter("testcase")] == [
        ("critical_mass", "reps", "Customer service reps: 31.2% active of 60% target, "
                                  "forecast 2027-W09 (2027-W06 to 2027-W13)"),
        ("critical_mass", "sales", "Account teams: 65% active of 60% target, forecast reached"),
        ("critical_mass", "engineering",
         "Engineering: n/a active of 60% target, forecast not enough history"),
        ("critical_mass", "(all)", "All segments: 41.3% active of 60% target")]
    effects = root.find("testsuite[@name='interventions']")
    worked, worse, unmeasured = effects.iter("testcase")
    assert worked.get("file") == "playbooks/rollout.adopt" and worked.get("line") == "70"
    assert worked.findtext("system-out").split("\n")[:2] == [
        "+6.2pp against comparison groups (95% CI +2.1 to +10.3): worked",
        "for: reps geography = EMEA"]
    assert worse.findtext("system-out").split("\n")[0] == (
        "+1.5 against comparison groups (95% CI +0.4 to +2.6): made it worse")
    assert "measure: answer_hours (expect decrease)" in worse.findtext("system-out")
    assert unmeasured.find("skipped").get("message") == "not measured: not enough history"
    assert effects.find(".//failure") is None and forecasts.find(".//failure") is None
