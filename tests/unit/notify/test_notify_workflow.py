"""The commented notify step of the workflow `init` writes: uncommented as docs/notify.md says,
it is valid YAML and its commands deliver to a (local) Teams webhook."""

from __future__ import annotations

import shlex

import yaml
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan.cli import cli

COMMENTED = "      # "


def uncommented(workflow: str) -> str:
    """The workflow with its commented steps (indented comment lines under `steps:`) restored."""
    lines = []
    for line in workflow.splitlines():
        body = line[len(COMMENTED):]
        if line.startswith(COMMENTED) and (body.startswith(("- ", "  ")) or not body.strip()):
            line = "      " + body
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_notify_step_once_uncommented_delivers(tmp_path, monkeypatch, teams_hook):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == exitcodes.OK
    workflow = yaml.safe_load(uncommented(
        (tmp_path / ".github/workflows/adoptplan.yml").read_text(encoding="utf-8")))
    steps = {step.get("name", step.get("uses")): step
             for step in workflow["jobs"]["playbooks"]["steps"]}
    assert steps["actions/cache@v4"]["with"]["path"] == ".adoptplan/notify-state.json"
    step = steps["Notify the team"]
    variable = next(iter(step["env"]))
    with (tmp_path / "adoptplan.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[notify.teams]\nurl_env = "{variable}"\n')
    for line in step["run"].splitlines():
        result = CliRunner().invoke(cli, shlex.split(line)[1:], env={variable: teams_hook.url})
        assert result.exit_code == exitcodes.OK, (line, result.output)
    assert teams_hook.accepted and teams_hook.problems == []
    assert (tmp_path / ".adoptplan/notify-state.json").is_file()
