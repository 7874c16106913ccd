"""Scenarios of `adoptplan evaluate`: a priority no tool serves, a capability the platform lacks."""

from pytest_bdd import scenarios

scenarios("evaluate_capability_gap.feature")
