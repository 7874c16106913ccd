"""Properties of the metrics loader: order never matters; the fast path agrees with the slow."""

import random
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.metrics import load_metrics
from adoptplan.metrics.cells import _cell_by_cell, encode
from adoptplan.metrics.fastcsv import byte_columns

UNITS = {name: metric.unit for name, metric in STANDARD_METRICS.items()}
SEGMENTS = ("engineers", "reps", "sales")
METRICS = ("active_members", "posts", "social_reach")
WEEKS = tuple(f"2026-W{w:02d}" for w in range(1, 9))
GEOGRAPHIES = ("", "DE", "FR", "US")

values = {
    # from 2%: a history whose shares all lie in 0-1 is warned about as ratios (AP612)
    "active_members": st.decimals(2, 100, places=1).map(str),
    "posts": st.integers(0, 10_000).map(str),
    "social_reach": st.floats(-1e6, 1e6, allow_nan=False).map(repr),
}
row_keys = st.tuples(st.sampled_from(WEEKS), st.sampled_from(SEGMENTS),
                     st.sampled_from(GEOGRAPHIES))
rows = st.dictionaries(
    row_keys,
    st.fixed_dictionaries({}, optional={m: values[m] for m in METRICS}).filter(bool),
    min_size=1, max_size=30,
)


def wide_lines(table: dict) -> list[str]:
    return [f"{p},{s},{g}," + ",".join(cells.get(m, "") for m in METRICS)
            for (p, s, g), cells in table.items()]


def long_lines(table: dict) -> list[str]:
    return [f"{p},{s},{g},{m},{v}" for (p, s, g), cells in table.items() for m, v in cells.items()]


WIDE_HEADER = "period,segment,geography," + ",".join(METRICS)
LONG_HEADER = "period,segment,geography,metric,value"


def load_texts(texts: list[str], order: list[int] | None = None):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"m{index}.csv"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        if order is not None:
            paths = [paths[i] for i in order]
        return load_metrics(paths, UNITS, SEGMENTS)


def assert_same(one, other) -> None:
    assert (one.period_kind, one.periods, one.groups) == (other.period_kind, other.periods,
                                                         other.groups)
    assert one.metrics() == other.metrics()
    for metric in one.metrics():
        assert np.array_equal(one.values[metric], other.values[metric], equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_shuffling_rows_does_not_change_the_history(table, rng: random.Random):
    for header, lines in ((WIDE_HEADER, wide_lines(table)), (LONG_HEADER, long_lines(table))):
        shuffled = lines[:]
        rng.shuffle(shuffled)
        first = load_texts(["\n".join([header, *lines]) + "\n"])
        second = load_texts(["\n".join([header, *shuffled]) + "\n"])
        assert first.diagnostics == second.diagnostics == ()
        assert_same(first.history, second.history)


@settings(max_examples=40, deadline=None)
@given(rows, st.integers(1, 4), st.randoms(use_true_random=False))
def test_splitting_into_files_in_any_order_does_not_change_the_history(table, parts, rng):
    lines = wide_lines(table)
    whole = load_texts(["\n".join([WIDE_HEADER, *lines]) + "\n"])
    owner = [rng.randrange(parts) for _ in lines]
    texts = ["\n".join([WIDE_HEADER, *(line for line, o in zip(lines, owner) if o == part)])
             + "\n" for part in range(parts)]
    order = list(range(parts))
    rng.shuffle(order)
    split = load_texts(texts, order)
    assert [d for d in split.diagnostics if d.code != "AP601"] == []
    assert_same(whole.history, split.history)


# Cells from characters that make plain decimals, near misses, and text.
cell_text = st.text(alphabet="0123456789.-+%eE x_naif", max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_text, min_size=1, max_size=40))
def test_the_numpy_cell_parser_agrees_with_python_float(cells):
    (column,) = byte_columns(cells, 1)
    fast, slow = column.parse(), _cell_by_cell(cells)
    assert np.array_equal(fast.values, slow.values, equal_nan=True)
    assert fast.problems == slow.problems
    fast_percent = fast.percent if fast.percent is not None else np.zeros(len(cells), bool)
    slow_percent = slow.percent if slow.percent is not None else np.zeros(len(cells), bool)
    assert np.array_equal(fast_percent, slow_percent)
    assert column.encode()[0] == encode(cells)[0]
    assert column.encode()[1].tolist() == encode(cells)[1].tolist()
    assert [column[i] for i in range(len(cells))] == cells


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 6))
def test_plain_decimals_round_exactly_like_float(number, places):
    text = f"{number:.{places}f}"
    (column,) = byte_columns([text, text + "%"], 1)
    parsed = column.parse()
    assert parsed.values.tolist() == [float(text), float(text)]


def python_columns(lines: list[str], width: int) -> list[tuple[str, ...]]:
    """The columns as Python strings: what the loader does without its numpy path."""
    return list(zip(*(line.split(",") for line in lines)))


def findings(loaded, exact: bool = True) -> list[tuple]:
    return [(d.code, d.message, d.span.line, d.hint) + ((d.span.column, d.span.end_column)
                                                         if exact else ())
            for d in loaded.diagnostics]


@settings(max_examples=60, deadline=None)
@given(rows, st.lists(st.tuples(st.integers(0, 29), st.sampled_from(METRICS), cell_text),
                      max_size=5))
def test_numpy_python_and_csv_module_paths_load_the_same(table, damage):
    lines = wide_lines(table)
    for row, metric, text in damage:  # some bad cells, so findings are compared too
        if row < len(lines):
            cells = lines[row].split(",")
            cells[3 + METRICS.index(metric)] = text
            lines[row] = ",".join(cells)
    fast = load_texts(["\n".join([WIDE_HEADER, *lines]) + "\n"])
    with mock.patch("adoptplan.metrics.csv_source.byte_columns", python_columns):
        slow = load_texts(["\n".join([WIDE_HEADER, *lines]) + "\n"])
    quoted_lines = ['"' + line.replace(",", '","') + '"' for line in [WIDE_HEADER, *lines]]
    quoted = load_texts(["\n".join(quoted_lines) + "\n"])
    for other in (slow, quoted):
        assert_same(fast.history, other.history)
    assert findings(fast) == findings(slow)
    assert findings(fast, exact=False) == findings(quoted, exact=False)
