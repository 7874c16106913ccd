"""CSV as European spreadsheets save it: `;` between cells and a decimal comma (`12,5`).

Excel and LibreOffice in most of Europe save "CSV" with semicolons, because the comma is their
decimal mark. Such a file is recognised by its header (more `;` than `,` outside quotes) and
rewritten, once, into the comma-separated form every reader here takes: the cells are the
same, numbers get a decimal point (`1.234,5` -> `1234.5`, `12,5 %` -> `12.5%`), and every
record stays on its line, so findings keep their line numbers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from contextvars import ContextVar

COMMA, SEMICOLON = "comma", "semicolon"
CHOICES = ("auto", COMMA, SEMICOLON)
"""`--csv-dialect`: auto tells by the header; the others say what every CSV read is."""

_CHOSEN: ContextVar[str | None] = ContextVar("csv_dialect", default=None)


@contextlib.contextmanager
def using(dialect: str | None) -> Iterator[None]:
    """Within the block every CSV read is `dialect` (comma or semicolon); auto or None: told
    by its header. A command says it once rather than every reader below it being told."""
    token = _CHOSEN.set(None if dialect in (None, "auto") else dialect)
    try:
        yield
    finally:
        _CHOSEN.reset(token)

_DECIMAL_COMMA = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3})+|\d+),(\d+)(\s?%)?")
_THOUSANDS_DOT = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3})+)(\s?%)?")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def first_lines(text: str) -> Iterator[str]:
    """The lines of a text from its start, without splitting (or copying) all of it: a
    metrics file can be a hundred megabytes, and a look at its first lines is all that's
    needed."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def detect(text: str) -> str:
    """`semicolon` when the first line that holds anything has more `;` than `,` outside
    quotes; `comma` otherwise."""
    first = next((line for line in first_lines(text) if line.strip()), "")
    bare = _QUOTED.sub("", first)
    return SEMICOLON if bare.count(";") > bare.count(",") else COMMA


def _uses_decimal_comma(records: list[list[str]]) -> bool:
    return any(_DECIMAL_COMMA.fullmatch(cell.strip()) for record in records for cell in record)


def _number(cell: str, decimal_comma: bool) -> str:
    """`12,5` -> `12.5`; `1.234,5` -> `1234.5`; with decimal commas, `1.234` -> `1234`."""
    stripped = cell.strip()
    if found := _DECIMAL_COMMA.fullmatch(stripped):
        sign, whole, fraction, percent = found.groups()
        return f"{sign}{whole.replace('.', '')}.{fraction}{'%' if percent else ''}"
    if decimal_comma and (found := _THOUSANDS_DOT.fullmatch(stripped)):
        sign, whole, percent = found.groups()
        return f"{sign}{whole.replace('.', '')}{'%' if percent else ''}"
    return cell


def standard(text: str, dialect: str | None = None) -> str:
    """`text` as comma-separated CSV with decimal points; unchanged when it is that already.

    `dialect` (comma or semicolon), or the one `using` chose, overrides what `detect` says."""
    if (dialect or _CHOSEN.get() or detect(text)) != SEMICOLON:
        return text
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    decimal_comma = _uses_decimal_comma(records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for record in records:
        writer.writerow([_number(cell, decimal_comma) for cell in record])
    written = out.getvalue()
    return written if text.endswith("\n") else written.removesuffix("\n")
