"""Scenarios of reviewing a pull request's effect on the action list with `adoptplan diff`."""

import subprocess

from pytest_bdd import given, parsers, scenarios, then

scenarios("reviewing_a_change.feature")


@given("everything is committed")
def everything_is_committed(tmp_path):
    for args in (["init", "-q", "-b", "main"], ["add", "."],
                 ["-c", "user.name=Comms", "-c", "user.email=comms@example.com", "-c",
                  "commit.gpgsign=false", "commit", "-q", "-m", "Playbook and metrics"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)


@given(parsers.parse('"{old}" becomes "{new}" in "{name}"'))
def an_edit(tmp_path, old, new, name):
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new), encoding="utf-8")


@then(parsers.parse('the output starts with "{text}"'))
def the_output_starts_with(workspace, text):
    assert workspace["result"].output.startswith(text), workspace["result"].output


@then("nothing is printed")
def nothing_is_printed(workspace):
    assert workspace["result"].output == ""
