"""git plumbing for `diff --base`: the repository around the playbooks, and files at a commit."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from adoptplan.diff.compare import DiffError


class GitFailed(DiffError):
    """git ran and refused; `lines` is what it said on stderr, `said` the last line."""

    def __init__(self, args: Sequence[str], lines: Sequence[str]):
        self.lines = tuple(lines)
        self.said = lines[-1] if lines else ""
        super().__init__(f"git {' '.join(args[:2])}: {self.said or 'failed'}")



def _plain(line: str) -> str:
    """git's line without its `fatal: ` or `error: ` prefix."""
    return line.removeprefix("fatal: ").removeprefix("error: ")



def _git(args: Sequence[str], cwd: Path) -> bytes:
    """Run git (never through a shell). Raises DiffError when git cannot be run, GitFailed with
    its message when it refuses."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("--base compares with a git commit, and git is not installed (not "
                        "found on PATH)") from None
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").splitlines()
        raise GitFailed(args, [line.strip() for line in said if line.strip()])
    return done.stdout



def repository_root(path: Path) -> Path:
    """The top folder of the git repository holding `path` (a playbook file or folder).

    Raises DiffError when it is in none.
    """
    folder = path if path.is_dir() else path.parent
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder)
    except GitFailed as error:
        raise DiffError(f"--base compares with a git commit, and {path} is not in a git "
                        f"repository (git: {_plain(error.said)})") from None
    return Path(top.decode().strip()).resolve()



def resolve_commit(ref: str, root: Path) -> str:
    """The commit `ref` names in the repository at `root`. Raises DiffError when none.

    The message starts with `git rev-parse` for scripts that matched the earlier wording.
    """
    try:
        found = _git(["rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"], root)
    except GitFailed as error:
        said = [_plain(line) for line in error.lines if "Needed a single revision" not in line]
        why = f"; git: {said[-1]}" if said else ""
        raise DiffError(f"git rev-parse: --base {ref} is not a commit of the repository at "
                        f"{root} (a branch, tag or commit id; a shallow CI checkout needs it "
                        f"fetched first{why})") from None
    return found.decode().strip()



def export_at(ref: str, paths: Sequence[Path], into: Path,
              root: Path | None = None) -> tuple[list[Path], list[str]]:
    """The playbooks as they were at `ref`, written under `into` at their repository paths.

    A file is exported with every file of its folder (what its includes may reach); a folder
    with everything under it. Returns the exported counterparts of `paths` that existed at
    `ref`, and a note for each that did not. Raises DiffError for a bad ref or a path outside
    the repository (the one holding the first path, unless `root` is given).
    """
    root = root or repository_root(paths[0])
    commit = resolve_commit(ref, root)
    exported, notes = [], []
    for path in paths:
        absolute = path.resolve()
        if not absolute.is_relative_to(root):
            raise DiffError(f"{path} is outside the git repository {root}")
        relative = absolute.relative_to(root)
        folder = relative if path.is_dir() else relative.parent
        listing = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--",
                        folder.as_posix() or "."], root)
        for name in sorted(n for n in listing.decode("utf-8").split("\0") if n):
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(["cat-file", "blob", f"{commit}:{name}"], root))
        if (into / relative).exists():
            exported.append(into / relative)
        else:
            notes.append(f"{relative.as_posix()} does not exist at {ref}")
    return exported, notes
