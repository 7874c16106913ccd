"""Where the terminal form goes: its width and whether it is coloured, read once from the
environment, so the renderers below never read it themselves."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from typing import TextIO

from adoptplan.model import frozen

COLOR_CHOICES = ("auto", "always", "never")
PLAIN_WIDTH = 100
"""The width of a table written to a file or a pipe without `COLUMNS`: the same bytes anywhere."""
LEVEL_STYLES = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan",
                "info": "dim"}


@frozen
class Layout:
    """How the terminal form is laid out: its width, colour, and how much it says."""

    width: int = PLAIN_WIDTH
    color: bool = False
    verbose: bool = False  # say more: every evidence line, every file
    quiet: bool = False  # say less: the summary line alone, or what is wrong
    terminal: bool = False  # a terminal: a long summary line is wrapped between words


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
    return Layout(width(stream), wants_color(color, stream), verbose, quiet,
                  _is_terminal(stream))


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


Marks = Sequence[tuple[str, str]]
"""(regular expression, rich style) pairs: what to colour in a command's plain text."""

LEVEL_WORDS = r"\b{}\b"
LEVELS: Marks = tuple((LEVEL_WORDS.format(level), style) for level, style in LEVEL_STYLES.items())
DIAGNOSTICS: Marks = (
    (r"\berror\[AP\d+\]", "bold red"),
    (r"\bwarning\[AP\d+\]", "yellow"), (r"\binfo\[AP\d+\]", "cyan"),
    (r"(?m)^ *\^+$", "bold red"), (r"(?m)^  hint:", "cyan"), (r"(?m)^  see:", "dim"),
    (r"(?m)^\d+ errors?\b", "bold red"), (r"(?m)^no problems found$", "green"),
)
TESTS: Marks = ((r"(?m)^PASS\b", "green"), (r"(?m)^FAIL\b", "bold red"),
                (r"(?m)^    (expected|got):?", "bold"))
DIFF: Marks = ((r"(?m)^new\b", "bold"), (r"(?m)^resolved\b", "green"),
               (r"(?m)^changed\b", "yellow"), *LEVELS)
UNIFIED_DIFF: Marks = ((r"(?m)^\+(?!\+\+ ).*$", "green"), (r"(?m)^-(?!-- ).*$", "red"),
                       (r"(?m)^@@.*$", "cyan"))
FILES: Marks = ((r"(?m)^(reformatted|would reformat|wrote)\b", "bold"),
                (r"(?m)^left alone\b", "yellow"), (r"(?m)^unchanged\b", "dim"))
QUALITY: Marks = ((r"(?m)^data quality$", "bold"), (r"(?m)^  looks wrong: .*?(?=  )", "yellow"))
NUMBERED: Marks = ((r"(?m)^ *\d+ \|", "dim"),)
EXPLAIN: Marks = ((r"(?m)^\S+: fired$", "bold red"), (r"(?m)^\S+: (did not fire|clear)\b", "green"),
                  (r"(?m)^why not:", "bold"), (r"(?m)^warning:", "yellow"))


def styled(text: str, layout: Layout, marks: Marks) -> str:
    """`text` with what `marks` match in colour when the layout is coloured; otherwise the text
    itself, byte for byte (a file or a pipe stays plain). Coloured by rich, never wrapped."""
    if not layout.color or not text:
        return text
    from rich.console import Console  # start-up: only when colouring (check stays light)
    from rich.text import Text
    shown = Text(text)
    for pattern, style in marks:
        shown.highlight_regex(pattern, style)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", soft_wrap=True,
                      highlight=False, emoji=False, markup=False, legacy_windows=False,
                      _environ={})
    console.print(shown, end="")
    return out.getvalue()


def one_of(quiet: bool, verbose: bool) -> str | None:
    """Why -q and -v cannot go together, or None."""
    return "-q/--quiet and -v/--verbose ask for opposite things: give one" if quiet and verbose \
        else None
