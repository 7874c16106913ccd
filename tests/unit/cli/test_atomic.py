"""Atomic writes: all or nothing, mode kept, no temporary file left behind."""

import os
import stat
from pathlib import Path

import pytest

from adoptplan import files as atomic
from adoptplan.files import write_atomic


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replaces_content_exactly_without_newline_translation(tmp_path):
    target = tmp_path / "p.adopt"
    target.write_text("old\n")
    write_atomic(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"
    assert os.listdir(tmp_path) == ["p.adopt"]


def test_writes_bytes_and_creates_missing_file_with_umask_mode(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
    umask = os.umask(0)
    os.umask(umask)
    assert _mode(target) == 0o666 & ~umask


def test_keeps_the_mode_of_an_existing_file(tmp_path):
    target = tmp_path / "run.sh"
    target.write_text("old")
    target.chmod(0o751)
    write_atomic(target, "new")
    assert _mode(target) == 0o751


def test_follows_a_symlink_so_the_link_stays(tmp_path):
    real = tmp_path / "real.adopt"
    real.write_text("old")
    link = tmp_path / "link.adopt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_failure_leaves_target_untouched_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "p.adopt"
    target.write_text("old")

    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["p.adopt"]


def test_missing_folder_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        write_atomic(tmp_path / "nowhere" / "p.adopt", "x")


def test_writes_into_a_named_pipe_and_leaves_it_a_pipe(tmp_path):
    import threading

    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_atomic(pipe, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert os.listdir(tmp_path) == ["out.fifo"]


def test_a_device_is_written_to_not_replaced():
    assert atomic._is_special(Path("/dev/null"))  # else the write below would replace it
    write_atomic("/dev/null", "discarded")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_device_raises_and_stays_a_device():  # Linux's /dev/full: always out of space
    assert atomic._is_special(Path("/dev/full"))  # else the write below would replace it
    with pytest.raises(OSError):
        write_atomic("/dev/full", "no room")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_link_to_a_pipe_is_written_through(tmp_path):
    """As `-o /dev/stdout` is: a link to the process's own pipe, which has no path to resolve."""
    import threading

    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    link = tmp_path / "stdout"
    link.symlink_to(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_atomic(link, b"linked")
    reader.join(timeout=10)
    assert received == [b"linked"]
    assert link.is_symlink() and stat.S_ISFIFO(pipe.stat().st_mode)
