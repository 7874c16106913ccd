"""JSON metrics files: a list of row objects or `{"rows": [...]}`; positions found in the text.

A row has the same keys as CSV columns; its dimensions may also be given as a `"dimensions"`
object. Positions come from re-scanning the (already valid) text with `raw_decode`, only when a
problem needs one, so they are exact without a position-tracking parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cached_property

from adoptplan.codes.metrics import UNREADABLE_METRICS
from adoptplan.diagnostics import Diagnostic
from adoptplan.files import MAX_JSON_DEPTH, json_lone_surrogate, json_too_deep
from adoptplan.metrics.table import Chunk, LineIndex
from adoptplan.model import Span

CODE = UNREADABLE_METRICS
DIMENSIONS = "dimensions"
_BLANK = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
EXPECTED = 'expected a list of row objects, or {"rows": [...]}'


class JsonSource:
    """One JSON file, decoded."""

    texts = False

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.problems: list[Diagnostic] = []
        self.header: tuple[str, ...] = ()
        self.row_ids: list[int] = []
        self.rows: list[dict] = []
        deep, half = json_too_deep(text), json_lone_surrogate(text)
        if deep is not None or half is not None:
            where = deep if deep is not None else half
            message = f"this JSON is nested more than {MAX_JSON_DEPTH} levels deep" \
                if deep is not None else "this escape is half a character, not text"
            self.problems.append(Diagnostic(CODE, message, self._index.span(path, where, where + 1),
                                            hint=EXPECTED))
            return
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            span = Span(path, error.lineno, error.colno, error.lineno, error.colno + 1)
            self.problems.append(Diagnostic(CODE, f"this is not valid JSON: {error.msg}", span,
                                            hint=EXPECTED))
            return
        except ValueError as error:  # an integer of more than 4,300 digits
            self.problems.append(Diagnostic(CODE, f"this is not usable JSON: {error}"[:200],
                                            self._top_span(), hint=EXPECTED))
            return
        rows = document.get("rows") if isinstance(document, dict) else document
        if not isinstance(rows, list):
            self.problems.append(Diagnostic(CODE, "this JSON holds no list of rows",
                                            self._top_span(), hint=EXPECTED))
            return
        self._flatten(rows)

    def _flatten(self, rows: list) -> None:
        keys: dict[str, None] = {}
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                self.problems.append(Diagnostic(
                    CODE, f"expected a row object, got {json.dumps(row)[:40]}",
                    self.row_span(index), hint=EXPECTED))
                continue
            flat = dict(row)
            dimensions = flat.pop(DIMENSIONS, {})
            if not isinstance(dimensions, dict):
                self._problem(index, DIMENSIONS, "expected an object of dimension values")
                continue
            nested = next((k for k, v in dimensions.items() if isinstance(v, (dict, list))), None)
            if nested is not None:
                self._problem(index, DIMENSIONS,
                              f"dimension '{nested}' must be a text, not a nested value")
                continue
            clash = sorted(set(flat) & set(dimensions))
            if clash:
                self._problem(index, DIMENSIONS, f"'{clash[0]}' is given twice in this row")
                continue
            flat.update(dimensions)
            keys.update(dict.fromkeys(flat))
            self.row_ids.append(index)
            self.rows.append(flat)
        self.header = tuple(keys)

    def _problem(self, index: int, key: str, message: str) -> None:
        self.problems.append(Diagnostic(CODE, message, self._key_span(index, key)))

    def chunks(self) -> Iterator[Chunk]:
        if self.rows:
            columns = [[row.get(key) for row in self.rows] for key in self.header]
            yield Chunk(self.row_ids, columns)

    # ------------------------------------------------------------------ positions, on demand

    @cached_property
    def _index(self) -> LineIndex:
        return LineIndex(self.text)

    def _top_span(self) -> Span:
        start = _BLANK.match(self.text).end()
        return self._index.span(self.path, start, start + 1)

    @cached_property
    def _row_offsets(self) -> list[tuple[int, int]]:
        """(start, end) of each element of the rows array in the text."""
        start = _BLANK.match(self.text).end()
        if self.text.startswith("{", start):
            start = dict(_members(self.text, start)).get("rows", (start, start))[0]
        return _elements(self.text, start)

    def row_span(self, row: int) -> Span:
        start, end = self._row_offsets[row]
        return self._index.span(self.path, start, end)

    def _key_span(self, row: int, key: str) -> Span:
        start, _ = self._row_offsets[row]
        members = dict(_members(self.text, start))
        if key not in members and isinstance(members.get(DIMENSIONS), tuple):
            members = dict(_members(self.text, members[DIMENSIONS][0]))
        if key in members:
            return self._index.span(self.path, *members[key])
        return self.row_span(row)

    def cell_span(self, row: int, column: int) -> Span:
        """The value of the cell's key in the row object; the whole row when the key is absent."""
        return self._key_span(row, self.header[column])

    def header_span(self, column: int) -> Span:
        return self.row_span(self.row_ids[0]) if self.row_ids else self._top_span()


def _skip(text: str, position: int) -> int:
    return _BLANK.match(text, position).end()


def _members(text: str, start: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """(key, (start, end) of its value) for each member of the object at `start`."""
    if not text.startswith("{", start):
        return
    position = _skip(text, start + 1)
    while not text.startswith("}", position):
        key, position = _DECODER.raw_decode(text, position)
        position = _skip(text, _skip(text, position) + 1)  # past the colon
        _, end = _DECODER.raw_decode(text, position)
        yield key, (position, end)
        position = _skip(text, end)
        if text.startswith(",", position):
            position = _skip(text, position + 1)


def _elements(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each element of the array at `start`."""
    found: list[tuple[int, int]] = []
    if not text.startswith("[", start):
        return found
    position = _skip(text, start + 1)
    while not text.startswith("]", position):
        _, end = _DECODER.raw_decode(text, position)
        found.append((position, end))
        position = _skip(text, end)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
    return found
