"""The ingest examples written into the current folder, for `metrics import` and `build` tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from adoptplan.cli import cli
from adoptplan.codes.ingest import EXAMPLE_EVENTS, EXAMPLE_EXPORT, EXAMPLE_PEOPLE, EXAMPLE_PLAYBOOK

COMMON = ("--people", "people.csv", "--playbook", "rollout.adopt", "-o", "metrics")
"""The options every build and import test gives: the directory, the playbook, the output."""


def write_examples(folder: Path) -> Path:
    """rollout.adopt, people.csv, activity.csv (an export) and events.csv in `folder`."""
    for name, text in (("rollout.adopt", EXAMPLE_PLAYBOOK), ("people.csv", EXAMPLE_PEOPLE),
                       ("activity.csv", EXAMPLE_EXPORT), ("events.csv", EXAMPLE_EVENTS)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*words: str) -> Result:
    return CliRunner().invoke(cli, list(words))
