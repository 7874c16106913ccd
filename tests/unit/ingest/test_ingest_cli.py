"""`adoptplan metrics import` and `metrics build` through the command line: outputs and exits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from adoptplan import cli as cli_module
from adoptplan.ingest import calendar, engines, exports
from adoptplan.ingest.engines import dialects

from support.ingest import COMMON, run, write_examples


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return write_examples(tmp_path)


def test_the_choices_are_the_ingest_packages():
    assert cli_module.PLATFORMS == exports.PLATFORMS
    assert cli_module.INGEST_PERIODS == calendar.PERIODS
    assert cli_module.DIALECTS == dialects.DIALECTS
    assert cli_module.ENGINES == engines.ENGINES


def test_import_writes_snapshots_and_the_report_and_prints_the_table(folder):
    result = run("metrics", "import", "--from", "viva-engage", "activity.csv", *COMMON)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "metrics").iterdir()) == [
        "2026-W45.csv", "data-quality.json"]
    assert result.output.startswith("data quality\n")
    assert result.output.endswith("wrote 1 snapshot files and data-quality.json to metrics\n")
    report = json.loads((folder / "metrics" / "data-quality.json").read_text(encoding="utf-8"))
    assert report["command"] == "import" and report["people"]["in_segments"] == 3


def test_the_same_inputs_give_the_same_bytes(folder):
    run("metrics", "build", "--events", "events.csv", *COMMON)
    first = {p.name: p.read_bytes() for p in (folder / "metrics").iterdir()}
    shutil.rmtree(folder / "metrics")
    run("metrics", "build", "events.csv", "--people", "people.csv", "--playbook",
        "rollout.adopt", "-o", "metrics")
    assert {p.name: p.read_bytes() for p in (folder / "metrics").iterdir()} == first


def test_a_privacy_floor_below_five_does_not_stop_a_build(folder):
    """The floor is evaluate's to enforce (AP307 there): a build shows no group."""
    playbook = folder / "rollout.adopt"
    playbook.write_text(playbook.read_text(encoding="utf-8").replace(
        "  launch  2026-W40\n", "  launch  2026-W40\n  minimum 3 members\n"), encoding="utf-8")
    result = run("metrics", "build", "--events", "events.csv", *COMMON)
    assert result.exit_code == 0, result.output


def test_build_can_write_its_sql_for_a_warehouse(folder):
    result = run("metrics", "build", "--events", "events.csv", *COMMON, "--sql-out", "sql")
    assert result.exit_code == 0, result.output
    assert "wrote the SQL and its tables to sql" in result.output
    assert (folder / "sql" / "2-snapshot.sql").read_text(encoding="utf-8").startswith(
        "-- adoptplan metrics build, step 2")


@pytest.mark.parametrize(("words", "message"), [
    (("metrics", "build", *COMMON), "adoptplan: give the events with --events FILE"),
    (("metrics", "build", "--events", "events.csv", "--window", "7", *COMMON),
     "adoptplan: --window applies to --period day, and the snapshots are by week (the "
     "playbook's cadence)"),
    (("metrics", "build", "--events", "missing.csv", *COMMON),
     "adoptplan: no such events file: missing.csv"),
    (("metrics", "import", "--from", "teams", "activity.csv", "--people", "nobody.csv",
      "--playbook", "rollout.adopt", "-o", "metrics"),
     "adoptplan: no such people directory: nobody.csv"),
])
def test_usage_errors_exit_2_with_one_line(folder, words, message):
    result = run(*words)
    assert (result.exit_code, result.output.strip()) == (2, message)


def test_bad_input_is_every_finding_with_its_position_and_exit_2(folder):
    Path("people.csv").write_text("department\nSales\n", encoding="utf-8")
    result = run("metrics", "import", "--from", "viva-engage", "activity.csv", *COMMON)
    assert result.exit_code == 2
    assert result.output.startswith("people.csv:1:1: error[AP702]: expected a person id column")
    assert not (folder / "metrics").exists()


def test_an_output_folder_that_cannot_be_written_is_a_usage_error(folder):
    Path("metrics").write_text("a file, not a folder", encoding="utf-8")
    result = run("metrics", "import", "--from", "viva-engage", "activity.csv", *COMMON)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("adoptplan: cannot write to metrics")
