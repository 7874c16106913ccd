"""`adoptplan init` where it cannot write: a path in the way, no permission, a full disk.

One message naming the path, and nothing left half-written. The tests run as root, which may
write anywhere: permission errors are simulated at the two places init writes (creating a
folder, writing a file).
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from adoptplan import files as atomic
from adoptplan import scaffold as init


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with a file's bytes (None for a folder)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_a_file_where_the_folder_goes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("mine\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(init.InitError) as caught:
            init.scaffold(Path("afile"), force)
        assert str(caught.value) == "cannot init afile: it is a file, not a folder"
    with pytest.raises(init.InitError, match="^cannot init afile/R: afile is a file, not a "
                                             "folder$"):
        init.scaffold(Path("afile/R"))
    assert snapshot(tmp_path) == {"afile": b"mine\n"}


@pytest.mark.parametrize(("in_the_way", "message"), [
    ("metrics", "cannot write R/metrics/2026-W36.csv: R/metrics is a file, not a folder"),
    (".github", "cannot write R/.github/workflows/adoptplan.yml: R/.github is a file, not a "
                "folder"),
])
def test_a_file_where_one_of_its_folders_goes(tmp_path, monkeypatch, in_the_way, message):
    monkeypatch.chdir(tmp_path)
    Path("R").mkdir()
    Path("R", in_the_way).write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for force in (False, True):
        with pytest.raises(init.InitError) as caught:
            init.scaffold(Path("R"), force)
        assert str(caught.value) == message
        assert snapshot(tmp_path) == before, "found before anything is written"


def test_a_folder_where_one_of_its_files_goes_even_with_force(tmp_path):
    (tmp_path / "playbooks" / "rollout.adopt").mkdir(parents=True)
    before = snapshot(tmp_path)
    with pytest.raises(init.InitError, match="rollout.adopt: it is a folder$"):
        init.scaffold(tmp_path, force=True)
    assert snapshot(tmp_path) == before


def failing_on(call: int, error: OSError):
    """write_atomic that raises `error` on its `call`-th use."""
    real = atomic.write_atomic
    calls = []

    def write(path, content, *args, **kwargs):
        calls.append(path)
        if len(calls) == call:
            raise error
        return real(path, content, *args, **kwargs)

    return write


@pytest.mark.parametrize("call", [1, 5, len(init.FILES)])
def test_a_write_refused_midway_undoes_everything(tmp_path, monkeypatch, call):
    monkeypatch.chdir(tmp_path)
    denied = PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(atomic, "write_atomic", failing_on(call, denied))
    with pytest.raises(init.InitError) as caught:
        init.scaffold(Path("R"))
    target = init.FILES[call - 1][1]
    assert str(caught.value) == f"cannot write R/{target}: Permission denied (nothing written)"
    assert snapshot(tmp_path) == {}, "the folders init made are gone too"


def test_a_full_disk_with_force_puts_the_overwritten_files_back(tmp_path, monkeypatch):
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "rollout.adopt").write_text("# ours\n", encoding="utf-8")
    (tmp_path / ".gitlab-ci.yml").write_text("stages: [ours]\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("untouched\n", encoding="utf-8")
    before = snapshot(tmp_path)
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic, "write_atomic", failing_on(len(init.FILES), full))
    with pytest.raises(init.InitError, match=r"pre-commit-config.yaml: No space left on device "
                                             r"\(nothing written\)$"):
        init.scaffold(tmp_path, force=True)
    assert snapshot(tmp_path) == before


def test_a_folder_that_cannot_be_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "tests":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(init.InitError) as caught:
        init.scaffold(Path("R"))
    assert str(caught.value) == ("cannot create the folder R/tests: Permission denied (nothing "
                                 "written)")
    assert snapshot(tmp_path) == {}


def test_a_folder_that_cannot_be_looked_into(tmp_path, monkeypatch):
    def existing(folder, files=None):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / "playbooks"))

    monkeypatch.setattr(init, "existing", existing)
    with pytest.raises(init.InitError) as caught:
        init.scaffold(tmp_path / "R")
    assert str(caught.value) == (f"cannot init {(tmp_path / 'R').as_posix()}: "
                                 f"{(tmp_path / 'R' / 'playbooks').as_posix()}: Permission denied")


def test_the_usual_init_is_unchanged(tmp_path):
    made = init.scaffold(tmp_path / "R")
    assert made.written == tuple(target for _, target, _ in init.FILES)
    assert sorted(snapshot(tmp_path / "R")) == sorted(
        {*(target for _, target, _ in init.FILES),
         *(p.as_posix() for _, target, _ in init.FILES for p in Path(target).parents
           if p != Path("."))})
