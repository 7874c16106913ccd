"""Scenarios of a run that read nothing: warned about, and failed with --fail-on-not-evaluated."""

from pytest_bdd import parsers, scenarios, then

scenarios("evaluate_nothing_evaluated.feature")


@then(parsers.parse('the output does not contain "{text}"'))
def the_output_does_not_contain(workspace, text):
    assert text not in workspace["result"].output, workspace["result"].output
