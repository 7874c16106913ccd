"""Go to definition and find references across files and into the library; the outline; rename
of a declared name across the playbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsp_helpers import HEADER, open_document, position_of
from lsprotocol import types

from adoptplan.load import library_root

pytestmark = pytest.mark.asyncio



def at(path: Path, text: str, needle: str, offset: int = 1) -> dict:
    return {"text_document": types.TextDocumentIdentifier(path.as_uri()),
            "position": position_of(text, needle, offset)}


async def test_definition_of_a_metric_in_an_included_file(client, workspace):
    path = workspace / "customer-service.adopt"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path)
    found = await client.text_document_definition_async(
        types.DefinitionParams(**at(path, text, "average(answer_hours", 9)))
    shared = workspace / "shared" / "support-desk-metrics.adopt"
    assert [(f.uri, f.range.start) for f in found] == [
        (shared.as_uri(), position_of(shared.read_text(encoding="utf-8"), "answer_hours"))]


async def test_definition_into_the_library_and_of_an_include(client, workspace):
    path = workspace / "with-pilot.adopt"
    text = HEADER + "include method.pilot {\n  pilot_floor = 30%\n}\n"
    await open_document(client, path, text)
    library = (library_root() / "method" / "pilot.adopt").resolve()
    param = await client.text_document_definition_async(
        types.DefinitionParams(**at(path, text, "pilot_floor")))
    assert [(f.uri, f.range.start.line) for f in param] == [(library.as_uri(), 16)]
    include = await client.text_document_definition_async(
        types.DefinitionParams(**at(path, text, "include method")))
    assert [(f.uri, f.range.start.line) for f in include] == [(library.as_uri(), 0)]


async def test_references_across_files(client, workspace):
    shared = workspace / "shared" / "support-desk-metrics.adopt"
    text = shared.read_text(encoding="utf-8")
    await open_document(client, shared)
    found = await client.text_document_references_async(types.ReferenceParams(
        context=types.ReferenceContext(include_declaration=True),
        **at(shared, text, "metric escalations", 8)))
    main = workspace / "customer-service.adopt"
    assert sorted((Path(f.uri.removeprefix("file://")).name, f.range.start.line + 1)
                  for f in found) == [("customer-service.adopt", 154),
                                      ("support-desk-metrics.adopt", 16),
                                      ("support-desk-metrics.adopt", 29),
                                      ("support-desk-metrics.adopt", 29)]
    assert any(f.uri == main.as_uri() for f in found)


async def test_the_outline_lists_every_declaration(client, workspace):
    path = workspace / "customer-service.adopt"
    await open_document(client, path)
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        types.TextDocumentIdentifier(path.as_uri())))
    names = [s.name for s in found]
    assert names[:4] == ["include shared/support-desk-metrics.adopt", "playbook", "active_floor",
                         "pilot_length"]
    assert "reps" in names and "lurkers" in names and len(names) == 33
    reps = found[names.index("reps")]
    assert (reps.kind, reps.detail) == (types.SymbolKind.Class, "segment Customer service reps")
    assert reps.selection_range.start == types.Position(26, 8)


async def test_rename_a_segment_everywhere_it_is_used(client, workspace):
    path = workspace / "customer-service.adopt"
    text = path.read_text(encoding="utf-8")
    await open_document(client, path)
    edit = await client.text_document_rename_async(types.RenameParams(
        new_name="agents", **at(path, text, "segment reps", 9)))
    edits = edit.changes[path.as_uri()]
    assert {e.new_text for e in edits} == {"agents"}
    lines = text.split("\n")
    code = [re.sub(r'"[^"]*"|#.*', "", line) for line in lines]  # not in texts or comments
    # its rules, barriers, priorities, waivers and the intervention's `for`
    assert len(edits) == sum(len(re.findall(r"\breps\b", line)) for line in code) == 9
    for e in edits:
        assert lines[e.range.start.line][e.range.start.character:e.range.end.character] == "reps"


async def test_rename_refuses_a_keyword_and_a_library_name(client, workspace):
    path = workspace / "with-pilot.adopt"
    text = HEADER + "include method.pilot {\n  pilot_floor = 30%\n}\n"
    await open_document(client, path, text)
    with pytest.raises(Exception, match="method library"):
        await client.text_document_rename_async(types.RenameParams(
            new_name="floor", **at(path, text, "pilot_floor")))
    main = workspace / "customer-service.adopt"
    main_text = main.read_text(encoding="utf-8")
    await open_document(client, main)
    with pytest.raises(Exception, match="cannot be a name"):
        await client.text_document_rename_async(types.RenameParams(
            new_name="segment", **at(main, main_text, "segment reps", 9)))
