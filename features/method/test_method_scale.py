"""Method step as a comms lead reads it: scale."""

from pytest_bdd import scenarios

scenarios("method/scale.feature")
