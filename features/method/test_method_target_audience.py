"""Method step 1 as a comms lead reads it: focus on the target audience."""

from pytest_bdd import scenarios

scenarios("method/target_audience.feature")
