"""Method step as a comms lead reads it: educate."""

from pytest_bdd import scenarios

scenarios("method/educate.feature")
