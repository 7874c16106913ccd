"""Properties of the metrics loader: order never matters; pyarrow's reader agrees with ours."""

import random
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.metrics import load_metrics

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


def by_arrow(texts: list[str], order: list[int] | None = None):
    """The same files, every one read by pyarrow (as files of ARROW_FROM characters are)."""
    with mock.patch("adoptplan.metrics.csv_source.ARROW_FROM", 0):
        return load_texts(texts, order)


@settings(max_examples=150, deadline=None)
@given(st.lists(cell_text, min_size=1, max_size=40))
def test_arrow_reads_each_cell_as_python_float_does(cells):
    text = "period,segment,social_reach\n" + "".join(f"2026-W01,reps{i},{cell}\n"
                                                     for i, cell in enumerate(cells))
    fast, slow = by_arrow([text]), load_texts([text])
    assert_same(fast.history, slow.history)
    assert findings(fast) == findings(slow)


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 17))
def test_arrow_rounds_decimals_exactly_like_float(number, places):
    text = f"{number:.{places}f}"
    loaded = by_arrow([f"period,segment,social_reach\n2026-W01,reps,{text}\n"])
    assert loaded.history.values["social_reach"].tolist() == [[float(text)]]


def findings(loaded, exact: bool = True) -> list[tuple]:
    return [(d.code, d.message, d.span.line, d.hint) + ((d.span.column, d.span.end_column)
                                                         if exact else ())
            for d in loaded.diagnostics]


@settings(max_examples=60, deadline=None)
@given(rows, st.lists(st.tuples(st.integers(0, 29), st.sampled_from(METRICS), cell_text),
                      max_size=5))
def test_arrow_python_and_csv_module_paths_load_the_same(table, damage):
    lines = wide_lines(table)
    for row, metric, text in damage:  # some bad cells, so findings are compared too
        if row < len(lines):
            cells = lines[row].split(",")
            cells[3 + METRICS.index(metric)] = text
            lines[row] = ",".join(cells)
    fast = by_arrow(["\n".join([WIDE_HEADER, *lines]) + "\n"])
    slow = load_texts(["\n".join([WIDE_HEADER, *lines]) + "\n"])
    quoted_lines = ['"' + line.replace(",", '","') + '"' for line in [WIDE_HEADER, *lines]]
    quoted = load_texts(["\n".join(quoted_lines) + "\n"])
    for other in (slow, quoted):
        assert_same(fast.history, other.history)
    assert findings(fast) == findings(slow)
    assert findings(fast, exact=False) == findings(quoted, exact=False)


def test_arrow_reads_a_plain_file_and_leaves_a_bad_column_to_the_cell_parser():
    from adoptplan.metrics.csv_source import ArrowNumbers, CsvSource

    text = ("period,segment,geography,posts,social_reach\n2026-W01,reps,DE,1,2.5\n"
            "2026-W01,reps,FR,2,oops\n2026-W02,reps,DE,3,\n")
    with mock.patch("adoptplan.metrics.csv_source.ARROW_FROM", 0):
        (chunk,) = CsvSource("m.csv", text).chunks()
        loaded = by_arrow([text])
    assert list(chunk.rows) == [1, 2, 3]
    assert [type(column).__name__ for column in chunk.columns] == [
        "ArrowTexts", "ArrowTexts", "ArrowTexts", "ArrowNumbers", "ArrowTexts"]
    assert chunk.columns[2].cells == ["DE", "FR", "DE"]
    assert chunk.columns[2].encode()[0] == ["DE", "FR"]
    assert chunk.columns[2].encode()[1].tolist() == [0, 1, 0]
    assert isinstance(chunk.columns[3], ArrowNumbers) and chunk.columns[3][2] == "3"
    assert [(d.code, d.span.line, d.span.column) for d in loaded.diagnostics] == [("AP603", 3, 20)]


@pytest.mark.parametrize("text", [
    'period,segment,posts\n2026-W01,"reps",1\n',  # quoted
    "period,segment,posts\n2026-W01,reps,1\n\n2026-W02,reps,2\n",  # a blank line
    "period,segment,posts\n2026-W01,reps,1,9\n",  # ragged
    "period,segment,posts\n2026-W01,reps\n",  # ragged
    "\nperiod,segment,posts\n2026-W01,reps,1\n",  # the header on line 2
])
def test_files_arrow_would_read_otherwise_go_to_the_precise_reader(text):
    with mock.patch("adoptplan.metrics.csv_source.ARROW_FROM", 0):
        fast = by_arrow([text])
    slow = load_texts([text])
    assert_same(fast.history, slow.history)
    assert findings(fast) == findings(slow)


def test_many_bad_number_columns_are_read_as_text_after_a_few_attempts():
    header = "period,segment," + ",".join(sorted(UNITS)[:8])
    rows = ["2026-W01,reps," + ",".join(str(i) for i in range(8)),
            "2026-W02,reps," + ",".join(f"x{i}" for i in range(8))]
    text = "\n".join([header, *rows]) + "\n"
    fast, slow = by_arrow([text]), load_texts([text])
    assert_same(fast.history, slow.history)
    assert findings(fast) == findings(slow)
    assert len(fast.diagnostics) == 8


def test_a_file_read_in_blocks_loads_as_the_precise_reader_loads_it():
    """pyarrow reads a file of megabytes in blocks, each coding its texts on its own: the codes
    are unified in order of first appearance, so groups, values and findings (a bad cell deep in
    the file, a geography first seen in a late block) are the precise reader's."""
    rng = random.Random(7)
    lines = []
    for week in range(1, 53):
        places = [f"G{n:03d}" for n in range(400 if week < 30 else 500)]
        for segment in rng.sample(SEGMENTS, len(SEGMENTS)):
            for place in rng.sample(places, len(places)):
                lines.append(f"2026-W{week:02d},{segment},{place},{rng.randint(2, 99)}.5,"
                             f"{rng.randint(0, 500)},{rng.random():.6f}")
    lines[60_000] = lines[60_000].rsplit(",", 1)[0] + ",oops"
    text = "\n".join([WIDE_HEADER, *lines]) + "\n"
    assert len(text) > 2 * (1 << 20)  # several of pyarrow's blocks (1 MB each)
    fast = load_texts([text])
    with mock.patch("adoptplan.metrics.csv_source.ARROW_FROM", len(text) + 1):
        slow = load_texts([text])
    assert_same(fast.history, slow.history)
    assert findings(fast) == findings(slow)
    assert [(d.code, d.span.line) for d in fast.diagnostics] == [("AP603", 60_002)]


def _large_wide_text() -> str:
    rng = random.Random(3)
    rows = [f"2026-W{week:02d},{rng.choice(SEGMENTS)},Gé{place},{rng.randint(0, 99)}.5,"
            f"{rng.randint(0, 500)},{rng.random():.4f}"
            for week in range(1, 53) for place in range(1000)]
    return "\n".join([WIDE_HEADER, *rows]) + "\n"


@pytest.mark.parametrize("change", [
    lambda text: text.replace("\n", "\r\n"),  # line ends pyarrow never sees (decoded first)
    lambda text: text.replace(",", ";").replace(".", ","),  # a European spreadsheet's CSV
    lambda text: text.replace(",5,", ",NA,").replace(",7,", ", 7 ,"),  # NA is no empty cell
    lambda text: text.replace(",11,", ",inf,").replace(",12,", ",nan,"),
    lambda text: text.replace(",13.5,", ",13.5%,"),
    lambda text: text[:-1] + "x" * 3_000_000 + "\n",  # a cell larger than pyarrow's block
], ids=["crlf", "semicolons", "na-and-spaces", "not-finite", "percent", "huge-cell"])
def test_large_files_load_as_the_precise_reader_loads_them(change):
    text = change(_large_wide_text())
    assert len(text) > 1 << 20  # read by pyarrow
    fast = load_texts([text])
    with mock.patch("adoptplan.metrics.csv_source.ARROW_FROM", len(text) + 1):
        slow = load_texts([text])
    assert_same(fast.history, slow.history)
    assert findings(fast) == findings(slow)
