"""Rows of metrics files into one columnar History, checking every cell on the way.

Files are read in chunks of columns; periods, groups and numbers are parsed once per distinct
text where they repeat, and checks run on whole arrays. Values are kept as (row position, value)
per metric and chunk, and only at the end placed into dense (group, period) arrays, where a
value given twice is found with one `bincount`.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from adoptplan import periods as pr
from adoptplan.catalogue import COUNT, HOURS, NUMBER, PERCENT, UNBOUNDED_SUFFIX
from adoptplan.codes.metrics import (
    BAD_COLUMN,
    EMPTY_METRICS,
    NEGATIVE_COUNT,
    NOT_A_NUMBER,
    NOT_A_PERIOD,
    NOT_FINITE_NUMBER,
    PERCENT_OUT_OF_RANGE,
    RATIOS_AS_PERCENTAGES,
    UNKNOWN_SEGMENT,
    VALUE_TWICE,
)
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean
from adoptplan.metrics.cells import (
    NOT_FINITE,
    NOT_NUMBER,
    encode,
    is_numeric,
    parse_column,
    shown,
    text_of,
)
from adoptplan.metrics.table import Chunk, Source
from adoptplan.model import Span, frozen
from adoptplan.snapshot import Group, History

LIMIT = 20
"""Findings of one code shown per file; the rest are counted in one more finding."""

PERIOD, SEGMENT, METRIC, VALUE, MEMBERS = "period", "segment", "metric", "value", "members"

LAYOUTS_HINT = ("a metrics file has the columns period,segment,[dimensions],metric,value "
                "or period,segment,[dimensions] and one column per metric")
_UNIT_NAMES = {COUNT: "a count", NUMBER: "a number", HOURS: "hours"}


@frozen
class Layout:
    """Which column holds what, decided once per file from its header."""

    long: bool
    period: int
    segment: int
    dimensions: tuple[tuple[str, int], ...]  # (dimension name, column), by name
    metrics: tuple[tuple[str, int], ...] = ()  # wide: (metric, column)
    metric: int = -1  # long: the metric name column
    value: int = -1  # long: the value column
    members: int = -1  # long: an optional group size column


@frozen(eq=False)
class _Keys:
    """A chunk's rows as group and period ids (-1 when the row is not usable)."""

    source: Source
    rows: Sequence[int]
    groups: np.ndarray
    periods: np.ndarray
    offset: int  # position of the chunk's first row among all rows loaded


@frozen(eq=False)
class _Entry:
    """The values one column of one chunk gives a metric."""

    chunk: int
    positions: np.ndarray  # rows within the chunk
    values: np.ndarray
    column: int
    repeatable: bool  # the same value may repeat (a members column beside long rows)


class Builder:
    """Collects files one by one; `history()` gives the combined history."""

    def __init__(self, units: Mapping[str, str], segments: Collection[str],
                 dimensions: Collection[str] = ()):
        self.units = {**units, MEMBERS: COUNT}
        self.segments = frozenset(segments)
        self.dimensions = frozenset(dimensions)  # the playbook's `by` names: never metrics
        self.kind: str | None = None
        self.first_period = ""
        self.periods: dict[str, int] = {}
        self.groups: dict[Group, int] = {}
        self.chunks: list[_Keys] = []
        self.entries: dict[str, list[_Entry]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._counts: Counter[tuple[str, str]] = Counter()
        self._hidden: dict[tuple[str, str], Diagnostic] = {}
        self._warned: set[str] = set()  # unknown segments already reported, once per history
        self._group_keys: dict[tuple, int] = {}  # (dimension columns, cell texts) -> group id
        self._total = 0
        # percentage metric -> (largest value as written, any written with `%`, any strictly
        # between 0 and 1, where it was first given): shares written as ratios (0.42 for 42%)
        # are caught on the whole history
        self._percentages: dict[str, tuple[float, bool, bool, Source, int, int]] = {}

    def expect(self, kind: str | None, first_period: str) -> None:
        """The kind of period the history should have (`first_period` one of them), before any
        file is read: rows of another kind are then the ones reported."""
        if kind is not None:
            self.kind, self.first_period = kind, first_period

    # ------------------------------------------------------------------------------ findings

    def report(self, source: Source, code: str, row: int, column: int, message: str,
               hint: str | None = None, severity: str = ERROR) -> None:
        """A finding at a cell; its position is found only when it will be shown."""
        key = (source.path, code)
        if key in self._hidden:
            self._counts[key] += 1
        else:
            self._add(Diagnostic(code, message, source.cell_span(row, column), severity, hint))

    def _add(self, diagnostic: Diagnostic) -> None:
        """Keep a finding; past LIMIT per file and code, only count it."""
        key = (diagnostic.span.path, diagnostic.code)
        self._counts[key] += 1
        if self._counts[key] <= LIMIT:
            self.diagnostics.append(diagnostic)
        elif key not in self._hidden:
            self._hidden[key] = diagnostic

    def report_each(self, source: Source, code: str, items: Sequence,
                    describe: Callable[[Any], tuple[int, int, str, str | None]]) -> None:
        """Findings for many items (a broken column); only those to be shown are described."""
        key = (source.path, code)
        room = max(LIMIT + 1 - self._counts[key], 0)
        for item in items[:room]:
            self.report(source, code, *describe(item))
        self._counts[key] += max(len(items) - room, 0)

    def _summaries(self) -> list[Diagnostic]:
        found = []
        for key, first in sorted(self._hidden.items()):
            more = self._counts[key] - LIMIT
            found.append(attrs.evolve(
                first, message=f"{first.message} (and {more - 1} more like this in this file)"
                if more > 1 else first.message))
        return found

    # ------------------------------------------------------------------------------- a file

    def add(self, source: Source) -> None:
        """Check a file's header and every row, and collect its values."""
        for problem in source.problems:
            self._add(problem)
        if not source.header:
            if not source.problems:
                what = "is empty" if not source.text.strip() else "has no rows"
                self.diagnostics.append(Diagnostic(EMPTY_METRICS, f"this metrics file {what}",
                                                   Span(source.path, 1, 1, 1, 1),
                                                   hint=LAYOUTS_HINT))
            return
        chunks = source.chunks()
        first = next(chunks, None)
        layout = self._layout(source, first)
        if layout is None:
            return
        rows = 0
        for chunk in itertools.chain([first] if first is not None else [], chunks):
            rows += len(chunk.rows) + len(chunk.ragged)
            self._add_chunk(source, layout, chunk)
        if not rows:
            self.diagnostics.append(Diagnostic(
                EMPTY_METRICS, "this metrics file has a header but no rows", source.header_span(-1),
                hint=LAYOUTS_HINT))

    def _layout(self, source: Source, first: Chunk | None) -> Layout | None:
        columns = self._columns(source)
        long = METRIC in columns and VALUE in columns
        required = (PERIOD, SEGMENT, METRIC, VALUE) if long else (PERIOD, SEGMENT)
        missing = [name for name in required if name not in columns]
        for name in missing:
            self.diagnostics.append(Diagnostic(
                BAD_COLUMN, f"expected a column '{name}' in the header", source.header_span(-1),
                hint=did_you_mean(name, columns) or _separator_hint(source.header) or LAYOUTS_HINT))
        if missing:
            return None
        if long:
            reserved = {PERIOD, SEGMENT, METRIC, VALUE, MEMBERS}
            return Layout(True, columns[PERIOD], columns[SEGMENT], _others(columns, reserved),
                          metric=columns[METRIC], value=columns[VALUE],
                          members=columns.get(MEMBERS, -1))
        metrics = tuple(sorted(
            (name, i) for name, i in columns.items()
            if name in self.units or (name not in self.dimensions and name not in (PERIOD, SEGMENT)
                                      and first is not None and is_numeric(first.columns[i]))
        ))
        if not metrics:
            others = [name for name in columns if name not in (PERIOD, SEGMENT)]
            close = next(filter(None, (did_you_mean(n, self.units) for n in others)), None)
            self.diagnostics.append(Diagnostic(
                BAD_COLUMN, "expected columns 'metric' and 'value', or a column named after a metric",
                source.header_span(-1), hint=close or LAYOUTS_HINT))
            return None
        reserved = {PERIOD, SEGMENT} | {name for name, _ in metrics}
        return Layout(False, columns[PERIOD], columns[SEGMENT], _others(columns, reserved),
                      metrics=metrics)

    def _columns(self, source: Source) -> dict[str, int]:
        """Column name -> index; a nameless or repeated column is a finding and is left out."""
        columns: dict[str, int] = {}
        for index, name in enumerate(source.header):
            if not name:
                self.diagnostics.append(Diagnostic(
                    BAD_COLUMN, f"column {index + 1} of the header has no name",
                    source.header_span(index), hint="name every column, or remove the empty one"))
            elif name in columns:
                self.diagnostics.append(Diagnostic(
                    BAD_COLUMN, f"column '{name}' appears twice in the header",
                    source.header_span(index), hint=f"the first is column {columns[name] + 1}"))
            else:
                columns[name] = index
        return columns

    # ------------------------------------------------------------------------------ a chunk

    def _add_chunk(self, source: Source, layout: Layout, chunk: Chunk) -> None:
        width = len(source.header)
        for row, count in chunk.ragged:
            self.report(source, BAD_COLUMN, row, min(count, width),
                        f"expected {width} cells as in the header, got {count}")
        if not chunk.rows:
            return
        periods, blank = self._period_ids(source, layout, chunk)
        groups = self._group_ids(source, layout, chunk, blank)
        index = len(self.chunks)
        self.chunks.append(_Keys(source, chunk.rows, groups, periods, self._total))
        self._total += len(chunk.rows)
        usable = (periods >= 0) & (groups >= 0)
        if layout.long:
            self._long_values(source, layout, chunk, index, usable)
        else:
            for metric, column in layout.metrics:
                values = self._parsed(source, chunk, column, None)
                values = self._validated(source, chunk, column, metric, None, values)
                self._keep(metric, index, column, None, values, usable, False)

    def _period_ids(self, source: Source, layout: Layout, chunk: Chunk) -> tuple[np.ndarray, set]:
        """Each row's period id, -1 when it is not a valid period; and the blank rows."""
        cells = chunk.columns[layout.period]
        distinct, codes = encode(cells)
        found = [self._period_id(text_of(cell)) for cell in distinct]
        periods = np.array([v if isinstance(v, int) else -1 for v in found], dtype=np.int64)[codes]
        blank: set[int] = set()
        for i in np.flatnonzero(periods < 0).tolist():
            if not text_of(cells[i]) and all(not text_of(c[i]) for c in chunk.columns):
                blank.add(i)
                continue
            message, hint = found[codes[i]]
            self.report(source, NOT_A_PERIOD, chunk.rows[i], layout.period, message, hint)
        return periods, blank

    def _period_id(self, text: str) -> int | tuple[str, str | None]:
        """The id of a valid period of this history's kind, else (message, hint)."""
        if text in self.periods:
            return self.periods[text]
        expected = pr.EXPECTED
        if self.kind:
            expected = f"{'an ISO week' if self.kind == 'week' else 'a ' + self.kind} " \
                       f"like {pr.EXAMPLES[self.kind]}"
        if not text:
            return f"expected {expected} in column 'period', got an empty cell", None
        kind = pr.period_kind(text)
        if kind is None:
            suggestion = pr.suggest(text)
            return (f"expected {expected} in column 'period', got '{text}'",
                    f"did you mean '{suggestion}'?" if suggestion else None)
        if self.kind is None:
            self.kind, self.first_period = kind, text
        elif kind != self.kind:
            return (f"expected {expected} in column 'period', got '{text}': this history has "
                    f"{pr.NAMES[self.kind]} (from {self.first_period}) and cannot mix in "
                    f"{pr.NAMES[kind]}",
                    "keep metrics of each kind of period in a folder of their own")
        self.periods[text] = len(self.periods)
        return self.periods[text]

    def _group_ids(self, source: Source, layout: Layout, chunk: Chunk, blank: set) -> np.ndarray:
        """Each row's group id, -1 when the row has no segment.

        Cells are coded per column and the codes combined, so a group is built once per distinct
        (segment, dimension values) and never per row.
        """
        columns = (layout.segment, *(column for _, column in layout.dimensions))
        coded = [encode(chunk.columns[column]) for column in columns]
        combined = coded[0][1]
        for distinct, codes in coded[1:]:
            combined = np.unique(combined * len(distinct) + codes, return_inverse=True)[1]
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        texts = [[text_of(cell) for cell in distinct] for distinct, _ in coded]
        keys = zip(*(map(column.__getitem__, codes[first].tolist())
                     for column, (_, codes) in zip(texts, coded)))
        ids = np.array([self._group_id(source, layout, chunk, i, key)
                        for i, key in zip(first.tolist(), keys)], dtype=np.int64)
        groups = ids[inverse] if len(ids) else np.zeros(0, dtype=np.int64)
        for i in np.flatnonzero(groups < 0).tolist():
            if i not in blank:
                self.report(source, BAD_COLUMN, chunk.rows[i], layout.segment,
                            "expected a segment name in column 'segment', got an empty cell")
        return groups

    def _group_id(self, source: Source, layout: Layout, chunk: Chunk, i: int,
                  texts: tuple[str, ...]) -> int:
        """The id of the group of row `i`, whose segment and dimension cells read `texts`.

        A group met again (every chunk of a long history holds every group) is found by its
        texts; the first time a segment is seen, check it is known.
        """
        key = (layout.dimensions, *texts)
        found = self._group_keys.get(key)
        if found is not None:
            return found
        segment, *values = texts
        dimensions = tuple((name, v) for (name, _), v in zip(layout.dimensions, values) if v)
        found = -1
        if segment:
            if segment not in self.segments and segment not in self._warned:
                self._warned.add(segment)
                first = chunk.columns[layout.segment].index(chunk.columns[layout.segment][i])
                self._unknown_segment(source, layout, chunk.rows[first], segment)
            found = self.groups.setdefault(Group(segment, dimensions), len(self.groups))
        self._group_keys[key] = found
        return found

    def _unknown_segment(self, source: Source, layout: Layout, row: int, segment: str) -> None:
        known = ", ".join(sorted(self.segments)) or "none"
        hint = did_you_mean(segment, self.segments) or f"the playbook's segments: {known}"
        self.report(source, UNKNOWN_SEGMENT, row, layout.segment,
                    f"the playbook has no segment '{segment}'; its rows are loaded but no rule "
                    f"reads them", hint, WARNING)

    # ------------------------------------------------------------------------------ values

    def _long_values(self, source: Source, layout: Layout, chunk: Chunk, index: int,
                     usable: np.ndarray) -> None:
        names = chunk.columns[layout.metric]
        distinct, codes = encode(names)
        metrics = [text_of(cell) for cell in distinct]
        values = self._parsed(source, chunk, layout.value, names)
        for metric in sorted(set(metrics)):
            ids = [k for k, name in enumerate(metrics) if name == metric]
            positions = np.flatnonzero(np.isin(codes, ids))
            if not metric:
                for i in positions[usable[positions]].tolist():
                    self.report(source, BAD_COLUMN, chunk.rows[i], layout.metric,
                                "expected a metric name in column 'metric', got an empty cell")
                continue
            checked = self._validated(source, chunk, layout.value, metric, positions, values)
            self._keep(metric, index, layout.value, positions, checked, usable, False)
        if layout.members >= 0:
            members = self._parsed(source, chunk, layout.members, None)
            members = self._validated(source, chunk, layout.members, MEMBERS, None, members)
            self._keep(MEMBERS, index, layout.members, None, members, usable, True)

    def _parsed(self, source: Source, chunk: Chunk, column: int, names: Sequence | None
                ) -> tuple[np.ndarray, np.ndarray | None]:
        """A column's numbers (NaN where empty or bad) and its `%` marks; bad cells reported."""
        cells = chunk.columns[column]
        parsed = parse_column(cells, source.texts)
        name = source.header[column]
        for code, problem, expected, hint in (
            (NOT_A_NUMBER, NOT_NUMBER, "a number", None),
            (NOT_FINITE_NUMBER, NOT_FINITE, "a finite number",
             "leave the cell empty for a value that is missing"),
        ):
            def describe(i: int, expected: str = expected, hint: str | None = hint) -> tuple:
                of = f" (metric '{text_of(names[i])}')" if names is not None else ""
                got = shown(cells[i])
                return (chunk.rows[i], column,
                        f"expected {expected} in column '{name}'{of}, got '{got}'", hint)

            bad = [i for i, kind in parsed.problems if kind == problem]
            self.report_each(source, code, bad, describe)
        return parsed.values, parsed.percent

    def _validated(self, source: Source, chunk: Chunk, column: int, metric: str,
                   positions: np.ndarray | None, parsed: tuple[np.ndarray, np.ndarray | None]
                   ) -> np.ndarray:
        """One metric's values at `positions` (all rows when None), out-of-range ones dropped."""
        values, percent = parsed
        values = values if positions is None else values[positions]  # wide: ours to change
        unit = self.units.get(metric)
        where = f"column '{source.header[column]}'"
        if positions is not None:
            where += f" (metric '{metric}')"
        cells = chunk.columns[column]

        def flag(bad: np.ndarray, code: str, expected: str, hint: str | None) -> None:
            def describe(k: int) -> tuple:
                i = int(k if positions is None else positions[k])
                return (chunk.rows[i], column,
                        f"expected {expected} in {where}, got '{shown(cells[i])}'", hint)

            self.report_each(source, code, bad, describe)
            values[bad] = np.nan

        if percent is not None and unit != PERCENT:
            marked = percent if positions is None else percent[positions]
            flag(np.flatnonzero(marked & ~np.isnan(values)), NOT_A_NUMBER, "a number",
                 f"'{metric}' is {_UNIT_NAMES[unit]}, not a percentage" if unit in _UNIT_NAMES
                 else f"the playbook declares no percentage metric '{metric}'")
        if unit == PERCENT:
            if not metric.endswith(UNBOUNDED_SUFFIX):
                flag(np.flatnonzero((values < 0) | (values > 100)), PERCENT_OUT_OF_RANGE,
                     "a percentage from 0% to 100%", "write 42 or 42% for 42%")
                marked = None if percent is None else (
                    percent if positions is None else percent[positions])
                self._note_percentages(source, chunk, column, metric, positions, values, marked)
            values /= 100
        elif unit == COUNT:
            flag(np.flatnonzero(values < 0), NEGATIVE_COUNT, "a count of 0 or more", None)
        return values

    def _note_percentages(self, source: Source, chunk: Chunk, column: int, metric: str,
                          positions: np.ndarray | None, values: np.ndarray,
                          marked: np.ndarray | None) -> None:
        """Keeps what AP612 needs of a percentage metric: its largest value, whether any was
        written with `%`, whether any is a fraction of 1 (only 0s and 1s are as likely 0% and
        1% of a tiny group as ratios), and where it was first given."""
        given = np.flatnonzero(~np.isnan(values))
        if not given.size:
            return
        largest = float(values[given].max())
        with_sign = bool(marked is not None and marked[given].any())
        fraction = bool(((values[given] > 0) & (values[given] < 1)).any())
        if metric in self._percentages:
            before, signed, fractional, *first = self._percentages[metric]
            self._percentages[metric] = (max(before, largest), signed or with_sign,
                                         fractional or fraction, *first)
        else:
            i = int(given[0] if positions is None else positions[given[0]])
            self._percentages[metric] = (largest, with_sign, fraction, source, chunk.rows[i],
                                         column)

    def _ratio_warnings(self) -> list[Diagnostic]:
        """AP612 for each percentage metric whose values all lie in 0-1, at least one strictly
        between (0.306), none written with `%`."""
        found = []
        for metric, (largest, with_sign, fraction, source, row, column) in sorted(
                self._percentages.items()):
            if 0 < largest <= 1 and fraction and not with_sign:
                found.append(Diagnostic(
                    RATIOS_AS_PERCENTAGES, f"every value of the percentage metric '{metric}' is between 0 and "
                             f"1 (the largest is {largest:g}), so it is read as under 1%",
                    source.cell_span(row, column), WARNING,
                    "if these are ratios (0.42 for 42%), multiply them by 100 or add `%`"))
        return found

    def _keep(self, metric: str, chunk: int, column: int, positions: np.ndarray | None,
              values: np.ndarray, usable: np.ndarray, repeatable: bool) -> None:
        rows_usable = usable if positions is None else usable[positions]
        kept = np.flatnonzero(rows_usable & ~np.isnan(values))
        where = kept if positions is None else positions[kept]
        entry = _Entry(chunk, where.astype(np.int32), values[kept], column, repeatable)
        self.entries.setdefault(metric, []).append(entry)

    # ---------------------------------------------------------------------------- the history

    def history(self) -> History:
        periods = tuple(sorted(self.periods))
        groups = tuple(sorted(self.groups, key=lambda g: (g.segment, g.dimensions)))
        cells = self._cells(periods, groups)
        values = {metric: self._column(metric, entries, cells, periods, groups)
                  for metric, entries in sorted(self.entries.items())}
        self.diagnostics.extend(self._summaries())
        self.diagnostics.extend(self._ratio_warnings())
        # period by period in memory, indexed [group, period] (see History)
        shape = (len(periods), len(groups))
        return History(self.kind or "", periods, groups,
                       {k: v.reshape(shape).T for k, v in values.items()})

    def _cells(self, periods: tuple[str, ...], groups: tuple[Group, ...]) -> np.ndarray:
        """Each loaded row's flat index into a (period, group) array; rows not usable give 0."""
        if not self.chunks or not periods or not groups:
            return np.zeros(self._total, dtype=np.int64)
        period_map = np.empty(len(periods), dtype=np.int64)
        period_map[[self.periods[p] for p in periods]] = np.arange(len(periods))
        group_map = np.empty(len(groups), dtype=np.int64)
        group_map[[self.groups[g] for g in groups]] = np.arange(len(groups))
        return np.concatenate([
            period_map[np.maximum(keys.periods, 0)] * len(groups)
            + group_map[np.maximum(keys.groups, 0)]
            for keys in self.chunks
        ])

    def _column(self, metric: str, entries: list[_Entry], cells: np.ndarray,
                periods: tuple[str, ...], groups: tuple[Group, ...]) -> np.ndarray:
        size = len(groups) * len(periods)
        out = np.full(size, np.nan)
        positions = np.concatenate(
            [e.positions.astype(np.int64) + self.chunks[e.chunk].offset for e in entries])
        if not len(positions):
            return out
        values = np.concatenate([e.values for e in entries])
        where = cells[positions]
        if np.bincount(where, minlength=size).max() > 1:
            where, values = self._first_values(metric, entries, positions, where, values,
                                               periods, groups)
        out[where] = values
        return out

    def _first_values(self, metric: str, entries: list[_Entry], positions: np.ndarray,
                      where: np.ndarray, values: np.ndarray, periods: tuple[str, ...],
                      groups: tuple[Group, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Keep the first value of each cell; report the others unless they may repeat."""
        unique, first_index, inverse = np.unique(where, return_index=True, return_inverse=True)
        first = first_index[inverse]
        repeatable = np.concatenate([np.full(len(e.positions), e.repeatable) for e in entries])
        twice = np.flatnonzero(first != np.arange(len(where)))
        earlier = first[twice]
        same = repeatable[twice] & repeatable[earlier] & (values[twice] == values[earlier])
        owner = np.repeat(np.arange(len(entries)), [len(e.positions) for e in entries])
        conflicts = twice[~same]
        sources = list({id(s): s for s in (self.chunks[e.chunk].source for e in entries)}.values())
        source_of = np.array([sources.index(self.chunks[e.chunk].source) for e in entries])
        conflict_source = source_of[owner[conflicts]]

        def describe(k: int) -> tuple:
            k = int(k)
            source, row, column = self._locate(entries[owner[k]], int(positions[k]))
            first_source, first_row, first_column = self._locate(
                entries[owner[first[k]]], int(positions[first[k]]))
            line = first_source.cell_span(first_row, first_column).line
            elsewhere = f" of {first_source.path}" if first_source.path != source.path else ""
            period, group = periods[where[k] // len(groups)], groups[where[k] % len(groups)]
            return (row, column, f"'{metric}' of {group.label()} in {period} is given twice",
                    f"first given on line {line}{elsewhere}")

        for number, source in enumerate(sources):
            self.report_each(source, VALUE_TWICE, conflicts[conflict_source == number], describe)
        return unique, values[first_index]

    def _locate(self, entry: _Entry, position: int) -> tuple[Source, int, int]:
        keys = self.chunks[entry.chunk]
        return keys.source, keys.rows[position - keys.offset], entry.column


def _others(columns: Mapping[str, int], reserved: Collection[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((name, i) for name, i in columns.items() if name not in reserved))


def _separator_hint(header: Sequence[str]) -> str | None:
    """A header read as one column was probably written with another separator."""
    if len(header) == 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs")):
            if separator in header[0]:
                return f"this file separates cells with {name}; metrics files use commas"
    return None
