"""`init`, `diff` and `evaluate --previous` on the command line: a path in the way, an output
that cannot be written, a stale output and a broken previous result are one line, exit 2."""
import json
from pathlib import Path

from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan import files as atomic
from adoptplan.cli import cli

ROOT = Path(__file__).resolve().parents[3]


def test_init_into_a_file_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("afile").touch()
    result = CliRunner().invoke(cli, ["init", "afile"])
    assert (result.exit_code, result.output) == (
        exitcodes.BAD_INPUT, "adoptplan: cannot init afile: it is a file, not a folder\n")


def test_init_refused_permission_is_one_line_and_nothing_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic, "write_atomic", denied)
    result = CliRunner().invoke(cli, ["init", "R"])
    assert (result.exit_code, result.output) == (
        exitcodes.BAD_INPUT,
        "adoptplan: cannot write R/playbooks/rollout.adopt: Permission denied (nothing "
        "written)\n")
    assert list(tmp_path.iterdir()) == []


def _result(folder: Path) -> str:
    from adoptplan.report.json_report import render_json
    from adoptplan.result import Evaluation

    path = folder / "a.json"
    path.write_text(render_json(Evaluation(playbook="P", period="2026-W46",
                                           periods=("2026-W46",), findings=())),
                    encoding="utf-8")
    return str(path)


def test_only_changes_removes_a_stale_output_file(tmp_path):
    same = _result(tmp_path)
    stale = tmp_path / "x.md"
    stale.write_text("stale\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", same, same, "--format", "markdown",
                                      "--only-changes", "-o", str(stale)])
    assert (result.exit_code, result.output) == (0, "")
    assert not stale.exists()


def test_an_output_that_cannot_be_written_is_one_line(tmp_path):
    same = _result(tmp_path)
    result = CliRunner().invoke(cli, ["diff", same, same, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"adoptplan: cannot write {tmp_path}: ")


def test_evaluate_previous_with_a_non_boolean_alert_is_one_line(tmp_path):
    previous = json.loads(Path(_result(tmp_path)).read_text())
    previous["findings"] = [{"id": "x/reps", "alert": 1}]
    path = tmp_path / "prev.json"
    path.write_text(json.dumps(previous).replace('"alert": 1', '"alert": 1e999'))
    result = CliRunner().invoke(cli, ["evaluate", str(ROOT / "playbooks"),
                                      "--metrics", str(ROOT / "examples/metrics"),
                                      "--previous", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"adoptplan: --previous: {path}: findings[0].")


def test_a_folder_as_output_is_refused_even_with_nothing_to_say(tmp_path):
    same = _result(tmp_path)
    result = CliRunner().invoke(cli, ["diff", same, same, "--only-changes", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"adoptplan: cannot write {tmp_path}: Is a directory")


def test_a_base_diff_path_that_cannot_be_looked_at_is_one_line(tmp_path, monkeypatch):
    locked = tmp_path / "locked" / "metrics"
    real_exists = Path.exists

    def exists(self: Path, *args, **kwargs) -> bool:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", str(ROOT / "playbooks"),
                                      "--metrics", str(locked)])
    assert result.exit_code == 2
    assert result.output == f"adoptplan: cannot read {locked}: Permission denied\n"


def test_a_junit_report_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    from adoptplan.scaffold import scaffold

    scaffold(tmp_path / "R")
    monkeypatch.chdir(tmp_path / "R")
    Path("afile").write_text("in the way\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "tests", "--junit", "afile/report.xml"])
    assert result.exit_code == 2
    # the results are shown first; then the report's one line
    assert result.output.splitlines()[-1].startswith("adoptplan: cannot write afile/report.xml: ")
    assert "Traceback" not in result.output
