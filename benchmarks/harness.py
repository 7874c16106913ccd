"""Timing shared by every benchmark, so each measures the same honest way.

- Competitors run interleaved, round by round (each round runs each once, the order rotating),
  so a slow spell of a shared machine falls on all of them alike; at least 5 rounds.
- Each is reported by its minimum (the least disturbed run) and median (what a user typically
  gets), with the load average beside the figures.
- Caches are cleared before every round: every `functools.lru_cache` in adoptplan's modules, so
  each in-process round is as cold as a CLI run (or a fresh process per round, `run_measured`).
- Targets print as one table of figures and ratios with PASS or MISS; a MISS never fails the
  run (`make bench` exits 0), it is a figure to read.
"""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MIN_ROUNDS = 5
ADOPTPLAN = Path(sys.executable).with_name("adoptplan")


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages, to print beside every figure."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def clear_caches(package: str = "adoptplan") -> int:
    """Empty every lru_cache of the package's loaded modules (module functions and methods of
    module classes), so a round starts as cold as a fresh process. Returns how many."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == package or name.startswith(package + ".")):
            continue
        for value in list(vars(module).values()):
            owners = [value] + (list(vars(value).values()) if isinstance(value, type) else [])
            for item in owners:
                item = getattr(item, "__func__", item)  # classmethod / staticmethod
                if isinstance(item, functools._lru_cache_wrapper):
                    item.cache_clear()
                    cleared += 1
    return cleared


@dataclass(frozen=True)
class Timing:
    """One competitor's seconds per round, and the result of its last round."""

    seconds: tuple[float, ...]
    result: object

    @property
    def min(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def text(self) -> str:
        return f"min {fmt(self.min)}, median {fmt(self.median)} ({len(self.seconds)} rounds)"


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def interleave(runs: Mapping[str, Callable[[], object]], rounds: int = MIN_ROUNDS,
               before: Callable[[], object] | None = clear_caches,
               minimum: int = MIN_ROUNDS) -> dict[str, Timing]:
    """Time every run once per round, in a rotating order, calling `before` (untimed) ahead of
    each run; at least `minimum` rounds (lower it only for a run shown once, with no target)."""
    names = list(runs)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    results: dict[str, object] = {}
    for round_ in range(max(rounds, minimum)):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            if before is not None:
                before()
            start = time.perf_counter()
            results[name] = runs[name]()
            seconds[name].append(time.perf_counter() - start)
    return {name: Timing(tuple(seconds[name]), results[name]) for name in names}


# ------------------------------------------------------------------------ fresh processes

_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(wall, peak, done.returncode)
sys.stderr.write(done.stderr)
"""


@dataclass(frozen=True)
class Run:
    """One command in a process of its own: wall time, peak RSS, exit code, standard error."""

    seconds: float
    peak_mb: float
    returncode: int
    stderr: str


def measured_env() -> dict[str, str]:
    """The environment of timed commands: bytecode cached, as after `pip install` (a sandbox may
    set PYTHONDONTWRITEBYTECODE, which makes every start compile the package again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_bytecode() -> None:
    """Compile the installed package once, so no timed run pays for it."""
    import adoptplan

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(adoptplan.__file__).parent)],
                   env=measured_env(), check=True, capture_output=True)


def run_measured(argv: Sequence[object], cwd: Path | None = None,
                 env: Mapping[str, str] | None = None) -> Run:
    """Wall time and peak RSS of one command, in a fresh process so the peak is this run's own
    (a wrapper process reads getrusage(RUSAGE_CHILDREN) after it)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, argv)], capture_output=True,
                          text=True, check=True, env={**measured_env(), **(env or {})}, cwd=cwd)
    wall, peak, code = done.stdout.split()
    return Run(float(wall), int(peak) / 1024, int(code), done.stderr)


def interleave_commands(commands: Mapping[str, Sequence[object]], rounds: int = MIN_ROUNDS,
                        cwd: Path | None = None, env: Mapping[str, str] | None = None
                        ) -> dict[str, Timing]:
    """Each command in a fresh process per round, interleaved; the result is the last `Run`.
    A command that fails stops the benchmark with its standard error."""

    def runner(argv: Sequence[object]) -> Callable[[], Run]:
        def run() -> Run:
            done = run_measured([str(a) for a in argv], cwd, env)
            if done.returncode not in (0, 1):  # 1: findings at the failing level, not an error
                raise SystemExit(f"{' '.join(map(str, argv))} exited {done.returncode}:\n"
                                 f"{done.stderr[-3000:]}")
            return done
        return run

    return interleave({name: runner(argv) for name, argv in commands.items()}, rounds,
                      before=None)


# ------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Row:
    case: str
    measure: str
    value: str
    target: str = ""
    verdict: str = "info"


def verdict(ok: bool | None) -> str:
    return "info" if ok is None else ("PASS" if ok else "MISS")


def target_row(case: str, measure: str, value: float, limit: float, unit: str = "s",
               below: bool = True) -> Row:
    """A row with its target: `value` under `limit` (below) or at least `limit`."""
    shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.3f} {unit}"
    target = f"< {limit:g}{'' if unit == 'x' else ' '}{unit}" if below else \
        f">= {limit:g}{'' if unit == 'x' else ' '}{unit}"
    return Row(case, measure, shown, target, verdict(value < limit if below else value >= limit))


def table(rows: Sequence[Row], title: str) -> str:
    """The rows as an aligned text table, under a title that carries the load average."""
    head = ("case", "measure", "value", "target", "result")
    cells = [head] + [(r.case, r.measure, r.value, r.target, r.verdict) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
    lines = [f"{title} ({load()})"]
    for i, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
