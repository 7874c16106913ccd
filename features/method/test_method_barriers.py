"""Method step as a comms lead reads it: barriers."""

from pytest_bdd import scenarios

scenarios("method/barriers.feature")
