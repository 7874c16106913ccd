"""The wheels installing adoptplan needs, downloaded once into a folder (`make test` does it).

adoptplan's dependencies, its build backend (pip builds the sdist, pre-commit a hook's repo)
and setuptools (pre-commit's hook environment for `repo: local`). With them,
tests/integration/test_install.py installs the built wheel with `pip --no-index`: no network.
The folder records which pyproject.toml it was made for and is made again when that changes.

    python tests/integration/wheelhouse.py .venv/wheelhouse
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
PYPROJECT = REPOSITORY / "pyproject.toml"
PRE_COMMIT_SETUPTOOLS = "setuptools==80.9.0"
"""What pip builds pre-commit's `repo: local` placeholder package with."""


def requirements() -> list[str]:
    """Everything the offline install and pre-commit's hook environment fetch from an index."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return [*project["project"]["dependencies"], *project["build-system"]["requires"],
            PRE_COMMIT_SETUPTOOLS]


def ensure(folder: Path) -> Path:
    """Download the wheels into `folder` unless it already holds them for this pyproject.toml."""
    stamp = folder / ".made-for"
    wanted = hashlib.sha256("\n".join(requirements()).encode()).hexdigest()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(folder),
                    *requirements()], check=True)
    stamp.write_text(wanted, encoding="utf-8")
    return folder


if __name__ == "__main__":
    ensure(Path(sys.argv[1]))
