"""Scenarios of `adoptplan evaluate --fail-on`: exit 1 at or above the level, 2 on bad input."""

from pytest_bdd import scenarios

scenarios("evaluate_fail_on.feature")
