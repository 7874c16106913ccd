"""The order of the data never shows in the result: rows shuffled or files split, same json."""

import random
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan import api
from adoptplan.report.render import render

ROOT = Path(__file__).resolve().parents[3]
PLAYBOOKS = ROOT / "playbooks"
METRICS = ROOT / "examples" / "metrics"


def _json(metrics: list[Path]) -> str:
    prepared = api.prepare([PLAYBOOKS], metrics)
    return render(api.evaluate_prepared(prepared), "json")


@cache
def _expected() -> str:
    return _json([METRICS])


@cache
def _header_and_rows() -> tuple[str, tuple[str, ...]]:
    """Every row of the sample history (the weekly files share one header)."""
    rows: list[str] = []
    headers = set()
    for path in sorted(METRICS.glob("*.csv")):
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        headers.add(header)
        rows.extend(lines)
    assert len(headers) == 1
    return headers.pop(), tuple(rows)


def _write(folder: Path, name: str, header: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@settings(max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_the_rows_of_a_metrics_file_does_not_change_the_result(rng: random.Random):
    header, rows = _header_and_rows()
    shuffled = list(rows)
    rng.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "history.csv", header, shuffled)
        assert _json([path]) == _expected()


@settings(max_examples=5, deadline=None)
@given(st.integers(2, 6), st.randoms(use_true_random=False))
def test_splitting_the_history_into_files_given_in_any_order_does_not_change_the_result(
        parts: int, rng: random.Random):
    header, rows = _header_and_rows()
    chunks: list[list[str]] = [[] for _ in range(parts)]
    for row in rows:
        chunks[rng.randrange(parts)].append(row)
    with tempfile.TemporaryDirectory() as folder:
        paths = [_write(Path(folder), f"part-{index}.csv", header, chunk)
                 for index, chunk in enumerate(chunks) if chunk]
        rng.shuffle(paths)
        assert _json(paths) == _expected()
