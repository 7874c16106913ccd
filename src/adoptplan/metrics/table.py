"""What every metrics file reader gives the loader: a header, column chunks, positions on demand.

Readers hand rows over in chunks of columns so the loader works on whole columns at a time, and
compute a cell's position only when a problem is found there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Protocol

import attrs

from adoptplan.diagnostics import Diagnostic
from adoptplan.model import Span, frozen

CHUNK_ROWS = 1 << 16


@frozen(eq=False)
class Chunk:
    """Consecutive rows of a file, as one sequence of cells per header column."""

    rows: Sequence[int]  # the reader's row ids (for positions), one per row
    columns: list[Sequence]  # aligned with the header; cells are str (CSV) or JSON values
    ragged: list[tuple[int, int]] = attrs.Factory(list)  # (row id, cell count) of rows left out


class Source(Protocol):
    """A metrics file opened by a reader."""

    path: str
    text: str
    header: tuple[str, ...]
    texts: bool  # every cell is str, so column fast paths apply
    problems: list[Diagnostic]  # what made (part of) the file unreadable

    def chunks(self) -> Iterator[Chunk]: ...

    def cell_span(self, row: int, column: int) -> Span: ...

    def header_span(self, column: int) -> Span: ...


class LineIndex:
    """Text offsets to 1-based line and column, built once per file that has a problem."""

    def __init__(self, text: str):
        self.starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, path: str, start: int, end: int) -> Span:
        line, column = self.where(start)
        end_line, end_column = self.where(max(end, start))
        return Span(path, line, column, end_line, end_column)
