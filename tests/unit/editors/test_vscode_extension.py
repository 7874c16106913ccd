"""The VS Code extension in editors/vscode: its grammars (snapshot tests with
vscode-tmgrammar-test over the bundled playbooks), its manifest, its client, `make vsix`.

npm installs the extension's locked dependencies once, through the Makefile's stamp; later runs
reuse editors/vscode/node_modules. ADOPTPLAN_UPDATE_SNAPSHOTS=1 rewrites the snapshots.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from adoptplan.playbook_tests import parse as syntax_tests
from adoptplan.syntax.parser import keywords

REPOSITORY = Path(__file__).resolve().parents[3]
EXTENSION = REPOSITORY / "editors" / "vscode"
SNAPSHOTS = EXTENSION / "test" / "snapshots"
GRAMMARS = {"adopt": EXTENSION / "syntaxes" / "adopt.tmLanguage.json",
            "adopt-test": EXTENSION / "syntaxes" / "adopt-test.tmLanguage.json"}

BUNDLED = {  # snapshot name -> bundled file
    **{p.relative_to(REPOSITORY / "playbooks").as_posix(): p
       for p in sorted((REPOSITORY / "playbooks").rglob("*.adopt"))},
    "rollout.adopt-test": REPOSITORY / "src" / "adoptplan" / "scaffold" / "templates" / "tests"
    / "rollout.adopt-test",
}


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The extension's npm dependencies, installed once (the Makefile's stamp says when)."""
    subprocess.run(["make", "-s", "editors/vscode/node_modules/.package-lock.json"],
                   cwd=REPOSITORY, check=True, capture_output=True)
    return EXTENSION / "node_modules"


def _words(grammar: Path) -> str:
    return json.dumps(json.loads(grammar.read_text(encoding="utf-8"))["repository"])


def test_the_playbook_grammar_knows_every_keyword_of_the_language():
    grammar = _words(GRAMMARS["adopt"])
    missing = [word for word in keywords().values() if f"|{word}|" not in grammar.replace(
        "(?:", "|").replace("(", "|").replace(")", "|")]
    assert missing == []


def test_the_test_grammar_knows_every_keyword_of_test_files():
    grammar = _words(GRAMMARS["adopt-test"]).replace("(?:", "|").replace("(", "|").replace(
        ")", "|")
    words = {t.pattern.value for t in syntax_tests.parser().terminals
             if t.pattern.type == "str" and t.pattern.value.isidentifier()}
    assert words and [w for w in sorted(words) if f"|{w}|" not in grammar] == []


def test_the_manifest_names_languages_grammars_and_the_client():
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    languages = {lang["id"]: lang["extensions"] for lang in manifest["contributes"]["languages"]}
    assert languages == {"adopt": [".adopt"], "adopt-test": [".adopt-test"]}
    for grammar in manifest["contributes"]["grammars"]:
        path = EXTENSION / grammar["path"]
        assert json.loads(path.read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    assert (EXTENSION / manifest["main"]).is_file()
    assert (EXTENSION / "package-lock.json").is_file(), "npm ci needs the lock file"


@pytest.mark.needs("node")
def test_grammar_snapshots_of_the_bundled_playbooks(node_modules: Path, tmp_path: Path):
    for name, source in BUNDLED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp_path / name)
        snapshot = SNAPSHOTS / f"{name}.snap"
        if snapshot.is_file():
            shutil.copyfile(snapshot, tmp_path / f"{name}.snap")
    update = os.environ.get("ADOPTPLAN_UPDATE_SNAPSHOTS") == "1"
    result = subprocess.run(
        ["npx", "--no-install", "vscode-tmgrammar-snap", *(["-u"] if update else []),
         "-g", str(GRAMMARS["adopt"]), "-g", str(GRAMMARS["adopt-test"]),
         f"{tmp_path}/**/*.adopt", f"{tmp_path}/*.adopt-test"],
        cwd=EXTENSION, capture_output=True, text=True)
    if update:
        for name in BUNDLED:
            (SNAPSHOTS / f"{name}.snap").parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp_path / f"{name}.snap", SNAPSHOTS / f"{name}.snap")
    assert result.returncode == 0, result.stdout + result.stderr
    missing = [name for name in BUNDLED if not (SNAPSHOTS / f"{name}.snap").is_file()]
    assert missing == [], "run with ADOPTPLAN_UPDATE_SNAPSHOTS=1 and review the snapshots"
    assert len(BUNDLED) >= 11


@pytest.mark.needs("node")
def test_the_client_starts_adoptplan_lsp_with_the_settings(node_modules: Path):
    """extension.js run by node against stand-ins for the vscode API and the language client."""
    script = """
const Module = require("module");
const original = Module._load;
let started = null;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") {
    return { workspace: { getConfiguration: () => ({
      get: (key, fallback) => (key === "metrics" ? "metrics" : fallback) }) } };
  }
  if (request === "vscode-languageclient/node") {
    return { TransportKind: { stdio: 0 }, LanguageClient: class {
      constructor(id, name, server, client) { started = { id, server, client }; }
      start() { return Promise.resolve(); }
      stop() { return Promise.resolve(); }
    } };
  }
  return original.apply(this, arguments);
};
const extension = require("./extension.js");
extension.activate({ subscriptions: [] }).then(() => {
  console.log(JSON.stringify(started));
});
"""
    result = subprocess.run(["node", "-e", script], cwd=EXTENSION, capture_output=True,
                            text=True, check=True)
    started = json.loads(result.stdout)
    assert started["server"] == {"command": "adoptplan", "args": ["lsp"], "transport": 0}
    assert started["client"]["documentSelector"] == [{"scheme": "file", "language": "adopt"}]
    assert started["client"]["initializationOptions"] == {"metrics": "metrics"}


@pytest.mark.needs("node")
def test_make_vsix_packages_the_extension(node_modules: Path, tmp_path: Path):
    vsix = tmp_path / "adoptplan.vsix"
    result = subprocess.run(["make", "-s", "vsix", f"VSIX={vsix}"], cwd=REPOSITORY,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    names = set(zipfile.ZipFile(vsix).namelist())
    assert {"extension/package.json", "extension/extension.js",
            "extension/syntaxes/adopt.tmLanguage.json",
            "extension/syntaxes/adopt-test.tmLanguage.json",
            "extension/language-configuration.json",
            "extension/node_modules/vscode-languageclient/package.json"} <= names
    assert not any(n.startswith("extension/node_modules/@vscode/vsce/") for n in names)
    assert not any(n.startswith("extension/test/") for n in names)
