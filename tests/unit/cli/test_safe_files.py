"""One safe way to open user files (issue 15): links stay inside the folder read, pipes and
devices are refused without being opened, files over the size cap are refused, and `-o` never
writes through a pipe. A refused link is named as given; what it points to is never shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import files
from adoptplan.cli import cli

PLAYBOOK = """playbook "Pilot" {
  cadence weekly
  launch  2026-W02
}

segment reps "Reps" {
  members       1200
  collaboration high
  likelihood    high
}
"""
METRICS = "period,segment,members,active_members\n2026-W01,reps,1200,25\n"
SECRET = "secret_token=hunter2\n"


def adoptplan(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """`pb/` with a playbook, `m/` with a week of metrics, and a secret outside both."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pb").mkdir()
    (tmp_path / "pb" / "rollout.adopt").write_text(PLAYBOOK)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "2026-W01.csv").write_text(METRICS)
    (tmp_path / "secret.txt").write_text(SECRET)
    return tmp_path


def assert_refused(result, shown: str, reason: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{shown}:1:1: error[" in result.output
    assert reason in result.output
    assert "hunter2" not in result.output and "secret.txt" not in result.output


@pytest.mark.parametrize("command", [["check", "pb"], ["fmt", "--check", "pb"],
                                     ["evaluate", "pb", "--metrics", "m"]])
def test_a_playbook_linked_from_outside_the_folder_is_named_never_read(tree, command):
    (tree / "pb" / "x.adopt").symlink_to(tree / "secret.txt")
    assert_refused(adoptplan(*command), "pb/x.adopt", "it is a link to a file outside pb")


def test_a_playbook_named_directly_cannot_be_a_link_out_of_its_folder(tree):
    (tree / "pb" / "x.adopt").symlink_to(tree / "secret.txt")
    assert_refused(adoptplan("check", "pb/x.adopt"), "pb/x.adopt", "outside pb")


def test_a_metrics_file_linked_from_outside_is_refused(tree):
    (tree / "m" / "zz.csv").symlink_to(tree / "secret.txt")
    result = adoptplan("evaluate", "pb", "--metrics", "m")
    assert_refused(result, "m/zz.csv", "error[AP611]: cannot read this file: it is a link")


def test_a_link_inside_the_folder_is_followed(tree):
    (tree / "pb" / "shared").mkdir()
    (tree / "pb" / "shared" / "real.adopt").write_text(PLAYBOOK.replace("Rollout", "Other"))
    (tree / "pb" / "linked.adopt").symlink_to("shared/real.adopt")
    assert adoptplan("fmt", "--check", "pb/linked.adopt").exit_code in (0, 1)
    result = adoptplan("check", "pb")
    assert "outside" not in result.output and "AP113" not in result.output


@pytest.mark.parametrize("command", [["check", "pb"], ["check", "pb/f.adopt"],
                                     ["fmt", "--check", "pb"]])
def test_a_named_pipe_among_playbooks_is_refused_without_waiting(tree, command):
    os.mkfifo(tree / "pb" / "f.adopt")
    assert_refused(adoptplan(*command), "pb/f.adopt", "it is a named pipe, not a regular file")


def test_a_pipe_or_device_behind_a_link_is_refused(tree):
    os.mkfifo(tree / "pb" / "pipe")
    (tree / "pb" / "p.adopt").symlink_to("pipe")
    (tree / "m" / "zero.csv").symlink_to("/dev/zero")
    assert_refused(adoptplan("check", "pb"), "pb/pipe", "named pipe")
    assert_refused(adoptplan("evaluate", "pb/rollout.adopt", "--metrics", "m"), "m/zero.csv",
                   "outside m")


def test_a_device_inside_the_folder_is_refused_by_kind():
    with pytest.raises(files.Refused, match="a device, not a regular file"):
        files.read_user_file(Path("/dev/zero"), Path("/dev"))


def test_a_file_over_the_size_cap_is_refused_and_the_cap_can_be_raised(tree, monkeypatch):
    (tree / "m" / "2026-W02.csv").write_text(METRICS.replace("W01", "W02") + "#" * 2_000_000)
    monkeypatch.setenv("ADOPTPLAN_MAX_FILE_MB", "1")
    result = adoptplan("evaluate", "pb", "--metrics", "m")
    assert_refused(result, "m/2026-W02.csv", "larger than the limit of 1.0 MiB")
    assert "ADOPTPLAN_MAX_FILE_MB" in result.output
    monkeypatch.setenv("ADOPTPLAN_MAX_FILE_MB", "3")
    assert "larger than the limit" not in adoptplan("evaluate", "pb", "--metrics", "m").output


def test_the_default_cap_is_documented():
    assert files.max_file_bytes() == files.MAX_FILE_BYTES
    assert "ADOPTPLAN_MAX_FILE_MB" in (Path(__file__).parents[3] / "docs" / "ci.md").read_text()


@pytest.mark.parametrize("command", [("evaluate", "pb", "--metrics", "m"),
                                     ("evaluate", "pb", "--metrics", "m", "--check"),
                                     ("diff", "r.json", "r.json")])
def test_output_is_never_written_through_a_pipe_even_with_a_reader(tree, command):
    """Refused before any work: the playbook's syntax error is never reached."""
    (tree / "pb" / "broken.adopt").write_text("segment {\n")
    os.mkfifo(tree / "out.md")
    reader = os.open(tree / "out.md", os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = adoptplan(*command, "-o", "out.md")
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert result.exit_code == 2
    assert result.output == ("adoptplan: cannot write out.md: it is a named pipe, not a regular "
                             "file (give a regular file)\n")


@pytest.mark.parametrize(("target", "kind"), [("/dev/zero", "a device"), ("s.sock", "a socket"),
                                              ("link", "a named pipe")])
def test_output_to_a_device_a_socket_or_a_link_to_a_pipe_is_refused(tree, target, kind):
    import socket

    os.mkfifo(tree / "pipe")
    (tree / "link").symlink_to("pipe")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tree / "s.sock"))
        result = adoptplan("evaluate", "pb", "--metrics", "m", "-o", target)
    assert result.exit_code == 2
    assert f"adoptplan: cannot write {target}: it is {kind}, not a regular file" in result.output


@pytest.mark.parametrize("target", ["/dev/null", "null-link"])
def test_output_to_the_null_device_is_discarded_with_the_exit_code_kept(tree, target):
    """Writing to /dev/null can neither hang nor leak: it is the one device allowed, and it
    stays a device (no temporary file beside a link to it, no rename over it)."""
    (tree / "null-link").symlink_to(os.devnull)
    result = adoptplan("evaluate", "pb", "--metrics", "m", "-o", target)
    assert "cannot write" not in result.output
    assert result.exit_code == adoptplan("evaluate", "pb", "--metrics", "m").exit_code
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert (tree / "null-link").is_symlink()
    assert not [p for p in os.listdir(tree) if p.endswith(".tmp")]


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc/passwd", "../secret.txt"])
def test_a_test_files_playbook_stays_inside_the_repository(tree, target):
    (tree / ".git").mkdir()
    (tree / "repo").mkdir()
    (tree / "repo" / ".git").mkdir()
    (tree / "repo" / "t.adopt-test").write_text(
        f'playbook "{target}"\n\ntest pilot {{\n  from 2026-W01\n}}\n')
    result = adoptplan("test", "repo")
    assert result.exit_code == 2, result.output
    assert "repo/t.adopt-test:1:1: error[AP807]" in result.output
    assert "is outside the repository repo" in result.output
    assert "root:" not in result.output and "hunter2" not in result.output


def test_an_include_through_a_link_loop_is_reported_at_the_include(tree):
    (tree / "pb" / "i.adopt").write_text('include "l.adopt"\n')
    (tree / "pb" / "l.adopt").symlink_to("l.adopt")
    result = adoptplan("check", "pb")
    assert result.exit_code == 2
    assert "pb/i.adopt:1:1: error[AP108]: cannot include 'l.adopt': it is a link that leads " \
           "back to itself" in result.output


def test_a_long_include_chain_is_cut_at_the_depth_limit(tree):
    from adoptplan.load import MAX_INCLUDE_DEPTH

    for k in range(700):
        (tree / "pb" / f"c{k}.adopt").write_text(f'include "c{k + 1}.adopt"\n')
    (tree / "pb" / "c700.adopt").write_text("")
    (tree / "pb" / "rollout.adopt").write_text(PLAYBOOK + 'include "c0.adopt"\n')
    result = adoptplan("evaluate", "pb/rollout.adopt", "--metrics", "m")
    assert result.exit_code == 2, result.output
    assert f"includes are nested more than {MAX_INCLUDE_DEPTH} files deep" in result.output
    assert "Traceback" not in result.output
