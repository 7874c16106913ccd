"""Scenarios written with the step library adoptplan ships for teams (adoptplan.testing)."""

from pytest_bdd import scenarios

from adoptplan.testing import *

scenarios("playbook_steps.feature")
