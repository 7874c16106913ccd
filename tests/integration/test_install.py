"""adoptplan where a team runs it: the built wheel in a fresh venv, `init` in a new git
repository, and every command of the CI and hooks it wrote, as CI and pre-commit run them.

Slow (it builds and installs): marked `integration`. No network: pip and pre-commit install
from the wheel just built and the wheels `make test` downloaded once (tests/integration/
wheelhouse.py), with PIP_NO_INDEX.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from wheelhouse import ensure

from adoptplan import __version__

pytestmark = pytest.mark.integration

REPOSITORY = Path(__file__).resolve().parents[2]
WHEELHOUSE = REPOSITORY / ".venv" / "wheelhouse"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def offline(tmp: Path, fresh: Path | None = None) -> dict[str, str]:
    """The environment of a CI run with no network: pip finds only the wheelhouse and dist/."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=f"{WHEELHOUSE} {tmp / 'dist'}",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
               GIT_AUTHOR_NAME="Comms", GIT_AUTHOR_EMAIL="comms@example.com",
               GIT_COMMITTER_NAME="Comms", GIT_COMMITTER_EMAIL="comms@example.com",
               HOME=str(tmp))
    if fresh:
        env["PATH"] = f"{fresh / 'bin'}{os.pathsep}{env['PATH']}"
    return env


def run(args: list[str] | str, cwd: Path, env: dict[str, str]) -> str:
    """Run a command (a shell script when `args` is text, as CI runs it); fail with its
    output unless it exits 0."""
    shell = ["bash", "-e", "-o", "pipefail", "-c", args] if isinstance(args, str) else args
    done = subprocess.run(shell, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}\nexit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def passed(output: str) -> list[str]:
    """The hooks pre-commit reports as passed (`adoptplan check....Passed`)."""
    return [line.split(".")[0] for line in output.splitlines() if line.endswith("Passed")]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(the wheel, a fresh venv with it installed, the scratch folder)."""
    tmp = tmp_path_factory.mktemp("install")
    ensure(WHEELHOUSE)
    env = offline(tmp)
    run([sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(REPOSITORY)],
        REPOSITORY, env)
    wheels = sorted((tmp / "dist").glob("*.whl"))
    assert [w.name for w in wheels] == [f"adoptplan-{__version__}-py3-none-any.whl"]
    assert (tmp / "dist" / f"adoptplan-{__version__}.tar.gz").is_file()
    fresh = tmp / "fresh"
    venv.create(fresh, with_pip=True)
    run([str(fresh / "bin" / "pip"), "install", "--quiet", str(wheels[0])], tmp, env)
    assert run([str(fresh / "bin" / "adoptplan"), "--version"], tmp, env).strip() == \
        f"adoptplan, version {__version__}"
    return wheels[0], fresh, tmp


@pytest.fixture(scope="module")
def repository(installed) -> Path:
    """A new git repository after `adoptplan init --install WHEEL`, pushed to an origin."""
    wheel, fresh, tmp = installed
    env = offline(tmp, fresh)
    origin, work = tmp / "origin.git", tmp / "team"
    run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], tmp, env)
    run(["git", "init", "-q", "-b", "main", str(work)], tmp, env)
    said = run(["adoptplan", "init", "--install", str(wheel)], work, env)
    assert f"CI and hooks install adoptplan with: pip install {wheel}" in said
    run(f"git add . && git commit -q -m init && git remote add origin {origin} && "
        "git push -q origin main", work, env)
    return work


def test_the_wheel_ships_the_method_library_and_grammar(installed):
    _, fresh, tmp = installed
    shown = run([str(fresh / "bin" / "python"), "-c",
                 "import importlib.resources as r; p = r.files('adoptplan');"
                 "print(p.joinpath('library/method').is_dir(),"
                 " p.joinpath('grammar/adoptplan.tables.json').is_file())"], tmp, offline(tmp))
    assert shown.split() == ["True", "True"]


def test_every_step_of_the_github_workflow_passes(installed, repository):
    _, fresh, tmp = installed
    workflow = yaml.safe_load((repository / ".github/workflows/adoptplan.yml").read_text())
    scripts = [s["run"] for s in workflow["jobs"]["playbooks"]["steps"] if "run" in s]
    assert scripts[0].startswith("pip install ")
    env = {**offline(tmp, fresh), "BASE": "origin/main"}  # the step's env, on a pull request
    for script in scripts:
        run(script, repository, env)
    assert (repository / "reports" / "adoptplan-tests.xml").is_file()


def test_every_line_of_the_gitlab_job_passes(installed, repository):
    _, fresh, tmp = installed
    job = yaml.safe_load((repository / ".gitlab/adoptplan.yml").read_text())["adoptplan"]
    env = {**offline(tmp, fresh), "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    for line in [*job["before_script"], *job["script"]]:
        run(line, repository, env)
    assert "git fetch origin" in job["script"][-1] and "adoptplan diff" in job["script"][-1]


def test_pre_commit_runs_the_generated_hooks(installed, repository):
    _, fresh, tmp = installed
    said = run([*PRE_COMMIT, "run", "--all-files"], repository, offline(tmp, fresh))
    assert passed(said) == ["adoptplan check", "adoptplan fmt"], said


def test_this_repository_is_a_pre_commit_hook_repository(installed, repository):
    """As a team would use it with `repo:` and `rev:`; try-repo takes the working tree."""
    _, fresh, tmp = installed
    said = run([*PRE_COMMIT, "try-repo", str(REPOSITORY), "--all-files"], repository,
               offline(tmp, fresh))
    assert passed(said) == ["adoptplan check", "adoptplan fmt"], said
