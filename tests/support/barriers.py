"""A small playbook with a barrier per geography and a rule per segment, its metrics as CSV, and
helpers that evaluate them through the api or the CLI (for waivers, hysteresis, --check)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from adoptplan import api
from adoptplan.cli import cli
from adoptplan.result import Evaluation, Finding

HEADER = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  by            geography
}

segment leads "Team leads" {
  members       90
  collaboration high
  likelihood    medium
}

priority service "Exemplary service" {
  for reps, leads
}

tool expert_qna "Q&A with experts" {
  serves service
}
"""

BARRIER = """
barrier file_sharing "Hesitant to share files" {
  when     files_shared / posts < 5%
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Publish what may be shared; ask a manager to share first"
}
"""

RULE = """
rule inactive "Not yet active" {
  when     active_members < 40%
  in       reps, leads
  do       educate "Workshop: exemplary service with answers from experts"
  priority medium
}
"""

PLAYBOOK = HEADER + BARRIER + RULE

COLUMNS = "period,segment,geography,members,active_members,posts,files_shared\n"


def rows(period: str, de: int, fr: int, at: int = 30) -> str:
    """Files shared per 100 posts in DE, FR and AT at `period`; reps and leads 30% active."""
    return (
        f"{period},reps,,1200,30,300,{de + fr + at}\n"
        f"{period},reps,DE,400,30,100,{de}\n"
        f"{period},reps,FR,400,30,100,{fr}\n"
        f"{period},reps,AT,400,30,100,{at}\n"
        f"{period},leads,,90,30,50,5\n"
    )


METRICS = COLUMNS + rows("2026-W39", 9, 9, 9) + rows("2026-W40", 2, 10) + rows("2026-W41", 3, 12)
"""A snapshot before the launch (the baseline), then DE below 5% in both weeks after it."""


def write(folder: Path, playbook: str = PLAYBOOK, metrics: str = METRICS) -> tuple[Path, Path]:
    playbook_path = folder / "playbook.adopt"
    metrics_path = folder / "metrics.csv"
    playbook_path.write_text(playbook, encoding="utf-8")
    metrics_path.write_text(metrics, encoding="utf-8")
    return playbook_path, metrics_path


def evaluate(folder: Path, playbook: str = PLAYBOOK, metrics: str = METRICS,
             at: str | None = None, previous: frozenset[str] = frozenset()) -> Evaluation:
    playbook_path, metrics_path = write(folder, playbook, metrics)
    prepared = api.prepare([playbook_path], [metrics_path])
    return api.evaluate_prepared(prepared, at, previous=previous)


def by_id(evaluation: Evaluation) -> dict[str, Finding]:
    return {f.id: f for f in evaluation.findings if f.source != "analysis"}


def run(*args: str):
    """The CLI with these arguments, standard error kept apart."""
    return CliRunner().invoke(cli, list(args))
