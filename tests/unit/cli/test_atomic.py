"""Atomic writes: all or nothing, mode kept, no temporary file left behind."""

import os
import stat

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


def test_a_named_pipe_is_never_written_even_with_a_reader(tmp_path):
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there: still refused
    try:
        with pytest.raises(atomic.Refused, match="it is a named pipe, not a regular file"):
            write_atomic(pipe, "through the pipe\n")
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert os.listdir(tmp_path) == ["out.fifo"]


@pytest.mark.parametrize("device", ["/dev/full", "/dev/zero"])
def test_a_device_is_refused_and_stays_a_device(device):
    with pytest.raises(atomic.Refused, match="it is a device, not a regular file"):
        write_atomic(device, "discarded")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_the_null_device_is_written_and_stays_a_device(tmp_path):
    write_atomic(os.devnull, "discarded")
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    write_atomic(link, "discarded")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert link.is_symlink()
    assert os.listdir(tmp_path) == ["null"]


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(atomic.Refused, match="it is a socket"):
            write_atomic(path, "x")
    assert os.listdir(tmp_path) == ["s.sock"]


def test_a_link_to_a_pipe_is_refused_without_waiting(tmp_path):
    """As `-o /dev/stdout` into `| less` is: a link to a pipe."""
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    link = tmp_path / "stdout"
    link.symlink_to(pipe)
    with pytest.raises(atomic.Refused, match="named pipe"):
        write_atomic(link, b"linked")
    assert link.is_symlink() and stat.S_ISFIFO(pipe.stat().st_mode)

