"""The built wheel carries the grammar and the method library, and an installed adoptplan finds
them without the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GRAMMAR_IN_WHEEL = "adoptplan/grammar/adoptplan.lark"

PROBE = """
import adoptplan
from pathlib import Path
from adoptplan.load import load
from adoptplan.syntax import grammar_path

loaded = load([Path("plan.adopt")])
assert not loaded.diagnostics, loaded.diagnostics
print(adoptplan.__file__)
print(grammar_path())
print(len(loaded.playbook.segments))
"""

PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps "Customer service reps" {
  members 1200
}
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built the way pip builds it for users (hatchling from the configured index)."""
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    (built,) = out.glob("adoptplan-*.whl")
    return built


def test_wheel_holds_the_grammar(wheel):
    with zipfile.ZipFile(wheel) as archive:
        assert GRAMMAR_IN_WHEEL in archive.namelist()
        shipped = archive.read(GRAMMAR_IN_WHEEL).decode("utf-8")
    assert shipped == (ROOT / "grammar" / "adoptplan.lark").read_text(encoding="utf-8")


def test_installed_package_parses_with_its_own_grammar(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "plan.adopt").write_text(PLAYBOOK, encoding="utf-8")

    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True, text=True, cwd=elsewhere, timeout=60,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    package, grammar, segments = run.stdout.split("\n")[:3]
    assert Path(package).is_relative_to(site), "the checkout was imported, not the wheel"
    assert Path(grammar) == site / GRAMMAR_IN_WHEEL
    assert segments == "1"


def test_wheel_holds_the_test_grammar(wheel):
    """`adoptplan test` parses `.adopt-test` files with its own grammar: it ships too."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("adoptplan/grammar/tests.lark").decode("utf-8")
    assert shipped == (ROOT / "grammar" / "tests.lark").read_text(encoding="utf-8")


LIBRARY_PROBE = """
from pathlib import Path
from adoptplan import api
from adoptplan.load import library_names, library_root

checked = api.check_paths([Path("plan.adopt")])
errors = [d for d in checked.diagnostics if d.severity == "error"]
assert not errors, errors  # the override names a param the library's pilot declares
print(library_root())
print(",".join(library_names()))
print(",".join(sorted(checked.loaded.sources)))
"""


def test_wheel_holds_the_method_library(wheel):
    library = sorted((ROOT / "playbooks" / "method").glob("*.adopt"))
    assert library
    with zipfile.ZipFile(wheel) as archive:
        for path in library:
            shipped = archive.read(f"adoptplan/library/method/{path.name}").decode("utf-8")
            assert shipped == path.read_text(encoding="utf-8"), path.name


def test_installed_package_includes_the_method_library_by_name(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "plan.adopt").write_text(
        "include method.pilot { pilot_floor = 30% }\n\n" + PLAYBOOK, encoding="utf-8")

    run = subprocess.run(
        [sys.executable, "-c", LIBRARY_PROBE],
        capture_output=True, text=True, cwd=elsewhere, timeout=60,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    root, names, sources = run.stdout.split("\n")[:3]
    assert Path(root) == site / "adoptplan" / "library"
    assert "method.pilot" in names.split(",")
    assert sources.split(",") == ["method.pilot", "plan.adopt"]


@pytest.mark.parametrize("name", ["adoptplan.tables.json", "tests.tables.json"])
def test_wheel_holds_the_parser_tables(wheel, name):
    """Without them an installed adoptplan still works, but builds its parser on every command."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read(f"adoptplan/grammar/{name}").decode("utf-8")
    assert shipped == (ROOT / "grammar" / name).read_text(encoding="utf-8")


def test_installed_package_runs_the_main_job_on_a_copy_of_the_checkout(wheel, tmp_path):
    """`make evaluate`'s command, by a package installed from the wheel, in a copy of the
    bundled playbooks (with their copy of the library) and metrics: the same output as here."""
    import shutil

    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "playbooks", copy / "playbooks")
    shutil.copytree(ROOT / "examples" / "metrics", copy / "examples" / "metrics")
    command = ["-m", "adoptplan", "evaluate", "playbooks/", "--metrics", "examples/metrics"]

    installed = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, cwd=copy, timeout=60,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    checkout = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout == checkout.stdout
