"""Scenarios of `adoptplan evaluate`: `for N periods` needs the condition in each of the last N."""

from pytest_bdd import scenarios

scenarios("evaluate_sustained_rule.feature")
