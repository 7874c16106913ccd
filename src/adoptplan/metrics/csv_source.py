"""CSV metrics files: records in column chunks, and the position of any cell in the raw text.

Row ids are record numbers (the header is record 0 when it is the first line). A file without
quotes is split on commas, which gives exactly what the csv module gives but faster; a file with
quotes goes through the csv module.
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
        for row, record in enumerate(islice(self._records(), len(self.lines))):
            if not _blank(record):
                self.header_row, self.header = row, tuple(cell.strip() for cell in record)
                break

    def _records(self, start: int = 0) -> Iterator[list[str]]:
        if self.quoted:
            return islice(csv.reader(io.StringIO(self.text)), start, None)
        return (line.split(",") for line in islice(self.lines, start, None))

    def chunks(self) -> Iterator[Chunk]:
        """The rows after the header; blank rows are skipped, rows of another width set aside."""
        if self.header_row < 0:
            return
        start = self.header_row + 1
        records = None if not self.quoted else self._records(start)
        while True:
            if records is None:
                lines = self.lines[start:start + CHUNK_ROWS]
                if not lines:
                    return
                yield self._split(start, lines)
                start += len(lines)
            else:
                rows = list(islice(records, CHUNK_ROWS))
                if not rows:
                    return
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
            return Chunk(range(start, start + len(rows)), list(zip(*rows)))
        ids, kept, ragged = [], [], []
        for offset, record in enumerate(rows):
            if len(record) == width:
                ids.append(start + offset)
                kept.append(record)
            elif not _blank(record):
                ragged.append((start + offset, len(record)))
        columns = list(zip(*kept)) if kept else [() for _ in range(width)]
        return Chunk(ids, columns, ragged)

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
        """The cell's characters in the raw text, quotes included; past the end when it is missing."""
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
