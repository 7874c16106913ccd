"""Scenarios of a pull request that tries to read CI's secrets or hang its job."""

import os

from pytest_bdd import given, parsers, scenarios, then

scenarios("hostile_pull_request.feature")

SECRET = "secret_token=7f3a9c1e"


@given(parsers.parse('"{name}" links to a secret outside the repository'))
def a_link_to_a_secret(tmp_path_factory, tmp_path, name):
    secret = tmp_path_factory.mktemp("ci") / "credentials"
    secret.write_text(SECRET + "\n")
    (tmp_path / name).symlink_to(secret)


@given(parsers.parse('"{name}" is a named pipe'))
def a_named_pipe(tmp_path, name):
    os.mkfifo(tmp_path / name)


@then("the secret is not shown")
def the_secret_is_not_shown(workspace):
    assert SECRET not in workspace["result"].output
    assert "credentials" not in workspace["result"].output
