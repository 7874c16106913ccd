"""Opening documents and waiting for what the server publishes about them."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient


async def open_document(client: LanguageClient, path: Path, text: str | None = None
                        ) -> list[types.Diagnostic]:
    """Open a file (its text on disk unless given) and return the diagnostics published."""
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=path.as_uri(), language_id="adopt", version=1, text=text)))
    return await published(client, path.as_uri())


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri:
            return list(params.diagnostics)


async def change(client: LanguageClient, path: Path, text: str, version: int
                 ) -> list[types.Diagnostic]:
    """Replace the whole document; the diagnostics of the new text."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))
    return await published(client, path.as_uri())


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """Where the `occurrence`-th `needle` starts (plus `offset` characters), in an ASCII text."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


HEADER = 'playbook "P" {\n  cadence weekly\n  launch  2026-W40\n}\n'
"""The smallest valid playbook header, for texts written in the tests."""
