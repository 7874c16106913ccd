"""Scenarios of `adoptplan metrics import` and `metrics build`: exports and events to snapshots.

Playbooks, running a command, the exit code, findings and "the output contains" are the shared
steps of `features/conftest.py`; the steps here write the data files and read what was written.
"""

import json
import re

from pytest_bdd import given, parsers, scenarios, then

scenarios("metrics_import.feature")


def _write(tmp_path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text + "\n", encoding="utf-8")


@given(parsers.parse('the people directory "{name}":'))
def the_people_directory(tmp_path, name, docstring):
    _write(tmp_path, name, docstring)


@given(parsers.parse('the export "{name}":'))
def the_export(tmp_path, name, docstring):
    _write(tmp_path, name, docstring)


@given(parsers.parse('the events "{name}":'))
def the_events(tmp_path, name, docstring):
    _write(tmp_path, name, docstring)


@given(parsers.parse('the export "{name}" is saved with a byte-order mark and Windows line '
                     'endings'))
def saved_as_windows_does(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


@then(parsers.parse('the snapshot "{name}" is:'))
def the_snapshot_is(tmp_path, name, docstring):
    assert (tmp_path / name).read_text(encoding="utf-8") == docstring + "\n"


@then(parsers.parse('the snapshot "{name}" has the row "{row}"'))
def the_snapshot_has_the_row(tmp_path, name, row):
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(row) for line in lines), lines


@then(parsers.parse('the data quality report "{name}" counts {count:d} people in segments'))
def the_quality_report_counts(tmp_path, name, count):
    report = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert report["people"]["in_segments"] == count


@then(parsers.parse('the data quality says "{label}" is "{value}"'))
def the_data_quality_says(workspace, label, value):
    lines = workspace["result"].output.split("\n")
    found = dict(m.groups() for line in lines if (m := re.match(r"^\s*(.+?)\s{2,}(.*)$", line)))
    assert found.get(label) == value, found
