"""The one escape for text that reaches a terminal, a GitHub annotation, Markdown or a chat:
characters that act instead of showing are written as their codes."""

from __future__ import annotations

INVISIBLE = tuple(
    code for code in (*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F,
                      *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    if chr(code) not in "\t\n"
)
"""Characters that act instead of showing: control characters, C0 and C1 (an escape sequence
would drive the terminal, a backspace overwrite what is shown), direction marks and
bidirectional overrides (which reorder text). Every renderer writes them as their codes."""

_CODES = str.maketrans({code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                        for code in INVISIBLE})


_ONE_LINE = str.maketrans({**_CODES, ord("\n"): "\\n"})


MAX_SHOWN = 1000
"""The most characters of one text (an id, a name, a message) a terminal, Markdown or HTML
report shows; a longer one is cut with "…" (the JSON result keeps it whole). A 70,000-character
`needs` text would otherwise be printed, wrapped, in every finding that names it."""


def shorten(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "\N{HORIZONTAL ELLIPSIS}"


def visible(text: str) -> str:
    """`text` with nothing that acts on the terminal instead of showing: `\\x1b`, `\\u202e`;
    cut to MAX_SHOWN characters."""
    return shorten(text).translate(_CODES)


def one_line(text: str) -> str:
    """`visible`, and a line break shown as `\\n`: a message that must stay on one line (a
    finding's message, whose cell text may hold a quoted line break)."""
    return shorten(text).translate(_ONE_LINE)
