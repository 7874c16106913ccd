"""A pull request's comment in a repository of three commits after the first: a README-only
change, a threshold change, a new week of data. Each gets exactly its comment (golden files in
tests/golden/diff_three_commits; regenerate with ADOPTPLAN_REGENERATE=1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan.cli import cli

from support.git import git

GOLDEN = Path(__file__).parent.parent.parent / "golden" / "diff_three_commits"

PLAYBOOK = """playbook "Customer service rollout" {
  cadence       weekly
  launch        2026-W45
  critical_mass 60%
}

segment reps "Customer service reps" {
  members 800
  by      geography
}

rule reps_inactive "Reps are not yet active" {
  when     active_members < 40%
  in       reps by geography
  do       educate "Workshop in {geography}: resolve complex queries faster"
  priority high
}

barrier lurkers "Reps read but never post" {
  when     reads > 50 * posts
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Invite reps to ask their first question"
}
"""

HEADER = "period,segment,geography,members,active_members,reads,posts\n"


def week(period: str, rows: str) -> str:
    return HEADER + "".join(f"{period},reps,{row}\n" for row in rows.split(";"))


WEEKS = {
    "2026-W44": week("2026-W44", "DE,200,70,100,10;FR,200,45,100,10;IN,200,45,100,10;"
                                 "US,200,70,900,10;,800,65.3,1200,40"),
    "2026-W45": week("2026-W45", "DE,200,70,100,10;FR,200,45,100,10;IN,200,45,100,10;"
                                 "US,200,70,900,10;,800,65.3,1200,40"),
    # DE falls below the floor, IN starts lurking, the segment falls below the critical mass
    "2026-W46": week("2026-W46", "DE,200,30,100,10;FR,200,45,100,10;IN,200,45,900,10;"
                                 "US,200,70,900,10;,800,48,2000,40"),
}


def commit(folder: Path, message: str) -> None:
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def comments(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """The comment `diff --base HEAD~1 --only-changes` gives at each commit, and its exit."""
    folder = tmp_path_factory.mktemp("repository")
    (folder / "playbooks").mkdir()
    (folder / "metrics").mkdir()
    (folder / "README.md").write_text("# Rollout\n", encoding="utf-8")
    (folder / "playbooks" / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    for period in ("2026-W44", "2026-W45"):
        (folder / "metrics" / f"{period}.csv").write_text(WEEKS[period], encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "the playbook and two weeks")
    edits = {
        "readme": lambda: (folder / "README.md").write_text("# Rollout\n\nHow we roll out.\n"),
        "threshold": lambda: (folder / "playbooks" / "rollout.adopt").write_text(
            PLAYBOOK.replace("active_members < 40%", "active_members < 50%")),
        "new_week": lambda: (folder / "metrics" / "2026-W46.csv").write_text(WEEKS["2026-W46"]),
    }
    found = {}
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        for name, edit in edits.items():
            edit()
            commit(folder, name)
            result = CliRunner().invoke(cli, [
                "diff", "--base", "HEAD~1", "playbooks", "--metrics", "metrics", "--format",
                "markdown", "--only-changes", "--detailed-exitcode"])
            found[name] = (result.exit_code, result.output)
    finally:
        os.chdir(cwd)
    return found


def test_a_readme_only_change_gets_no_comment(comments):
    assert comments["readme"] == (0, "")


@pytest.mark.parametrize("name", ["threshold", "new_week"])
def test_each_change_gets_exactly_its_comment(comments, name):
    code, comment = comments[name]
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("ADOPTPLAN_REGENERATE"):
        golden.write_text(comment, encoding="utf-8")
    assert code == 2
    assert comment == golden.read_text(encoding="utf-8")


def test_the_threshold_line_stands_beside_the_findings_it_moved(comments):
    comment = comments["threshold"][1]
    assert "- `reps_inactive`: threshold 40% → 50%" in comment
    assert ("| 🆕 new | high | educate | reps in FR and IN | Reps are not yet active | new by the "
            "playbook change (against HEAD\\~1): threshold 40% → 50% |") in comment
    assert "the data change (against HEAD\\~1): 0" in comment


def test_the_new_week_shows_the_values_that_crossed(comments):
    comment = comments["new_week"][1]
    assert "What the playbook change changed" not in comment
    assert "active\\_members &lt; 50%: 70% → 30% (threshold 50%)" in comment
    assert "reads &gt; 50 \\* posts: 100 → 900 (threshold 500)" in comment
    assert "- reps fell below the critical mass: 65.3% → 48% (target 60%)" in comment
    assert "### Still open: high and critical barrier alerts (1)" in comment
    assert "lurkers/reps/geography=US" in comment.split("### Still open")[1]


def test_metrics_not_in_git_leave_the_data_cause_empty_and_say_so(tmp_path, monkeypatch):
    (tmp_path / "repo" / "playbooks").mkdir(parents=True)
    (tmp_path / "repo" / "playbooks" / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "2026-W45.csv").write_text(WEEKS["2026-W45"], encoding="utf-8")
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    commit(tmp_path / "repo", "playbook")
    monkeypatch.chdir(tmp_path / "repo")
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", "playbooks", "--metrics",
                                      str(tmp_path / "metrics"), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "> **Note:** the metrics are outside the git repository: no data comparison" in \
        result.output
    assert "Caused by the playbook change (against HEAD): 0\n" in result.output
    (tmp_path / "repo" / "metrics").mkdir()
    (tmp_path / "repo" / "metrics" / "2026-W45.csv").write_text(WEEKS["2026-W45"])
    untracked = CliRunner().invoke(cli, ["diff", "--base", "HEAD", "playbooks", "--metrics",
                                         "metrics", "--format", "json"])
    assert '"the metrics are not in git at HEAD: no data comparison"' in untracked.output


def test_a_comment_or_an_include_changed_alone_is_no_change(tmp_path, monkeypatch):
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "metrics").mkdir()
    (tmp_path / "playbooks" / "shared.adopt").write_text(
        "param floor percent = 40%\n", encoding="utf-8")
    playbook = PLAYBOOK.replace('playbook "Customer', 'include "shared.adopt"\n\nplaybook "Customer')
    (tmp_path / "playbooks" / "rollout.adopt").write_text(
        playbook.replace("< 40%", "< floor"), encoding="utf-8")
    (tmp_path / "metrics" / "2026-W45.csv").write_text(WEEKS["2026-W45"], encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "playbook")
    monkeypatch.chdir(tmp_path)
    args = ["diff", "--base", "HEAD", "playbooks/rollout.adopt", "--metrics", "metrics",
            "--only-changes", "--detailed-exitcode"]
    rollout = tmp_path / "playbooks" / "rollout.adopt"
    rollout.write_text("# reviewed in May\n" + rollout.read_text(), encoding="utf-8")
    assert CliRunner().invoke(cli, args).exit_code == 0
    (tmp_path / "playbooks" / "shared.adopt").write_text("param floor percent = 50%\n")
    moved = CliRunner().invoke(cli, [*args, "--format", "text"])
    assert moved.exit_code == 2, moved.output
    assert "changed reps_inactive: threshold floor 40% → 50%" in moved.output
