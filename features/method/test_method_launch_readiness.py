"""Method step as a comms lead reads it: launch readiness."""

from pytest_bdd import scenarios

scenarios("method/launch_readiness.feature")
