"""Start-up: commands that need no numbers import no numerical or rendering library.

Not timed (speed is measured in benchmarks/bench_startup.py): this checks which modules a
command leaves in sys.modules, in a fresh process, so a top-level import cannot creep back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("numpy", "duckdb", "pyarrow", "rich", "pandas", "jsonschema", "fastjsonschema")

RUN = """
import json, runpy, sys
sys.argv = ["adoptplan", *sys.argv[1:]]
try:
    runpy.run_module("adoptplan", run_name="__main__")
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
"""


def modules_after(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", RUN, *argv], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return set(json.loads(done.stderr.splitlines()[-1]))


@pytest.mark.parametrize("argv", [("--version",), ("check", "playbooks/")])
def test_command_imports_no_heavy_library(argv):
    loaded = modules_after(*argv)
    assert "adoptplan.cli" in loaded  # the command really ran
    assert not {name.split(".")[0] for name in loaded} & set(HEAVY)


def test_version_starts_without_the_model():
    assert "adoptplan.model" not in modules_after("--version")


def test_evaluate_imports_no_statistics_library():
    """The bundled playbook forecasts and measures an intervention: the statistics are our own
    numpy (scipy's import took longer than the rest of the command), and no median pulls in
    numpy.ma."""
    loaded = modules_after("evaluate", "playbooks/", "--metrics", "examples/metrics")
    assert "numpy" in loaded and "adoptplan.engine.forecast" in loaded
    assert not {name.split(".")[0] for name in loaded} & {"scipy", "statsmodels", "pandas"}
    assert "numpy.ma" not in loaded


@pytest.mark.parametrize("argv", [("check", "playbooks/"),
                                  ("evaluate", "playbooks/", "--metrics", "examples/metrics")])
def test_commands_leave_unneeded_standard_modules_duckdb_and_pyarrow_unloaded(argv):
    """The stdlib's statistics (only for an interval other than 95%) and importlib.resources
    (only to read the result schema) cost a command 20-50 ms each; pyarrow reads only large
    metrics files (csv_source.ARROW_FROM)."""
    loaded = modules_after(*argv)
    assert not {"statistics", "importlib.resources", "duckdb", "pyarrow", "scipy"} & loaded


def test_check_loads_no_result_nor_the_codes_of_other_stages():
    """A check makes no evaluation (result.py makes 14 classes at import), raises no metrics,
    ingest or playbook-test code, and names no day of a month (calendar)."""
    loaded = modules_after("check", "playbooks/")
    assert not {"adoptplan.result", "adoptplan.codes.ingest", "adoptplan.codes.metrics",
                "adoptplan.codes.playbook_tests", "calendar"} & loaded


def test_a_large_metrics_file_is_read_by_pyarrow_without_importing_pandas(tmp_path):
    """pyarrow's own conversions to numpy import pandas when it is installed (0.6 s of the
    large case's run): a large file's columns are read from pyarrow's buffers instead."""
    rows = [f"2026-W{week:02d},reps,G{place},{week + place},{place % 7}.5"
            for week in range(1, 53) for place in range(900)]
    (tmp_path / "m.csv").write_text("period,segment,geography,posts,social_reach\n"
                                    + "\n".join(rows) + "\n", encoding="utf-8")
    assert (tmp_path / "m.csv").stat().st_size > 1 << 20  # read by pyarrow (ARROW_FROM)
    loaded = modules_after("evaluate", "playbooks/", "--metrics", str(tmp_path))
    assert "pyarrow.csv" in loaded and "adoptplan.engine" in loaded
    assert "pandas" not in loaded
