"""Completion: keywords the grammar accepts at the cursor, declared names, metric names of the
configured metrics, levels and kinds, and library playbooks after `include method.`."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import HEADER, open_document, position_of
from lsprotocol import types
from pytest_lsp import LanguageClient

from adoptplan.load import library_names

pytestmark = pytest.mark.asyncio



async def labels(client: LanguageClient, path: Path, text: str, needle: str, offset: int
                 ) -> list[str]:
    found = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(path.as_uri()), position_of(text, needle, offset)))
    items = found.items if isinstance(found, types.CompletionList) else found
    return [item.label for item in items]


async def test_clause_keywords_inside_a_segment(client: LanguageClient, workspace: Path):
    path = workspace / "typing.adopt"
    text = HEADER + "segment reps {\n  members 10\n  \n}\n"
    await open_document(client, path, text)
    assert await labels(client, path, text, "  \n}", 2) == [
        "by", "collaboration", "effort", "likelihood", "managers", "match", "members"]


async def test_the_header_offers_its_privacy_floor(client: LanguageClient, workspace: Path):
    path = workspace / "typing.adopt"
    text = 'playbook "Rollout" {\n  cadence weekly\n  \n}\n'
    await open_document(client, path, text)
    assert await labels(client, path, text, "  \n}", 2) == [
        "cadence", "critical_mass", "effort", "forecast", "launch", "minimum", "platform"]


async def test_top_level_keywords_between_declarations(client: LanguageClient, workspace: Path):
    path = workspace / "typing.adopt"
    text = HEADER + "\nseg"
    await open_document(client, path, text)
    assert await labels(client, path, text, "seg", 3) == [
        "barrier", "include", "intervention", "metric", "param", "playbook", "priority", "rule",
        "segment", "tool", "waive"]


async def test_an_expression_offers_metrics_params_values_and_functions(client, workspace):
    path = workspace / "customer-service.adopt"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path)
    found = await labels(client, path, text, "when     active_members < active_floor", 9)
    assert found[0] == "not"  # the keyword the grammar accepts there
    # declared here and in the included file, then the standard metrics
    assert found[1:7] == ["questions", "questions_answered", "answer_hours", "escalations",
                          "answer_rate", "escalation_share"]
    assert {"active_floor", "pilot_length", "active_members", "critical_mass", "baseline",
            "peers"} <= set(found)


async def test_metric_names_of_the_configured_metrics_folder(client, workspace):
    path = workspace / "new.adopt"
    text = HEADER + 'rule r {\n  when \n}\n'
    await open_document(client, path, text)
    found = await labels(client, path, text, "when ", 5)
    # columns of examples/metrics that the playbook does not declare: given in initializationOptions
    assert "questions" in found and "escalations" in found


async def test_segments_tools_levels_and_kinds_by_clause(client, workspace):
    path = workspace / "customer-service.adopt"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path)
    assert await labels(client, path, text, "in       team_leads", 9) == [
        "all", "reps", "team_leads", "field_engineers", "back_office", "knowledge_editors"]
    assert await labels(client, path, text, "using    expert_qna", 9) == [
        "expert_qna", "product_communities", "field_photos"]
    assert await labels(client, path, text, "priority high", 9) == [
        "info", "low", "medium", "high", "critical"]
    assert await labels(client, path, text, "do       educate", 9) == [
        "focus", "build", "pilot", "educate", "remove_barrier", "sustain", "measure"]
    assert await labels(client, path, text, "collaboration high", 14) == ["low", "medium", "high"]


async def test_library_playbooks_after_include_method(client, workspace):
    path = workspace / "new.adopt"
    text = HEADER + "include method.\n"
    await open_document(client, path, text)
    found = await labels(client, path, text, "method.", 7)
    assert found == [name.removeprefix("method.") for name in library_names()]
    assert "pilot" in found and "barriers" in found



def intervention(line: str) -> str:
    """A playbook whose intervention block has `line` being written after its treated group."""
    return (HEADER + "segment reps {\n  by geography\n}\n\nsegment sales {\n}\n\n"
            "intervention champions_de {\n  for     reps by geography = DE\n"
            f"  {line}\n  from    2026-W41\n}}\n")


@pytest.mark.parametrize(("line", "expected"), [
    ("", ["compare", "expect", "for", "from", "kind", "measure", "to"]),
    ("kind    edu", ["focus", "build", "pilot", "educate", "remove_barrier", "sustain",
                     "measure"]),
    ("expect  inc", ["increase", "decrease"]),
    ("compare to re", ["reps", "sales"]),
])
async def test_intervention_clauses_and_their_values(client, workspace, line, expected):
    """Inside an `intervention` block: its clause keywords, then what each clause names (the
    word being typed is left for the editor to filter by)."""
    path = workspace / "interventions.adopt"
    text = intervention(line)
    await open_document(client, path, text)
    assert await labels(client, path, text, f"  {line}\n  from", 2 + len(line)) == expected


async def test_an_intervention_measures_a_metric(client, workspace):
    path = workspace / "interventions.adopt"
    text = intervention("measure act")
    await open_document(client, path, text)
    found = await labels(client, path, text, "measure act\n", 11)
    assert "active_members" in found and "questions" in found  # standard, in the metrics
    assert "baseline" not in found and "critical_mass" not in found  # metrics only

