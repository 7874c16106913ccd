"""The main job out of the box: the bundled playbook and its sample history show every concept."""

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan.cli import cli
from adoptplan.engine.explain import explain
from adoptplan.model import ACTION_KINDS
from adoptplan.report.explain import render_explanation
from adoptplan.report.json_report import schema
from adoptplan.report.render import render

ROOT = Path(__file__).resolve().parents[3]
METRICS = ROOT / "examples" / "metrics"


@pytest.fixture(scope="module")
def bundled():
    """The bundled playbook evaluated on the sample history, as `make evaluate` does."""
    prepared = api.prepare([ROOT / "playbooks"], [METRICS])
    return prepared, api.evaluate_prepared(prepared)


def _generator():
    spec = importlib.util.spec_from_file_location("generate_metrics",
                                                  ROOT / "examples" / "generate_metrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_sample_history_is_what_the_generator_writes():
    generated = _generator().generate()
    committed = {p.name: p.read_text(encoding="utf-8") for p in METRICS.iterdir()}
    assert sorted(committed) == sorted(generated)
    for name, text in generated.items():
        assert committed[name] == text, f"{name} differs: rerun examples/generate_metrics.py"


def test_the_sample_history_covers_twelve_weeks_four_segments_and_five_geographies(bundled):
    prepared, _ = bundled
    history = prepared.history
    geographies = {v for g in history.groups for n, v in g.dimensions if n == "geography"}
    assert len(history.periods) == 12
    assert len({g.segment for g in history.groups}) >= 4
    assert len(geographies) >= 5
    assert prepared.warnings == ()


def test_the_bundled_playbooks_check_clean():
    result = CliRunner().invoke(cli, ["check", str(ROOT / "playbooks")])
    assert result.exit_code == 0, result.output


def test_every_action_kind_appears(bundled):
    _, evaluation = bundled
    assert sorted({f.kind for f in evaluation.findings}) == sorted(ACTION_KINDS)


def test_every_barrier_alerts_and_every_concept_shows(bundled):
    prepared, evaluation = bundled
    barriers = {b.name.text for b in prepared.checked.loaded.playbook.barriers}
    assert {f.rule for f in evaluation.alerts} == barriers
    assert evaluation.not_evaluated and evaluation.suppressed
    assert any(f.id.startswith("capability-gap/") for f in evaluation.findings)
    assert [p.segment for p in evaluation.critical_mass if p.reached] == ["knowledge_editors"]


def test_the_json_result_follows_the_shipped_schema(bundled):
    _, evaluation = bundled
    jsonschema.Draft202012Validator(schema()).validate(json.loads(render(evaluation, "json")))


def test_explain_works_on_every_id_the_evaluation_printed(bundled):
    prepared, evaluation = bundled
    printed = json.loads(render(evaluation, "json"))
    ids = [f["id"] for f in printed["findings"]] + [n["id"] for n in printed["not_evaluated"]]
    assert len(ids) == len(evaluation.findings) + len(evaluation.not_evaluated)
    playbook = prepared.checked.loaded.playbook
    for finding in evaluation.findings:
        explanation = explain(playbook, prepared.history, finding.id)
        assert explanation.outcome == "fired", finding.id
        assert render_explanation(explanation, why_not=True).startswith(f"{finding.id}: fired\n")
    for unknown in evaluation.not_evaluated:
        assert explain(playbook, prepared.history, unknown.id).outcome == "not-evaluated"
