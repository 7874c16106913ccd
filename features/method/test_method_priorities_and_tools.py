"""Method step as a comms lead reads it: priorities and tools."""

from pytest_bdd import scenarios

scenarios("method/priorities_and_tools.feature")
