"""`adoptplan diff`: what a pull request changes in the action list, and why.

`compare` classifies findings between two evaluations, `git` reads a base commit, `base` runs
the evaluations a comparison needs, and `render` writes it for a terminal, a pull request or a
program.
"""

from __future__ import annotations

from adoptplan.diff.base import EXIT_CHANGES, diff_base, diff_results, write_output
from adoptplan.diff.compare import Diff, DiffError

__all__ = ["EXIT_CHANGES", "Diff", "DiffError", "diff_base", "diff_results", "write_output"]
