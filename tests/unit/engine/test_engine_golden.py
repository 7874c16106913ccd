"""The bundled playbook on the sample history, byte for byte in table, markdown and json.

Regenerate with `UPDATE_GOLDEN=1 pytest tests/unit/engine/test_engine_golden.py` and read the diff.
"""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan.cli import cli

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "golden" / "evaluate-bundled"
FILES = {"table": "evaluation.txt", "markdown": "evaluation.md", "json": "evaluation.json"}


def _evaluate(fmt: str) -> bytes:
    """`adoptplan evaluate playbooks/ --metrics examples/metrics` from the repository root."""
    result = CliRunner().invoke(
        cli, ["evaluate", "playbooks/", "--metrics", "examples/metrics", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in the output are relative to where it runs
    monkeypatch.delenv("COLUMNS", raising=False)  # a pipe's table is PLAIN_WIDTH wide


@pytest.mark.parametrize("fmt", FILES)
def test_bundled_evaluation_matches_the_golden_output(fmt):
    got = _evaluate(fmt)
    path = GOLDEN / FILES[fmt]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to write it"
    assert got == path.read_bytes(), f"{path} differs; if intended, rerun with UPDATE_GOLDEN=1"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "github", "junit"])
def test_evaluating_twice_gives_identical_bytes(fmt):
    assert _evaluate(fmt) == _evaluate(fmt)
