"""The hostile-input suite (issue 15): a workspace built from the bundled inputs, a secret
outside it that must never be printed, and a count of the cases run per class, printed at the
end of the run (`hostile cases: ...`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # hostile_runner, for the fork server too

import hostile_runner
from hostile_runner import COUNTS, FAILURES, SECRET

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "adoptplan" / "scaffold" / "templates"
INGEST = ROOT / "tests" / "fixtures" / "ingest"

PEOPLE = """person_id,department,country
1,Customer Service,DE
2,Customer Service,DE
3,Field Service,US
"""
EVENTS = """user_id,occurred_at,event_name
1,2026-11-02 08:00:00,post
2,2026-11-03 10:00:00,view_post
3,2026-11-04 11:00:00,like
"""
MAPPING = """[events]
post  = ["post"]
read  = ["view_*"]
react = ["like"]
"""
INGEST_PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps {
  match department == "Customer Service"
  by    country
}
"""

def pytest_terminal_summary(terminalreporter) -> None:
    if COUNTS:
        shown = ", ".join(f"{kind} {count} ({FAILURES[kind]} failed)"
                          for kind, count in sorted(COUNTS.items()))
        terminalreporter.write_line(f"hostile cases: {sum(COUNTS.values())}: {shown}")


@pytest.fixture
def workspace(tmp_path) -> Path:
    """`ws/` holding the bundled project (playbooks, metrics, tests), an ingest folder, and a
    result file; `secret.txt` beside it, outside every folder a command is given."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    ws = tmp_path / "ws"
    for name in ("playbooks", "metrics", "tests"):
        shutil.copytree(TEMPLATES / name, ws / name)
    (ws / ".git").mkdir()  # the repository a test file's playbook must stay in
    ingest = ws / "ingest"
    ingest.mkdir()
    for name in ("viva-activity-2026-11-08.csv", "teams-2026-11-15.csv", "people.csv"):
        shutil.copy(INGEST / name, ingest / name)
    (ingest / "rollout.adopt").write_text(INGEST_PLAYBOOK)
    (ingest / "small-people.csv").write_text(PEOPLE)
    (ingest / "events.csv").write_text(EVENTS)
    (ingest / "mapping.toml").write_text(MAPPING)
    return ws


@pytest.fixture(scope="session")
def result_text(tmp_path_factory) -> str:
    """A real `evaluate --format json` result of the bundled project, to mutate."""
    folder = tmp_path_factory.mktemp("result")
    for name in ("playbooks", "metrics"):
        shutil.copytree(TEMPLATES / name, folder / name)
    outcome = hostile_runner.run(["evaluate", "playbooks", "--metrics", "metrics", "--format",
                                  "json", "-o", "result.json"], folder)
    assert outcome.exit_code in (0, 1), outcome
    return (folder / "result.json").read_text()
