"""Waivers: the `waive` block, its canonical layout, its checks, and waived findings in the engine
and every output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from adoptplan import api
from adoptplan import model as m
from adoptplan.diagnostics import InputError
from adoptplan.engine.waivers import covers
from adoptplan.fmt import format_text
from adoptplan.report.render import render
from adoptplan.result import BARRIER as FROM_BARRIER
from adoptplan.result import Finding
from adoptplan.syntax import parse_text

from support.barriers import BARRIER, COLUMNS, HEADER, PLAYBOOK, by_id, evaluate, rows, run, write

DE = "file_sharing/reps/geography=DE"


def waiver(scope: str = "reps by geography = DE", until: str = "2026-12-31",
           rule: str = "file_sharing") -> str:
    return (
        f'\nwaive {rule} "Works council review" {{\n'
        f"  for    {scope}\n"
        f"  until  {until}\n"
        '  reason "The works council is reviewing the file-sharing policy"\n'
        '  owner  "Maya Lindqvist"\n'
        "}\n"
    )


def parsed_waiver(text: str) -> m.Waiver:
    source, problems = parse_text(text, "p.adopt")
    assert problems == []
    (found,) = source.items
    return found


def codes(text: str, today: dt.date | None = None) -> list[tuple[str, str, int, int]]:
    found = api.check_text(text, today=today).diagnostics
    return [(d.code, d.severity, d.span.line, d.span.column) for d in found
            if d.code[:3] != "AP5"]


# ------------------------------------------------------------------------------------ language


def test_a_waiver_block_reads_into_the_model():
    found = parsed_waiver(
        'waive file_sharing "Review" {\n'
        '  for    reps, leads by geography = DE, "North America", 42\n'
        "  until  2026-12-31\n"
        '  reason "Under review"\n'
        '  owner  "Maya Lindqvist"\n'
        "}\n"
    )
    assert found == m.Waiver(
        m.Name("file_sharing"), m.Text("Review"),
        m.Selection((m.Name("reps"), m.Name("leads")), m.Name("geography"),
                    (m.Text("DE"), m.Text("North America"), m.Text("42"))),
        m.Period("2026-12-31"), m.Text("Under review"), m.Text("Maya Lindqvist"),
    )
    assert (found.scope.span.line, found.scope.span.column) == (2, 3)


def test_for_all_covers_every_segment():
    found = parsed_waiver("waive x {\n  for all\n}\n")
    assert found.scope == m.Selection()
    assert found.title is None


def test_words_that_are_keywords_elsewhere_are_plain_values():
    found = parsed_waiver("waive x {\n  for all by team = all, for, until\n}\n")
    assert [v.value for v in found.scope.values] == ["all", "for", "until"]


def test_a_waiver_without_values_after_by_is_a_syntax_error():
    with pytest.raises(Exception) as raised:
        parse_text("waive x {\n  for reps by geography\n}\n", "p.adopt")
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.span.line) == ("AP103", 2)


def test_fmt_writes_the_canonical_layout_and_quotes_only_what_needs_it():
    untidy = ('waive   file_sharing{\n owner "Maya"\n reason   "Why"\n'
              '   until 2026-12-31   # the works council meets in December\n'
              ' for reps   by geography=DE,"North America" , "FR",7\n}\n')
    assert format_text(untidy).after == (
        "waive file_sharing {\n"
        '  for    reps by geography = DE, "North America", FR, 7\n'
        "  until  2026-12-31  # the works council meets in December\n"
        '  reason "Why"\n'
        '  owner  "Maya"\n'
        "}\n"
    )


def test_a_clause_given_twice_is_reported():
    text = 'waive x {\n  owner "A"\n  owner "B"\n}\n'
    _, problems = parse_text(text, "p.adopt")
    assert [(d.code, d.span.line) for d in problems] == [("AP106", 3)]


# -------------------------------------------------------------------------------------- checks


def test_a_valid_waiver_is_clean():
    assert codes(PLAYBOOK + waiver(), dt.date(2026, 11, 1)) == []


def test_an_unknown_rule_is_an_error_with_did_you_mean():
    text = PLAYBOOK + waiver(rule="file_sharng")
    found = [d for d in api.check_text(text).diagnostics if d.code == "AP217"]
    assert [(d.severity, d.span.line, d.span.column) for d in found] == [("error", 42, 7)]
    assert found[0].hint == "did you mean 'file_sharing'?"


def test_an_unknown_segment_is_an_error():
    found = codes(PLAYBOOK + waiver(scope="rpes by geography = DE"), dt.date(2026, 11, 1))
    assert found == [("AP202", "error", 43, 10)]


def test_the_dimension_must_be_the_one_the_rule_is_broken_down_by():
    text = PLAYBOOK + waiver(scope="reps by team = blue")
    found = [d for d in api.check_text(text).diagnostics if d.code == "AP211"]
    assert [(d.span.line, d.span.column) for d in found] == [(43, 18)]
    assert found[0].message == "file_sharing is broken down by 'geography', not 'team'"


def test_a_rule_without_a_dimension_takes_no_values():
    text = PLAYBOOK + waiver(scope="reps by geography = DE", rule="inactive")
    found = [d for d in api.check_text(text).diagnostics if d.code == "AP211"]
    assert [d.message for d in found] == ["inactive is not broken down by any dimension"]


@pytest.mark.parametrize(("until", "says"), [
    ("2026-W52", "until 2026-W52 is not a date: a waiver ends on a day"),
    ("2026-12", "until 2026-12 is not a date: a waiver ends on a day"),
    ("2026-02-30", "until 2026-02-30 is not a real date: there is no such day"),
])
def test_until_is_a_real_day(until, says):
    found = [d for d in api.check_text(PLAYBOOK + waiver(until=until)).diagnostics
             if d.code == "AP305"]
    assert [(d.message, d.span.line, d.span.column) for d in found] == [(says, 44, 10)]


def test_every_clause_is_required():
    found = api.check_text(PLAYBOOK + "\nwaive file_sharing {\n  for all\n}\n").diagnostics
    assert sorted(d.message for d in found if d.code == "AP107") == [
        "waiver of file_sharing has no `owner` clause",
        "waiver of file_sharing has no `reason` clause",
        "waiver of file_sharing has no `until` clause",
    ]


@pytest.mark.parametrize(("today", "expired"), [
    (dt.date(2026, 12, 31), False),  # the last day it applies
    (dt.date(2027, 1, 1), True),
])
def test_an_expired_waiver_is_a_warning_judged_at_today(today, expired):
    found = codes(PLAYBOOK + waiver(), today)
    assert found == ([("AP403", "warning", 44, 10)] if expired else [])


def test_check_today_and_strict_from_the_command_line(tmp_path):
    playbook, _ = write(tmp_path, PLAYBOOK + waiver())
    later = run("check", str(playbook), "--today", "2027-01-01")
    assert later.exit_code == 0, later.output
    assert "warning[AP403]: this waiver of file_sharing expired on 2026-12-31" in later.output
    assert run("check", str(playbook), "--today", "2027-01-01", "--strict").exit_code == 1
    assert run("check", str(playbook), "--today", "2026-12-31", "--strict").exit_code == 0
    assert run("check", str(playbook), "--today", "31.12.2026").exit_code == 2


def test_the_real_date_is_the_default(tmp_path):
    playbook, _ = write(tmp_path, PLAYBOOK + waiver(until="2020-01-31"))
    assert "AP403" in run("check", str(playbook)).output


def test_a_clearing_condition_is_checked_like_a_condition():
    clear = "  clear    when files_sharred / posts >= 8% for 0 periods\n"
    text = HEADER + BARRIER.replace("  in       reps", clear + "  in       reps")
    found = {d.code for d in api.check_text(text).diagnostics}
    assert {"AP205", "AP305"} <= found


# -------------------------------------------------------------------------------------- engine


def test_a_covered_finding_is_waived_counted_and_keeps_its_level(tmp_path):
    evaluation = evaluate(tmp_path, PLAYBOOK + waiver())
    finding = by_id(evaluation)[DE]
    assert (finding.status, finding.level) == ("waived", "high")
    assert finding.evidence[-1].expression == "waived until 2026-12-31 (owner Maya Lindqvist)"
    assert finding.evidence[-1].value == "The works council is reviewing the file-sharing policy"
    assert finding.evidence[0].expression == "files_shared / posts < 5%"
    assert evaluation.counts()["high"] == 1
    assert evaluation.at_or_above("high") == ()


def test_only_the_covered_groups_and_segments_are_waived(tmp_path):
    metrics_with_fr = COLUMNS + rows("2026-W39", 9, 9, 9) + rows("2026-W40", 2, 3)
    evaluation = evaluate(tmp_path, PLAYBOOK + waiver(scope="all by geography = DE")
                          + waiver(scope="leads", rule="inactive"), metrics_with_fr)
    status = {i: f.status for i, f in by_id(evaluation).items()}
    assert status == {
        DE: "waived", "file_sharing/reps/geography=FR": "open",
        "inactive/leads": "waived", "inactive/reps": "open",
    }


def test_a_waiver_applies_to_periods_that_start_on_or_before_its_date(tmp_path):
    text = PLAYBOOK + waiver(until="2026-09-28")  # the Monday of 2026-W40
    assert by_id(evaluate(tmp_path, text, at="2026-W40"))[DE].status == "waived"
    assert by_id(evaluate(tmp_path, text, at="2026-W41"))[DE].status == "open"


def test_a_waiver_without_a_real_date_waives_nothing(tmp_path):
    text = PLAYBOOK + waiver(until="2026-W52")
    with pytest.raises(InputError):
        evaluate(tmp_path, text)


def test_covers_needs_the_rule_segment_and_value():
    finding = Finding(DE, FROM_BARRIER, "file_sharing", "t", "remove_barrier", "high", 1.0, "reps",
                      (("geography", "DE"),), "m")
    waive = parsed_waiver(waiver(scope="reps by geography = FR, DE"))
    assert covers(waive, finding)
    assert not covers(parsed_waiver(waiver(scope="leads")), finding)
    assert not covers(parsed_waiver(waiver(scope="all by geography = FR")), finding)
    assert not covers(parsed_waiver(waiver(scope="all", rule="inactive")), finding)
    analysis = Finding("x", "analysis", "file_sharing", "t", "build", "high", 1.0, "reps", (), "m")
    assert not covers(parsed_waiver(waiver(scope="all")), analysis)


# ----------------------------------------------------------------------------- CLI and outputs


def test_fail_on_ignores_waived_findings_and_outputs_show_them(tmp_path):
    playbook, metrics = write(tmp_path, PLAYBOOK + waiver())
    common = ["evaluate", str(playbook), "--metrics", str(metrics), "--fail-on", "high"]
    assert run(*common).exit_code == 0
    assert run("evaluate", str(playbook), "--metrics", str(metrics), "--fail-on", "medium"
               ).exit_code == 1
    document = json.loads(run(*common, "--format", "json").stdout)
    assert document["summary"]["waived"] == 1
    assert document["summary"]["failing"] == 0
    assert [f["status"] for f in document["findings"] if f["id"] == DE] == ["waived"]
    assert "high (waived)" in run(*common).stdout
    assert "high (waived)" in run(*common, "--format", "markdown").stdout
    github = run(*common, "--format", "github").stdout
    line = PLAYBOOK.split("\n").index(BARRIER.split("\n")[1]) + 1
    assert f"::notice file={playbook},line={line},title=high barrier%3A Hesitant" in github
    assert "status: waived" in github


def test_every_format_renders_a_waived_finding(tmp_path):
    evaluation = evaluate(tmp_path, PLAYBOOK + waiver())
    for fmt in ("table", "markdown", "json", "github", "junit"):
        assert "waived" in render(evaluation, fmt, "high"), fmt
