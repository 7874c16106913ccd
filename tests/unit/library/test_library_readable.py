"""Library playbooks are readable: `show` prints one with line numbers, findings of library rules
are located by the playbook's name (`method.barriers:20`), `explain` takes a rule's name, and
GitHub annotations of library rules sit on the team's include line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan.cli import cli

LIBRARY = Path(__file__).resolve().parents[3] / "playbooks" / "method"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("init", "--ci", "none", "--no-hooks").exit_code == exitcodes.OK
    return tmp_path


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def test_show_prints_a_library_playbook_with_line_numbers():
    result = run("show", "method.barriers")
    assert result.exit_code == exitcodes.OK
    text = (LIBRARY / "barriers.adopt").read_text(encoding="utf-8")
    shown = result.output.splitlines()
    assert len(shown) == len(text.rstrip("\n").split("\n"))
    number = line_of(text, "barrier hesitant_to_share")
    width = len(str(len(shown)))
    assert shown[number - 1] == f"{number:>{width}} | barrier hesitant_to_share \"Hesitant to share files\" {{"


def test_show_of_an_unknown_name_says_what_there_is():
    result = run("show", "method.barrier")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "did you mean 'method.barriers'?" in result.stderr
    assert "method.sustain" in result.stderr


def test_findings_of_library_rules_are_located_by_the_playbooks_name(repository):
    result = run("evaluate", "playbooks", "--metrics", "metrics", "--format", "json")
    findings = json.loads(result.output)["findings"]
    library = {f["rule"]: (f["path"], f["line"]) for f in findings if f["path"].startswith("method")}
    text = (LIBRARY / "barriers.adopt").read_text(encoding="utf-8")
    assert library["hesitant_to_share"] == ("method.barriers",
                                            line_of(text, "barrier hesitant_to_share"))


def test_explain_takes_a_rule_name_from_the_library():
    result = run("explain", "hesitant_to_share")
    assert result.exit_code == exitcodes.OK, result.output
    text = (LIBRARY / "barriers.adopt").read_text(encoding="utf-8")
    number = line_of(text, "barrier hesitant_to_share")
    lines = result.output.splitlines()
    assert lines[0] == f"method.barriers:{number}: barrier hesitant_to_share"
    assert lines[2].endswith('| barrier hesitant_to_share "Hesitant to share files" {')
    assert lines[-3].endswith("| }") and lines[-1] == "the whole playbook: adoptplan show method.barriers"


def test_explain_takes_a_rule_name_of_the_teams_playbooks(repository):
    result = run("explain", "reps_inactive", "playbooks")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.output.startswith("playbooks/rollout.adopt:")
    assert "adoptplan show" not in result.output


def test_explain_of_an_unknown_name_is_a_usage_error():
    result = run("explain", "hesitant_to_shares")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "unknown code or rule 'hesitant_to_shares': did you mean 'hesitant_to_share'?" in \
        result.stderr


def test_github_annotations_of_library_rules_sit_on_the_include_line(repository):
    result = run("evaluate", "playbooks", "--metrics", "metrics", "--format", "github")
    playbook = (repository / "playbooks" / "rollout.adopt").read_text(encoding="utf-8")
    include = line_of(playbook, "include method.barriers")
    hesitant = next(line for line in result.output.splitlines() if "Hesitant to share" in line)
    assert f"file=playbooks/rollout.adopt,line={include}," in hesitant
    assert "%0Arule: method.barriers:" in hesitant
    assert "file=method." not in result.output
