"""`adoptplan lsp`: a language server, so playbook writers see what `check` would say as they type.

Everything here reuses the stages below (load, check, fmt, codes, catalogue); pygls is imported
only by `server`, and only when the command runs, so the rest of the CLI stays fast.
"""

from __future__ import annotations


def serve() -> None:
    """Speak LSP over stdin and stdout until the editor says exit."""
    # start-up: loads attrs, iso3166, lark, pygls, rich only when this runs
    from adoptplan.lsp.server import build_server

    build_server().start_io()
