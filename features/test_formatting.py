"""Scenarios of `adoptplan fmt`: canonical layout, comments kept, --check and --diff.

Playbook files, running a command, the exit code and "the output contains" are the shared steps
of `features/conftest.py`; the steps here compare whole outputs and files.
"""

from pytest_bdd import parsers, scenarios, then

scenarios("formatting.feature")


@then(parsers.parse('the output is "{text}"'))
def the_output_is(workspace, text):
    assert workspace["result"].output == text + "\n"


@then("nothing is printed")
def nothing_is_printed(workspace):
    assert workspace["result"].output == ""


@then(parsers.parse('"{name}" contains:'))
def the_file_contains(tmp_path, name, docstring):
    assert (tmp_path / name).read_text(encoding="utf-8") == docstring + "\n"


@then(parsers.parse('"{name}" is unchanged'))
def the_file_is_unchanged(workspace, tmp_path, name):
    assert (tmp_path / name).read_text(encoding="utf-8") == workspace["written"][name]
