"""Scenarios of starting a playbook repository with `adoptplan init`."""

from pytest_bdd import scenarios

scenarios("starting_a_repository.feature")
