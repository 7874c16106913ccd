"""A real `adoptplan lsp` over stdio, driven by pytest-lsp as an editor would drive it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPOSITORY = Path(__file__).resolve().parents[3]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the bundled playbooks (library left out: it is included by name)."""
    shutil.copytree(REPOSITORY / "playbooks", tmp_path / "playbooks",
                    ignore=shutil.ignore_patterns("method"))
    return tmp_path / "playbooks"


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "adoptplan", "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient, workspace: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(workspace.as_uri(), "playbooks")],
        initialization_options={"metrics": str(REPOSITORY / "examples" / "metrics")},
    ))
    yield
    await lsp_client.shutdown_session()
