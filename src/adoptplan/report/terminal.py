"""Where the terminal form goes: its width and whether it is coloured, read once from the
environment, so the renderers below never read it themselves."""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from adoptplan.report.table import PLAIN_WIDTH, Layout

COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str, stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """`always` and `never` as said; `auto` colours a terminal unless NO_COLOR is set (to
    anything but empty, as no-color.org asks) or TERM is `dumb`."""
    env = os.environ if environ is None else environ
    if choice != "auto":
        return choice == "always"
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)


def width(stream: TextIO, environ: dict[str, str] | None = None) -> int:
    """`COLUMNS` when set to a number; else the terminal's width; else, for a file or a pipe,
    PLAIN_WIDTH: the same bytes wherever it runs."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _is_terminal(stream):
        return shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns
    return PLAIN_WIDTH


def layout(color: str, stream: TextIO | None, verbose: bool = False,
           quiet: bool = False) -> Layout:
    """The layout for `stream` (None: a file written with -o, always plain and PLAIN_WIDTH)."""
    if stream is None:
        return Layout(PLAIN_WIDTH, False, verbose, quiet)
    return Layout(width(stream), wants_color(color, stream), verbose, quiet)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
