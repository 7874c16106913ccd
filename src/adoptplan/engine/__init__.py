"""The engine: playbook + metric history -> prioritized actions and barrier alerts."""

from adoptplan.engine.evaluate import EvaluationError, evaluate

__all__ = ["EvaluationError", "evaluate"]
