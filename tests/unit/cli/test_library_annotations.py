"""GitHub annotations of the method library's rules sit on the team's `include` line, whatever
command writes them: a path such as `method.barriers` is in no file of the repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan.cli import cli
from adoptplan.diagnostics import Diagnostic
from adoptplan.model import Span
from adoptplan.report.diagnostics import render_github

PLAYBOOK = """playbook "X" {
  cadence       weekly
  launch        2026-W40
  critical_mass 60%
}

include method.barriers
"""


def test_a_check_finding_in_the_library_goes_on_the_include_line():
    checked = api.check_text(PLAYBOOK, "playbooks/x.adopt")
    sites = api.library_include_sites(checked.loaded.playbook)
    assert sites["method.barriers"] == ("playbooks/x.adopt", 7)
    inside = Diagnostic("AP301", "a bare number", Span("method.barriers", 21, 14, 21, 18),
                        "warning", "write 5%")
    text = render_github([inside], sites)
    assert text.startswith("::warning file=playbooks/x.adopt,line=7,title=AP301::")
    assert "(in method.barriers:21)" in text
    assert "method.barriers" not in text.split("::")[1]  # not as the file
    own = Diagnostic("AP301", "x", Span("playbooks/x.adopt", 3, 2, 3, 5))
    assert "file=playbooks/x.adopt,line=3,col=2,endColumn=5" in render_github([own], sites)


def test_check_format_github_annotates_only_files_of_the_repository(tmp_path, monkeypatch):
    """Through the command: every `file=` of `check --format github` is a file that exists."""
    monkeypatch.chdir(tmp_path)
    Path("x.adopt").write_text(PLAYBOOK + "\nparam share_floor percent = 4%\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "github", "x.adopt"])
    files = [part.split(",")[0].removeprefix("file=")
             for line in result.output.splitlines() for part in line.split(" ")[1:2]]
    assert files and all(Path(name).is_file() for name in files), result.output


@pytest.fixture
def starter(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", ".", "--ci", "none", "--no-hooks"]).exit_code == 0
    return tmp_path


def test_test_format_github_annotates_a_library_barrier_in_the_team_s_files(starter):
    """A failed expectation on a library barrier, and the coverage, name only the team's files
    (library rules are not counted in coverage; a failure is on the expectation's line)."""
    test_file = starter / "tests" / "rollout.adopt-test"
    text = test_file.read_text(encoding="utf-8")
    test_file.write_text(text.replace("geography=FR critical", "geography=FR low"),
                         encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", "tests/", "--format", "github"])
    assert result.exit_code == 1, result.output
    files = {line.split("file=", 1)[1].split(",", 1)[0]
             for line in result.output.splitlines() if "file=" in line}
    assert files == {"tests/rollout.adopt-test"}
    assert all((starter / name).is_file() for name in files)
