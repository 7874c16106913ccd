"""Files and folders that cannot be read are reported (AP113, AP611 for metrics), never skipped;
a folder without playbooks is refused by `fmt` as by `check`.

Permissions are real when the tests run as a normal user. Root reads anything, so as root (CI)
the `lock` fixture makes listing, reading and looking inside a locked path fail the way the system
would, instead of skipping the tests.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adoptplan import api, exitcodes, files, load
from adoptplan.cli import cli
from adoptplan.codes import FILES, all_codes
from adoptplan.metrics import load_metrics
from adoptplan.report.codes import render_code

PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W02
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
}

priority reputation "Protect the brand" {
  for reps
}

tool qna "Q&A with experts" {
  serves reputation
}

rule inactive "Reps are not yet active" {
  when  active_members < 40%
  in    reps
  do    educate "Workshop to {priority} with {tool}"
  using qna
}
"""
MORE = """segment leads "Team leads" {
  members       40
  collaboration high
  likelihood    high
}

priority coaching "Coach the reps" {
  for leads
}

tool guide "Coaching guide" {
  serves coaching
}
"""
METRICS = "period,segment,members,active_members\n2026-W01,reps,1200,25\n"
LATER = "period,segment,members,active_members\n2026-W02,reps,1200,33\n"

Lock = Callable[[Path], Path]


@pytest.fixture
def lock(monkeypatch) -> Iterator[Lock]:
    """`lock(path)` makes a file or folder unreadable until the test ends."""
    as_root = os.geteuid() == 0
    locked: list[str] = []
    modes: list[tuple[Path, int]] = []

    def denied(path: str | os.PathLike[str], inside_only: bool = False) -> bool:
        target = os.path.abspath(path)
        return any(target.startswith(folder + os.sep)
                   or (target == folder and not inside_only) for folder in locked)

    def refuse(path: str | os.PathLike[str]) -> OSError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    if as_root:
        scandir, read_bytes, stat, os_open = os.scandir, Path.read_bytes, Path.stat, os.open

        def fake_scandir(path=".", *args, **kwargs):
            if not isinstance(path, int) and denied(path):  # not a folder opened by number
                raise refuse(path)
            return scandir(path, *args, **kwargs)

        def fake_read_bytes(self: Path) -> bytes:
            if denied(self):
                raise refuse(self)
            return read_bytes(self)

        def fake_open(path, flags, *args, **kwargs):  # how user files are read (files.py)
            if not isinstance(path, int) and denied(path):
                raise refuse(path)
            return os_open(path, flags, *args, **kwargs)

        def fake_stat(self: Path, **kwargs):
            if denied(self, inside_only=True):  # a locked folder cannot be entered
                raise refuse(self)
            return stat(self, **kwargs)

        monkeypatch.setattr(os, "scandir", fake_scandir)
        monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(Path, "stat", fake_stat)

    def lock_(path: Path) -> Path:
        if as_root:
            locked.append(os.path.abspath(path))
        else:
            modes.append((path, path.stat().st_mode))
            path.chmod(0)
        return path

    yield lock_
    for path, mode in reversed(modes):
        path.chmod(mode)


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """`plans/` with a playbook and `plans/secret/` with another; `metrics/` with two weeks, the
    second in `metrics/secret/`; `empty/` without a file. Commands run in it."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {
        "plans/plan.adopt": PLAYBOOK,
        "plans/secret/leads.adopt": MORE,
        "metrics/2026-W01.csv": METRICS,
        "metrics/secret/2026-W02.csv": LATER,
    })
    (tmp_path / "empty").mkdir()
    return tmp_path


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def adoptplan(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_reported(result: Result, path: str, what: str, code: str = "AP113") -> None:
    """The finding names the path, says what cannot be read and why, with a hint; no traceback."""
    assert f"{path}:1:1: error[{code}]: cannot read this {what}: Permission denied\n" in \
        result.output
    assert "  hint: check its permissions: the user running adoptplan needs to " in result.output
    assert_no_traceback(result)


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------- the readable


def test_the_tree_is_clean_while_readable(tree):
    assert adoptplan("check", "plans").exit_code == exitcodes.OK
    assert adoptplan("fmt", "--check", "plans").exit_code == exitcodes.OK
    assert adoptplan("evaluate", "plans", "--metrics", "metrics").exit_code == exitcodes.OK


# ------------------------------------------------------------------------------ playbooks


def test_check_reports_a_folder_it_cannot_list(tree, lock):
    lock(tree / "plans" / "secret")
    result = adoptplan("check", "plans")
    # 2: what it holds went unchecked, so the question could not be answered
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "plans/secret", "folder")
    assert "list and enter it" in result.output


def test_check_reports_a_file_it_cannot_read(tree, lock):
    lock(tree / "plans" / "secret" / "leads.adopt")
    result = adoptplan("check", "plans")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "plans/secret/leads.adopt", "file")
    assert "1 | " not in result.output  # no empty source line under it


def test_a_folder_whose_only_playbooks_cannot_be_read_is_not_called_empty(tree, lock):
    lock(tree / "plans" / "secret")
    (tree / "plans" / "plan.adopt").unlink()
    found = api.check_paths([Path("plans")]).diagnostics
    assert [(d.code, d.span.path) for d in found] == [("AP113", "plans/secret")]


def test_evaluate_exits_2_on_a_playbook_folder_it_cannot_list(tree, lock):
    lock(tree / "plans" / "secret")
    result = adoptplan("evaluate", "plans", "--metrics", "metrics")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "plans/secret", "folder")


def test_evaluate_exits_2_on_a_playbook_it_cannot_read(tree, lock):
    lock(tree / "plans" / "secret" / "leads.adopt")
    result = adoptplan("evaluate", "plans", "--metrics", "metrics")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "plans/secret/leads.adopt", "file")


def test_an_include_into_a_folder_that_cannot_be_entered_is_reported_at_the_include(tree, lock):
    write(tree, {"plans/plan.adopt": PLAYBOOK + '\ninclude "secret/leads.adopt"\n'})
    lock(tree / "plans" / "secret")
    found = api.check_paths([Path("plans/plan.adopt")]).diagnostics
    assert [(d.code, d.message, d.span.path, d.span.line) for d in found] == [
        ("AP113", "cannot include 'secret/leads.adopt': Permission denied", "plans/plan.adopt",
         27)]


def test_a_folder_given_twice_is_reported_once(tree, lock):
    lock(tree / "plans" / "secret")
    found = api.check_paths([Path("plans"), Path("plans")]).diagnostics
    assert [d.code for d in found] == ["AP113"]


def test_fmt_reports_a_folder_it_cannot_list_and_formats_the_rest(tree, lock):
    write(tree, {"plans/messy.adopt": "segment x {\n members 40\n}\n"})
    lock(tree / "plans" / "secret")
    for args, out in ((["--check"], "would reformat plans/messy.adopt\n"),
                      ([], "reformatted plans/messy.adopt\n")):
        result = adoptplan("fmt", *args, "plans")
        assert result.exit_code == exitcodes.BAD_INPUT
        assert_reported(result, "plans/secret", "folder")
        assert out in result.stdout
    assert (tree / "plans" / "messy.adopt").read_text() == "segment x {\n  members 40\n}\n"


def test_fmt_reports_a_file_it_cannot_read_and_formats_the_rest(tree, lock):
    write(tree, {"plans/messy.adopt": "segment x {\n members 40\n}\n"})
    lock(tree / "plans" / "plan.adopt")
    for args, out in ((["--check"], "would reformat plans/messy.adopt\n"),
                      (["--diff"], "+++ b/plans/messy.adopt\n"),
                      ([], "reformatted plans/messy.adopt\n")):
        result = adoptplan("fmt", *args, "plans")
        assert result.exit_code == exitcodes.BAD_INPUT, args
        assert_reported(result, "plans/plan.adopt", "file")  # as `check` reports it
        assert "read it\n" in result.stderr
        assert "1 | " not in result.output  # no empty source line under it
        assert "cannot format" not in result.output
        assert out in result.stdout
    assert (tree / "plans" / "messy.adopt").read_text() == "segment x {\n  members 40\n}\n"


def test_fmt_reports_a_file_given_by_name_that_it_cannot_read(tree, lock):
    lock(tree / "plans" / "plan.adopt")
    result = adoptplan("fmt", "plans/plan.adopt")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.stdout == ""
    assert result.stderr == (
        "plans/plan.adopt:1:1: error[AP113]: cannot read this file: Permission denied\n"
        "  hint: check its permissions: the user running adoptplan needs to read it\n")


# ------------------------------------------------------------------------------------ metrics


def test_evaluate_exits_2_on_a_metrics_folder_it_cannot_list(tree, lock):
    lock(tree / "metrics" / "secret")
    result = adoptplan("evaluate", "plans/plan.adopt", "--metrics", "metrics")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "metrics/secret", "folder", "AP611")


def test_evaluate_exits_2_on_a_metrics_file_it_cannot_read(tree, lock):
    lock(tree / "metrics" / "2026-W01.csv")
    result = adoptplan("evaluate", "plans/plan.adopt", "--metrics", "metrics")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "metrics/2026-W01.csv", "file", "AP611")
    assert "1 | " not in result.output


def test_a_metrics_folder_whose_files_cannot_be_read_is_not_called_empty(tree, lock):
    lock(tree / "metrics" / "secret")
    loaded = load_metrics([Path("metrics/secret")], {}, ["reps"])
    assert [(d.code, d.span.path) for d in loaded.diagnostics] == [("AP611", "metrics/secret")]


# ---------------------------------------------------------------------------- empty folders


@pytest.mark.parametrize("args", [["check"], ["fmt"], ["fmt", "--check"], ["fmt", "--diff"]])
def test_a_folder_without_playbooks_exits_2_for_check_and_fmt_alike(tree, args):
    result = adoptplan(*args, "empty")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.stdout == ""
    assert "empty" in result.stderr and "no .adopt files" in result.stderr
    assert_no_traceback(result)


# ------------------------------------------------------------------------- the walk, the code


def test_the_walk_names_what_it_cannot_list_and_finds_the_same_files_as_rglob(tree, lock):
    write(tree, {"plans/sub/deeper/c.adopt": "", "plans/notes.txt": "", "plans/d.adopt.bak": ""})
    (tree / "plans" / "linked").symlink_to(tree / "plans" / "sub", target_is_directory=True)
    everything = files.find_files(Path("plans"), load.is_playbook)
    assert list(everything.files) == sorted(p for p in Path("plans").rglob("*.adopt")
                                            if p.is_file())
    assert everything.unreadable == ()
    lock(tree / "plans" / "secret")
    walk = files.find_files(Path("plans"), load.is_playbook)
    assert [p.as_posix() for p in walk.files] == ["plans/plan.adopt", "plans/sub/deeper/c.adopt"]
    assert [(p.as_posix(), e.errno) for p, e in walk.unreadable] == [
        ("plans/secret", errno.EACCES)]


SCENARIOS: dict[str, str] = {"AP113": "plans/secret"}
"""What to lock in `tree` to bring about each code of FILES. Their examples are folder listings,
not playbooks, so tests/unit/house/test_codes.py (which checks examples as playbooks) cannot run them."""


def test_every_code_about_unreadable_files_has_a_scenario_and_documentation():
    assert sorted(SCENARIOS) == sorted(c.code for c in FILES)
    docs = (Path(__file__).resolve().parents[3] / "docs" / "diagnostics.md").read_text()
    for code in FILES:
        assert all_codes()[code.code] == code
        assert f"## {code.code}: {code.title}\n\n{render_code(code)}" in docs


@pytest.mark.parametrize("code", FILES, ids=lambda c: c.code)
def test_each_code_about_unreadable_files_is_reported_by_its_scenario(tree, lock, code):
    assert api.check_paths([Path("plans")]).diagnostics == ()
    lock(tree / SCENARIOS[code.code])
    found = api.check_paths([Path("plans")]).diagnostics
    assert [(d.code, d.severity) for d in found] == [(code.code, code.severity)]


def test_a_path_given_inside_a_folder_that_cannot_be_entered_is_one_line(tree, lock):
    lock(tree / "plans" / "secret")
    for command in (["check"], ["fmt", "--check"]):
        result = adoptplan(*command, "plans/secret/leads.adopt")
        assert result.exit_code == exitcodes.BAD_INPUT, command
        assert "cannot read plans/secret/leads.adopt: Permission denied" in result.output
        assert_no_traceback(result)


# ------------------------------------------------------------------------- playbook test files


@pytest.fixture
def suite(tmp_path, monkeypatch) -> Path:
    """`tests/` with a runnable test of `plans/plan.adopt` and `tests/secret/` with another."""
    from adoptplan.scaffold import scaffold

    scaffold(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    test = Path("tests/rollout.adopt-test")
    secret = Path("tests/secret/more.adopt-test")
    secret.parent.mkdir()
    secret.write_text(test.read_text(encoding="utf-8").replace("../playbooks", "../../playbooks"),
                      encoding="utf-8")
    assert adoptplan("test", "tests").exit_code == exitcodes.OK
    return tmp_path / "repo"


def test_adoptplan_test_reports_a_folder_of_tests_it_cannot_list(suite, lock):
    lock(suite / "tests" / "secret")
    result = adoptplan("test", "tests")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "tests/secret", "folder")


def test_adoptplan_test_reports_a_test_file_it_cannot_read(suite, lock):
    lock(suite / "tests" / "secret" / "more.adopt-test")
    result = adoptplan("test", "tests")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert_reported(result, "tests/secret/more.adopt-test", "file")


def test_a_link_to_itself_or_to_nothing_is_reported_not_skipped(tree):
    """A symlink loop crashed `check`; a broken link was passed over in silence."""
    (tree / "plans" / "loop.adopt").symlink_to("loop.adopt")
    (tree / "plans" / "broken.adopt").symlink_to("nowhere.adopt")
    for command in (["check"], ["fmt", "--check"]):
        result = adoptplan(*command, "plans")
        assert result.exit_code == exitcodes.BAD_INPUT, (command, result.output)
        assert_no_traceback(result)
        assert "error[AP113]: cannot read this file: it is a link that leads back to itself" in \
            result.output
        assert "error[AP113]: cannot read this file: No such file or directory" in result.output
