"""`adoptplan init`: a playbook repository to start from, with CI and pre-commit set up.

The files come from the package's templates (adoptplan/scaffold/templates); the only thing filled
in is the adoptplan version the CI files and hooks install, so a repository keeps working with
the version it was made with until someone raises it in a pull request.
"""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path

import attrs

from adoptplan import __version__

VERSION_PLACEHOLDER = "@VERSION@"

FILES: tuple[tuple[str, str], ...] = (
    ("playbooks/rollout.adopt", "playbooks/rollout.adopt"),
    ("tests/rollout.adopt-test", "tests/rollout.adopt-test"),
    *((f"metrics/2026-W{week}.csv", f"metrics/2026-W{week}.csv") for week in range(36, 44)),
    ("github-workflow.yml", ".github/workflows/adoptplan.yml"),
    ("gitlab-ci.yml", ".gitlab-ci.yml"),
    ("gitlab/post-adoptplan-diff.py", ".gitlab/post-adoptplan-diff.py"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
)
"""Template (under scaffold/templates) -> where it goes in the new repository. Dot-folders are
named without the dot in the package, so no packaging tool takes them for hidden files."""


class ExistingFiles(Exception):
    """init would overwrite files; carries them, relative to the target folder."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        super().__init__(", ".join(paths))


class InitError(Exception):
    """init cannot write the repository: a file where a folder must go, no permission, a full
    disk. Whatever it had written is undone first; the message names the path."""


@attrs.frozen
class Scaffold:
    """What init wrote, relative to the folder."""

    folder: Path
    written: tuple[str, ...]


def template(name: str) -> str:
    """A template's text with the version filled in."""
    text = resources.files("adoptplan.scaffold").joinpath("templates", name).read_text("utf-8")
    return text.replace(VERSION_PLACEHOLDER, __version__)


def existing(folder: Path) -> list[str]:
    """The files init would overwrite, in the order it writes them."""
    return [target for _, target in FILES if (folder / target).exists()]


def _shown(path: Path) -> str:
    return path.as_posix()


def _failed(error: OSError, path: Path) -> str:
    """`R/playbooks: Permission denied`: the path the system named, and why."""
    return f"{_shown(Path(error.filename or path))}: {error.strerror or error}"


def obstacle(folder: Path) -> str | None:
    """Why init cannot write into `folder` whatever --force says, or None: a file where one
    of its folders must go, a folder where one of its files must go. Found before anything is
    written, so the usual case needs no undoing."""
    if folder.exists() and not folder.is_dir():
        return f"cannot init {_shown(folder)}: it is a file, not a folder"
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            return f"cannot init {_shown(folder)}: {_shown(parent)} is a file, not a folder"
    for _, target in FILES:
        path = folder / target
        for parent in reversed(path.relative_to(folder).parents[:-1]):
            if (folder / parent).exists() and not (folder / parent).is_dir():
                return (f"cannot write {_shown(path)}: {_shown(folder / parent)} is a file, "
                        "not a folder")
        if path.is_dir():
            return f"cannot write {_shown(path)}: it is a folder"
    return None


class _Undo:
    """What scaffold has changed so far, to put back when a later write fails."""

    def __init__(self) -> None:
        self.folders: list[Path] = []  # created, outermost first
        self.files: list[tuple[Path, bytes | None]] = []  # written, with what was there

    def make_folders(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for path in reversed(missing):
            path.mkdir()
            self.folders.append(path)

    def undo(self) -> None:
        from adoptplan.files import write_atomic

        for path, before in reversed(self.files):
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    write_atomic(path, before)
        for path in reversed(self.folders):
            with contextlib.suppress(OSError):
                path.rmdir()


def scaffold(folder: Path, force: bool = False) -> Scaffold:
    """Write the starter repository into `folder` (created if needed).

    Raises ExistingFiles, writing nothing, when a file exists and `force` is off; InitError
    when a path is in the way or a write fails, with everything written so far undone (files
    --force overwrote get their old content back).
    """
    try:
        blocked, clashes = obstacle(folder), existing(folder)
    except OSError as error:  # a folder on the way that may not be looked into
        raise InitError(f"cannot init {_shown(folder)}: {_failed(error, folder)}") from None
    if blocked:
        raise InitError(blocked)
    if clashes and not force:
        raise ExistingFiles(clashes)
    from adoptplan.files import write_atomic

    texts = [(folder / target, template(name)) for name, target in FILES]
    done = _Undo()
    for path, text in texts:
        try:
            done.make_folders(path.parent)
        except OSError as error:
            done.undo()
            raise InitError(f"cannot create the folder {_failed(error, path.parent)} (nothing "
                            "written)") from None
        try:
            before = path.read_bytes() if path.exists() else None
            write_atomic(path, text)
        except OSError as error:
            done.undo()
            raise InitError(f"cannot write {_shown(path)}: {error.strerror or error} (nothing "
                            "written)") from None
        done.files.append((path, before))
    return Scaffold(folder, tuple(target for _, target in FILES))
