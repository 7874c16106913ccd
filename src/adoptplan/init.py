"""`adoptplan init`: a playbook repository to start from, with CI and pre-commit set up.

The files come from the package's templates (adoptplan/templates/init); the only thing filled
in is the adoptplan version the CI files and hooks install, so a repository keeps working with
the version it was made with until someone raises it in a pull request.
"""

from __future__ import annotations

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
"""Template (under templates/init) -> where it goes in the new repository. Dot-folders are
named without the dot in the package, so no packaging tool takes them for hidden files."""


class ExistingFiles(Exception):
    """init would overwrite files; carries them, relative to the target folder."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        super().__init__(", ".join(paths))


@attrs.frozen
class Scaffold:
    """What init wrote, relative to the folder."""

    folder: Path
    written: tuple[str, ...]


def template(name: str) -> str:
    """A template's text with the version filled in."""
    text = resources.files("adoptplan").joinpath("templates", "init", name).read_text("utf-8")
    return text.replace(VERSION_PLACEHOLDER, __version__)


def existing(folder: Path) -> list[str]:
    """The files init would overwrite, in the order it writes them."""
    return [target for _, target in FILES if (folder / target).exists()]


def scaffold(folder: Path, force: bool = False) -> Scaffold:
    """Write the starter repository into `folder` (created if needed).

    Raises ExistingFiles, writing nothing, when a file exists and `force` is off.
    """
    clashes = existing(folder)
    if clashes and not force:
        raise ExistingFiles(clashes)
    from adoptplan.atomic import write_atomic

    for name, target in FILES:
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, template(name))
    return Scaffold(folder, tuple(target for _, target in FILES))
