"""Benchmark: `metrics build --engine spark` (local mode) against DuckDB on the same events.

    python benchmarks/bench_spark.py                      # 10 million events, 3 rounds
    python benchmarks/bench_spark.py --events 1000000 --rounds 2   # a quicker run

Information, not a target: where Spark's fixed cost (a JVM, a job per step) pays off. The events
of bench_metrics.py (same seed) are generated once; then each round runs the DuckDB build and the
Spark build as a user runs them, each in a process of its own, one after the other (interleaved,
so a busy machine weighs on both alike), and prints the minimum and median wall time of each and
whether the two wrote the same files. The peak memory is the largest process of each run (for
Spark, most often its JVM). Spark is the `spark` extra and needs Java 17.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_metrics import EVENTS, PEOPLE, WEEKS, generate, run_measured


def build_command(folder: Path, out: Path, engine: str) -> list[str]:
    return [sys.executable, "-m", "adoptplan", "metrics", "build",
            "--events", str(folder / "events.csv"), "--people", str(folder / "people.csv"),
            "--playbook", str(folder / "benchmark.adopt"), "--mapping",
            str(folder / "mapping.toml"), "--period", "week", "-o", str(out),
            "--engine", engine]


def same_files(one: Path, other: Path) -> bool:
    names = sorted(p.name for p in one.iterdir())
    return names == sorted(p.name for p in other.iterdir()) and all(
        (one / n).read_bytes() == (other / n).read_bytes() for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, default=None, help="generate into this folder")
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="adoptplan-bench-spark-") as temporary:
        folder = args.keep or Path(temporary)
        started = time.perf_counter()
        generate(folder, args.people, args.events)
        size = (folder / "events.csv").stat().st_size
        print(f"generated {args.events:,} events of {args.people:,} people over {WEEKS} weeks "
              f"({size / 1e6:.0f} MB CSV) in {time.perf_counter() - started:.1f} s")
        times: dict[str, list[float]] = {"duckdb": [], "spark": []}
        peaks: dict[str, int] = {"duckdb": 0, "spark": 0}
        for round_ in range(args.rounds):
            for engine in times:
                seconds, peak, _ = run_measured(build_command(folder, folder / engine, engine))
                times[engine].append(seconds)
                peaks[engine] = max(peaks[engine], peak)
                print(f"round {round_ + 1}: {engine:6} {seconds:7.1f} s", flush=True)
        for engine, found in times.items():
            print(f"{engine:6}  min {min(found):7.1f} s  median {statistics.median(found):7.1f} s"
                  f"  peak {peaks[engine] / 2**30:.2f} GB")
        ratio = statistics.median(times["spark"]) / statistics.median(times["duckdb"])
        print(f"Spark local takes {ratio:.1f}x DuckDB's time (median)")
        same = same_files(folder / "duckdb", folder / "spark")
        print("both wrote the same files" if same else "the two wrote different files")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
