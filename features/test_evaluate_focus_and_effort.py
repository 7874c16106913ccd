"""Scenarios of `adoptplan evaluate`: promotion effort shared out by focus, equal effort called out."""

from pytest_bdd import scenarios

scenarios("evaluate_focus_and_effort.feature")
