"""A pytest-bdd step library: a team writes `.feature` scenarios about its own playbooks.

Load the steps in the `conftest.py` at the root of the repository:

    pytest_plugins = ["adoptplan.testing"]

(or `from adoptplan.testing import *` in a conftest.py or test module), then write scenarios:

    Scenario: Reps below the floor get a workshop
      Given the playbook "playbooks/customer-service.adopt"
      And the metrics from 2026-W44:
        | group             | metric         | values      |
        | reps/geography=DE | active_members | 50% 38% 35% |
      When I evaluate at 2026-W46
      Then I see the action reps_inactive/reps/geography=DE at level high
      And I see no other findings

Playbook paths are relative to the root of the pytest run. Values use the notation of
`.adopt-test` files (`40%`, `_`, `1200x3`, `40%-2x3`), and a failed step shows the same
expected-against-got diff and explain tree as `adoptplan test`.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from pytest_bdd import given, parsers, then, when

from adoptplan import playbook_tests as pt
from adoptplan.diagnostics import InputError
from adoptplan.model import NOWHERE, Span
from adoptplan.playbook_tests import model as t

SCENARIO_PATH = "<scenario>"


@attrs.define
class ScenarioState:
    """What the steps of one scenario gathered, and what evaluating gave."""

    root: Path
    playbooks: list[Path] = attrs.Factory(list)
    start: str = ""
    rows: list[tuple[str, str, str]] = attrs.Factory(list)  # group, metric, values as written
    params: list[tuple[str, str]] = attrs.Factory(list)
    fixture: pt.Fixture | None = None
    evaluation: object | None = None
    expected: list[t.Expectation] = attrs.Factory(list)

    def test_text(self, at: str | None) -> str:
        """The scenario's data as an `.adopt-test` test, parsed by the same grammar."""
        lines = [f"from {self.start}"] if self.start else []
        lines += [f'series "{group}" {metric} {values}' for group, metric, values in self.rows]
        lines += [f"param {name} = {value}" for name, value in self.params]
        lines += [f"at {at}"] if at else []
        return "test scenario {\n" + "".join(f"  {line}\n" for line in lines) + "}\n"


@pytest.fixture
def adoptplan_scenario(request) -> ScenarioState:
    return ScenarioState(Path(request.config.rootpath))


def _fail(diagnostics, sources) -> None:
    # start-up: loads report.diagnostics only when this runs
    from adoptplan.report.diagnostics import render_texts

    raise AssertionError("\n" + render_texts(list(diagnostics), sources, summary=False))


# ------------------------------------------------------------------------------------ Given


@given(parsers.parse('the playbook "{path}"'))
def given_the_playbook(adoptplan_scenario: ScenarioState, path: str) -> None:
    adoptplan_scenario.playbooks.append(adoptplan_scenario.root / path)


@given("the playbook:")
def given_the_playbook_text(adoptplan_scenario: ScenarioState, docstring: str,
                            tmp_path: Path) -> None:
    """A playbook written in the scenario itself."""
    path = tmp_path / f"scenario-{len(adoptplan_scenario.playbooks)}.adopt"
    path.write_text(docstring + "\n", encoding="utf-8")
    adoptplan_scenario.playbooks.append(path)


@given(parsers.parse("the metrics from {period}:"))
def given_the_metrics(adoptplan_scenario: ScenarioState, period: str, datatable) -> None:
    """A table with the columns group, metric and values; its first row names the columns."""
    header, *rows = datatable
    columns = [name.strip().lower() for name in header]
    if columns != ["group", "metric", "values"]:
        raise AssertionError(f"the metrics table needs the columns group | metric | values, "
                             f"got {' | '.join(header)}")
    adoptplan_scenario.start = period
    adoptplan_scenario.rows.extend((g.strip(), m.strip(), v.strip()) for g, m, v in rows)


@given(parsers.parse("the param {name} is {value}"))
def given_a_param(adoptplan_scenario: ScenarioState, name: str, value: str) -> None:
    adoptplan_scenario.params.append((name, value))


# ------------------------------------------------------------------------------------- When


def _evaluate(state: ScenarioState, at: str | None) -> None:
    # start-up: loads lark only when this runs
    from adoptplan.api import check_paths

    # start-up: loads engine only when this runs
    from adoptplan.engine import evaluate
    from adoptplan.playbook_tests.parse import parse_test_file

    if not state.playbooks:
        raise AssertionError('no playbook: start with Given the playbook "path"')
    checked = check_paths(state.playbooks)
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    if errors:
        _fail(errors, checked.loaded.sources)
    text = state.test_text(at)
    sources = {SCENARIO_PATH: text, **checked.loaded.sources}
    try:
        parsed, problems = parse_test_file(text, SCENARIO_PATH)
    except InputError as error:
        _fail(error.diagnostics, sources)
    fixture, found = pt.fixture(parsed.tests[0], checked.loaded.playbook)
    if problems or found:
        _fail([*problems, *found], sources)
    state.fixture = fixture
    state.evaluation = evaluate(fixture.playbook, fixture.history, fixture.at, fixture.overrides)


@when(parsers.parse("I evaluate at {period}"))
def when_i_evaluate_at(adoptplan_scenario: ScenarioState, period: str) -> None:
    _evaluate(adoptplan_scenario, period)


@when("I evaluate")
def when_i_evaluate(adoptplan_scenario: ScenarioState) -> None:
    """At the last period of the metrics."""
    _evaluate(adoptplan_scenario, None)


# ------------------------------------------------------------------------------------- Then


def _expect(state: ScenarioState, expectation: t.Expectation, others_allowed: bool = True
            ) -> None:
    """Fail with the same diff and explain tree as `adoptplan test` when it does not hold."""
    # start-up: loads iso3166, rich only when this runs
    from adoptplan.playbook_tests.report import render_failure

    if state.evaluation is None:
        raise AssertionError("nothing evaluated yet: add When I evaluate")
    state.expected.append(expectation)
    found = pt.failures(state.fixture, [expectation], state.evaluation, others_allowed, NOWHERE)
    if found:
        raise AssertionError("\n" + "\n\n".join(render_failure(f) for f in found))


def _expectation(what: str, finding_id: str, level: str = "", message: str | None = None
                 ) -> t.Expectation:
    return t.Expectation(what, finding_id, level, message, span=Span(SCENARIO_PATH, 0, 0, 0, 0))


@then(parsers.parse("I see the action {id} at level {level}"))
def then_the_action(adoptplan_scenario: ScenarioState, id: str, level: str) -> None:
    _expect(adoptplan_scenario, _expectation(t.ACTION, id, level))


@then(parsers.parse("I see the alert {id} at level {level}"))
def then_the_alert(adoptplan_scenario: ScenarioState, id: str, level: str) -> None:
    _expect(adoptplan_scenario, _expectation(t.ALERT, id, level))


@then(parsers.parse('the message of {id} is "{message}"'))
def then_the_message(adoptplan_scenario: ScenarioState, id: str, message: str) -> None:
    found = {f.id: f for f in adoptplan_scenario.evaluation.findings}.get(id)
    what = t.ALERT if found is not None and found.is_alert else t.ACTION
    level = found.level if found is not None else "info"
    _expect(adoptplan_scenario, _expectation(what, id, level, message))


@then(parsers.parse("{id} is not evaluated"))
def then_not_evaluated(adoptplan_scenario: ScenarioState, id: str) -> None:
    _expect(adoptplan_scenario, _expectation(t.NOT_EVALUATED, id))


@then(parsers.parse("I do not see {id}"))
def then_not_seen(adoptplan_scenario: ScenarioState, id: str) -> None:
    _expect(adoptplan_scenario, _expectation(t.ABSENT, id))


@then("I see no other findings")
def then_no_others(adoptplan_scenario: ScenarioState) -> None:
    """Every finding of a rule or barrier was named by a step before this one."""
    # start-up: loads iso3166, rich only when this runs
    from adoptplan.playbook_tests.report import render_failure

    state = adoptplan_scenario
    named = [e for e in state.expected if e.what in (t.ACTION, t.ALERT)]
    found = [f for f in pt.failures(state.fixture, named, state.evaluation, False, NOWHERE)
             if f.summary.startswith("unexpected")]
    if found:
        raise AssertionError("\n" + "\n\n".join(render_failure(f) for f in found))


__all__ = ["ScenarioState", "adoptplan_scenario",
           *sorted(name for name in globals() if name.startswith("pytestbdd_"))]
"""What `from adoptplan.testing import *` brings: the state, its fixture and every step."""
