"""Diagnostics as you type: every finding of `check`, with its code, hint and exact position."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import HEADER, change, open_document, published
from lsprotocol import types
from pytest_lsp import LanguageClient

from adoptplan.api import check_paths

pytestmark = pytest.mark.asyncio



async def test_the_bundled_playbook_gets_what_check_finds(client: LanguageClient,
                                                          workspace: Path):
    path = workspace / "customer-service.adopt"
    found = await open_document(client, path)
    expected = [d for d in check_paths([path]).diagnostics if Path(d.span.path).name == path.name]
    assert expected, "the bundled playbook has warnings to compare"
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in found] == [
        (d.code, d.span.line, d.span.column) for d in expected]


async def test_an_included_file_is_checked_as_part_of_the_playbook_that_includes_it(
        client: LanguageClient, workspace: Path):
    # alone it would have no header (AP215) and unused metrics (AP212): its includer uses them
    assert await open_document(client, workspace / "shared" / "support-desk-metrics.adopt") == []


async def test_a_misspelt_clause_gives_its_code_hint_and_range(client: LanguageClient,
                                                               workspace: Path):
    path = workspace / "broken.adopt"
    found = await open_document(client, path, HEADER + "segment reps {\n  membres 10\n}\n")
    assert [(d.code, d.severity, d.source) for d in found] == [
        ("AP103", types.DiagnosticSeverity.Error, "adoptplan")]
    assert found[0].message == "unexpected 'membres'\nhint: did you mean 'members'?"
    assert found[0].range == types.Range(types.Position(5, 2), types.Position(5, 9))


async def test_a_semantic_error_and_a_warning_as_the_check_gives_them(client: LanguageClient,
                                                                      workspace: Path):
    text = (HEADER + 'segment reps "Reps" {\n  members 10\n}\n'
            'rule r "R" {\n  when active_membres < 40%\n  in reps\n'
            '  do educate "Workshop"\n  priority hihg\n}\n')
    found = await open_document(client, workspace / "broken.adopt", text)
    assert [(d.code, d.severity, d.range.start) for d in found] == [
        ("AP501", types.DiagnosticSeverity.Warning, types.Position(4, 8)),
        ("AP205", types.DiagnosticSeverity.Error, types.Position(8, 7)),
        ("AP208", types.DiagnosticSeverity.Error, types.Position(11, 11)),
    ]
    assert found[1].message == ("there is no metric 'active_membres'\n"
                                "hint: did you mean 'active_members'?")


async def test_positions_count_utf16_units_after_accents_and_emoji(client: LanguageClient,
                                                                   workspace: Path):
    # "Équipe 🚀" is 8 characters but 9 UTF-16 units: the emoji is a surrogate pair
    text = HEADER + 'segment reps "Équipe 🚀" { members 10 }\n'
    found = await open_document(client, workspace / "emoji.adopt", text)
    assert len(found) == 1
    line = text.split("\n")[4]
    where = line.index("members")  # unexpected: a clause must start on its own line
    assert found[0].range == types.Range(types.Position(4, where + 1),  # one unit more
                                         types.Position(4, where + 1 + len("members")))


async def test_diagnostics_follow_each_change(client: LanguageClient, workspace: Path):
    path = workspace / "editing.adopt"
    whole = HEADER + "segment reps {\n  members 10\n}\n"
    assert [d.code for d in await open_document(client, path, whole)] == ["AP501"]
    assert [d.code for d in await change(client, path, whole[:-2], 2)] == ["AP103"]
    assert [d.code for d in await change(client, path, whole, 3)] == ["AP501"]


async def test_a_binary_or_huge_file_gets_a_diagnostic_and_the_server_goes_on(
        client: LanguageClient, workspace: Path):
    binary = await open_document(client, workspace / "data.adopt", "PK\x03\x04\x00\x00 zip")
    assert [d.code for d in binary] == ["AP101"]
    huge = await open_document(client, workspace / "huge.adopt", "# x\n" * 600_000)
    assert [(d.code, d.severity) for d in huge] == [("AP114", types.DiagnosticSeverity.Warning)]
    assert await open_document(client, workspace / "shared" / "support-desk-metrics.adopt") == []


async def test_unsaved_text_of_an_included_file_is_what_the_includer_is_checked_with(
        client: LanguageClient, workspace: Path):
    shared = workspace / "shared" / "support-desk-metrics.adopt"
    text = shared.read_text(encoding="utf-8").replace("metric answer_hours", "metric answer_time")
    await open_document(client, shared, text)  # in the editor, not saved
    found = await open_document(client, workspace / "customer-service.adopt")
    assert [d.message.split("\n")[0] for d in found if d.code == "AP205"] == [
        "there is no metric 'answer_hours'"]


async def test_a_change_in_an_included_file_checks_the_open_includer_again(
        client: LanguageClient, workspace: Path):
    main = workspace / "customer-service.adopt"
    before = await open_document(client, main)
    shared = workspace / "shared" / "support-desk-metrics.adopt"
    text = shared.read_text(encoding="utf-8")
    await open_document(client, shared)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=shared.as_uri(), version=2),
        [types.TextDocumentContentChangeWholeDocument(
            text=text.replace("metric answer_hours", "metric answer_time"))]))
    after = await published(client, main.as_uri())
    assert [d.code for d in after if d.code not in {d.code for d in before}] == ["AP205"]
