"""Shared step vocabulary of the scenarios: the user's files, the commands they run, what they see.

Steps are grouped by what they talk about; add a new step to its section, and reuse a phrasing
that exists before inventing another. Commands run through click's CliRunner in a temporary
folder that stands for the user's repository.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_bdd import given, parsers, then, when

from adoptplan.cli import cli

REPOSITORY = Path(__file__).resolve().parents[1]
DIAGNOSTIC = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)\[(?P<code>AP\d+)\]: "
    r"(?P<message>.*)$"
)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """The user's repository: files written by the scenario and what the last command did."""
    monkeypatch.chdir(tmp_path)
    return {"written": {}, "result": None, "last": None}


def diagnostics(output: str) -> list[dict[str, str]]:
    """Each rendered finding: its header fields and the block of lines under it (source, hint)."""
    found = []
    for block in output.split("\n\n"):
        lines = block.split("\n")
        match = DIAGNOSTIC.match(lines[0])
        if match:
            found.append({**match.groupdict(), "block": block})
    return found


# ---------------------------------------------------------------------- Given: the user's files


@given(parsers.parse('a playbook "{name}":'))
def a_playbook(workspace, tmp_path, name, docstring):
    text = docstring + "\n"
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    workspace["written"][name] = text
    workspace["last"] = name


@given(parsers.parse('a file "{name}":'))
def a_file(tmp_path, name, docstring):
    """Any file of the team's repository (its own CI, its hooks), as it is before adoptplan."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(docstring + "\n", encoding="utf-8")


@then(parsers.parse('the file "{name}" still reads:'))
def the_file_still_reads(tmp_path, name, docstring):
    assert (tmp_path / name).read_text(encoding="utf-8") == docstring + "\n"


@given(parsers.parse('metrics "{name}":'))
def metrics_file(tmp_path, name, docstring):
    """A metrics snapshot as the platform export gave it (CSV or JSON)."""
    a_file(tmp_path, name, docstring)


@given(parsers.parse('the playbook "{name}" is saved with Windows line endings'))
def saved_with_windows_line_endings(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


@given(parsers.parse('the playbook "{name}" starts with a byte-order mark'))
def starts_with_a_byte_order_mark(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


@given(parsers.parse('the playbook "{name}" is saved as Latin-1'))
def saved_as_latin_1(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))


@given(parsers.parse('the example playbooks of this repository in "{folder}"'))
def the_example_playbooks(workspace, tmp_path, folder):
    # the method library (playbooks/method) is included by name, not an example playbook
    shutil.copytree(REPOSITORY / "playbooks", tmp_path / folder,
                    ignore=shutil.ignore_patterns("method"))
    workspace["last"] = folder


@given(parsers.parse('a test file "{name}":'))
def a_test_file(tmp_path, name, docstring):
    """A `.adopt-test` file of the repository."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(docstring + "\n", encoding="utf-8")


# ------------------------------------------------------------------- When: running adoptplan


@when(parsers.parse('I run "{command}"'))
def i_run(workspace, command):
    words = shlex.split(command)
    assert words[0] == "adoptplan"
    workspace["result"] = CliRunner().invoke(cli, words[1:])


@when("I check it")
def i_check_it(workspace):
    i_run(workspace, f"adoptplan check {shlex.quote(workspace['last'])}")


@when(parsers.parse('I check "{path}"'))
def i_check(workspace, path):
    i_run(workspace, f"adoptplan check {shlex.quote(path)}")


# ---------------------------------------------------------------- Then: exit code and output


@then(parsers.parse("the exit code is {code:d}"))
def the_exit_code_is(workspace, code):
    result = workspace["result"]
    assert result.exit_code == code, result.output


@then(parsers.parse('the output contains "{text}"'))
def the_output_contains(workspace, text):
    assert text in workspace["result"].output, workspace["result"].output


@then(parsers.parse('the output says "{text}"'))
def the_output_says(workspace, text):
    """As a reader reads it: a line the terminal table wrapped reads on."""
    output = workspace["result"].output
    assert " ".join(text.split()) in " ".join(output.split()), output


@then("no traceback is shown")
def no_traceback(workspace):
    result = workspace["result"]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# ------------------------------------------------------------------- Then: findings of check


@then("it is clean")
def it_is_clean(workspace):
    result = workspace["result"]
    assert (result.exit_code, result.output) == (0, "no problems found\n"), result.output


@then("it has no errors")
def it_has_no_errors(workspace):
    result = workspace["result"]
    errors = [d for d in diagnostics(result.output) if d["severity"] == "error"]
    assert (result.exit_code, errors) == (0, []), result.output


def _finding(workspace, severity: str, line: int, column: int, code: str) -> dict[str, str]:
    output = workspace["result"].output
    for found in diagnostics(output):
        if (found["severity"], found["line"], found["column"], found["code"]) == (
            severity, str(line), str(column), code
        ):
            return found
    raise AssertionError(f"no {severity}[{code}] at {line}:{column} in:\n{output}")


@then(parsers.parse("I see an error at line {line:d} column {column:d} with code {code:w}"))
def i_see_an_error(workspace, line, column, code):
    _finding(workspace, "error", line, column, code)


@then(parsers.parse(
    'I see an error at line {line:d} column {column:d} with code {code:w} and hint "{hint}"'
))
def i_see_an_error_with_hint(workspace, line, column, code, hint):
    found = _finding(workspace, "error", line, column, code)
    assert f"\n  hint: {hint}" in found["block"], found["block"]


@then(parsers.parse("I see a warning at line {line:d} column {column:d} with code {code:w}"))
def i_see_a_warning(workspace, line, column, code):
    _finding(workspace, "warning", line, column, code)


@then(parsers.parse('the error says "{text}"'))
def the_error_says(workspace, text):
    messages = [d["message"] for d in diagnostics(workspace["result"].output)]
    assert text in messages, messages


@then(parsers.parse('the error is in "{path}"'))
def the_error_is_in(workspace, path):
    paths = {d["path"] for d in diagnostics(workspace["result"].output)}
    assert path in paths, paths


@then(parsers.parse("the caret marks {width:d} characters under column {column:d}"))
def the_caret_marks(workspace, width, column):
    (found,) = diagnostics(workspace["result"].output)
    source, caret = found["block"].split("\n")[1:3]
    gutter = source.index("| ") + 2
    assert caret.index("^") - gutter + 1 == column, found["block"]
    assert caret.count("^") == width, found["block"]


# =========================================================================== evaluate steps
# `adoptplan evaluate` and what a comms lead reads in its result. "When I evaluate" runs the
# command as the user would (the table lands in the output the shared steps read) and once more
# with --format json, so the Then steps look at findings, not at table layout. Metrics files
# are written by the shared `metrics "NAME":` step above.

FORMATS = ("table", "markdown", "json", "github", "junit")


def _evaluate(workspace, playbook: str, metrics: str, *extra: str) -> None:
    command = ["evaluate", playbook, "--metrics", metrics, *extra]
    workspace["command"] = command
    workspace["result"] = CliRunner().invoke(cli, command)
    as_json = CliRunner().invoke(cli, [*command, "--format", "json"])
    workspace["evaluation"] = json.loads(as_json.stdout) if as_json.exit_code in (0, 1) else None


@when(parsers.parse('I evaluate "{playbook}" with the metrics "{metrics}"'))
def i_evaluate(workspace, playbook, metrics):
    _evaluate(workspace, playbook, metrics)


@when(parsers.parse('I evaluate "{playbook}" with the metrics "{metrics}" at {period}'))
def i_evaluate_at(workspace, playbook, metrics, period):
    _evaluate(workspace, playbook, metrics, "--at", period)


@when(parsers.parse('I evaluate "{playbook}" with the metrics "{metrics}" failing on {level}'))
def i_evaluate_failing_on(workspace, playbook, metrics, level):
    _evaluate(workspace, playbook, metrics, "--fail-on", level)


@given(parsers.parse('the result of evaluating "{playbook}" with the metrics "{metrics}" at '
                     '{period} is saved as "{result}"'))
def a_saved_result(workspace, playbook, metrics, period, result):
    saved = CliRunner().invoke(cli, ["evaluate", playbook, "--metrics", metrics, "--at", period,
                                     "--format", "json", "-o", result])
    assert saved.exit_code == 0, saved.output


@when(parsers.parse('a week later I evaluate "{playbook}" with the metrics "{metrics}" at '
                    '{period}, given the last result "{previous}"'))
def i_evaluate_after(workspace, playbook, metrics, period, previous):
    _evaluate(workspace, playbook, metrics, "--at", period, "--previous", previous)


def _evaluation(workspace) -> dict:
    assert workspace["evaluation"] is not None, workspace["result"].output
    return workspace["evaluation"]


def _found(workspace, finding_id: str) -> dict:
    findings = {f["id"]: f for f in _evaluation(workspace)["findings"]}
    assert finding_id in findings, sorted(findings)
    return findings[finding_id]


@then(parsers.parse('I see the action "{finding_id}" at level {level:w}'))
def i_see_the_action(workspace, finding_id, level):
    found = _found(workspace, finding_id)
    assert (found["alert"], found["level"]) == (False, level), found
    assert finding_id in workspace["result"].output


@then(parsers.parse('I see the barrier alert "{finding_id}" at level {level:w}'))
def i_see_the_barrier_alert(workspace, finding_id, level):
    found = _found(workspace, finding_id)
    assert (found["alert"], found["level"]) == (True, level), found
    assert finding_id in workspace["result"].output


@then(parsers.parse('I do not see "{finding_id}"'))
def i_do_not_see(workspace, finding_id):
    """Not among the findings: an alert that cleared at this period is named only as cleared."""
    assert finding_id not in {f["id"] for f in _evaluation(workspace)["findings"]}
    assert not [line for line in workspace["result"].output.splitlines()
                if finding_id in line and "cleared at" not in line]


@then(parsers.parse('"{finding_id}" is open since {since} for {count:d} periods'))
def is_open_since(workspace, finding_id, since, count):
    lifecycle = _found(workspace, finding_id)["lifecycle"]
    assert (lifecycle["since"], lifecycle["periods"]) == (since, count), lifecycle
    assert f"open since {since}, {count} periods" in workspace["result"].output


@then(parsers.parse('"{finding_id}" is held open by its clearing condition since {period}'))
def is_held_since(workspace, finding_id, period):
    assert _found(workspace, finding_id)["lifecycle"]["held_since"] == period
    assert f"held open by clear since {period}" in workspace["result"].output


@then(parsers.parse('"{finding_id}" cleared at {period} after {count:d} periods open since '
                    '{since}'))
def cleared_at(workspace, finding_id, period, count, since):
    cleared = {c["id"]: c for c in _evaluation(workspace)["cleared"]}
    assert finding_id in cleared, cleared
    assert (cleared[finding_id]["cleared"], cleared[finding_id]["periods"],
            cleared[finding_id]["since"]) == (period, count, since)
    assert (f"{finding_id}: cleared at {period} (open since {since}, {count} periods)"
            in workspace["result"].output)


@then(parsers.parse('the action "{finding_id}" says "{text}"'))
def the_action_says(workspace, finding_id, text):
    assert text in _found(workspace, finding_id)["message"]


@then(parsers.parse('the remedy of "{finding_id}" says "{text}"'))
def the_remedy_says(workspace, finding_id, text):
    assert text in _found(workspace, finding_id)["remedy"]


@then(parsers.parse('the evidence of "{finding_id}" is {value} against {threshold} at {period}'))
def the_evidence_is(workspace, finding_id, value, threshold, period):
    evidence = [(e["value"], e["threshold"], e["period"])
                for e in _found(workspace, finding_id)["evidence"]]
    assert (value, threshold, period) in evidence, evidence


@then(parsers.parse('the first evidence of "{finding_id}" is "{text}"'))
def the_first_evidence_is(workspace, finding_id, text):
    assert _found(workspace, finding_id)["evidence"][0]["expression"] == text


@then(parsers.parse('"{finding_id}" is not evaluated because "{reason}"'))
def is_not_evaluated_because(workspace, finding_id, reason):
    reasons = {n["id"]: n["reason"] for n in _evaluation(workspace)["not_evaluated"]}
    assert reasons.get(finding_id) == reason, reasons
    assert finding_id not in {f["id"] for f in _evaluation(workspace)["findings"]}


@then(parsers.re(r"(?P<count>\d+) groups? (is|are) (too small to be named|withheld)"))
def groups_too_small_to_be_named(workspace, count):
    assert _evaluation(workspace)["suppressed"] == int(count)


@then(parsers.parse('no report names "{text}"'))
def no_report_names(workspace, text):
    for fmt in FORMATS:
        output = CliRunner().invoke(cli, [*workspace["command"], "--format", fmt]).output
        assert text not in output, f"--format {fmt}:\n{output}"


@then("the effort is shared out as:")
def the_effort_is_shared_out_as(workspace, datatable):
    header, *rows = datatable
    assert header == ["segment", "focus score", "recommended hours"], header
    shares = _evaluation(workspace)["effort"]["shares"]
    got = [[s["segment"], str(s["focus_score"]), str(s["recommended_hours"])] for s in shares]
    assert got == rows


@then(parsers.parse('the warning "{text}" is shown'))
def the_warning_is_shown(workspace, text):
    assert text in _evaluation(workspace)["warnings"]
    assert text in workspace["result"].output


@then(parsers.parse('"{segment}" is at {share} of the critical mass'))
def is_at_of_the_critical_mass(workspace, segment, share):
    progress = {p["segment"]: p for p in _evaluation(workspace)["critical_mass"]}
    assert f"{round(progress[segment]['ratio'] * 100)}%" == share, progress[segment]


@then(parsers.parse('"{segment}" has reached the critical mass'))
def has_reached_the_critical_mass(workspace, segment):
    progress = {p["segment"]: p for p in _evaluation(workspace)["critical_mass"]}
    assert progress[segment]["reached"] is True, progress[segment]


@then(parsers.parse('"{segment}" has not reached the critical mass'))
def has_not_reached_the_critical_mass(workspace, segment):
    progress = {p["segment"]: p for p in _evaluation(workspace)["critical_mass"]}
    assert progress[segment]["reached"] is False, progress[segment]


# ===================================================================== method library steps
# The method as the library encodes it (features/method): what a comms lead reads as the
# specification of each step. Reuses the evaluate steps above; adds the whole result in order.


@then("the findings are, in this order:")
def the_findings_are_in_this_order(workspace, datatable):
    """Every action and alert of the evaluation, in the report's order: nothing more, nothing less."""
    header, *rows = datatable
    assert header == ["id", "level", "kind"], header
    got = [[f["id"], f["level"], f["kind"]] for f in _evaluation(workspace)["findings"]]
    assert got == rows, got


@then("nothing is found")
def nothing_is_found(workspace):
    assert _evaluation(workspace)["findings"] == []
