"""Method step as a comms lead reads it: sustain."""

from pytest_bdd import scenarios

scenarios("method/sustain.feature")
