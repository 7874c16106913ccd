"""Why the engine stops: a question it cannot answer, an expression it cannot run."""

from __future__ import annotations


class EvaluationError(Exception):
    """The question cannot be answered: no data at all, or a period the history does not hold."""


class CompileError(Exception):
    """An expression the engine cannot run (the checks report these before evaluation)."""
