"""Benchmark: `adoptplan fmt` on a generated playbook of 20,000 segments (issue 15).

Run with `make bench`. Times (processor seconds: the machine is shared) parsing, laying out, and the unified diff `--diff` and `--check`
print, each at 5,000, 10,000 and 20,000 segments: time per segment must stay flat (linear), and
the whole of 20,000 segments is the target (under 2 s on the 2-core machine). The text is
generated unformatted (no column alignment, a comment per segment), so every segment changes.
"""

from __future__ import annotations

import argparse
import time

from tabulate import tabulate

from adoptplan import fmt
from adoptplan.syntax import parse_text

TARGET_SECONDS = 2.0
SIZES = (5_000, 10_000, 20_000)


def playbook(segments: int) -> str:
    """A header and `segments` segments, each with a comment and three clauses, unaligned."""
    parts = ['playbook "Big" {\n  cadence weekly\n  launch 2026-W02\n}\n']
    for i in range(segments):
        parts.append(f'# team {i}\nsegment s{i} "Team {i}" {{\n  members {100 + i % 900}  # '
                     f'head count\n  collaboration high\n  likelihood medium\n}}\n')
    return "\n".join(parts)


def measure(segments: int) -> list[object]:
    text = playbook(segments)
    data = text.encode()
    started = time.process_time()
    parse_text(text, "big.adopt")
    parsed = time.process_time()
    formatted = fmt.format_bytes(data, "big.adopt")
    done = time.process_time()
    assert formatted.after is not None and not formatted.diagnostics
    diff = fmt.unified_diff(formatted.before, formatted.after, "big.adopt")
    diffed = time.process_time()
    total = (done - parsed) + (diffed - done)
    return [f"{segments:,}", f"{len(data) / 1e6:.1f} MB", f"{parsed - started:.2f}",
            f"{done - parsed:.2f}", f"{diffed - done:.2f}", f"{total:.2f}",
            f"{total / segments * 1e6:.0f}", len(diff.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    sizes = parser.parse_args().sizes
    rows = [measure(n) for n in sizes]
    print(tabulate(rows, headers=["segments", "size", "parse s", "fmt s (parse + layout)",
                                  "diff s", "fmt + diff s", "µs/segment", "diff lines"]))
    last = float(rows[-1][5])
    verdict = "meets" if last < TARGET_SECONDS else "misses"
    print(f"\nfmt --diff on {sizes[-1]:,} segments: {last:.2f} s, {verdict} the target of "
          f"{TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
