"""Scenarios of writing a playbook that `adoptplan check` finds clean."""

from pytest_bdd import scenarios

scenarios("writing_a_playbook.feature")
