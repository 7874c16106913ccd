"""Scenarios of reading the results: the comment, the HTML report and the terminal."""

import re
from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then

scenarios("reading_the_results.feature")


@given(parsers.parse("the terminal is {columns:d} columns wide"))
def the_terminal_is(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))


@then(parsers.parse('the file "{name}" contains "{text}"'))
def the_file_contains(workspace, name, text):
    assert text in Path(name).read_text(encoding="utf-8")


@then(parsers.parse('the file "{name}" loads nothing from the network'))
def loads_nothing(workspace, name):
    page = re.sub(r"<script>.*?</script>", "", Path(name).read_text(encoding="utf-8"), flags=re.S)
    assert not re.search(r"""\s(src|href)=""", page)


@then(parsers.parse("no line of the output is wider than {width:d} characters"))
def no_line_wider(workspace, width):
    assert max(len(line) for line in workspace["result"].output.split("\n")) <= width
