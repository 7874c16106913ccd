"""Scenarios of writing playbook tests and running them with `adoptplan test`."""

from pytest_bdd import scenarios

scenarios("testing_a_playbook.feature")

