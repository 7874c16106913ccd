"""Benchmark: parse and check a generated 10,000-line playbook, LALR (adoptplan) against Earley.

Run with `make bench`. The playbook is generated from a fixed seed, so every run times the same
text; the target is under one second (median) to parse and check it. Timing is
benchmarks/harness.py's: interleaved rounds, caches cleared before each run, min and median.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys

from harness import MIN_ROUNDS, Row, Timing, interleave, load, table, target_row
from lark import Lark

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
EARLEY_BUILD = "Earley: build the parser (one run)"
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


def measure(text: str, rounds: int) -> dict[str, Timing]:
    """Every LALR stage on the same text, interleaved, caches (the parser among them) emptied
    before each run as in a fresh process; Earley once, as it is slow (no target)."""
    loaded = load_text(text, "generated.adopt")
    timed = interleave({
        LALR_BUILD: parser.__wrapped__,  # the function under the lru_cache: a fresh parser
        LALR_TREE: lambda: parser().parse(text),
        LALR_MODEL: lambda: parse_text(text, "generated.adopt"),
        CHECK: lambda: api.check_loaded(loaded),
        LALR_TOTAL: lambda: api.check_loaded(load_text(text, "generated.adopt")),
    }, rounds)
    grammar = grammar_path().read_text(encoding="utf-8")
    earley: list[Lark] = []
    timed |= interleave({EARLEY_BUILD: lambda: earley.append(Lark(grammar, parser="earley"))},
                        1, minimum=1)
    timed |= interleave({EARLEY_TREE: lambda: earley[0].parse(text)}, 1, minimum=1)
    return timed


def report(timings: dict[str, Timing], lines: int) -> str:
    """Each stage's min and median, the Earley/LALR ratio and the target row."""
    rows = [Row("10,000 lines" if lines == 10_000 else f"{lines:,} lines", stage,
                f"{t.text()}" + ("" if stage in (LALR_BUILD, EARLEY_BUILD) else
                                 f"; {lines / t.median:,.0f} lines/s"))
            for stage, t in timings.items()]
    earley = timings[EARLEY_TREE].median / timings[LALR_TREE].median
    rows.append(Row("", "Earley / LALR, parse to a tree (x slower)", f"{earley:.1f}x"))
    rows.append(target_row("", "LALR: parse and check (median)", timings[LALR_TOTAL].median,
                           TARGET_SECONDS))
    return table(rows, "parse")


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--lines", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=2026)
    options.add_argument("--repeat", type=int, default=MIN_ROUNDS, help="interleaved rounds")
    args = options.parse_args(argv)

    text = generate(args.lines, args.seed)
    checked = api.check_text(text, "generated.adopt")
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    if errors:
        print(f"the generated playbook has errors: {errors[:3]}", file=sys.stderr)
        return 1
    lines = text.count("\n")
    print(f"{lines} lines, {len(text) / 1e6:.2f} MB, seed {args.seed}, {args.repeat} interleaved "
          f"rounds, caches cleared before each run; check finds {len(checked.diagnostics)} "
          f"warnings; {load()}\n")
    print(report(measure(text, args.repeat), lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
