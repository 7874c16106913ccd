"""The fast path for plain CSV: cells located, coded and parsed as numpy arrays over the raw bytes.

Used for a chunk of unquoted lines that all have the header's width, the shape of nearly every
export. No Python object is made per cell: text columns are coded with one `np.unique` over
fixed-width byte strings, and plain decimals (`-12.5`, `42%`) are computed digit by digit for all
rows at once. Any cell that is not a plain decimal is handed to `cells.parse_cell`, so the result
is the same as the cell-by-cell path (the tests compare both).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from adoptplan.metrics.cells import Columnar, Parsed, parse_cell

_COMMA, _NEWLINE, _PERCENT, _MINUS, _PLUS, _DOT, _ZERO = (ord(c) for c in ",\n%-+.0")
_LONGEST_PLAIN = 24  # longer cells are parsed one by one
_MOST_DIGITS = 15  # a mantissa of 15 digits is exact in a float64, so one division rounds right
_POWERS = 10.0 ** np.arange(_LONGEST_PLAIN + 1)
_PADDING = 64  # zero bytes after a chunk's text, so reading past a short cell needs no clamp


def byte_columns(lines: list[str], width: int) -> list[ByteColumn]:
    """The columns of lines that each hold exactly `width - 1` commas and no quote."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    buffer = np.frombuffer(data + bytes(_PADDING), dtype=np.uint8)
    text = buffer[: len(data)]
    ends = np.flatnonzero((text == _COMMA) | (text == _NEWLINE)).reshape(len(lines), width)
    starts = np.empty_like(ends)
    starts.reshape(-1)[0] = 0
    starts.reshape(-1)[1:] = ends.reshape(-1)[:-1] + 1
    return [ByteColumn(buffer, starts[:, c].copy(), ends[:, c].copy()) for c in range(width)]


class ByteColumn(Columnar):
    """One column of a chunk as (start, end) byte offsets into the chunk's text."""

    def __init__(self, buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray):
        self.buffer = buffer  # the chunk's text, then _PADDING zero bytes
        self.starts = starts
        self.lengths = ends - starts

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, row: int) -> str:
        start = self.starts[row]
        return self.buffer[start:start + self.lengths[row]].tobytes().decode("utf-8")

    def index(self, value: str) -> int:
        distinct, codes = self.encode()
        return int(np.argmax(codes == distinct.index(value)))

    def _characters(self, width: int) -> np.ndarray:
        """A (width, rows) matrix of each cell's bytes, zero past its end.

        Character position first, so that every step over a cell's characters is one
        operation on a contiguous row of all cells.
        """
        offsets = np.arange(width)[:, None]
        where = self.starts + offsets
        if width > _PADDING:
            where = np.minimum(where, len(self.buffer) - 1)
        return self.buffer[where] * (offsets < self.lengths)

    def encode(self) -> tuple[list[str], np.ndarray]:
        return self._encoded

    @cached_property
    def _encoded(self) -> tuple[list[str], np.ndarray]:
        width = max(int(self.lengths.max(initial=0)), 1)
        texts = np.ascontiguousarray(self._characters(width).T).view(f"S{width}").ravel()
        unique, first, inverse = np.unique(texts, return_index=True, return_inverse=True)
        order = np.argsort(first)  # distinct cells in order of first appearance, as cells.encode
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return [text.decode("utf-8") for text in unique[order]], rank[inverse.reshape(-1)]

    def parse(self) -> Parsed:
        """Plain decimals computed for all rows at once; anything else parsed cell by cell."""
        width = min(int(self.lengths.max(initial=0)), _LONGEST_PLAIN)
        values, plain, percent = self._plain(max(width, 1))
        values[self.lengths == 0] = np.nan
        problems: list[tuple[int, str]] = []
        for row in np.flatnonzero(~plain & (self.lengths > 0)).tolist():
            value, problem, marked = parse_cell(self[row])
            values[row], percent[row] = value, marked
            if problem:
                problems.append((row, problem))
        return Parsed(values, problems, percent if percent.any() else None)

    def _plain(self, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(values, which cells are plain decimals, which end in %) for cells up to `width`."""
        chars = self._characters(width)
        rows = np.arange(len(self))
        percent = chars[np.clip(self.lengths, 1, width) - 1, rows] == _PERCENT
        length = self.lengths - percent  # the number without its %
        inside = np.arange(width)[:, None] < length
        inside[0] &= (chars[0] != _MINUS) & (chars[0] != _PLUS)
        digits = inside & ((chars - _ZERO) <= 9)  # unsigned: below '0' wraps around
        dots = inside & (chars == _DOT)
        count, dot_count = digits.sum(axis=0), dots.sum(axis=0)
        plain = (
            (self.lengths <= width)
            & ~(inside & ~digits & ~dots).any(axis=0)
            & (dot_count <= 1)
            & (count >= 1)
            & (count <= _MOST_DIGITS)
        )
        mantissa = np.zeros(len(self), dtype=np.int64)
        for position in range(width):
            digit = chars[position].astype(np.int64) - _ZERO
            mantissa = np.where(digits[position], mantissa * 10 + digit, mantissa)
        values = mantissa.astype(np.float64)
        if dot_count.any():
            decimals = np.where(dot_count > 0, length - dots.argmax(axis=0) - 1, 0)
            values /= _POWERS[np.clip(decimals, 0, _LONGEST_PLAIN)]
        values = np.where(chars[0] == _MINUS, -values, values)
        return values, plain, percent & plain
