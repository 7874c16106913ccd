"""Exports as they come: a 7-day Microsoft 365 report is a whole week on whatever weekday it was
refreshed, and CSV saved by a European spreadsheet (`;`, decimal commas) reads as the same data."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import ingest
from adoptplan.cli import cli
from adoptplan.csv_dialect import COMMA, SEMICOLON, detect, standard

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
PLAYBOOK = 'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n}\n\nsegment reps {\n' \
           '  match department == "Customer Service"\n  by    geography\n}\n'


def european(text: str) -> str:
    """`text` as Excel saves CSV in Germany or France: `;` between cells, decimal commas."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for record in csv.reader(io.StringIO(text)):
        writer.writerow([cell.replace(".", ",") if cell.replace(".", "").isdigit() else cell
                         for cell in record])
    return out.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    shutil.copy(FIXTURES / "people.csv", tmp_path / "people.csv")
    return tmp_path


def imported(folder: Path, export: str, text: str | None = None) -> ingest.Ingested:
    path = folder / "export.csv"
    path.write_text(text if text is not None else (FIXTURES / export).read_text("utf-8-sig"),
                    encoding="utf-8")
    return ingest.import_metrics("viva-engage", [path], [folder / "rollout.adopt"],
                                 folder / "people.csv")


@pytest.mark.parametrize("refreshed", ["2026-11-10", "2026-11-11", "2026-11-13", "2026-11-15"])
def test_a_7_day_report_is_a_whole_week_whatever_day_it_was_refreshed(folder, refreshed):
    text = (FIXTURES / "viva-activity-2026-11-15.csv").read_text("utf-8-sig")
    result = imported(folder, "", text.replace("2026-11-15,", f"{refreshed},"))
    assert result.quality.periods == ["2026-W46"]
    assert result.quality.partial == []


def test_a_shorter_report_is_still_a_partial_week(folder):
    text = (FIXTURES / "viva-activity-2026-11-15.csv").read_text("utf-8-sig")
    result = imported(folder, "", text.replace(",7\n", ",3\n"))
    assert [p.period for p in result.quality.partial] == ["2026-W46"]


def test_an_export_and_directory_saved_with_semicolons_read_the_same(folder):
    plain = imported(folder, "viva-activity-2026-11-15.csv")
    text = (FIXTURES / "viva-activity-2026-11-15.csv").read_text("utf-8-sig")
    people = (folder / "people.csv").read_text(encoding="utf-8")
    (folder / "people.csv").write_text(european(people), encoding="utf-8")
    semicolons = imported(folder, "", european(text))
    assert semicolons.rows == plain.rows and plain.rows


def test_metrics_saved_with_semicolons_and_decimal_commas_evaluate_the_same(tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "--ci", "none", "--no-hooks"]).exit_code == 0
    args = ["evaluate", "playbooks", "--metrics", "metrics", "--format", "json"]
    before = CliRunner().invoke(cli, args)
    for path in sorted((tmp_path / "metrics").glob("*.csv")):
        text = path.read_text(encoding="utf-8")
        path.write_text(european(text), encoding="utf-8")
    assert ";" in (tmp_path / "metrics" / "2026-W43.csv").read_text(encoding="utf-8")
    assert "27,5" in (tmp_path / "metrics" / "2026-W43.csv").read_text(encoding="utf-8")
    after = CliRunner().invoke(cli, args)
    assert (after.exit_code, after.output) == (before.exit_code, before.output)


@pytest.mark.parametrize(("text", "dialect"), [
    ("a,b;c\n1,2\n", COMMA), ("a;b;c\n1;2;3\n", SEMICOLON), ('"x,y";b;c\n', SEMICOLON),
    ("\n\nperiod;segment\n", SEMICOLON), ("", COMMA),
])
def test_the_separator_is_told_by_the_header(text, dialect):
    assert detect(text) == dialect


@pytest.mark.parametrize(("cells", "written"), [
    ("12,5;1.200,75;3", "12.5,1200.75,3"),
    ("12,5 %;-0,25;2026-W40", "12.5%,-0.25,2026-W40"),
    ("1.200;0,5", "1200,0.5"),  # decimal commas in the file: the dot groups thousands
    ('"Doe, Jane";Müller', '"Doe, Jane",Müller'),
])
def test_cells_are_kept_and_numbers_get_a_decimal_point(cells, written):
    assert standard(f"a;b;c\n{cells}\n").split("\n")[1] == written


def test_a_file_without_decimal_commas_keeps_its_decimal_points():
    assert standard("a;b\n1.5;2\n") == "a,b\n1.5,2\n"


def test_every_record_stays_on_its_line():
    text = 'a;b\n\n1;"two\nlines"\n3;4'
    assert standard(text).count("\n") == text.count("\n")
    assert standard(text).split("\n")[4] == "3,4"


def test_csv_dialect_says_what_the_header_cannot(tmp_path, monkeypatch):
    """A one-column header has no separator to tell by: --csv-dialect semicolon says it."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "--ci", "none", "--no-hooks"]).exit_code == 0
    args = ["evaluate", "playbooks", "--metrics", "metrics", "--format", "json"]
    before = CliRunner().invoke(cli, args)
    for path in sorted((tmp_path / "metrics").glob("*.csv")):
        path.write_text(european(path.read_text(encoding="utf-8")), encoding="utf-8")
    told = CliRunner().invoke(cli, [*args, "--csv-dialect", "semicolon"])
    assert told.output == before.output
    wrong = CliRunner().invoke(cli, [*args, "--csv-dialect", "comma"])
    assert wrong.exit_code == 2 and "error[AP6" in wrong.output
