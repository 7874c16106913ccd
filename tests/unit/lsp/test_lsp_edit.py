"""Formatting through `fmt`, and code actions that apply the did-you-mean hints."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import HEADER, open_document
from lsprotocol import types
from pytest_lsp import LanguageClient

from adoptplan.fmt import format_text

pytestmark = pytest.mark.asyncio



def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits given in UTF-16 units to a text (each on one line, or the whole text)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        head = "\n".join(lines[:start.line] + [_cut(lines[start.line], start.character)])
        tail_line = lines[end.line] if end.line < len(lines) else ""
        tail = _rest(tail_line, end.character) + "".join(
            "\n" + line for line in lines[end.line + 1:])
        lines = (head + edit.new_text + tail).split("\n")
    return "\n".join(lines)


def _cut(line: str, units: int) -> str:
    encoded = line.encode("utf-16-le")
    return encoded[: units * 2].decode("utf-16-le")


def _rest(line: str, units: int) -> str:
    encoded = line.encode("utf-16-le")
    return encoded[units * 2:].decode("utf-16-le")


async def test_formatting_gives_what_fmt_writes(client: LanguageClient, workspace: Path):
    path = workspace / "messy.adopt"
    text = HEADER + 'segment   reps "Équipe 🚀"   {\n members 10\n     collaboration   high\n}\n'
    await open_document(client, path, text)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        types.TextDocumentIdentifier(path.as_uri()),
        types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert apply(text, edits) == format_text(text).after
    assert 'segment reps "Équipe 🚀" {\n  members       10\n' in apply(text, edits)


async def test_formatting_leaves_a_file_that_does_not_parse(client, workspace):
    path = workspace / "broken.adopt"
    await open_document(client, path, HEADER + "segment reps {\n")
    assert not await client.text_document_formatting_async(types.DocumentFormattingParams(
        types.TextDocumentIdentifier(path.as_uri()),
        types.FormattingOptions(tab_size=2, insert_spaces=True)))


async def test_a_quick_fix_applies_each_did_you_mean(client: LanguageClient, workspace: Path):
    path = workspace / "typos.adopt"
    text = (HEADER + 'segment reps "Réps 🚀" {\n  members 10\n}\n'
            'rule r "R" {\n  when active_membres < 40%\n  in reps\n'
            '  do educate "Workshop"\n  priority hihg\n}\n')
    found = await open_document(client, path, text)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(path.as_uri()),
        types.Range(types.Position(0, 0), types.Position(14, 0)),
        types.CodeActionContext(diagnostics=found)))
    assert [a.title for a in actions] == ["Change to 'active_members'", "Change to 'high'"]
    fixed = text
    for action in reversed(actions):
        fixed = apply(fixed, action.edit.changes[path.as_uri()])
    assert "when active_members < 40%" in fixed and "priority high" in fixed
    assert [d.code for d in await open_document(client, workspace / "fixed.adopt", fixed)] == [
        "AP501"]


async def test_a_quick_fix_for_a_misspelt_library_playbook(client, workspace):
    path = workspace / "library.adopt"
    text = HEADER + "include method.pilto\n"
    found = await open_document(client, path, text)
    assert [d.code for d in found] == ["AP110"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(path.as_uri()), found[0].range,
        types.CodeActionContext(diagnostics=found)))
    assert apply(text, actions[0].edit.changes[path.as_uri()]).endswith(
        "include method.pilot\n")
