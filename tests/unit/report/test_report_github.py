"""The GitHub renderer: annotations on the rule's file and line, escaped as the runner wants."""

import attrs
import pytest

from adoptplan.report.github import annotation, command_for, render_github
from adoptplan.result import RULE, Finding

from support.report import evaluation


def _finding(level: str, status: str = "open") -> Finding:
    return Finding("id", RULE, "r", "t", "educate", level, 0.5, "s", (), "m", status=status)


@pytest.mark.parametrize(
    ("level", "fail_on", "command"),
    [
        ("critical", None, "error"),
        ("high", None, "error"),
        ("medium", None, "warning"),
        ("low", None, "warning"),
        ("info", None, "notice"),
        ("medium", "medium", "error"),
        ("high", "critical", "warning"),
        ("info", "info", "error"),
        ("info", "low", "notice"),
    ],
)
def test_command_follows_fail_on(level, fail_on, command):
    assert command_for(_finding(level), fail_on) == command


def test_waived_findings_are_notices():
    assert command_for(_finding("critical", "waived"), "low") == "notice"


def test_annotation_escapes_data_and_properties():
    line = annotation("error", "50% done\r\nnext: a, b", "t: a, b", "dir,x/a:b.adopt", 7)
    assert line == (
        "::error file=dir%2Cx/a%3Ab.adopt,line=7,title=t%3A a%2C b::50%25 done%0D%0Anext: a, b"
    )


def test_annotation_without_a_place_has_only_a_title():
    assert annotation("warning", "m", "t") == "::warning title=t::m"
    assert annotation("warning", "m", "t", "p.adopt") == "::warning file=p.adopt,title=t::m"


def test_findings_point_at_their_rule_in_the_total_order():
    lines = render_github(evaluation(), "high").split("\n")
    assert lines[0].startswith("::notice title=adoptplan::Customer service rollout: 2 barrier")
    assert lines[1].startswith(
        "::error file=playbooks/shared/barriers.adopt,line=12,"
        "title=critical barrier%3A Managers discourage use::Managers in APAC"
    )
    assert lines[2].startswith("::error file=playbooks/rollout.adopt,line=31,title=critical ")
    assert "%0Aevidence: active_members < 40%25 for 2 periods: 31.2%25 at 2026-W48" in lines[2]
    assert lines[8].startswith("::warning title=low measure%3A No baseline before launch::")


def test_not_evaluated_and_warnings_are_warnings():
    text = render_github(evaluation())
    assert ("::warning file=playbooks/rollout.adopt,line=60,title=not evaluated%3A reps_growth::"
            "no value of organic_content_growth for reps at 2026-W48%0Aid: reps_growth/reps"
            ) in text
    assert "::warning title=adoptplan::no snapshot before launch 2026-W40" in text


def test_every_annotation_is_one_line():
    result = attrs.evolve(evaluation(), warnings=("line one\nline two\r",))
    text = render_github(result)
    assert all(line.startswith("::") for line in text.rstrip("\n").split("\n"))


def test_a_finding_without_a_segment_has_no_segment_line():
    """A capability gap belongs to a tool, not a segment: no empty `segment: ` line."""
    gap = attrs.evolve(_finding("medium"), segment="", remedy="build it")
    line = render_github(attrs.evolve(evaluation(), findings=(gap,), not_evaluated=(), cleared=(),
                                      warnings=()), None).splitlines()[-1]
    assert "segment:" not in line
    assert "m%0Aremedy: build it%0Aid: id" in line
    assert "%0Asegment: s%0A" in render_github(
        attrs.evolve(evaluation(), findings=(_finding("medium"),)), None)


def test_a_comparison_that_did_not_hold_is_said_to_be_one():
    """Of `a < 1 or b < 1`, both are listed; the failed branch is not passed off as a reason."""
    from adoptplan.report.json_report import detail_lines
    from adoptplan.result import Evidence

    failed = Evidence("a < 1", "3", "2026-W08", "1", "-2", False)
    held = Evidence("b < 1", "0", "2026-W08", "1", "1", True)
    finding = attrs.evolve(evaluation().findings[0], evidence=(failed, held))
    assert detail_lines(finding)[-2:] == [
        "evidence, did not hold: a < 1: 3 at 2026-W08 (threshold 1, margin -2)",
        "evidence: b < 1: 0 at 2026-W08 (threshold 1, margin 1)",
    ]


def test_nothing_in_an_annotation_acts_on_the_log_or_reorders_it():
    line = annotation("error", "a\x1b[31m\nb\u202e", "t\x07")
    assert line == "::error title=t\\x07::a\\x1b[31m%0Ab\\u202e"
