"""Benchmark: loading the metrics of a generated case, adoptplan's reader against pyarrow, DuckDB,
polars and pandas reading the same file.

    python benchmarks/bench_load.py               # the large case's metrics at 1/8 scale
    python benchmarks/bench_load.py --scale 1     # the large case itself (1,060,800 rows)

The metrics are bench_evaluate.py's large case (one wide CSV file: period, segment, geography,
20 metric columns) with segments divided by --scale (default 8: 132,600 rows, 11.8 MB; the read
grows with the rows, so times scale by about the factor printed). Interleaved, caches cleared
before each run, at least 5 rounds:

  adoptplan  metrics.load_metrics: read (by pyarrow's CSV reader, as every plain CSV file of
             1 MB or more: metrics/csv_source.py), check every cell (diagnostics with file, row,
             column), build the History (one array per metric, indexed [group, period])
  pyarrow    pyarrow.csv.read_csv(file): the floor for a loader built on pyarrow
  duckdb     duckdb.read_csv(file).fetchnumpy(): every column as a numpy array (a fresh
             connection each time): the reader adoptplan used before
  polars     polars.read_csv(file)
  pandas     pandas.read_csv(file) (the C engine)

The competitors only read; adoptplan also checks and lays out the history, so their times are a
floor for a loader built on them. Before the figures, each metric's values are checked equal both
ways between adoptplan's history and DuckDB's columns (percentages are held as ratios).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import bench_evaluate as be
import numpy as np
from harness import Row, interleave, load, table


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--scale", type=int, default=8, help="divide the segments by this")
    options.add_argument("--rounds", type=int, default=5)
    options.add_argument("--seed", type=int, default=2026)
    args = options.parse_args(argv)
    import duckdb
    import pandas
    import polars
    from pyarrow import csv as pa_csv

    from adoptplan import api
    from adoptplan.engine.params import metric_units
    from adoptplan.metrics import load_metrics

    large = be.CASES["large"]
    spec = be.CaseSpec(f"large-{args.scale}", large.segments // args.scale, large.geographies,
                       large.periods, large.metrics, 10, 0, None)
    with tempfile.TemporaryDirectory(prefix="adoptplan-bench-load-") as folder:
        playbook_path, metrics, _, _ = be.generate_case(
            spec, Path(folder), argparse.Namespace(seed=args.seed, layout="one-file"))
        playbook = api.check_paths([playbook_path]).loaded.playbook
        units = metric_units(playbook)
        segments = [s.name.text for s in playbook.segments]
        dimensions = {d.text for s in playbook.segments for d in s.dimensions}
        (csv,) = sorted(metrics.glob("*.csv"))
        rows = sum(1 for _ in csv.open()) - 1
        factor = 1_060_800 / rows
        print(f"{rows:,} rows, {csv.stat().st_size / 1e6:.1f} MB (the large case: 1,060,800 "
              f"rows; x{factor:.1f}); {load()}")
        timed = interleave({
            "adoptplan": lambda: load_metrics([metrics], units, segments, dimensions),
            "pyarrow": lambda: pa_csv.read_csv(csv),
            "duckdb": lambda: duckdb.connect().read_csv(str(csv)).fetchnumpy(),
            "polars": lambda: polars.read_csv(csv),
            "pandas": lambda: pandas.read_csv(csv),
        }, args.rounds)
    history = timed["adoptplan"].result.history
    columns = timed["duckdb"].result
    for name, values in history.values.items():
        ours = np.sort(values[~np.isnan(values)])
        theirs = np.sort(np.asarray(columns[name], dtype=float))
        assert ours.size == theirs.size, name
        assert np.allclose(ours, theirs) or np.allclose(ours, theirs / 100), name
        assert np.allclose(theirs, ours) or np.allclose(theirs / 100, ours), name
    print(f"the {len(history.values)} metrics agree value for value, both ways")
    median = {name: t.median for name, t in timed.items()}
    out = []
    for name, timing in timed.items():
        print(f"  {name:10} {timing.text()}")
        out.append(Row(spec.name, f"{name} (median)", f"{timing.median:.3f} s"))
    out.append(Row(spec.name, "adoptplan x scale (estimate for the large case)",
                   f"{median['adoptplan'] * factor:.2f} s"))
    for name in ("pyarrow", "duckdb", "polars", "pandas"):
        out.append(Row(spec.name, f"adoptplan / {name} (x slower)",
                       f"{median['adoptplan'] / median[name]:.1f}x"))
    ok = median["adoptplan"] <= median["polars"]
    out.append(Row(spec.name, "adoptplan no slower than polars", "yes" if ok else "no",
                   "<= 1x polars", "PASS" if ok else "MISS"))
    print(table(out, "metrics loading"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
