"""Benchmark: how long after a change the editor shows the diagnostics (`adoptplan lsp`), against
`adoptplan check` on the same file in the same run.

Run with `make bench`. The real server runs in its own process and is driven over stdio by
pygls's client, as an editor drives it: each round sends one didChange (the whole text, a
comment line added or taken away) and waits for the publishDiagnostics of that version. Files:
the bundled playbook (with the file it includes) and a generated 10,000-line playbook (the one
bench_parse.py times). Targets: 100 ms for the bundled playbook, under 1 s for 10,000 lines.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_parse import generate
from harness import Row, fmt, table, target_row
from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPOSITORY = Path(__file__).resolve().parents[1]
TARGETS = {"bundled playbook": 0.1, "generated 10,000 lines": 1.0}


class Client(LanguageClient):
    """A client that hands each version's diagnostics to whoever waits for them."""

    def __init__(self) -> None:
        super().__init__("bench", "1")
        self.waiting: dict[int, asyncio.Future] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            future = self.waiting.pop(params.version, None)
            if future is not None and not future.done():
                future.set_result(params.diagnostics)


async def time_server(path: Path, root: Path, rounds: int) -> list[float]:
    """Seconds from each didChange to its publishDiagnostics."""
    client = Client()
    await client.start_io(sys.executable, "-m", "adoptplan", "lsp", cwd=root)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)]))
    client.initialized(types.InitializedParams())
    text, uri = path.read_text(encoding="utf-8"), path.as_uri()
    opened = client.waiting[1] = asyncio.get_running_loop().create_future()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="adopt", version=1, text=text)))
    await opened
    times = []
    for version in range(2, rounds + 2):
        changed = text + ("# an edit\n" if version % 2 else "")
        done = client.waiting[version] = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=changed)]))
        await done
        times.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def time_check(path: Path, root: Path, rounds: int) -> list[float]:
    """Seconds for `adoptplan check FILE`, a fresh process each time, as in CI or a hook."""
    command = [str(Path(sys.executable).with_name("adoptplan")), "check", str(path)]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, cwd=root, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--rounds", type=int, default=7)
    options.add_argument("--lines", type=int, default=10_000)
    args = options.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPOSITORY / "playbooks", root / "bundled",
                        ignore=shutil.ignore_patterns("method"))
        (root / "generated").mkdir()
        (root / "generated" / "generated.adopt").write_text(generate(args.lines, 2026),
                                                            encoding="utf-8")
        cases = {"bundled playbook": (root / "bundled" / "customer-service.adopt",
                                      root / "bundled"),
                 "generated 10,000 lines": (root / "generated" / "generated.adopt",
                                            root / "generated")}
        rows = []
        for name, (path, workspace) in cases.items():
            lines = path.read_text(encoding="utf-8").count("\n")
            server = asyncio.run(time_server(path, workspace, args.rounds))
            check = time_check(path, workspace, args.rounds)
            case = f"{name} ({lines:,} lines)"
            for what, times in (("lsp: didChange -> diagnostics", server),
                                ("adoptplan check (new process)", check)):
                rows.append(Row(case, what, f"min {fmt(min(times))}, median "
                                            f"{fmt(statistics.median(times))}"))
            rows.append(target_row(case, "lsp: didChange -> diagnostics (median)",
                                   statistics.median(server), TARGETS[name]))
    print(f"{args.rounds} rounds each (the server's, then check's: a session cannot be "
          "interleaved with new processes without restarting it)\n")
    print(table(rows, "lsp"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
