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


@given("the metrics are kept out of git")
def metrics_out_of_git(tmp_path):
    (tmp_path / ".gitignore").write_text("metrics/\n", encoding="utf-8")
    for args in (["rm", "-r", "-q", "--cached", "metrics"], ["add", ".gitignore"],
                 ["-c", "user.name=Comms", "-c", "user.email=comms@example.com", "-c",
                  "commit.gpgsign=false", "commit", "-q", "-m", "Metrics stay out of git"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)


@then(parsers.parse('the output does not contain "{text}"'))
def the_output_does_not_contain(workspace, text):
    assert text not in workspace["result"].output, workspace["result"].output
