"""`adoptplan init`: a playbook repository to start from, with CI and pre-commit set up.

The files come from the package's templates (adoptplan/scaffold/templates); what is filled in is
how CI and the hooks install adoptplan (by default the version that ran init), so a repository
keeps working with the version it was made with until someone raises it in a pull request.
Into an existing repository init adds what is missing and leaves every file that is there alone.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from importlib import resources
from pathlib import Path

import attrs

from adoptplan import __version__

INSTALL_PLACEHOLDER = "@INSTALL@"
INSTALL_LIST_PLACEHOLDER = "@INSTALL_LIST@"

FILES: tuple[tuple[str, str, str], ...] = (
    ("playbooks/rollout.adopt", "playbooks/rollout.adopt", "starter"),
    ("tests/rollout.adopt-test", "tests/rollout.adopt-test", "starter"),
    *((f"metrics/2026-W{week}.csv", f"metrics/2026-W{week}.csv", "starter")
      for week in range(36, 44)),
    ("adoptplan.toml", "adoptplan.toml", "starter"),
    ("github-workflow.yml", ".github/workflows/adoptplan.yml", "github"),
    ("gitlab-ci.yml", ".gitlab-ci.yml", "gitlab"),
    ("gitlab/adoptplan.yml", ".gitlab/adoptplan.yml", "gitlab"),
    ("gitlab/post-adoptplan-diff.py", ".gitlab/post-adoptplan-diff.py", "gitlab"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml", "hooks"),
)
"""Template (under scaffold/templates) -> where it goes in the new repository -> which part of
the repository it belongs to (--ci, --hooks). Dot-folders are named without the dot in the
package, so no packaging tool takes them for hidden files."""

_INSTALL_WORD = re.compile(r"[\w.~:/@+=<>!,\[\]%#?&^*-]+")
"""What one word of --install may hold: a requirement, a URL, a path, a pip option. No quote,
space, `$` or backslash, so it reaches a YAML file and a shell line as it was written."""


def default_install() -> str:
    """The running version from the package index: what CI installs unless told otherwise."""
    return f"adoptplan=={__version__}"


class InstallError(ValueError):
    """--install holds a character a CI line or a hook list cannot carry safely."""


def install_words(spec: str) -> tuple[str, ...]:
    """`spec` split into pip's arguments (`adoptplan==1.0 --index-url URL`), each checked.

    Raises InstallError naming the word and what to write instead.
    """
    words = tuple(spec.split())
    if not words:
        raise InstallError("--install is empty: name what pip installs, e.g. "
                           f"{default_install()}")
    for word in words:
        if not _INSTALL_WORD.fullmatch(word):
            raise InstallError(
                f"--install: {word!r} holds a quote, a space, a $ or a backslash, which CI "
                "lines cannot carry safely; write a requirement (adoptplan==1.0), a git URL "
                "(git+https://host/adoptplan@v1.0), a wheel's path without spaces, or pip "
                "options (adoptplan==1.0 --index-url https://pypi.example.com/simple)")
    return words


ALL_CI = ("github", "gitlab")


def parts(ci: tuple[str, ...] = ALL_CI, hooks: bool = True) -> frozenset[str]:
    """The parts of the repository init writes for --ci (github, gitlab, none) and --hooks."""
    return frozenset({"starter", *(set(ALL_CI) & set(ci)), *(("hooks",) if hooks else ())})


def targets(chosen: frozenset[str]) -> list[tuple[str, str]]:
    """(template, target) of every file of the chosen parts, in the order init writes them."""
    return [(name, target) for name, target, part in FILES if part in chosen]


class InitError(Exception):
    """init cannot write the repository: a file where a folder must go, no permission, a full
    disk. Whatever it had written is undone first; the message names the path."""


@attrs.frozen
class Scaffold:
    """What init wrote and what it left alone (it was there), relative to the folder."""

    folder: Path
    written: tuple[str, ...]
    kept: tuple[str, ...] = ()
    install: str = ""
    to_merge: tuple[str, ...] = ()
    """Files left alone that are the team's own CI or hooks, without adoptplan in them yet."""


def template(name: str, install: tuple[str, ...] | None = None) -> str:
    """A template's text with how to install adoptplan filled in (default: this version)."""
    words = install or (default_install(),)
    text = resources.files("adoptplan.scaffold").joinpath("templates", name).read_text("utf-8")
    return (text.replace(INSTALL_PLACEHOLDER, " ".join(shlex.quote(w) for w in words))
            .replace(INSTALL_LIST_PLACEHOLDER, ", ".join(json.dumps(w) for w in words)))


def existing(folder: Path, files: list[tuple[str, str]] | None = None) -> list[str]:
    """The files of `files` (default: all) that are there already, in the order init writes."""
    return [target for _, target in (files or targets(parts()))
            if (folder / target).exists()]


def _shown(path: Path) -> str:
    return path.as_posix()


def _failed(error: OSError, path: Path) -> str:
    """`R/playbooks: Permission denied`: the path the system named, and why."""
    return f"{_shown(Path(error.filename or path))}: {error.strerror or error}"


def obstacle(folder: Path, files: list[tuple[str, str]] | None = None) -> str | None:
    """Why init cannot write into `folder` whatever --force says, or None: a file where one
    of its folders must go, a folder where one of its files must go. Found before anything is
    written, so the usual case needs no undoing."""
    if folder.exists() and not folder.is_dir():
        return f"cannot init {_shown(folder)}: it is a file, not a folder"
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            return f"cannot init {_shown(folder)}: {_shown(parent)} is a file, not a folder"
    for _, target in files or targets(parts()):
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
        # start-up: loaded only when this runs
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


def scaffold(folder: Path, force: bool = False, ci: tuple[str, ...] = ALL_CI,
             hooks: bool = True, install: str | None = None) -> Scaffold:
    """Write the starter repository into `folder` (created if needed): the playbook, its test,
    sample metrics and settings, the CI of `ci` (github, gitlab; none for neither) and, with
    `hooks`, the pre-commit configuration; CI and hooks install adoptplan with `install`.

    A file that is there already is left alone and listed in `kept`; `force` overwrites it.
    Raises InstallError for an --install CI cannot carry, InitError when a path is in the way
    or a write fails, with everything written so far undone (files --force overwrote get their
    old content back).
    """
    words = install_words(install) if install is not None else (default_install(),)
    files = targets(parts(ci, hooks))
    try:
        blocked, there = obstacle(folder, files), existing(folder, files)
    except OSError as error:  # a folder on the way that may not be looked into
        raise InitError(f"cannot init {_shown(folder)}: {_failed(error, folder)}") from None
    if blocked:
        raise InitError(blocked)
    kept = () if force else tuple(there)
    # start-up: loaded only when this runs
    from adoptplan.files import write_atomic

    texts = [(folder / target, template(name, words)) for name, target in files
             if target not in kept]
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
    written = tuple(target for _, target in files if target not in kept)
    return Scaffold(folder, written, kept, " ".join(words), _without_adoptplan(folder, kept))


def _without_adoptplan(folder: Path, kept: tuple[str, ...]) -> tuple[str, ...]:
    """The team's own CI or hooks files that init left alone and that do not run adoptplan."""
    def mentions(path: Path) -> bool:
        try:
            return "adoptplan" in path.read_text("utf-8", errors="replace")
        except OSError:
            return False
    return tuple(p for p in kept if p in _MERGE_BY_HAND and not mentions(folder / p))


_MERGE_BY_HAND = {
    ".gitlab-ci.yml": "add adoptplan's job to it: include: [{local: .gitlab/adoptplan.yml}]",
    ".pre-commit-config.yaml": "add the hooks adoptplan-check and adoptplan-fmt to it (see "
                               "`adoptplan init --help`)",
}
"""What to do by hand when a file init left alone is the team's own CI or hooks."""


def report(made: Scaffold) -> list[str]:
    """What init tells the user: each file written or left alone, what to merge by hand, how
    CI installs adoptplan and how to change it, and what to run next."""
    shown = made.folder.as_posix()
    lines = [f"wrote {(made.folder / path).as_posix()}" for path in made.written]
    for path in made.kept:
        lines.append(f"left alone (it exists; --force overwrites): {(made.folder / path).as_posix()}")
        if path in made.to_merge:
            lines.append(f"  {_MERGE_BY_HAND[path]}")
    if any(part != "starter" for _, target, part in FILES if target in made.written):
        lines.append(f"CI and hooks install adoptplan with: pip install {made.install}")
        lines.append("  to install it from elsewhere (a git tag, a wheel, your own index), run "
                     f"init with --install, e.g. adoptplan init {shown} --install "
                     f"'git+https://your.git.host/adoptplan@v{__version__}', or edit that line")
    go = "" if shown == "." else f"cd {shown} && "
    if any(Path(path) == Path("adoptplan.toml") for path in made.written):
        lines.append(f"next: {go}adoptplan check && adoptplan test tests/ && adoptplan evaluate"
                     "  (adoptplan.toml says where the playbooks and metrics are)")
    else:
        lines.append(f"next: {go}adoptplan check playbooks/ && adoptplan test tests/ && "
                     "adoptplan evaluate playbooks/ --metrics metrics/")
    return lines
