"""CSV metrics files: records in column chunks, and the position of any cell in the raw text.

Row ids are record numbers (the header is record 0 when it is the first line). A large plain file
(no quote, no blank line, every row of the header's width) is read by pyarrow's CSV reader, its
number columns as doubles and its text columns coded; a column it cannot convert (a bad cell, a
`%`, a NaN) is read again as text and parsed cell by cell here, so every finding keeps its file,
row and column. Any other file, and any file the reader refuses, is read here: lines without a
quote cut on commas, lines with quotes by the csv module.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import islice
from operator import methodcaller
from typing import TYPE_CHECKING, Any

from adoptplan.csv_dialect import first_lines
from adoptplan.diagnostics import Diagnostic
from adoptplan.metrics.cells import (
    NUMERIC_SAMPLE,
    Columnar,
    Parsed,
    encode,
    is_numeric,
    parse_column,
)
from adoptplan.metrics.table import CHUNK_ROWS, Chunk
from adoptplan.model import Span

if TYPE_CHECKING:
    import numpy as np

ARROW_FROM = 1 << 20
"""Files of at least this many characters are read by pyarrow; below, importing it costs more
than the whole read (bench_load.py, bench_startup.py)."""

_COMMAS = methodcaller("count", ",")
_HAS_NEWLINE = methodcaller("__contains__", "\n")
_HAS_QUOTE = methodcaller("__contains__", '"')
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_NOT_CONVERTED = re.compile(r"^In CSV column #(\d+): (?:Row #\d+: )?CSV conversion error")
_ATTEMPTS = 3


def _blank(record: list[str]) -> bool:
    return all(not cell.strip() for cell in record)


class CsvSource:
    """One CSV file, decoded (no BOM, LF line ends, commas between cells)."""

    texts = True

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
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

        A large plain file is one chunk read by pyarrow. Otherwise blocks of lines without a quote
        are cut on commas; a block with quotes goes through the csv module, and from the first
        quoted cell that spans lines on, the rest of the file is read as one csv stream (record
        numbers then still match `_record_lines`).
        """
        if self.header_row < 0:
            return
        if (read := self._by_arrow()) is not None:
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

    def _by_arrow(self) -> Chunk | None:
        """The whole file as one chunk read by pyarrow, or None when this file is for the
        precise reader: small, quoted, with a blank line, or not as pyarrow reads it."""
        text, width = self.text, len(self.header)
        if (len(text) < ARROW_FROM or self.quoted or self.header_row != 0 or width < 2
                or "\n\n" in text):
            return None
        rows = text.count("\n") - (1 if text.endswith("\n") else 0)
        second = text[text.index("\n") + 1:text.find("\n", text.index("\n") + 1)]
        first = second.split(",")
        numbers = {c for c, cell in enumerate(first)
                   if len(first) == width and _PLAIN.fullmatch(cell)}
        read = ArrowRead(text, width)
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


class ArrowRead:
    """One plain CSV text read by pyarrow's CSV reader (header skipped), columns by position.

    The reader gets the decoded text itself (as UTF-8), never the file again: what it reads is
    what every finding points into. Number columns are read as doubles (an empty cell null, and
    nothing else: `NA` or `null` is a bad cell, as the cell parser says), text columns as
    dictionaries, so a key column of a million rows is codes and a few distinct texts. Each
    column leaves pyarrow's memory as it becomes numpy's, and what pyarrow held is given back
    at the end, so reading costs the columns once more at most, never the table twice. One
    thread reads: on a case of a million rows two took 0.2 s off the run and put 38 MB on its
    peak (memory one thread frees that another allocated is kept back)."""

    def __init__(self, text: str, width: int):
        self.text = text
        self.width = width

    def _table(self, numbers: set[int], wanted: Sequence[int]) -> Any:
        """Columns `wanted`, those in `numbers` as doubles, the others as coded text."""
        # start-up: loads pyarrow only when this runs (large files only: see ARROW_FROM)
        import pyarrow as pa
        from pyarrow import csv as pa_csv

        names = [f"c{c}" for c in range(self.width)]
        coded = pa.dictionary(pa.int32(), pa.string())
        return pa_csv.read_csv(
            pa.py_buffer(self.text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, use_threads=False),
            parse_options=pa_csv.ParseOptions(quote_char=False, escape_char=False,
                                              ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={names[c]: pa.float64() if c in numbers else coded
                              for c in range(self.width)},
                include_columns=[names[c] for c in wanted], null_values=[""],
                strings_can_be_null=False, quoted_strings_can_be_null=False))

    def columns(self, numbers: set[int]) -> list | None:
        """Every column: numbers as `ArrowNumbers`, text as `ArrowTexts`; None when the reader
        refuses the file's shape. A number column it cannot convert, or with a cell that is not
        finite, is read as text (and its cells parsed one by one by the loader)."""
        # start-up: loads pyarrow only when this runs
        import pyarrow as pa

        numbers = set(numbers)
        for attempt in itertools.count():
            try:
                read = self._table(numbers, range(self.width)).columns
            except pa.ArrowException as error:  # the text is not as it reads it
                failed = _NOT_CONVERTED.search(str(error))
                if failed is None or int(failed[1]) not in numbers:
                    return None
                # each attempt reads the text again: past a few bad columns, all as text
                numbers = set() if attempt >= _ATTEMPTS else numbers - {int(failed[1])}
                continue
            columns, infinite = self._made(read, numbers)
            pa.default_memory_pool().release_unused()  # pyarrow's allocator would keep it
            if not infinite:
                break
            numbers -= infinite
        return columns

    def _made(self, read: list, numbers: set[int]) -> tuple[list, set[int]]:
        """The columns in numpy's memory, each leaving pyarrow's as it is made, and the number
        columns holding a cell that is not finite (`inf`, `nan`: only an empty cell may be NaN
        in what the loader gets, as the cell parser reads them)."""
        columns: list = []
        infinite: set[int] = set()
        for c in range(self.width):
            column, read[c] = read[c], None
            if c in numbers:
                values, finite = _numbers(column)
                columns.append(ArrowNumbers(values, self, c))
                if not finite:
                    infinite.add(c)
            else:
                columns.append(_texts(column))
        return columns, infinite

    def texts(self, column: int) -> list[str]:
        return _texts(self._table(set(), [column]).column(0)).cells


def _numbers(column: Any) -> tuple[np.ndarray, bool]:
    """A number column copied into numpy's memory block by block, NaN where a cell is empty (a
    view of pyarrow's memory would keep it from being given back when the read ends), and
    whether every other cell is finite. Read from pyarrow's buffers: its own conversions to
    numpy import pandas when it is installed (0.6 s)."""
    # start-up: loads numpy only when this runs
    import numpy as np

    values = np.empty(len(column), dtype=np.float64)
    start, finite = 0, True
    for block in column.chunks:
        part = values[start:start + len(block)]
        part[:] = np.frombuffer(block.buffers()[1], np.float64, len(block), block.offset * 8)
        if block.null_count:
            bits = np.unpackbits(np.frombuffer(block.buffers()[0], np.uint8), bitorder="little")
            empty = ~bits[block.offset:block.offset + len(block)].astype(bool)
            finite = finite and bool(np.isfinite(part[~empty]).all())
            part[empty] = np.nan
        else:
            finite = finite and bool(np.isfinite(part).all())
        start += len(block)
    return values, finite


def _texts(column: Any) -> ArrowTexts:
    """A coded text column (its blocks' dictionaries made one) as numpy codes and its texts."""
    # start-up: loads numpy only when this runs
    import numpy as np

    coded = column.combine_chunks()
    indices = coded.indices
    codes = np.frombuffer(indices.buffers()[1], np.int32, len(indices), indices.offset * 4)
    return ArrowTexts(coded.dictionary.to_pylist(), codes.astype(np.int64))


class _Read(Columnar):
    """A column the reader read: its cells (as the file writes them) made when first asked."""

    cells: list[str]

    def __getitem__(self, row: int) -> str:
        return self.cells[row]

    def index(self, value: str) -> int:
        return self.cells.index(value)


class ArrowTexts(_Read):
    """A text column the reader coded (each distinct text once): coded without a Python object
    per cell; its cells are made only when a message or a parse asks for them."""

    def __init__(self, dictionary: list[str], indices: np.ndarray):
        self.dictionary = dictionary
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    @cached_property
    def cells(self) -> list[str]:
        return self._cells(self.indices)

    def _cells(self, indices: np.ndarray) -> list[str]:
        # start-up: loads numpy only when this runs
        import numpy as np

        return np.array(self.dictionary, dtype=object)[indices].tolist()

    def encode(self) -> tuple[list[str], np.ndarray]:
        """The distinct texts in order of first appearance (as `cells.encode` gives them), and
        each cell's index among them."""
        # start-up: loads numpy only when this runs
        import numpy as np

        used, first = np.unique(self.indices, return_index=True)
        order = used[np.argsort(first, kind="stable")]
        position = np.zeros(len(self.dictionary), dtype=np.int64)
        position[order] = np.arange(len(order))
        return [self.dictionary[k] for k in order.tolist()], position[self.indices]

    def parse(self) -> Parsed:
        return parse_column(self.cells, True)

    def numbers(self) -> bool:
        return is_numeric(self._cells(self.indices[:NUMERIC_SAMPLE]))


class ArrowNumbers(_Read):
    """A column the reader read as finite doubles (NaN where empty): parsed already, and every
    cell a plain number; its text (for a message, or a numeric dimension) is read when asked for."""

    def __init__(self, values: np.ndarray, read: ArrowRead, number: int):
        self.values = values
        self.read = read
        self.column = number
        self.parsed = False

    def __len__(self) -> int:
        return len(self.values)

    @cached_property
    def cells(self) -> list[str]:
        return self.read.texts(self.column)

    def encode(self) -> tuple[list[str], np.ndarray]:
        return encode(self.cells)

    def parse(self) -> Parsed:
        """The values themselves the first time (the loader parses a column once, and may then
        change what it got), a copy after that."""
        values = self.values.copy() if self.parsed else self.values
        self.parsed = True
        return Parsed(values, [], None)

    def numbers(self) -> bool:
        """Every cell a number or empty, and one at least not empty (a metric column)."""
        # start-up: loads numpy only when this runs
        import numpy as np

        return bool((~np.isnan(self.values[:NUMERIC_SAMPLE])).any())


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
