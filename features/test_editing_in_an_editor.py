"""Scenarios of `adoptplan lsp` as an editor uses it: the real server over stdio, driven by
pygls's client on one event loop that lives as long as the scenario."""

from __future__ import annotations

import asyncio
import sys

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pytest_bdd import parsers, scenarios, then, when

scenarios("editing_in_an_editor.feature")


class Editor:
    """One open document in a real `adoptplan lsp`, as an editor keeps it."""

    def __init__(self, folder) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("editor", "1")
        self.published: asyncio.Queue = asyncio.Queue()
        self.uri, self.text, self.version = "", "", 0
        self.diagnostics: list[types.Diagnostic] = []
        self.hover = ""

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        self.run(self._start(folder))

    def run(self, coroutine):
        return self.loop.run_until_complete(asyncio.wait_for(coroutine, 60))

    async def _start(self, folder) -> None:
        await self.client.start_io(sys.executable, "-m", "adoptplan", "lsp", cwd=folder)
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=folder.as_uri()))
        self.client.initialized(types.InitializedParams())

    async def _diagnostics(self) -> None:
        while True:
            params = await self.published.get()
            if params.uri == self.uri and params.version == self.version:
                self.diagnostics = list(params.diagnostics)
                return

    def open(self, path) -> None:
        self.uri, self.text, self.version = path.as_uri(), path.read_text(encoding="utf-8"), 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=self.uri, language_id="adopt", version=1, text=self.text)))
        self.run(self._diagnostics())

    def change(self, text: str) -> None:
        self.text, self.version = text, self.version + 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
        self.run(self._diagnostics())

    def close(self) -> None:
        async def stop() -> None:
            await self.client.shutdown_async(None)
            self.client.exit(None)
            await self.client.stop()
        self.run(stop())
        self.loop.close()


@pytest.fixture
def editor(tmp_path):
    opened = Editor(tmp_path)
    yield opened
    opened.close()


@when(parsers.parse('I open "{name}" in the editor'))
def i_open(editor, tmp_path, name):
    editor.open(tmp_path / name)


@when("I apply the quick fix")
def i_apply_the_quick_fix(editor):
    actions = editor.run(editor.client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(editor.uri), editor.diagnostics[0].range,
        types.CodeActionContext(diagnostics=editor.diagnostics))))
    (edit,) = actions[0].edit.changes[editor.uri]  # on one line of ASCII text here
    lines = editor.text.split("\n")
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = (line[:edit.range.start.character] + edit.new_text
                                    + line[edit.range.end.character:])
    editor.change("\n".join(lines))


@when(parsers.parse('I hover over "{word}" on line {line:d}'))
def i_hover(editor, word, line):
    column = editor.text.split("\n")[line - 1].index(word)
    found = editor.run(editor.client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(editor.uri), types.Position(line - 1, column + 1))))
    editor.hover = found.contents.value if found else ""


@then(parsers.parse('the editor underlines line {line:d} column {column:d} with code {code:w} '
                    'and the hint "{hint}"'))
def the_editor_underlines(editor, line, column, code, hint):
    assert [(d.range.start.line + 1, d.range.start.character + 1, d.code)
            for d in editor.diagnostics] == [(line, column, code)]
    assert editor.diagnostics[0].message.endswith(f"\nhint: {hint}")


@then("the editor shows no errors")
def no_errors(editor):
    assert [d for d in editor.diagnostics if d.severity == types.DiagnosticSeverity.Error] == []


@then(parsers.parse('the editor shows "{text}"'))
def the_editor_shows(editor, text):
    assert text in editor.hover.split("\n\n")
