"""Shared step vocabulary of the scenarios: the user's files, the commands they run, what they see.

Steps are grouped by what they talk about; add a new step to its section, and reuse a phrasing
that exists before inventing another. Commands run through click's CliRunner in a temporary
folder that stands for the user's repository.
"""

from __future__ import annotations

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
    shutil.copytree(REPOSITORY / "playbooks", tmp_path / folder)
    workspace["last"] = folder


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
