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
                                      warnings=(), critical_mass=(), effects=()),
                         None).splitlines()[-1]
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


def test_forecasts_and_effects_are_annotated_escaped():
    """A notice with each segment's progress and forecast, then one annotation per intervention
    on its line: a notice, a warning when it made things worse; its title's markup and `%`
    escaped as the runner wants, never acting on the log."""
    lines = render_github(evaluation(), "high").splitlines()
    (progress,) = [line for line in lines if "title=critical mass::" in line]
    assert progress == (
        "::notice title=critical mass::Customer service reps: 31.2%25 active of 60%25 target, "
        "forecast 2027-W09 (2027-W06 to 2027-W13)%0AAccount teams: 65%25 active of 60%25 "
        "target, forecast reached%0AEngineering: n/a active of 60%25 target, forecast not "
        "enough history%0AAll segments: 41.3%25 active of 60%25 target")
    effects = [line for line in lines if "title=intervention%3A" in line]
    assert [line.split(" ", 1)[0] for line in effects] == ["::notice", "::warning", "::notice"]
    assert effects[0].startswith(
        "::notice file=playbooks/rollout.adopt,line=70,title=intervention%3A Champions%3A EMEA "
        "<b>&</b> 100%25 | *live*::+6.2pp against comparison groups (95%25 CI +2.1 to +10.3): "
        "worked%0Afor: reps geography = EMEA%0A")
    assert "measure: answer_hours (expect decrease)" in effects[1]
    assert effects[2].split("::")[-1].startswith("not enough history%0A")
    assert lines.index(progress) < lines.index(effects[0]) < lines.index(
        next(line for line in lines if line.startswith("::warning title=adoptplan::")))
