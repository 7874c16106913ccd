"""`adoptplan test`: playbook unit tests in `.adopt-test` files, as promtool tests alert rules.

`parse` reads a test file into `model`, `fixture` turns its series into a history checked against
the playbook, `run` evaluates each test and compares, measuring rule coverage, and `report`
writes the outcome. `adoptplan.testing` offers the same steps to pytest-bdd.
"""

from __future__ import annotations

from adoptplan.playbook_tests.fixture import Fixture, fixture
from adoptplan.playbook_tests.run import TestRun, failures, run

__all__ = ["Fixture", "TestRun", "failures", "fixture", "run"]
