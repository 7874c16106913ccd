"""Scenarios of `adoptplan evaluate`: a barrier per geography; small groups are never named."""

from pytest_bdd import scenarios

scenarios("evaluate_barrier_by_geography.feature")
