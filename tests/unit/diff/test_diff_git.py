"""`adoptplan diff --base HEAD~1` in a real git repository: each change has the right cause.

The repository has two commits. The first holds the playbook and one week of metrics. The
second raises the activity floor and the lurkers barrier's severity (a playbook change) and adds
a week of metrics (new data). Each change of the action list must name the one that caused it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan.cli import cli
from adoptplan.diff.render import MARKER

from support.git import git

PLAYBOOK = """playbook "Customer service rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps "Customer service reps" {
  members 1200
  by      geography
}

priority reputation "Protect the brand through exemplary service" {
  for reps
}

tool expert_qna "Q&A with functional experts" {
  serves reputation
}

param active_floor percent = 40%

rule reps_inactive "Reps are not yet active" {
  when     active_members < active_floor
  in       reps by geography
  do       educate "Workshop in {geography}: resolve complex queries with {tool} to protect the brand"
  using    expert_qna
  priority high
}

barrier lurkers "Reps read but never post" {
  when     reads > 50 * posts
  in       reps by geography
  minimum  30 members
  severity low
  remedy   "Invite reps to ask their first question | thank every first post"
}
"""

HEADER = "period,segment,geography,members,active_members,reads,posts\n"
WEEK_45 = HEADER + (
    "2026-W45,reps,DE,300,50,100,10\n"   # active, posts: clear
    "2026-W45,reps,ES,200,60,900,10\n"   # lurkers
    "2026-W45,reps,FR,250,42,600,10\n"   # lurkers; 42% is below a 45% floor only
    "2026-W45,reps,IT,150,20,100,10\n"   # inactive all along
)
WEEK_46 = HEADER + (
    "2026-W46,reps,DE,300,30,100,10\n"   # falls below the floor: new by data
    "2026-W46,reps,ES,200,60,100,10\n"   # stops lurking: resolved by data
    "2026-W46,reps,FR,250,42,600,10\n"   # the same data as before
    "2026-W46,reps,IT,150,20,900,10\n"   # starts lurking: a new barrier alert, by data
)


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "metrics").mkdir()
    (tmp_path / "playbooks" / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "metrics" / "2026-W45.csv").write_text(WEEK_45, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Rollout playbook and the first week of metrics")
    changed = PLAYBOOK.replace("percent = 40%", "percent = 45%").replace(
        "severity low", "severity medium")
    (tmp_path / "playbooks" / "rollout.adopt").write_text(changed, encoding="utf-8")
    (tmp_path / "metrics" / "2026-W46.csv").write_text(WEEK_46, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Raise the floor to 45%, lurkers matter more; week 46")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["diff", "--base", "HEAD~1", "playbooks", "--metrics",
                                    "metrics", *args])


def test_each_change_is_attributed_to_its_cause(repository):
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    changes = {e["id"]: (e["status"], [(c["cause"], c["status"], c["fields"]) for c in e["causes"]])
               for e in document["entries"]}
    level = [{"field": "level", "before": "low", "after": "medium"}]
    assert changes == {
        "lurkers/reps/geography=IT": ("new", [("playbook", "changed", level), ("data", "new", [])]),
        "reps_inactive/reps/geography=DE": ("new", [("data", "new", [])]),
        "reps_inactive/reps/geography=FR": ("new", [("playbook", "new", [])]),
        "lurkers/reps/geography=FR": ("changed", [("playbook", "changed", level)]),
        "lurkers/reps/geography=ES": ("resolved", [("data", "resolved", [])]),
        "reps_inactive/reps/geography=IT": ("unchanged", []),
        "baseline/missing": ("unchanged", []),
    }
    assert list(changes)[0] == "lurkers/reps/geography=IT", "new barrier alerts come first"
    assert document["counts"] == {"new": 3, "changed": 1, "resolved": 1, "unchanged": 2}
    assert [(c["cause"], c["findings"]) for c in document["causes"]] == [
        ("playbook", 3), ("data", 3)]


def test_the_pull_request_comment(repository):
    result = run("--format", "markdown", "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    comment = result.output
    (repository / "comment.md").write_text(comment, encoding="utf-8")
    assert comment.startswith(MARKER + "\n\n## adoptplan diff at 2026-W46: 3 new · 1 changed · "
                              "1 resolved · 2 unchanged\n")
    assert "**Barrier alerts: 1 new**" in comment
    assert comment.index("### ⚠️ New barrier alerts (1)") < comment.index("### Changes")
    assert ("| level low → medium by the playbook change (against HEAD\\~1): severity low → "
            "medium |") in comment
    assert "- `reps_inactive`: threshold active\\_floor 40% → 45%" in comment
    assert ("new by the data change (against HEAD\\~1: 2026-W45 → 2026-W46): active\\_members "
            "&lt; active\\_floor: 50% → 30% (threshold 45%)") in comment
    assert ("resolved by the data change (against HEAD\\~1: 2026-W45 → 2026-W46): reads &gt; 50 "
            "\\* posts: 900 → 100 (threshold 500)") in comment
    assert "Invite reps to ask their first question \\| thank every first post" in comment
    assert "<details><summary>Unchanged (2)</summary>" in comment


def test_nothing_changed_is_quiet_with_only_changes(repository):
    args = ["diff", "--base", "HEAD", "playbooks", "--metrics", "metrics", "--at", "2026-W45",
            "--format", "markdown", "--detailed-exitcode"]
    quiet = CliRunner().invoke(cli, [*args, "--only-changes"])
    assert (quiet.exit_code, quiet.output) == (0, "")
    loud = CliRunner().invoke(cli, args)
    assert loud.exit_code == 0
    assert "## adoptplan diff at 2026-W45: no change · 5 unchanged" in loud.output


def test_an_unknown_ref_is_an_error(repository):
    result = CliRunner().invoke(cli, ["diff", "--base", "no-such-branch", "playbooks",
                                      "--metrics", "metrics", "--detailed-exitcode"])
    assert result.exit_code == 1
    assert "adoptplan: git rev-parse" in result.output
    plain = CliRunner().invoke(cli, ["diff", "--base", "no-such-branch", "playbooks",
                                     "--metrics", "metrics"])
    assert plain.exit_code == 2


def test_a_playbook_new_at_head_makes_every_finding_new_by_the_playbook(repository):
    (repository / "playbooks" / "rollout.adopt").rename(repository / "playbooks" / "new.adopt")
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", "playbooks/new.adopt",
                                      "--metrics", "metrics", "--format", "json"])
    document = json.loads(result.output)
    assert document["notes"] == ["playbooks/new.adopt does not exist at HEAD"]
    statuses = {e["id"]: [(c["cause"], c["status"]) for c in e["causes"]]
                for e in document["entries"]}
    assert "lurkers/reps/geography=ES" not in statuses  # the data are as at HEAD
    assert statuses and all(("playbook", "new") in causes for causes in statuses.values())


def test_warnings_about_the_metrics_are_shown_as_evaluate_shows_them(repository):
    week = WEEK_46.replace("2026-W46,reps,IT,", "2026-W46,repz,IT,")  # a segment the playbook lacks
    (repository / "metrics" / "2026-W46.csv").write_text(week, encoding="utf-8")
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    assert "warning[AP608]" in result.stderr and "did you mean 'reps'?" in result.stderr
    json.loads(result.stdout)  # the warnings stay out of the document


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_allowing_small_groups_puts_its_warning_into_the_diff_itself(repository, fmt):
    result = run("--format", fmt, "--minimum-group-size", "3", "--allow-small-groups")
    assert result.exit_code == 0, result.output
    warning = "--allow-small-groups: the minimum group size is below 5 people"
    assert result.stdout.count(warning) == 1, result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["warnings"][0].startswith(warning)
    plain = run("--format", fmt)
    assert "allow-small-groups" not in plain.stdout


def test_a_playbook_floor_below_five_needs_allow_small_groups_in_diff(repository):
    path = repository / "playbooks" / "rollout.adopt"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  launch  2026-W40\n", "  launch  2026-W40\n  minimum 3 members\n"), encoding="utf-8")
    refused = run("--format", "text")
    assert refused.exit_code == 2 and "rollout.adopt:4:11: error[AP307]" in refused.stderr
    allowed = run("--format", "text", "--allow-small-groups")
    assert allowed.exit_code == 0, allowed.output
    assert "warning: --allow-small-groups: the playbook's minimum group size (minimum 3 " \
           "members" in allowed.stdout


@pytest.fixture
def initialised(tmp_path, monkeypatch) -> Path:
    """A repository made by `adoptplan init` (its adoptplan.toml names the playbooks and the
    metrics), committed, then the activity floor lowered in the working tree."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "adoptplan init")
    playbook = tmp_path / "playbooks" / "rollout.adopt"
    text = playbook.read_text(encoding="utf-8")
    assert "active_floor percent = 40%" in text
    playbook.write_text(text.replace("active_floor percent = 40%", "active_floor percent = 25%"),
                        encoding="utf-8")
    return tmp_path


def test_the_configuration_file_gives_diff_base_its_playbooks_and_metrics(initialised):
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "threshold active\\_floor 40% → 25%" in result.output


def test_flags_win_over_the_configuration_file(initialised):
    (initialised / "elsewhere").mkdir()
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", "--metrics", "elsewhere"])
    assert result.exit_code == 2  # the empty folder given, not the file's metrics/
    assert "elsewhere" in result.output


def test_two_result_files_are_compared_in_a_configured_repository(initialised):
    """The file's playbooks and metrics are for --base only: two results still compare."""
    evaluated = CliRunner().invoke(cli, ["evaluate", "--format", "json", "-o", "r.json"])
    assert evaluated.exit_code in (0, 1), evaluated.output
    result = CliRunner().invoke(cli, ["diff", "r.json", "r.json"])
    assert result.exit_code == 0, result.output
    assert "no change" in result.output
