"""CSV metrics files: records in column chunks, and the position of any cell in the raw text.

Row ids are record numbers (the header is record 0 when it is the first line). A large plain file
(no quote, no blank line, every row of the header's width) is read by DuckDB's CSV reader, its
number columns as doubles; a column DuckDB cannot convert (a bad cell, a `%`, a NaN) is read
again as text and parsed cell by cell here, so every finding keeps its file, row and column.
Any other file, and any file DuckDB refuses, is read here: lines without a quote cut on commas,
lines with quotes by the csv module.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import islice
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING

from adoptplan.csv_dialect import first_lines
from adoptplan.diagnostics import Diagnostic
from adoptplan.metrics.cells import Columnar, Parsed, encode
from adoptplan.metrics.table import CHUNK_ROWS, Chunk
from adoptplan.model import Span

if TYPE_CHECKING:
    import numpy as np

DUCKDB_FROM = 1 << 20
"""Files of at least this many characters are read by DuckDB; below, importing it costs more
than the whole read (bench_load.py, bench_startup.py)."""

_COMMAS = methodcaller("count", ",")
_HAS_NEWLINE = methodcaller("__contains__", "\n")
_HAS_QUOTE = methodcaller("__contains__", '"')
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_NOT_CONVERTED = re.compile(r'converting column "c(\d+)"')
_GLOB = re.compile(r"[*?\[\]{}]")  # DuckDB would expand these in a path
_ATTEMPTS = 3


def _blank(record: list[str]) -> bool:
    return all(not cell.strip() for cell in record)


class CsvSource:
    """One CSV file, decoded (no BOM, LF line ends). `file`: where DuckDB may read the same
    text from (None when the text was changed on reading, as a semicolon file is)."""

    texts = True

    def __init__(self, path: str, text: str, file: Path | None = None):
        self.path = path
        self.text = text
        self.file = file
        self.quoted = '"' in text
        self.problems: list[Diagnostic] = []
        self.header_row = -1
        self.header: tuple[str, ...] = ()
        for row, line in enumerate(first_lines(text)):
            if line.strip():  # the header is the first line that is not blank
                self.header_row = row
                self.header = tuple(cell.strip() for cell in next(csv.reader([line]), []))
                break

    @cached_property
    def lines(self) -> list[str]:
        lines = self.text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines

    def chunks(self) -> Iterator[Chunk]:
        """The rows after the header; blank rows are skipped, rows of another width set aside.

        A large plain file is one chunk read by DuckDB. Otherwise blocks of lines without a quote
        are cut on commas; a block with quotes goes through the csv module, and from the first
        quoted cell that spans lines on, the rest of the file is read as one csv stream (record
        numbers then still match `_record_lines`).
        """
        if self.header_row < 0:
            return
        if (read := self._by_duckdb()) is not None:
            yield read
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

    def _by_duckdb(self) -> Chunk | None:
        """The whole file as one chunk read by DuckDB, or None when this file is for the
        precise reader: small, quoted, with a blank line, or not as DuckDB reads it."""
        text, width = self.text, len(self.header)
        if (self.file is None or len(text) < DUCKDB_FROM or self.quoted or self.header_row != 0
                or width < 2 or "\n\n" in text or _GLOB.search(str(self.file))):
            return None
        rows = text.count("\n") - (1 if text.endswith("\n") else 0)
        second = text[text.index("\n") + 1:text.find("\n", text.index("\n") + 1)]
        first = second.split(",")
        numbers = {c for c, cell in enumerate(first)
                   if len(first) == width and _PLAIN.fullmatch(cell)}
        read = DuckRead(str(self.file), width)
        columns = read.columns(numbers)
        if columns is None or any(len(column) != rows for column in columns):
            return None
        return Chunk(range(1, rows + 1), columns)

    def _stream(self, start: int) -> Iterator[Chunk]:
        records = csv.reader(io.StringIO("\n".join(self.lines[start:]) + "\n"))
        while rows := list(islice(records, CHUNK_ROWS)):
            yield self._chunk(start, rows)
            start += len(rows)

    def _split(self, start: int, lines: list[str]) -> Chunk:
        """Unquoted lines: when all have the header's width, cut on commas."""
        width = len(self.header)
        if set(map(_COMMAS, lines)) == {width - 1}:
            return Chunk(range(start, start + len(lines)), _columns(lines, width))
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
        return list(zip(*rows)) if rows else [() for _ in range(len(self.header))]

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


def _columns(lines: list[str], width: int) -> list[tuple[str, ...]]:
    """Lines of exactly `width - 1` commas, as columns of cells."""
    return list(zip(*(line.split(",") for line in lines))) if lines else [()] * width


class DuckRead:
    """One plain CSV file read by DuckDB (header skipped), columns by position."""

    def __init__(self, file: str, width: int):
        self.file = file
        self.width = width

    def _query(self, numbers: set[int], wanted: Sequence[int]) -> dict[str, np.ndarray]:
        """Columns `wanted` of the file, those in `numbers` as doubles (an empty cell NaN, a
        cell that is not finite +inf, so it can be told apart), the others as text."""
        import duckdb  # a large import, for large files only (see DUCKDB_FROM)

        types = ", ".join(f"'c{c}': '{'DOUBLE' if c in numbers else 'VARCHAR'}'"
                          for c in range(self.width))
        selected = ", ".join(
            f"CASE WHEN c{c} IS NULL THEN 'NaN'::DOUBLE WHEN isfinite(c{c}) THEN c{c} "
            f"ELSE 'Infinity'::DOUBLE END AS c{c}" if c in numbers
            else f"coalesce(c{c}, '') AS c{c}"
            for c in wanted)
        with duckdb.connect() as connection:
            return connection.execute(
                f"SELECT {selected} FROM read_csv($file, header = false, skip = 1, "
                f"columns = {{{types}}}, delim = ',', quote = '', escape = '', "
                "auto_detect = false, strict_mode = true, null_padding = false, "
                "compression = 'none')", {"file": self.file}).fetchnumpy()

    def columns(self, numbers: set[int]) -> list | None:
        """Every column: numbers as `DuckNumbers`, text as str cells; None when DuckDB refuses
        the file's shape. A number column DuckDB cannot convert, or with a cell that is not
        finite, is read as text (and its cells parsed one by one by the loader)."""
        # start-up: loads duckdb only when this runs
        import duckdb

        numbers = set(numbers)
        for attempt in itertools.count():
            try:
                found = self._query(numbers, range(self.width))
            except duckdb.ConversionException as error:
                failed = _NOT_CONVERTED.search(str(error))
                if failed is None or int(failed[1]) not in numbers:
                    return None
                # each attempt reads the file again: past a few bad columns, all as text
                numbers = set() if attempt >= _ATTEMPTS else numbers - {int(failed[1])}
                continue
            except duckdb.Error:
                return None
            infinite = {c for c in numbers
                        if found[f"c{c}"].size and found[f"c{c}"].max() == math.inf}
            if not infinite:
                break
            numbers -= infinite
        return [DuckNumbers(found[f"c{c}"], self, c) if c in numbers
                else found[f"c{c}"].tolist() for c in range(self.width)]

    def texts(self, column: int) -> list[str]:
        return self._query(set(), [column])[f"c{column}"].tolist()


class DuckNumbers(Columnar):
    """A column DuckDB read as finite doubles (NaN where empty): parsed already, and every cell
    a plain number; its text (for a message, or a numeric dimension) is read when asked for."""

    def __init__(self, values: np.ndarray, read: DuckRead, column: int):
        self.values = values
        self.read = read
        self.column = column

    def __len__(self) -> int:
        return len(self.values)

    @cached_property
    def cells(self) -> list[str]:
        return self.read.texts(self.column)

    def __getitem__(self, row: int) -> str:
        return self.cells[row]

    def index(self, value: str) -> int:
        return self.cells.index(value)

    def encode(self) -> tuple[list[str], np.ndarray]:
        return encode(self.cells)

    def parse(self) -> Parsed:
        return Parsed(self.values.copy(), [], None)

    def numbers(self) -> bool:
        """Every cell a number or empty, and one at least not empty (a metric column)."""
        # start-up: loads numpy only when this runs
        import numpy as np

        return bool((~np.isnan(self.values[:1000])).any())


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
