"""Scenarios of waiving a finding: shown as waived, counted, never failing the build, and
flagged by `check` once its date has passed."""

from pytest_bdd import given, parsers, scenarios

scenarios("waiving_a_finding.feature")


@given(parsers.parse('the playbook "{name}" ends with:'))
def the_playbook_ends_with(workspace, tmp_path, name, docstring):
    path = tmp_path / name
    text = path.read_text(encoding="utf-8") + docstring + "\n"
    path.write_text(text, encoding="utf-8")
    workspace["written"][name] = text
