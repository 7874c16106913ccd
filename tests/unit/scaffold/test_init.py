"""`adoptplan init`: a repository that works at once, and every command its CI runs passes."""

from __future__ import annotations

import py_compile
import shlex
import subprocess
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from adoptplan import __version__, exitcodes
from adoptplan import scaffold as init
from adoptplan.cli import cli

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A folder after `adoptplan init`, committed to git as a team would."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    for args in (["init", "-q", "-b", "main"], ["add", "."],
                 ["-c", "user.name=Comms", "-c", "user.email=comms@example.com", "-c",
                  "commit.gpgsign=false", "commit", "-q", "-m", "adoptplan init"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def adoptplan_commands(script: str, base: str) -> list[list[str]]:
    """The adoptplan command lines of a CI script, shell variables of the base ref filled in."""
    commands = []
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("adoptplan "):
            line = line.replace('"$BASE"', base).replace(
                '"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"', base)
            commands.append(shlex.split(line)[1:])
    return commands


def run_all(commands: list[list[str]]) -> None:
    for args in commands:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == exitcodes.OK, (args, result.output)


def test_init_writes_every_template(repository):
    written = sorted(str(p.relative_to(repository)) for p in repository.rglob("*")
                     if p.is_file() and ".git/" not in p.as_posix())
    assert written == sorted(target for _, target, _ in init.FILES)
    shipped = resources.files("adoptplan.scaffold").joinpath("templates")
    names = sorted(str(p.relative_to(Path(str(shipped)))) for p in Path(str(shipped)).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts)
    assert names == sorted(name for name, _, _ in init.FILES), "a template is not written by init"


def test_every_command_of_the_github_workflow_passes(repository):
    workflow = yaml.safe_load((repository / ".github/workflows/adoptplan.yml").read_text())
    steps = workflow["jobs"]["playbooks"]["steps"]
    assert {"pull_request", "push"} <= set(workflow[True])  # YAML 1.1 reads `on` as True
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == [f"pip install adoptplan=={__version__}"]
    commands = [c for s in steps for c in adoptplan_commands(s.get("run", ""), "HEAD")]
    assert [c[0] for c in commands] == ["check", "fmt", "test", "evaluate", "diff"]
    run_all(commands)
    posting = next(s for s in steps if s.get("uses", "").startswith("actions/github-script"))
    assert "<!-- adoptplan-diff -->" in posting["with"]["script"]
    assert "adoptplan-diff.md" in posting["with"]["script"]


def test_every_command_of_the_gitlab_pipeline_passes(repository):
    pipeline = yaml.safe_load((repository / ".gitlab-ci.yml").read_text())
    assert pipeline["include"] == [{"local": ".gitlab/adoptplan.yml"}]
    job = yaml.safe_load((repository / ".gitlab/adoptplan.yml").read_text())["adoptplan"]
    assert job["before_script"] == [f"pip install adoptplan=={__version__}"]
    commands = [c for line in job["script"] for c in adoptplan_commands(line, "HEAD")]
    assert [c[0] for c in commands] == ["check", "fmt", "test", "evaluate", "diff"]
    run_all(commands)
    assert job["artifacts"]["reports"]["junit"] == "reports/adoptplan-tests.xml"
    assert (repository / "reports" / "adoptplan-tests.xml").is_file()
    py_compile.compile(str(repository / ".gitlab/post-adoptplan-diff.py"), doraise=True)


def test_the_pre_commit_hooks_run_adoptplan(repository):
    config = yaml.safe_load((repository / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == {"adoptplan-check", "adoptplan-fmt"}
    assert all(h["additional_dependencies"] == [f"adoptplan=={__version__}"]
               for h in hooks.values())
    run_all([shlex.split(hooks["adoptplan-check"]["entry"])[1:],
             [*shlex.split(hooks["adoptplan-fmt"]["entry"])[1:], "playbooks/rollout.adopt"]])


def test_the_project_ships_its_pre_commit_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"adoptplan-check", "adoptplan-fmt"}
    for hook in hooks.values():
        command = shlex.split(hook["entry"])
        assert command[0] == "adoptplan" and command[1] in cli.commands
        assert hook["files"] == r"\.adopt$" and hook["language"] == "python"
    assert hooks["adoptplan-check"]["pass_filenames"] is False


def test_init_leaves_existing_files_alone_and_names_them(repository):
    (repository / "playbooks" / "rollout.adopt").write_text("# ours\n", encoding="utf-8")
    (repository / ".gitlab-ci.yml").write_text("stages: [build]\n", encoding="utf-8")
    (repository / ".gitlab" / "adoptplan.yml").unlink()
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == exitcodes.OK, result.output
    lines = result.output.splitlines()
    assert "left alone (it exists; --force overwrites): playbooks/rollout.adopt" in lines
    assert "wrote .gitlab/adoptplan.yml" in lines
    assert "  add adoptplan's job to it: include: [{local: .gitlab/adoptplan.yml}]" in lines
    assert (repository / "playbooks" / "rollout.adopt").read_text() == "# ours\n"
    assert (repository / ".gitlab-ci.yml").read_text() == "stages: [build]\n"
    forced = CliRunner().invoke(cli, ["init", "--force", "."])
    assert forced.exit_code == exitcodes.OK
    assert "left alone" not in forced.output
    assert (repository / "playbooks" / "rollout.adopt").read_text() == init.template(
        "playbooks/rollout.adopt")


def test_the_starter_gives_no_group_the_same_kind_of_action_twice(repository):
    """The starter's own rule and the method library it includes complement each other: no
    group gets two actions of one kind, and no segment two workshops."""
    import json

    result = CliRunner().invoke(cli, ["evaluate", "playbooks/", "--metrics", "metrics/",
                                      "--format", "json"])
    assert result.exit_code == exitcodes.OK, result.output
    actions = [f for f in json.loads(result.stdout)["findings"] if not f["alert"]]
    assert actions, "the starter fires no action at all"
    kinds = [(f["kind"], f["segment"], str(f["dimensions"])) for f in actions]
    assert len(kinds) == len(set(kinds)), kinds
    workshops = [f["segment"] for f in actions if "workshop" in f["message"].lower()]
    assert len(workshops) == len(set(workshops)), workshops


@pytest.mark.parametrize(("args", "ci_files"), [
    (["--ci", "github"], {".github/workflows/adoptplan.yml"}),
    (["--ci", "gitlab"], {".gitlab-ci.yml", ".gitlab/adoptplan.yml",
                          ".gitlab/post-adoptplan-diff.py"}),
    (["--ci", "none"], set()),
])
@pytest.mark.parametrize("hooks", [True, False])
def test_init_writes_the_ci_and_hooks_asked_for(tmp_path, args, ci_files, hooks):
    result = CliRunner().invoke(cli, ["init", str(tmp_path), *args,
                                      "--hooks" if hooks else "--no-hooks"])
    assert result.exit_code == exitcodes.OK, result.output
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    starter = {t for _, t, part in init.FILES if part == "starter"}
    assert written == starter | ci_files | ({".pre-commit-config.yaml"} if hooks else set())
    assert ("CI and hooks install adoptplan with" in result.output) == bool(ci_files or hooks)


@pytest.mark.parametrize(("spec", "shell", "listed"), [
    ("adoptplan==0.2.0", "pip install adoptplan==0.2.0", ["adoptplan==0.2.0"]),
    ("git+https://git.example.com/comms/adoptplan@v0.2.0",
     "pip install git+https://git.example.com/comms/adoptplan@v0.2.0",
     ["git+https://git.example.com/comms/adoptplan@v0.2.0"]),
    ("/wheels/adoptplan-0.2.0-py3-none-any.whl",
     "pip install /wheels/adoptplan-0.2.0-py3-none-any.whl",
     ["/wheels/adoptplan-0.2.0-py3-none-any.whl"]),
    ("adoptplan>=0.2 --index-url https://pypi.example.com/simple",
     "pip install 'adoptplan>=0.2' --index-url https://pypi.example.com/simple",
     ["adoptplan>=0.2", "--index-url", "https://pypi.example.com/simple"]),
])
def test_init_install_names_what_ci_and_hooks_install(tmp_path, spec, shell, listed):
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--install", spec])
    assert result.exit_code == exitcodes.OK, result.output
    assert f"CI and hooks install adoptplan with: pip install {spec}" in result.output
    workflow = yaml.safe_load((tmp_path / ".github/workflows/adoptplan.yml").read_text())
    assert [s["run"] for s in workflow["jobs"]["playbooks"]["steps"]
            if "pip install" in s.get("run", "")] == [shell]
    job = yaml.safe_load((tmp_path / ".gitlab/adoptplan.yml").read_text())["adoptplan"]
    assert job["before_script"] == [shell]
    assert shlex.split(shell)[2:] == listed
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert all(h["additional_dependencies"] == listed
               for repo in hooks["repos"] for h in repo["hooks"])


@pytest.mark.parametrize("spec", ["adoptplan==1 ; rm -rf ~", "$(curl x)", "a'b", "", "c:\\w"])
def test_init_install_refuses_what_a_ci_line_cannot_carry(tmp_path, spec):
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--install", spec])
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "--install" in result.output and "Traceback" not in result.output
    assert not any(tmp_path.iterdir()), "nothing written"


def test_init_writes_the_settings_ci_will_read(repository):
    import tomllib

    settings = tomllib.loads((repository / "adoptplan.toml").read_text())
    assert settings == {"playbooks": ["playbooks/"], "metrics": "metrics/", "fail_on": "never",
                        "fail_on_not_evaluated": True}
    workflow = (repository / ".github/workflows/adoptplan.yml").read_text()
    assert "adoptplan evaluate --format github\n" in workflow, "the paths come from the file"
