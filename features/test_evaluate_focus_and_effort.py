"""Scenarios of `adoptplan evaluate`: effort shared out by focus, equal effort called out."""

from pytest_bdd import scenarios

scenarios("evaluate_focus_and_effort.feature")
