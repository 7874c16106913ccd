"""`evaluate -o FILE --check`: a committed action list that is out of date fails, with a diff."""

from __future__ import annotations

from support.barriers import run, write


def _args(tmp_path, *extra: str) -> list[str]:
    playbook, metrics = write(tmp_path)
    return ["evaluate", str(playbook), "--metrics", str(metrics), "--format", "markdown", *extra]


def test_an_up_to_date_file_passes_and_is_not_touched(tmp_path):
    actions = tmp_path / "actions.md"
    assert run(*_args(tmp_path, "-o", str(actions))).exit_code == 0
    written = actions.read_bytes()
    stamp = actions.stat().st_mtime_ns
    result = run(*_args(tmp_path, "-o", str(actions), "--check"))
    assert (result.exit_code, result.stdout) == (0, "")
    assert actions.read_bytes() == written
    assert actions.stat().st_mtime_ns == stamp


def test_an_out_of_date_file_fails_with_a_unified_diff_and_is_kept(tmp_path):
    actions = tmp_path / "actions.md"
    assert run(*_args(tmp_path, "-o", str(actions))).exit_code == 0
    current = actions.read_text(encoding="utf-8")
    stale = current.replace("2026-W41", "2026-W40")
    actions.write_text(stale, encoding="utf-8")
    result = run(*_args(tmp_path, "-o", str(actions), "--check"))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {actions.as_posix()}\n+++ {actions.as_posix()}\n")
    assert "\n-## adoptplan: Rollout at 2026-W40\n+## adoptplan: Rollout at 2026-W41\n" in (
        result.stdout)
    assert "is out of date: run the same command without --check" in result.stderr
    assert actions.read_text(encoding="utf-8") == stale


def test_a_relative_path_is_named_as_git_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = _args(tmp_path, "-o", "actions.md", "--check")
    assert run(*args).stdout.startswith("--- a/actions.md\n+++ b/actions.md\n")


def test_a_missing_file_is_out_of_date_and_not_created(tmp_path):
    actions = tmp_path / "actions.md"
    result = run(*_args(tmp_path, "-o", str(actions), "--check"))
    assert result.exit_code == 1
    assert "+## adoptplan: Rollout at 2026-W41" in result.stdout
    assert not actions.exists()


def test_check_needs_a_file(tmp_path):
    result = run(*_args(tmp_path, "--check"))
    assert result.exit_code == 2
    assert "give it with -o FILE" in result.stderr


def test_an_unreadable_file_is_bad_input(tmp_path):
    folder = tmp_path / "actions.md"
    folder.mkdir()
    result = run(*_args(tmp_path, "-o", str(folder), "--check"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_bad_input_is_exit_2_before_comparing(tmp_path):
    args = _args(tmp_path, "-o", str(tmp_path / "actions.md"), "--check")
    (tmp_path / "playbook.adopt").write_text("segment {\n")
    result = run(*args)
    assert result.exit_code == 2
    assert "error[AP103]" in result.stderr
    assert result.stdout == ""


def test_fail_on_still_counts_when_the_file_is_up_to_date(tmp_path):
    actions = tmp_path / "actions.md"
    assert run(*_args(tmp_path, "-o", str(actions), "--fail-on", "high")).exit_code == 1
    result = run(*_args(tmp_path, "-o", str(actions), "--fail-on", "high", "--check"))
    assert (result.exit_code, result.stdout) == (1, "")
