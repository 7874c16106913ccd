"""Scenarios of `adoptplan evaluate`: a missing value is never silently false."""

from pytest_bdd import scenarios

scenarios("evaluate_missing_data.feature")
