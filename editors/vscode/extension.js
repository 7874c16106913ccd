// The adoptplan extension: starts `adoptplan lsp` and hands it the .adopt and .adopt-test files.
// All the language knowledge lives in the server; this file only starts and stops it.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("adoptplan");
  const [command, ...args] = settings.get("command", ["adoptplan", "lsp"]);
  const metrics = settings.get("metrics", "");
  client = new LanguageClient(
    "adoptplan",
    "adoptplan",
    { command, args, transport: TransportKind.stdio },
    {
      documentSelector: [{ scheme: "file", language: "adopt" }],
      initializationOptions: metrics ? { metrics } : {},
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
