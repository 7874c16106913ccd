"""Hover: a segment's title, members and collaboration; a metric's unit and definition; a
param's value and where it is overridden; an include's file; a diagnostic code's explanation."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from lsp_helpers import HEADER, open_document, position_of
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio


async def hover(client: LanguageClient, path: Path, text: str, needle: str, offset: int = 1,
                occurrence: int = 0) -> str | None:
    found = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(path.as_uri()), position_of(text, needle, offset,
                                                                 occurrence)))
    return found.contents.value if found else None


@pytest_asyncio.fixture
async def bundled(client: LanguageClient, workspace: Path) -> tuple[Path, str]:
    path = workspace / "customer-service.adopt"
    await open_document(client, path)
    return path, path.read_text(encoding="utf-8")


async def test_a_segment_used_in_a_rule_shows_title_members_and_collaboration(client, bundled):
    path, text = bundled
    shown = await hover(client, path, text, "in       team_leads", offset=12)
    assert shown == (
        "**segment `team_leads`** — Customer service team leads\n\nmembers: 95\n\n"
        "collaboration: high\n\nlikelihood: medium\n\nby geography\n\n"
        "declared at `line 37`")


async def test_a_metric_of_an_included_file_shows_unit_and_definition(client, bundled):
    path, text = bundled
    shown = await hover(client, path, text, "average(answer_hours", offset=10)
    assert shown.startswith("**metric `answer_hours`** — Median time to the first answer\n\n"
                            "unit: hours\n\nread from the metrics snapshots\n\ndeclared at ")
    assert shown.endswith("shared/support-desk-metrics.adopt:12`")


async def test_a_derived_metric_shows_its_formula(client, workspace):
    path = workspace / "shared" / "support-desk-metrics.adopt"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path)
    shown = await hover(client, path, text, "metric answer_rate", offset=8)
    assert shown == ("**metric `answer_rate`** — Share of questions answered\n\nunit: percent\n\n"
                     "derived: `questions_answered / questions`\n\ndeclared at `line 22`")


async def test_a_standard_metric_and_a_function_come_from_the_catalogue(client, bundled):
    path, text = bundled
    assert await hover(client, path, text, "files_shared < 20") == (
        "**standard metric `files_shared`** (count)\n\nfiles shared")
    assert (await hover(client, path, text, "baseline(")).startswith(
        "**`baseline(metric)`**\n\nthe last value before the launch")


async def test_a_param_shows_its_value_and_where_an_include_overrides_it(client, workspace):
    path = workspace / "with-pilot.adopt"
    text = (HEADER + "include method.pilot {\n  pilot_floor = 30%\n}\n")
    await open_document(client, path, text)
    shown = await hover(client, path, text, "pilot_floor = ")
    assert shown.startswith("**param `pilot_floor`** (percent) = `50%`\n\n")
    assert "overridden to `30%` at `line 6`\n\n" in shown
    assert shown.endswith("declared at `method.pilot:17`")


async def test_an_include_shows_its_file_and_what_it_declares(client, bundled):
    path, text = bundled
    shown = await hover(client, path, text, 'include "shared')
    assert shown.startswith("**include** `shared/support-desk-metrics.adopt`\n\nfile: `/")
    assert ("/playbooks/shared/support-desk-metrics.adopt`\n\n"
            "declares 6: metric `questions`") in shown


async def test_a_diagnostic_code_shows_its_explanation(client, workspace):
    path = workspace / "broken.adopt"
    text = (HEADER + "segment reps {\n  membres 10\n}\n# AP212 is waived here\n")
    await open_document(client, path, text)
    on_error = await hover(client, path, text, "membres")
    assert on_error.startswith("AP103 (error): unexpected word or symbol\n\nThe parser expected")
    in_comment = await hover(client, path, text, "AP212")
    assert in_comment.startswith("AP212 (warning): ")


async def test_nothing_to_say_on_a_blank_line(client, bundled):
    path, text = bundled
    assert await hover(client, path, text, "\n\n", offset=1) is None
