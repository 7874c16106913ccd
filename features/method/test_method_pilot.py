"""Method step as a comms lead reads it: pilot."""

from pytest_bdd import scenarios

scenarios("method/pilot.feature")
