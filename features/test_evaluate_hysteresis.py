"""Scenarios of `adoptplan evaluate --previous` and `explain --previous`: alerts that do not flap."""

from pytest_bdd import scenarios

scenarios("evaluate_hysteresis.feature")
