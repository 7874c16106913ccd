"""Every pipeline stage as a public function, so the CLI, tests and BDD steps can stop at any."""

from __future__ import annotations

from pathlib import Path

import attrs

from adoptplan.diagnostics import Diagnostic, sort_diagnostics
from adoptplan.load import Loaded, load, load_text


@attrs.frozen
class Checked:
    """A loaded playbook and every finding about it: syntax first, then semantics."""

    loaded: Loaded
    diagnostics: tuple[Diagnostic, ...]


def check_loaded(loaded: Loaded) -> Checked:
    """Semantic checks run only on a playbook that parsed, so one typo does not cascade."""
    from adoptplan.check import check

    found = list(loaded.diagnostics)
    if not any(d.severity == "error" for d in found):
        found.extend(check(loaded.playbook))
    return Checked(loaded, tuple(sort_diagnostics(found)))


def check_paths(paths: list[Path]) -> Checked:
    """Load and check playbooks. Raises FileNotFoundError for a path that does not exist."""
    return check_loaded(load(paths))


def check_text(text: str, path: str = "playbook.adopt") -> Checked:
    return check_loaded(load_text(text, path))
