"""Scenarios of `adoptplan evaluate`: each segment's progress toward the critical-mass target."""

from pytest_bdd import scenarios

scenarios("evaluate_critical_mass.feature")
