"""The playbooks we ship are our own first users: they check clean and are formatted."""

from pathlib import Path

from click.testing import CliRunner

from adoptplan.cli import cli

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = [ROOT / "playbooks"] + sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()
                                        and any(p.rglob("*.adopt")))


def test_shipped_playbooks_check_clean():
    for folder in SHIPPED:
        result = CliRunner().invoke(cli, ["check", "--strict", str(folder)])
        assert result.exit_code in (0, 1), result.output
        errors = [line for line in result.output.splitlines() if ": error[" in line]
        assert errors == [], result.output


def test_shipped_playbooks_are_formatted():
    result = CliRunner().invoke(cli, ["fmt", "--check", *map(str, SHIPPED)])
    assert result.exit_code == 0, result.output
