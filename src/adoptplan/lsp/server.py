"""The language server: LSP requests in, the feature modules' answers out. pygls does the
protocol (framing, UTF-16 negotiation, incremental document sync); no logic lives here."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from adoptplan import __version__
from adoptplan.diagnostics import Diagnostic
from adoptplan.lsp import actions, complete, hover, navigate
from adoptplan.lsp.analysis import Analysis, analyse
from adoptplan.lsp.documents import from_position, lines_of, to_range

_KINDS = {
    "keyword": types.CompletionItemKind.Keyword,
    "segment": types.CompletionItemKind.Module,
    "metric": types.CompletionItemKind.Variable,
    "param": types.CompletionItemKind.Constant,
    "value": types.CompletionItemKind.Constant,
    "function": types.CompletionItemKind.Function,
    "tool": types.CompletionItemKind.Interface,
    "priority": types.CompletionItemKind.Event,
    "rule": types.CompletionItemKind.Method,
    "barrier": types.CompletionItemKind.Event,
    "library": types.CompletionItemKind.File,
    "dimension": types.CompletionItemKind.Property,
}
"""Completion kinds by what the candidate is; levels, kinds, ratings and units are enum members."""
ENUM = types.CompletionItemKind.EnumMember


class PlaybookServer(LanguageServer):
    """Keeps the last analysis of each open document, and the metric names configured."""

    def __init__(self) -> None:
        super().__init__("adoptplan", __version__)
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.metrics_folder: Path | None = None

    @functools.cached_property
    def known_metrics(self) -> frozenset[str]:
        """The metric names of the configured metrics folder (none when not configured)."""
        if self.metrics_folder is None:
            return frozenset()
        # start-up: loads metrics only when this runs
        from adoptplan.metrics import load_metrics

        try:
            return frozenset(load_metrics([self.metrics_folder], {}, []).history.metrics())
        except OSError as error:  # FileNotFoundError too: a folder that is not there
            self.window_log_message(types.LogMessageParams(
                types.MessageType.Warning,
                f"cannot read the metrics {self.metrics_folder}: {error}"))
            return frozenset()

    def roots(self) -> list[Path]:
        folders = self.workspace.folders.values()
        return [Path(to_fs_path(f.uri)) for f in folders] or (
            [Path(to_fs_path(self.workspace.root_uri))] if self.workspace.root_uri else [])

    def sharing(self, uri: str) -> list[str]:
        """The other open documents whose last check read this one (an includer, or a file the
        same playbook includes): their diagnostics may change with it, so they are checked
        again."""
        changed = Path(self.workspace.get_text_document(uri).path).resolve()
        others = [other for other, (_, analysis) in self.analyses.items()
                  if other != uri and changed in analysis.files.values()]
        for other in others:
            del self.analyses[other]
        return others

    def analysis(self, uri: str) -> Analysis:
        """The check of the document as it is now: cached until its next change."""
        document = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is not None and cached[0] == document.version:
            return cached[1]
        overlay = {Path(d.path).resolve(): d.source
                   for d in self.workspace.text_documents.values() if d.uri != uri}
        result = analyse(Path(document.path), document.source, overlay, self.roots())
        self.analyses[uri] = (document.version, result)
        return result


def to_lsp(diagnostic: Diagnostic, lines: list[str]) -> types.Diagnostic:
    """A finding as the editor shows it: the message, then the hint on its own line."""
    message = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    severity = (types.DiagnosticSeverity.Error if diagnostic.severity == "error"
                else types.DiagnosticSeverity.Warning)
    return types.Diagnostic(to_range(diagnostic.span, lines), message, severity,
                            code=diagnostic.code, source="adoptplan")


def _guarded(default: Any) -> Callable:
    """A handler that fails logs why and answers `default`: the server goes on serving."""
    def wrap(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def run(server: PlaybookServer, params: Any) -> Any:
            try:
                return handler(server, params)
            except Exception:  # noqa: BLE001 - one bad request must never stop the server
                server.window_log_message(types.LogMessageParams(
                    types.MessageType.Error, traceback.format_exc()))
                return default
        return run
    return wrap


def publish(server: PlaybookServer, uri: str) -> None:
    document = server.workspace.get_text_document(uri)
    try:
        analysis = server.analysis(uri)
        lines = lines_of(analysis.text(analysis.shown) or document.source)
        found = [to_lsp(d, lines) for d in analysis.diagnostics()]
    except Exception as error:  # noqa: BLE001 - a diagnostic, and the server goes on
        server.window_log_message(types.LogMessageParams(
            types.MessageType.Error, traceback.format_exc()))
        found = [types.Diagnostic(types.Range(types.Position(0, 0), types.Position(0, 1)),
                                  f"adoptplan could not check this file: {error}",
                                  types.DiagnosticSeverity.Error, source="adoptplan")]
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri, found, document.version))


def _position(server: PlaybookServer, uri: str, position: types.Position
              ) -> tuple[Analysis, int, int]:
    analysis = server.analysis(uri)
    line, column = from_position(position, lines_of(analysis.text(analysis.shown)))
    return analysis, line, column


def build_server() -> PlaybookServer:
    server = PlaybookServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: PlaybookServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        folder = options.get("metrics") if isinstance(options, dict) else None
        if folder:
            roots = ls.roots()
            ls.metrics_folder = (roots[0] / folder) if roots else Path(folder)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def opened(ls: PlaybookServer, params: Any) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def changed(ls: PlaybookServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        publish(ls, uri)
        for other in ls.sharing(uri):
            publish(ls, other)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def closed(ls: PlaybookServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.analyses.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(params.text_document.uri, []))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded(None)
    def on_hover(ls: PlaybookServer, params: types.HoverParams) -> types.Hover | None:
        analysis, line, column = _position(ls, params.text_document.uri, params.position)
        text = hover.hover_text(analysis, line, column)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text)) if text else None

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[".", " "]))
    @_guarded([])
    def on_complete(ls: PlaybookServer, params: types.CompletionParams
                    ) -> list[types.CompletionItem]:
        analysis, line, column = _position(ls, params.text_document.uri, params.position)
        return [types.CompletionItem(c.label, kind=_KINDS.get(c.kind, ENUM),
                                     detail=f"{c.kind} {c.detail}".strip())
                for c in complete.complete(analysis, line, column, ls.known_metrics)]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_guarded([])
    def on_definition(ls: PlaybookServer, params: types.DefinitionParams
                      ) -> list[types.Location]:
        return navigate.definition(*_position(ls, params.text_document.uri, params.position))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_guarded([])
    def on_references(ls: PlaybookServer, params: types.ReferenceParams
                      ) -> list[types.Location]:
        analysis, line, column = _position(ls, params.text_document.uri, params.position)
        return navigate.references(analysis, line, column, params.context.include_declaration)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def on_rename(ls: PlaybookServer, params: types.RenameParams) -> types.WorkspaceEdit:
        analysis, line, column = _position(ls, params.text_document.uri, params.position)
        try:
            return navigate.rename(analysis, line, column, params.new_name)
        except navigate.RenameError as error:
            # optional: from the lsp extra, imported where it is used
            from pygls.exceptions import JsonRpcInvalidParams

            raise JsonRpcInvalidParams(str(error)) from None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_guarded([])
    def on_symbols(ls: PlaybookServer, params: types.DocumentSymbolParams
                   ) -> list[types.DocumentSymbol]:
        return navigate.symbols(ls.analysis(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @_guarded([])
    def on_format(ls: PlaybookServer, params: types.DocumentFormattingParams
                  ) -> list[types.TextEdit]:
        document = ls.workspace.get_text_document(params.text_document.uri)
        return actions.formatting(document.source, document.path)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    @_guarded([])
    def on_action(ls: PlaybookServer, params: types.CodeActionParams
                  ) -> list[types.CodeAction]:
        document = ls.workspace.get_text_document(params.text_document.uri)
        return actions.quick_fixes(params.text_document.uri, document.source,
                                   params.context.diagnostics)

    return server
