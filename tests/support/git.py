"""git for tests: a repository with a fixed author and no signing, whatever the machine's setup."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Comms", "-c", "user.email=comms@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, check=True,
                   capture_output=True)
