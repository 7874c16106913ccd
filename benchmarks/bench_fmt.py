"""Benchmark: `adoptplan fmt` on a generated playbook of 20,000 segments (issue 15).

Run with `make bench`. Times (processor seconds: the machine is shared) parsing, laying out, and the
unified diff `--diff` and `--check` print, at 5,000, 10,000 and 20,000 segments: time per segment
must stay flat (linear), and the whole of 20,000 segments is the target (under 2 s on the 2-core
machine). The text is generated unformatted (no column alignment, a comment per segment), so every
segment changes.

Each size runs in a fresh process per round (so no run inherits another's heap), interleaved
round by round by `harness.interleave`; the table gives medians and the load average. With
`--before SRC` (a `src` folder of another checkout, such as main's) the same measurement of those
sources runs in the same rounds, and the table gives both and the speed-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import harness

TARGET_SECONDS = 2.0
SIZES = (5_000, 10_000, 20_000)
PARTS = ("parse", "fmt", "diff")


def playbook(segments: int) -> str:
    """A header and `segments` segments, each with a comment and three clauses, unaligned."""
    parts = ['playbook "Big" {\n  cadence weekly\n  launch 2026-W02\n}\n']
    for i in range(segments):
        parts.append(f'# team {i}\nsegment s{i} "Team {i}" {{\n  members {100 + i % 900}  # '
                     f'head count\n  collaboration high\n  likelihood medium\n}}\n')
    return "\n".join(parts)


def measure(segments: int) -> dict[str, float]:
    """Processor seconds of parsing alone, of `fmt` (parse and layout) and of its diff."""
    from adoptplan import fmt
    from adoptplan.syntax import parse_text
    from adoptplan.syntax.parser import parser

    text = playbook(segments)
    data = text.encode()
    parser()  # the shipped tables, loaded once per process as every command does
    started = time.process_time()  # fmt first, on a fresh heap, as `adoptplan fmt --diff` runs
    formatted = fmt.format_bytes(data, "big.adopt")
    done = time.process_time()
    assert formatted.after is not None and not formatted.diagnostics
    fmt.unified_diff(formatted.before, formatted.after, "big.adopt")
    diffed = time.process_time()
    del formatted
    parse_started = time.process_time()
    parse_text(text, "big.adopt")
    parsed = time.process_time()
    return {"parse": parsed - parse_started, "fmt": done - started, "diff": diffed - done}


def in_child(src: str, segments: int) -> dict[str, float]:
    """`measure` in a fresh process importing adoptplan from `src`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, str(Path(__file__).parent)])}
    done = subprocess.run([sys.executable, __file__, "--one", str(segments)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=harness.MIN_ROUNDS)
    parser.add_argument("--before", help="a src folder to measure in the same rounds")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    import adoptplan

    sides = {"now": str(Path(adoptplan.__file__).resolve().parents[1])}
    if args.before:
        sides = {"before": str(Path(args.before).resolve()), **sides}
    rows: list[harness.Row] = []
    for segments in args.sizes:
        figures: dict[str, list[dict[str, float]]] = {side: [] for side in sides}

        harness.interleave({side: _runner(figures[side], sides[side], segments)
                            for side in sides}, args.rounds, before=None)
        rows += _rows(segments, figures)
    print(harness.table(rows, f"adoptplan fmt, processor seconds, median of {args.rounds} rounds"))


def _runner(into: list[dict[str, float]], src: str, segments: int) -> Callable[[], None]:
    return lambda: into.append(in_child(src, segments))


def _rows(segments: int, figures: dict[str, list[dict[str, float]]]) -> list[harness.Row]:
    """Parse, fmt and diff medians per side, fmt + diff against the target, the speed-up."""
    case = f"{segments:,} segments"
    medians = {side: {part: statistics.median(run[part] for run in runs) for part in PARTS}
               for side, runs in figures.items()}
    rows = []
    for side, median in medians.items():
        parts = ", ".join(f"{part} {median[part]:.2f}" for part in PARTS)
        total = median["fmt"] + median["diff"]
        rows.append(harness.Row(case, f"{side}: {parts} s", f"{total / segments * 1e6:.0f} µs/segment"))
        if segments == max(SIZES):
            rows.append(harness.target_row(case, f"{side}: fmt --diff (fmt + diff)", total,
                                           TARGET_SECONDS))
    if len(medians) == 2:
        before, now = medians["before"], medians["now"]
        ratio = (before["fmt"] + before["diff"]) / (now["fmt"] + now["diff"])
        rows.append(harness.Row(case, "before / now, fmt + diff (parse alone)",
                                f"{ratio:.2f}x ({before['parse'] / now['parse']:.2f}x)"))
    return rows


if __name__ == "__main__":
    main()
