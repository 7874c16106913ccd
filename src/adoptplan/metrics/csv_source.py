"""CSV metrics files: records in column chunks, and the position of any cell in the raw text.

Row ids are record numbers (the header is record 0 when it is the first line). Lines without a
quote are cut on commas by the numpy fast path, which gives exactly what the csv module gives;
lines with quotes go through the csv module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import cached_property
from itertools import islice
from operator import methodcaller

from adoptplan.diagnostics import Diagnostic
from adoptplan.metrics.fastcsv import byte_columns
from adoptplan.metrics.table import CHUNK_ROWS, Chunk
from adoptplan.model import Span

_COMMAS = methodcaller("count", ",")
_HAS_NEWLINE = methodcaller("__contains__", "\n")
_HAS_QUOTE = methodcaller("__contains__", '"')


def _blank(record: list[str]) -> bool:
    return all(not cell.strip() for cell in record)


class CsvSource:
    """One CSV file, decoded (no BOM, LF line ends)."""

    texts = True

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.quoted = '"' in text
        self.problems: list[Diagnostic] = []
        self.header_row = -1
        self.header: tuple[str, ...] = ()
        for row, line in enumerate(self.lines):
            if line.strip():  # the header is the first line that is not blank
                self.header_row = row
                self.header = tuple(cell.strip() for cell in next(csv.reader([line]), []))
                break

    def chunks(self) -> Iterator[Chunk]:
        """The rows after the header; blank rows are skipped, rows of another width set aside.

        Blocks of lines without a quote take the numpy path; a block with quotes goes through
        the csv module, and from the first quoted cell that spans lines on, the rest of the file
        is read as one csv stream (record numbers then still match `_record_lines`).
        """
        if self.header_row < 0:
            return
        start = self.header_row + 1
        while start < len(self.lines):
            block = self.lines[start:start + CHUNK_ROWS]
            if not self.quoted or not any(map(_HAS_QUOTE, block)):
                yield self._split(start, block)
            else:
                # the "" is a row of its own unless the block ends inside an open quoted cell
                rows = list(csv.reader(block + [""]))
                if len(rows) != len(block) + 1:
                    yield from self._stream(start)
                    return
                yield self._chunk(start, rows[:-1])
            start += len(block)

    def _stream(self, start: int) -> Iterator[Chunk]:
        records = csv.reader(io.StringIO("\n".join(self.lines[start:]) + "\n"))
        while rows := list(islice(records, CHUNK_ROWS)):
            yield self._chunk(start, rows)
            start += len(rows)

    def _split(self, start: int, lines: list[str]) -> Chunk:
        """Unquoted lines: when all have the header's width, the numpy fast path reads them."""
        width = len(self.header)
        if set(map(_COMMAS, lines)) == {width - 1}:
            return Chunk(range(start, start + len(lines)), byte_columns(lines, width))
        return self._chunk(start, [line.split(",") for line in lines])

    def _chunk(self, start: int, rows: list[list[str]]) -> Chunk:
        width = len(self.header)
        if set(map(len, rows)) == {width}:
            return Chunk(range(start, start + len(rows)), self._columns(rows))
        ids, kept, ragged = [], [], []
        for offset, record in enumerate(rows):
            if len(record) == width:
                ids.append(start + offset)
                kept.append(record)
            elif not _blank(record):
                ragged.append((start + offset, len(record)))
        return Chunk(ids, self._columns(kept), ragged)

    def _columns(self, rows: list[list[str]]) -> list:
        """Rows of the header's width as columns; by the numpy path unless a cell holds `,` or `\n`.

        Quoted exports usually quote plain cells, so rejoining the parsed cells gives lines the
        fast path reads the same.
        """
        width = len(self.header)
        lines = list(map(",".join, rows))
        if lines and set(map(_COMMAS, lines)) == {width - 1} and not any(map(_HAS_NEWLINE, lines)):
            return byte_columns(lines, width)
        return list(zip(*rows)) if rows else [() for _ in range(width)]

    @cached_property
    def _record_lines(self) -> list[int] | None:
        """First physical line of each record, when a quoted cell spans lines; else None."""
        if not self.quoted:
            return None
        reader = csv.reader(io.StringIO(self.text))
        starts, consumed = [], 0
        for _ in reader:
            starts.append(consumed + 1)
            consumed = reader.line_num
        return None if len(starts) == len(self.lines) else starts

    def line_of(self, row: int) -> int:
        starts = self._record_lines
        return row + 1 if starts is None else starts[row]

    def cell_span(self, row: int, column: int) -> Span:
        """The cell's characters in the raw text, quotes included; past the end if it is missing."""
        return _field_span(self.path, self.lines, self.line_of(row), column)

    def header_span(self, column: int) -> Span:
        if self.header_row < 0:
            return Span(self.path, 1, 1, 1, 1)
        if column < 0:  # the whole header line
            line = self.line_of(self.header_row)
            return Span(self.path, line, 1, line, len(self.lines[line - 1]) + 1)
        return self.cell_span(self.header_row, column)


def _field_span(path: str, lines: list[str], line: int, field: int) -> Span:
    """Scan a record from its first line, quoting aware, to the characters of cell `field`."""
    row, column, index, quoted = line - 1, 0, 0, False
    start = (row, 0)
    while row < len(lines):
        text = lines[row]
        while column < len(text):
            char = text[column]
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                if index == field:
                    return Span(path, start[0] + 1, start[1] + 1, row + 1, column + 1)
                index, start = index + 1, (row, column + 1)
            column += 1
        if not quoted or row + 1 == len(lines):
            break
        row, column = row + 1, 0
    end = len(lines[row]) + 1 if row < len(lines) else 1
    if index == field:
        return Span(path, start[0] + 1, start[1] + 1, row + 1, end)
    return Span(path, row + 1, end, row + 1, end + 1)
