"""Benchmark: parse and check a generated 10,000-line playbook, LALR (adoptplan) against Earley.

Run with `make bench`. The playbook is generated from a fixed seed, so every run times the same
text; the target is under one second to parse and check it.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable

import attrs
from lark import Lark
from tabulate import tabulate

from adoptplan import api
from adoptplan.load import load_text
from adoptplan.syntax import grammar_path, parse_text
from adoptplan.syntax.parser import parser

TARGET_SECONDS = 1.0
LALR_BUILD = "LALR: build the parser (once per process)"
LALR_TREE = "LALR: parse to a tree"
LALR_MODEL = "LALR: parse to the model (parse_text)"
CHECK = "check: semantic checks"
LALR_TOTAL = "LALR: parse and check"
EARLEY_BUILD = "Earley: build the parser"
EARLEY_TREE = "Earley: parse to a tree (one run)"
REGIONS = ("emea", "americas", "apac")
LEVELS = ("low", "medium", "high", "critical")
RATINGS = ("low", "medium", "high")
MANAGERS = ("Dana Ortiz", "Lee Park", "Sam Okafor", "Priya Raman", "Maya Lindqvist")
CONDITIONS = (
    "active_members < {p}% for {n} periods",
    "change(active_members, {n} periods) < -{p}pp or active_members < peak(active_members) - 20pp",
    "growth(organic_content, {n} periods) < {p}% and posts_per_member >= 1",
    "social_reach < peers(social_reach) and not (likes > reads / 2)",
    "average(answers_{i}, {n} periods) > {n} hours and managers_active < {p}%",
    "active_members - baseline(active_members) < {p}pp for {n} periods",
)


def _block(keyword: str, head: str, clauses: list[str]) -> list[str]:
    return [f"{keyword} {head} {{", *(f"  {c}" for c in clauses), "}", ""]


def _group(rng: random.Random, i: int) -> list[str]:
    """One segment with its priority, tool, metric, param, rule and barrier."""
    segment, priority, tool = f"team_{i}", f"service_{i}", f"qna_{i}"
    n, p = rng.randint(2, 6), rng.randint(5, 60)
    lines = [f"# ---- group {i}: {rng.choice(REGIONS)}", ""]
    lines += _block("segment", f'{segment} "Support team {i}"', [
        f"members       {rng.randint(30, 3000)}",
        f"collaboration {rng.choice(RATINGS)}",
        f"likelihood    {rng.choice(RATINGS)}",
        f'managers      "{rng.choice(MANAGERS)}"',
        f'match         department == "Support {i}" and job_family not in ["Intern"]',
        "by            geography, device",
    ])
    lines += _block("priority", f'{priority} "Exemplary service for customers of team {i}"', [
        f"for    {segment}", f"weight {rng.randint(1, 3)}",
    ])
    lines += _block("tool", f'{tool} "Q&A with experts of team {i}"', [
        f"serves {priority}", 'needs  "search by expertise"', 'has    "search by expertise"',
    ])
    condition = rng.choice(CONDITIONS).format(i=i, n=n, p=p)
    if f"answers_{i}" in condition:
        lines += _block("metric", f'answers_{i} "Hours to the first answer"', ["unit hours"])
    lines += [f"param floor_{i} percent = {p}%", ""]
    lines += _block("rule", f'slow_{i} "Team {i} needs attention"', [
        f"when     {condition}",
        f"in       {segment} by geography",
        f'do       educate "Workshop: exemplary service for customers with {{tool}}"',
        f"using    {tool}",
        f"priority {rng.choice(LEVELS)}",
    ])
    lines += _block("barrier", f'sharing_{i} "Team {i} hesitant to share files"', [
        f"when     files_shared / posts < floor_{i} and posts_per_member >= 1",
        f"in       {segment} by geography",
        "minimum  30 members",
        f"severity {rng.choice(LEVELS)}",
        'remedy   "Ask a manager to share first"',
    ])
    return lines


def generate(lines: int, seed: int) -> str:
    """A valid playbook of exactly `lines` lines, the same for the same seed."""
    rng = random.Random(seed)
    out = _block("playbook", '"Generated support rollout"', [
        'platform      "Viva Engage"', "cadence       weekly", "launch        2026-W40",
        "critical_mass 60%",
    ])
    for i in itertools.count():
        group = _group(rng, i)
        if len(out) + len(group) > lines:
            break
        out += group
    out += [f"# notes {k}" for k in range(lines - len(out))]
    return "\n".join(out) + "\n"


def timed(run: Callable[[], object], repeat: int = 1) -> float:
    """The fastest of `repeat` runs: the least disturbed by whatever else the machine does."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


@attrs.frozen
class Timing:
    stage: str
    seconds: float
    per_line: bool = True  # a one-off cost (building a parser) has no rate


def measure(text: str, repeat: int) -> list[Timing]:
    """Every stage on the same text, LALR first; Earley once, as it is slow."""
    build_lalr = timed(parser.__wrapped__)  # lru_cache: build a fresh one to time it
    tree = timed(lambda: parser().parse(text), repeat)
    model = timed(lambda: parse_text(text, "generated.adopt"), repeat)
    loaded = load_text(text, "generated.adopt")
    check = timed(lambda: api.check_loaded(loaded), repeat)
    grammar = grammar_path().read_text(encoding="utf-8")
    earley: list[Lark] = []
    build_earley = timed(lambda: earley.append(Lark(grammar, parser="earley")))
    earley_tree = timed(lambda: earley[0].parse(text))
    return [
        Timing(LALR_BUILD, build_lalr, per_line=False),
        Timing(LALR_TREE, tree),
        Timing(LALR_MODEL, model),
        Timing(CHECK, check),
        Timing(LALR_TOTAL, model + check),
        Timing(EARLEY_BUILD, build_earley, per_line=False),
        Timing(EARLEY_TREE, earley_tree),
    ]


def report(timings: list[Timing], lines: int) -> str:
    """The table, the Earley/LALR ratio and the verdict against the target."""
    by_stage = {t.stage: t.seconds for t in timings}
    table = [
        (t.stage, f"{t.seconds:.3f}", f"{lines / t.seconds:,.0f}" if t.per_line else "")
        for t in timings
    ]
    total = by_stage[LALR_TOTAL]
    verdict = "meets" if total <= TARGET_SECONDS else "misses"
    return "\n".join([
        tabulate(table, headers=("stage", "seconds", "lines/s"), tablefmt="github",
                 colalign=("left", "right", "right"), disable_numparse=True),
        "",
        f"Earley / LALR (parse to a tree): {by_stage[EARLEY_TREE] / by_stage[LALR_TREE]:.1f}x slower",
        f"LALR parse and check: {total:.3f} s, {verdict} the {TARGET_SECONDS:.0f} s target",
    ])


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--lines", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=2026)
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args(argv)

    text = generate(args.lines, args.seed)
    checked = api.check_text(text, "generated.adopt")
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    if errors:
        print(f"the generated playbook has errors: {errors[:3]}", file=sys.stderr)
        return 1
    lines = text.count("\n")
    print(f"{lines} lines, {len(text) / 1e6:.2f} MB, seed {args.seed}, best of {args.repeat}; "
          f"check finds {len(checked.diagnostics)} warnings\n")
    print(report(measure(text, args.repeat), lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
