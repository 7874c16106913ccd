"""Scenarios written with the step library adoptplan ships for teams (adoptplan.testing)."""

from pytest_bdd import scenarios

from adoptplan.testing import *  # noqa: F403 - the steps, as a team's conftest.py loads them

scenarios("playbook_steps.feature")
