"""Scenarios of `adoptplan evaluate`: windows that end before the evaluated period."""

from pytest_bdd import scenarios

scenarios("evaluate_window_functions.feature")
