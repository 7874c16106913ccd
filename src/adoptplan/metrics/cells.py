"""Cells to numbers and codes, a whole column at a time: the hot loop of loading metrics.

A column of Python strings (JSON, or CSV not read by pyarrow) is parsed once per distinct cell
text when values repeat (counts, rounded percentages), else by numpy in one call; only a column
numpy refuses is parsed cell by cell. A `Columnar` column (read by pyarrow) does both itself. Bad
cells are returned by position so the caller can point at them; they never stop the column.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np

from adoptplan.model import frozen

NOT_NUMBER = "not a number"
NOT_FINITE = "not finite"

_NAN = math.nan
_JSON_NUMBERS = {int, float, type(None)}
_EMPTY = (_NAN, None, False)


@frozen(eq=False)
class Parsed:
    """A column as floats: NaN where a cell is empty or bad; bad cells by position with why."""

    values: np.ndarray
    problems: list[tuple[int, str]]  # (position in the column, NOT_NUMBER or NOT_FINITE)
    percent: np.ndarray | None  # True where a cell ended in `%`; None when none did


class Columnar:
    """A column that codes and parses itself without a Python object per cell (csv_source)."""

    def encode(self) -> tuple[list[str], np.ndarray]:
        raise NotImplementedError

    def parse(self) -> Parsed:
        raise NotImplementedError

    def numbers(self) -> bool:
        """Whether every cell is a number or empty and one at least is not (see build)."""
        raise NotImplementedError


def shown(cell: object) -> str:
    """A cell as the user wrote it, for messages."""
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else json.dumps(cell)


def text_of(cell: object) -> str:
    """A text cell (period, segment, dimension value) without surrounding blanks."""
    return cell.strip() if isinstance(cell, str) else shown(cell)


def parse_cell(cell: object) -> tuple[float, str | None, bool]:
    """(value, problem, had a trailing %) for one cell of any type JSON or CSV can give."""
    if cell is None or isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        return _EMPTY if cell is None else (_NAN, NOT_NUMBER, False)
    percent = False
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return _EMPTY
        percent = text.endswith("%")
        try:
            value = float(text[:-1] if percent else text)
        except ValueError:
            return _NAN, NOT_NUMBER, percent
    else:
        try:
            value = float(cell)
        except OverflowError:
            return _NAN, NOT_FINITE, False
    if not math.isfinite(value):
        return _NAN, NOT_FINITE, percent
    return value, None, percent


def encode(cells: Sequence) -> tuple[list, np.ndarray]:
    """The distinct cells in order of first appearance, and each cell's index among them."""
    if isinstance(cells, Columnar):
        return cells.encode()
    try:
        distinct = dict.fromkeys(cells)
    except TypeError:  # a JSON list or object as a cell: coded by its text
        cells = [shown(c) if isinstance(c, (list, dict)) else c for c in cells]
        distinct = dict.fromkeys(cells)
    index = dict(zip(distinct, range(len(distinct))))
    return list(distinct), np.fromiter(map(index.__getitem__, cells), np.int64, len(cells))


def parse_column(cells: Sequence, texts: bool) -> Parsed:
    """Every cell of a column as a float; `texts` says every cell is a str (fast paths apply)."""
    if isinstance(cells, Columnar):
        return cells.parse()
    if texts and cells and len(set(cells)) * 4 <= len(cells):
        return _by_distinct(*encode(cells))
    if texts or set(map(type, cells)) <= _JSON_NUMBERS:
        try:
            values = np.array(cells, dtype=np.float64)  # JSON null becomes NaN
        except (ValueError, OverflowError):
            pass
        else:
            bad = np.flatnonzero(~np.isfinite(values))
            values[bad] = np.nan
            problems = [(i, NOT_FINITE) for i in bad.tolist() if cells[i] is not None]
            return Parsed(values, problems, None)
    return _cell_by_cell(cells)


NUMERIC_SAMPLE = 1000
"""How many first cells of a column say whether it holds numbers (see `is_numeric`)."""


def is_numeric(cells: Sequence) -> bool:
    """A column of a wide file the playbook does not name is a metric when its first cells are
    numbers (or empty, one at least not).

    The playbook may leave a metric of the export undeclared; a dimension column holds names.
    """
    if isinstance(cells, Columnar):
        return cells.numbers()
    seen = False
    for index in range(min(len(cells), NUMERIC_SAMPLE)):
        cell = cells[index]
        if cell is None or cell == "":
            continue
        if isinstance(cell, bool):
            return False
        if not isinstance(cell, (int, float)):
            try:
                float(str(cell).strip().rstrip("%"))
            except ValueError:
                return False
        seen = True
    return seen


def _by_distinct(distinct: list[str], codes: np.ndarray) -> Parsed:
    """Each distinct text parsed once, then spread to the rows by index."""
    results = [parse_cell(cell) for cell in distinct]
    values = np.array([r[0] for r in results], dtype=np.float64)[codes]
    bad = [k for k, r in enumerate(results) if r[1]]
    problems = []
    if bad:
        problems = [(i, results[codes[i]][1]) for i in np.flatnonzero(np.isin(codes, bad)).tolist()]
    marked = [k for k, r in enumerate(results) if r[2]]
    return Parsed(values, problems, np.isin(codes, marked) if marked else None)


def _cell_by_cell(cells: Sequence) -> Parsed:
    results = [parse_cell(cell) for cell in cells]
    values = np.fromiter((r[0] for r in results), np.float64, len(results))
    problems = [(i, r[1]) for i, r in enumerate(results) if r[1]]
    marked = [r[2] for r in results]
    return Parsed(values, problems, np.array(marked, dtype=bool) if any(marked) else None)
