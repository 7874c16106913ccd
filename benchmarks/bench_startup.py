"""Benchmark: how long a command takes before it does anything, against `python -c pass`.

    python benchmarks/bench_startup.py             # 9 interleaved rounds
    python benchmarks/bench_startup.py --rounds 15

Each command runs in a fresh process per round (bytecode compiled beforehand, as after
`pip install`), interleaved with `python -c pass` (the interpreter's own start, which no command
can beat) in the same rounds. Targets on a 2-core machine: `adoptplan evaluate` on the bundled
playbook and its sample history under 0.3 s, `adoptplan check playbooks/` under 0.15 s.
Both are also shown minus the interpreter's start (what adoptplan itself costs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import ADOPTPLAN, Row, fmt, interleave_commands, load, table, target_row, warm_bytecode

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"evaluate": 0.3, "check": 0.15}


def commands() -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [ADOPTPLAN, "--version"],
        "check": [ADOPTPLAN, "check", "playbooks/"],
        "evaluate": [ADOPTPLAN, "evaluate", "playbooks/", "--metrics", "examples/metrics"],
    }


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=9)
    args = options.parse_args(argv)
    warm_bytecode()
    print(f"start-up: {args.rounds} interleaved rounds, a fresh process each; {load()}")
    timed = interleave_commands(commands(), args.rounds, cwd=ROOT)
    python = timed["python -c pass"].median
    rows = [Row("-", "python -c pass (median)", fmt(python))]
    for name, timing in timed.items():
        print(f"  {name:16} {timing.text()}")
        if name == "python -c pass":
            continue
        measure = f"adoptplan {name} (median)"
        if name in TARGETS:
            rows.append(target_row("bundled", measure, timing.median, TARGETS[name]))
        else:
            rows.append(Row("-", measure, fmt(timing.median)))
        rows.append(Row("", "  minus python -c pass; x python -c pass",
                        f"{fmt(timing.median - python)}; {timing.median / python:.1f}x"))
    print(table(rows, "start-up"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
