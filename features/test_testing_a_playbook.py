"""Scenarios of writing playbook tests and running them with `adoptplan test`."""

from pytest_bdd import given, parsers, scenarios

scenarios("testing_a_playbook.feature")


@given(parsers.parse('a test file "{name}":'))
def a_test_file(tmp_path, name, docstring):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(docstring + "\n", encoding="utf-8")
