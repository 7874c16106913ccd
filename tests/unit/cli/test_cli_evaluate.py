"""`adoptplan evaluate` and `adoptplan explain ID` through the command line: files, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adoptplan import exitcodes
from adoptplan.cli import cli

PLAYBOOK = """playbook "Rollout" {
  cadence       weekly
  launch        2026-W02
  critical_mass 60%
}

param floor percent = 40%

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  by            geography
}

priority reputation "Protect the brand" {
  for reps
}

tool qna "Q&A with experts" {
  serves reputation
}

rule inactive "Reps are not yet active" {
  when     active_members < floor and posts < 50
  in       reps by geography
  do       educate "Workshop in {geography} on {tool}"
  using    qna
  priority medium
}
"""
METRICS = """period,segment,geography,members,active_members,posts
2026-W01,reps,DE,300,20,40
2026-W02,reps,DE,300,25,45
2026-W03,reps,DE,300,30,45
2026-W01,reps,FR,250,40,80
2026-W02,reps,FR,250,45,90
2026-W03,reps,FR,250,50,95
"""
POSITIONED = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): error\[AP\d{3}\]: ",
                        re.M)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with one playbook and one metrics file; commands run inside it."""
    monkeypatch.chdir(tmp_path)
    for name in ("COLUMNS", "NO_COLOR"):  # a pipe's table is plain and PLAIN_WIDTH wide
        monkeypatch.delenv(name, raising=False)
    Path("plan.adopt").write_text(PLAYBOOK, encoding="utf-8")
    Path("metrics.csv").write_text(METRICS, encoding="utf-8")
    return tmp_path


def adoptplan(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def evaluate(*extra: str) -> Result:
    return adoptplan("evaluate", "plan.adopt", "--metrics", "metrics.csv", *extra)


def test_evaluate_prints_the_actions(repo):
    result = evaluate()
    assert result.exit_code == exitcodes.OK, result.output
    assert result.stdout.startswith("Rollout: 0 barrier alerts, 1 action (1 medium) at 2026-W03")
    assert "inactive/reps/geography=DE" in result.stdout
    assert "Workshop in DE on Q&A with experts" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "github", "junit", "html"])
def test_output_file_holds_exactly_what_stdout_would_and_nothing_else_is_left(repo, fmt):
    printed = evaluate("--format", fmt).stdout_bytes
    (repo / "out").mkdir()
    result = evaluate("--format", fmt, "-o", "out/result")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.stdout == ""
    assert (repo / "out" / "result").read_bytes() == printed
    assert sorted(p.name for p in (repo / "out").iterdir()) == ["result"]


def test_the_table_fits_columns_and_is_plain_in_a_pipe_unless_colour_is_asked_for(
        repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    narrow = evaluate().stdout
    _summary, *tables = narrow.split("\n")  # a pipe: the summary stays one line
    assert max(len(line) for line in tables) <= 50
    assert "\x1b[" not in narrow
    coloured = evaluate("--color", "always").stdout
    assert "\x1b[33mmedium\x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[33mmedium" in evaluate("--color", "always").stdout  # said out loud: wins
    assert "\x1b[" not in evaluate("--color", "auto").stdout
    assert "\x1b[" not in evaluate("--color", "always", "-o", "out.txt").stdout
    assert "\x1b[" not in (repo / "out.txt").read_text(encoding="utf-8")  # a file: plain


def test_quiet_prints_the_summary_alone_and_verbose_every_evidence_line(repo):
    quiet = evaluate("--quiet")
    assert quiet.exit_code == exitcodes.OK
    assert quiet.stdout == "Rollout: 0 barrier alerts, 1 action (1 medium) at 2026-W03\n"
    verbose = evaluate("--verbose").stdout
    assert "evidence: " in verbose and "(+" not in verbose


def test_output_file_in_a_folder_that_does_not_exist_exits_2(repo):
    result = evaluate("-o", "missing/result.txt")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.output == ("adoptplan: cannot write missing/result.txt: "
                             "No such file or directory\n")


def test_output_to_a_device_exits_2_and_leaves_the_device_a_device(repo):
    import os
    import stat

    result = evaluate("-o", "/dev/full")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.output == ("adoptplan: cannot write /dev/full: it is a device, not a regular "
                             "file (give a regular file)\n")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_dash_is_standard_output(repo):
    result = evaluate("-o", "-")
    assert result.exit_code == exitcodes.OK
    assert result.output == evaluate().output
    assert not (repo / "-").exists()


def test_output_file_replaces_an_existing_file(repo):
    (repo / "result.json").write_text("old and much longer than the new content" * 100)
    assert evaluate("--format", "json", "-o", "result.json").exit_code == exitcodes.OK
    assert json.loads((repo / "result.json").read_text())["findings"][0]["level"] == "medium"


def test_output_file_and_fail_on_together(repo):
    result = evaluate("-o", "result.txt", "--fail-on", "medium")
    assert result.exit_code == exitcodes.FINDINGS
    assert (repo / "result.txt").read_text().startswith("Rollout:")


@pytest.mark.parametrize("fail_on, code", [
    (None, exitcodes.OK),
    ("never", exitcodes.OK),  # the default, said out loud (a CI variable may hold it)
    ("critical", exitcodes.OK),
    ("high", exitcodes.OK),
    ("medium", exitcodes.FINDINGS),
    ("low", exitcodes.FINDINGS),
    ("info", exitcodes.FINDINGS),
])
def test_fail_on_exits_1_at_or_above_the_level(repo, fail_on, code):
    result = evaluate(*(["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code, result.output


def test_fail_on_an_unknown_level_is_a_usage_error(repo):
    result = evaluate("--fail-on", "severe")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "'severe' is not one of" in result.output


def test_fail_on_with_nothing_found_exits_0(repo):
    assert evaluate("--fail-on", "info", "--param", "floor=10%").exit_code == exitcodes.OK


# -------------------------------------------------------------------------------- bad input


def test_an_invalid_playbook_exits_2_with_a_positioned_diagnostic(repo):
    Path("plan.adopt").write_text(PLAYBOOK.replace("in       reps by", "in       rpes by"))
    result = evaluate()
    assert result.exit_code == exitcodes.BAD_INPUT
    match = POSITIONED.search(result.output)
    assert match and (match["path"], match["line"]) == ("plan.adopt", "26"), result.output
    assert "did you mean 'reps'?" in result.output
    assert result.stdout == ""


def test_a_syntax_error_exits_2_with_a_positioned_diagnostic(repo):
    Path("plan.adopt").write_text(PLAYBOOK.replace('rule inactive "Reps', 'rule inactive Reps'))
    result = evaluate()
    assert result.exit_code == exitcodes.BAD_INPUT
    assert POSITIONED.search(result.output)["line"] == "24", result.output


def test_invalid_metrics_exit_2_with_file_line_and_column(repo):
    Path("metrics.csv").write_text(METRICS.replace("2026-W02,reps,FR,250,45,90",
                                                   "2026-W02,reps,FR,250,lots,90"))
    result = evaluate()
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "metrics.csv:6:22: error[AP603]: " in result.output, result.output
    assert "2026-W02,reps,FR,250,lots,90" in result.output


@pytest.mark.parametrize(("at", "message"), [
    ("2026-W09", "period 2026-W09 is not in the metrics (2026-W01 to 2026-W03)"),
    ("2026-03", "2026-03 is a month, but the metrics hold ISO weeks (2026-W01 to 2026-W03)"),
    ("next week", "'next week' is not a period: expected an ISO week like 2026-W05, a month "
                  "like 2026-01 or a date like 2026-01-31"),
])
def test_at_a_period_not_in_the_history_exits_2_and_says_why(repo, at, message):
    result = evaluate("--at", at)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.output == f"adoptplan: {message}\n"


def test_at_a_date_evaluates_the_week_it_falls_in(repo):
    result = evaluate("--at", "2026-01-07", "--format", "json")
    assert result.exit_code == exitcodes.OK, result.output
    assert json.loads(result.stdout)["period"] == "2026-W02"


def test_at_an_earlier_period(repo):
    result = evaluate("--at", "2026-W02", "--format", "json")
    assert result.exit_code == exitcodes.OK
    document = json.loads(result.stdout)
    assert [f["period"] for f in document["findings"]] == ["2026-W02"]


def test_missing_metrics_option_exits_2(repo):
    result = adoptplan("evaluate", "plan.adopt")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.output == "adoptplan: give the metrics with --metrics PATH\n"


def test_a_metrics_path_that_does_not_exist_exits_2(repo):
    result = adoptplan("evaluate", "plan.adopt", "--metrics", "nowhere.csv")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "no such file or folder: nowhere.csv" in result.output


@pytest.mark.parametrize("param, message", [
    ("floor", "--param:1:1: error[AP103]: expected NAME=VALUE, got 'floor'"),
    ("=35%", "--param:1:1: error[AP103]: expected NAME=VALUE, got '=35%'"),
    ("floor=35%%", "--param floor:1:4: error[AP103]: unexpected '%'"),
    ("flor=35%", "adoptplan: --param flor: the playbook has no param 'flor'; "
                 "did you mean 'floor'?"),
    ("floor=35", "adoptplan: --param floor: floor is a percent param, but `35` is a bare "
                 "number; write 35%"),
    # a finding of reading the value, not only a syntax error, stops it (never `inf%`)
    ("floor=" + "9" * 400 + "%", "--param floor:1:1: error[AP305]: the number 999999999999... "
                                  "(400 characters) is too large to calculate with"),
])
def test_a_bad_param_exits_2(repo, param, message):
    result = evaluate("--param", param)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_param_overrides_the_default(repo):
    result = evaluate("--param", "floor=60%", "--format", "json")
    ids = [f["id"] for f in json.loads(result.stdout)["findings"]]
    assert ids == ["inactive/reps/geography=DE"]  # FR posts too much to be inactive
    result = evaluate("--param", "floor=20%", "--format", "json")
    assert json.loads(result.stdout)["findings"] == []


# ---------------------------------------------------------------------------------- explain


def explain(*args: str) -> Result:
    return adoptplan("explain", *args, "plan.adopt", "--metrics", "metrics.csv")


def test_explain_an_action_shows_its_condition_with_values(repo):
    result = explain("inactive/reps/geography=DE")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.output == (
        "inactive/reps/geography=DE: fired\n"
        'inactive "Reps are not yet active" at plan.adopt:24\n'
        "open since 2026-W01, 3 periods\n"
        "\n"
        "at 2026-W03:\n"
        "  active_members < floor and posts < 50  -> true\n"
        "  ├─ active_members < floor = 30% against 40% (margin +10pp)  -> true\n"
        "  └─ posts < 50 = 45 against 50 (margin 5)  -> true\n"
    )


def test_explain_why_not_names_the_first_predicate_that_failed(repo):
    result = adoptplan("explain", "inactive/reps/geography=FR", "plan.adopt", "--metrics",
                       "metrics.csv", "--why-not")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.output.endswith(
        "why not: active_members < floor was false (50% against 40%, margin -10pp)\n")


def test_explain_follows_at_and_params(repo):
    result = adoptplan("explain", "inactive/reps/geography=FR", "plan.adopt", "--metrics",
                       "metrics.csv", "--at", "2026-W01", "--param", "floor=41%")
    assert result.output.startswith("inactive/reps/geography=FR: clear\n")
    assert "active_members < floor = 40% against 41% (margin +1pp)  -> true" in result.output


@pytest.mark.parametrize("subject, message", [
    ("inactiv/reps/geography=DE", "adoptplan: no rule, barrier or analysis finding "
                                  "'inactiv/reps/geography=DE'; did you mean 'inactive'?\n"),
    ("inactive/reps/geography=XX", "adoptplan: inactive has no group 'reps/geography=XX' "
                                   "that can be shown (one below the minimum group size never "
                                   "is); its groups: reps/geography=DE, reps/geography=FR\n"),
])
def test_explain_an_unknown_id_exits_2_with_a_helpful_message(repo, subject, message):
    result = explain(subject)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.output == message


def test_explain_an_id_without_playbooks_is_a_usage_error(repo):
    result = adoptplan("explain", "inactive/reps")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "give the playbooks" in result.output


def test_loading_warnings_reach_the_result_not_only_the_terminal(repo):
    """A pull-request comment or CI annotation must show a misspelt segment too; the line has no
    row, so shuffling the file's rows leaves the result as it was."""
    rows = METRICS.splitlines()
    Path("metrics.csv").write_text("\n".join([*rows, "2026-W03,rep,DE,10,5,5"]) + "\n")
    first = evaluate("--format", "json")
    assert first.exit_code == exitcodes.OK, first.output
    expected = ("metrics.csv: warning[AP608]: the playbook has no segment 'rep'; its rows are "
                "loaded but no rule reads them (did you mean 'reps'?)")
    assert json.loads(first.stdout)["warnings"] == [expected]
    assert "warning[AP608]" in first.stderr

    Path("metrics.csv").write_text("\n".join([rows[0], "2026-W03,rep,DE,10,5,5",
                                              *reversed(rows[1:])]) + "\n")
    assert evaluate("--format", "json").stdout == first.stdout
    markdown = evaluate("--format", "markdown").stdout
    assert "warning\\[AP608\\]: the playbook has no segment 'rep'" in markdown


def test_output_to_dev_stdout_redirected_to_a_file_appends_to_it(repo):
    """`-o /dev/stdout >> summary.md` (as CI steps write their summaries) keeps what was there."""
    import subprocess
    import sys

    summary = repo / "summary.md"
    summary.write_text("before\n")
    with open(summary, "ab") as stream:
        run = subprocess.run([sys.executable, "-m", "adoptplan", "evaluate", "plan.adopt",
                              "--metrics", "metrics.csv", "-o", "/dev/stdout"],
                             stdout=stream, stderr=subprocess.PIPE, timeout=60, cwd=repo)
    assert run.returncode == exitcodes.OK, run.stderr
    text = summary.read_text()
    assert text.startswith("before\nRollout: ")


def test_look_backs_longer_than_the_history_are_warned_at_their_position(repo):
    """Three periods of metrics: `for 4 periods`, `average(..., 5 periods)` and a param window of
    9 can never be decided (AP614, a warning where each is written); `for 3 periods` can."""
    text = PLAYBOOK.replace("param floor percent = 40%",
                            "param floor percent = 40%\nparam span periods = 9 periods")
    text = text.replace("  when     active_members < floor and posts < 50\n",
                        "  when     active_members < floor and posts < 50 for 4 periods\n")
    text += ('\nbarrier quiet "Quiet" {\n  when average(posts, 5 periods) < 10 and '
             "change(posts, span) < 0 for 3 periods\n  in reps\n  severity low\n"
             '  remedy "Ask"\n}\n')
    Path("plan.adopt").write_text(text, encoding="utf-8")
    result = adoptplan("evaluate", "plan.adopt", "--metrics", "metrics.csv")
    assert result.exit_code == exitcodes.OK, result.output
    warnings = re.findall(r"^plan\.adopt:(\d+):(\d+): warning\[AP614\]: (.*)$", result.output,
                          re.MULTILINE)
    held = "but the metrics hold 3 periods (2026-W01 to 2026-W03)"
    never = "its value is never known, so the condition is never decided"
    assert warnings == [
        ("26", "54", f"`for 4 periods` needs 4 periods, {held}: the condition can never hold"),
        ("34", "23", f"average() looks back 5 periods, {held}: {never}"),
        ("34", "57", f"change() looks back 9 periods, {held}: {never}"),
    ]
    assert "for 3 periods" not in "".join(w[2] for w in warnings)


def _result_of(at: str, title: str = "Rollout") -> Path:
    """A json result of plan.adopt at `at`, its playbook's title replaced by `title`."""
    result = evaluate("--format", "json", "--at", at)
    assert result.exit_code == exitcodes.OK, result.output
    document = json.loads(result.stdout)
    document["playbook"] = title
    path = Path(f"result-{at}-{title or 'untitled'}.json")
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_previous_of_another_playbook_is_refused_naming_both(repo):
    other = _result_of("2026-W02", "Engineering rollout")
    result = evaluate("--format", "json", "--previous", str(other))
    assert result.exit_code == exitcodes.BAD_INPUT, result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message
    assert "playbook 'Engineering rollout', not of 'Rollout'" in message
    explained = adoptplan("explain", "inactive/reps/geography=DE", "plan.adopt", "--metrics",
                          "metrics.csv", "--previous", str(other))
    assert explained.exit_code == exitcodes.BAD_INPUT
    assert "'Engineering rollout'" in explained.stderr


def test_previous_that_does_not_say_its_playbook_is_warned_and_ignored(repo):
    plain = json.loads(evaluate("--format", "json").stdout)
    result = evaluate("--format", "json", "--previous", str(_result_of("2026-W02", "")))
    assert result.exit_code == exitcodes.OK, result.output
    assert "does not say which playbook" in result.stderr
    assert json.loads(result.stdout) == plain


def test_previous_of_the_same_playbook_before_the_period_is_used_without_a_word(repo):
    result = evaluate("--format", "json", "--previous", str(_result_of("2026-W02")))
    assert result.exit_code == exitcodes.OK, result.output
    assert result.stderr == ""
    assert result.stdout == evaluate("--format", "json").stdout  # the chain agrees with the replay


def test_previous_at_or_after_the_evaluated_period_is_warned_and_ignored(repo):
    later = _result_of("2026-W03")
    plain = evaluate("--format", "json", "--at", "2026-W02").stdout
    result = evaluate("--format", "json", "--at", "2026-W02", "--previous", str(later))
    assert result.exit_code == exitcodes.OK, result.output
    assert "ignored: its period 2026-W03 is not before 2026-W02" in result.stderr
    assert result.stdout == plain
    same = evaluate("--format", "json", "--at", "2026-W03", "--previous", str(later))
    assert "ignored: its period 2026-W03 is not before 2026-W03" in same.stderr


def test_explain_a_library_rule_by_name_with_playbooks_given_as_without(repo):
    alone = adoptplan("explain", "hesitant_to_share")
    with_playbooks = adoptplan("explain", "hesitant_to_share", "plan.adopt")
    assert with_playbooks.exit_code == exitcodes.OK, with_playbooks.output
    assert with_playbooks.stdout == alone.stdout
    assert with_playbooks.stdout.startswith("method.barriers:20: barrier hesitant_to_share\n")


def test_explain_a_rule_of_the_playbook_by_name(repo):
    result = adoptplan("explain", "inactive", "plan.adopt")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.stdout.startswith("plan.adopt:24: rule inactive\n")
    assert "do       educate" in result.stdout
    unknown = adoptplan("explain", "inactiv", "plan.adopt")
    assert unknown.exit_code == exitcodes.BAD_INPUT
    assert "did you mean 'inactive'?" in unknown.stderr
