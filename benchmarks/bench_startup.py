"""Benchmark: how long a command takes before it does anything, against `python -c pass`.

    python benchmarks/bench_startup.py             # 9 interleaved rounds
    python benchmarks/bench_startup.py --rounds 15
    python benchmarks/bench_startup.py --before ../main/src   # another checkout's src beside

Each command runs in a fresh process per round (bytecode compiled beforehand, as after
`pip install`), interleaved with `python -c pass` (the interpreter's own start, which no command
can beat) in the same rounds. Targets on a 2-core machine: `adoptplan evaluate` on the bundled
playbook and its sample history under 0.3 s, `adoptplan check playbooks/` under 0.15 s.
Both are also shown minus the interpreter's start (what adoptplan itself costs). With
`--before SRC` (a `src` folder of another checkout, its `grammar` beside it) each command also
runs on those sources in the same rounds (PYTHONPATH set to each side), and the table gives both.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from harness import (
    ADOPTPLAN,
    Row,
    Run,
    Timing,
    fmt,
    interleave,
    interleave_commands,
    load,
    measured_env,
    run_measured,
    table,
    target_row,
    warm_bytecode,
)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"evaluate": 0.3, "check": 0.15}


def commands() -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [ADOPTPLAN, "--version"],
        "check": [ADOPTPLAN, "check", "playbooks/"],
        "evaluate": [ADOPTPLAN, "evaluate", "playbooks/", "--metrics", "examples/metrics"],
    }


def sides_timed(before: str, rounds: int) -> dict[str, Timing]:
    """Every command on `before`'s sources and on these, interleaved in the same rounds; the
    sources of each side are chosen by PYTHONPATH (the console script imports from it)."""
    import adoptplan

    now = str(Path(adoptplan.__file__).resolve().parents[1])
    sides = {"before ": str(Path(before).resolve()), "": now}
    for src in sides.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", src], env=measured_env(),
                       check=True, capture_output=True)
    runs: dict[str, Callable[[], Run]] = {}
    for name, argv in commands().items():
        if name == "python -c pass":
            runs[name] = _runner(argv, {})
            continue
        for side, src in sides.items():
            runs[side + name] = _runner(argv, {"PYTHONPATH": src})
    return interleave(runs, rounds, before=None)


def _runner(argv: Sequence[object], env: dict[str, str]) -> Callable[[], Run]:
    def run() -> Run:
        done = run_measured(argv, ROOT, env)
        if done.returncode not in (0, 1):  # 1: findings at the failing level, not an error
            raise SystemExit(f"{' '.join(map(str, argv))} exited {done.returncode}:\n"
                             f"{done.stderr[-3000:]}")
        return done
    return run


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=9)
    options.add_argument("--before", help="a src folder to measure in the same rounds")
    args = options.parse_args(argv)
    print(f"start-up: {args.rounds} interleaved rounds, a fresh process each; {load()}")
    if args.before:
        timed = sides_timed(args.before, args.rounds)
    else:
        warm_bytecode()
        timed = interleave_commands(commands(), args.rounds, cwd=ROOT)
    python = timed["python -c pass"].median
    rows = [Row("-", "python -c pass (median)", fmt(python))]
    for name, timing in timed.items():
        print(f"  {name:20} {timing.text()}")
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
