"""The public Yammer case as the integration tests read it: where its data and the example are,
and a weekly `metrics build` of it for a playbook of the test's own."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from adoptplan.cli import cli

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("ADOPTPLAN_YAMMER_DATA")
            or REPOSITORY.parent / "shared" / "data" / "yammer")
EXAMPLE = REPOSITORY / "examples" / "yammer"


def weekly_build(folder: Path, playbook: str, mapping: Path = EXAMPLE / "mapping.toml") -> Path:
    """`playbook` written as watch.adopt in `folder`, the case's events, e-mails and users built
    into weekly snapshots under folder/metrics with `mapping`; the folder."""
    (folder / "watch.adopt").write_text(playbook, encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "metrics", "build", "--events", str(DATA / "yammer_events.csv.gz"),
        "--events", str(DATA / "yammer_emails.csv"), "--people", str(DATA / "yammer_users.csv"),
        "--playbook", str(folder / "watch.adopt"), "--mapping", str(mapping),
        "--period", "week", "-o", str(folder / "metrics")])
    assert result.exit_code == 0, result.output
    return folder
