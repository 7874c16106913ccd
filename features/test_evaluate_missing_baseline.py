"""Scenarios of `adoptplan evaluate`: no snapshot before the launch asks for a measurement."""

from pytest_bdd import scenarios

scenarios("evaluate_missing_baseline.feature")
