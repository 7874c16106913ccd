"""Scenarios of playbooks that cannot be read: a position, a caret, a hint, never a traceback."""

from pytest_bdd import scenarios

scenarios("syntax_errors.feature")
