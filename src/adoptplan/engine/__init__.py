"""The engine: playbook + metric history -> prioritized actions and barrier alerts."""

from adoptplan.engine.errors import EvaluationError
from adoptplan.engine.evaluate import evaluate

__all__ = ["EvaluationError", "evaluate"]
