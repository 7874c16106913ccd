"""Scenarios of `adoptplan fmt`: canonical layout, comments kept, --check and --diff."""

import shlex

import pytest
from click.testing import CliRunner
from pytest_bdd import given, parsers, scenarios, then, when

from adoptplan.cli import cli

scenarios("formatting.feature")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """The user's repository: files written by the scenario and what the last command did."""
    monkeypatch.chdir(tmp_path)
    return {"written": {}, "result": None}


@given(parsers.parse('a playbook "{name}":'))
def a_playbook(workspace, tmp_path, name, docstring):
    text = docstring + "\n"
    (tmp_path / name).write_text(text, encoding="utf-8")
    workspace["written"][name] = text


@when(parsers.parse('I run "{command}"'))
def i_run(workspace, command):
    words = shlex.split(command)
    assert words[0] == "adoptplan"
    workspace["result"] = CliRunner().invoke(cli, words[1:])


@then(parsers.parse("the exit code is {code:d}"))
def the_exit_code_is(workspace, code):
    result = workspace["result"]
    assert result.exit_code == code, result.output


@then(parsers.parse('the output is "{text}"'))
def the_output_is(workspace, text):
    assert workspace["result"].output == text + "\n"


@then("nothing is printed")
def nothing_is_printed(workspace):
    assert workspace["result"].output == ""


@then(parsers.parse('the output contains "{text}"'))
def the_output_contains(workspace, text):
    assert text in workspace["result"].output


@then(parsers.parse('"{name}" contains:'))
def the_file_contains(tmp_path, name, docstring):
    assert (tmp_path / name).read_text(encoding="utf-8") == docstring + "\n"


@then(parsers.parse('"{name}" is unchanged'))
def the_file_is_unchanged(workspace, tmp_path, name):
    assert (tmp_path / name).read_text(encoding="utf-8") == workspace["written"][name]
