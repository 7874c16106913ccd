"""Benchmark: `--format json` rendering of a generated case, adoptplan's writer against orjson.

    python benchmarks/bench_json.py                   # the large case's shape at 1/8 scale
    python benchmarks/bench_json.py --scale 1         # the large case itself (minutes)

The case is bench_evaluate.py's large one (200 segments x 50 geographies, 104 weeks, 20 metrics,
1,000 rules) with segments and rules divided by --scale (default 8, so 15,850 cases instead of
577,350; the render's work grows with the cases and findings, so times scale by about the
factor printed, an estimate: at --scale 1 the large case's time is measured and printed). It is
evaluated once, as the CLI does (one case per rule and group); then, interleaved with caches
cleared before each run, at least 5 rounds:

  adoptplan     json_report.render_json(evaluation): as_document (the cycle collector paused),
                written by orjson (jsontext.dumps_rounded)
  before        what render_json did before issue 21: as_document, then jsontext.dumps
  document      json_report.as_document(evaluation) only (the dicts, one per case too)
  jsontext      report/jsontext.dumps of that document (adoptplan's hand-written writer)
  orjson        orjson.dumps(document, OPT_INDENT_2 | OPT_SORT_KEYS | OPT_APPEND_NEWLINE)
  json          json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + newline

Each writer's bytes are compared with adoptplan's (equal or not is printed: orjson writes some
floats and NaN differently). jsontext.dumps (the hand-written writer) lost to orjson here (about
20x), so results are written by orjson; dumps stays for documents whose floats are not rounded
(diagnostics, SARIF, notify), whose bytes orjson would change, and as the fallback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import bench_evaluate as be
from harness import Row, interleave, load, table, target_row

RENDER_TARGET = 1.5  # seconds, the large case (issue 21)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--scale", type=int, default=8, help="divide segments and rules by this")
    options.add_argument("--rounds", type=int, default=5)
    options.add_argument("--seed", type=int, default=2026)
    args = options.parse_args(argv)
    import orjson

    from adoptplan import api
    from adoptplan.engine import evaluate
    from adoptplan.report import json_report, jsontext

    large = be.CASES["large"]
    spec = be.CaseSpec(f"large-{args.scale}", large.segments // args.scale, large.geographies,
                       large.periods, large.metrics, large.rules // args.scale, 0, None)
    with tempfile.TemporaryDirectory(prefix="adoptplan-bench-json-") as folder:
        playbook, metrics, _, _ = be.generate_case(
            spec, Path(folder), argparse.Namespace(seed=args.seed, layout="one-file"))
        prepared = api.prepare([playbook], [metrics])
    evaluation = evaluate(prepared.checked.loaded.playbook, prepared.history)
    document = json_report.as_document(evaluation)
    factor = 577_350 / max(len(evaluation.cases), 1)
    print(f"{len(evaluation.cases):,} cases, {len(evaluation.findings):,} findings "
          f"(the large case: 577,350 cases; x{factor:.1f}); {load()}")
    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    timed = interleave({
        "adoptplan": lambda: json_report.render_json(evaluation).encode(),
        "before": lambda: jsontext.dumps(json_report.as_document(evaluation)).encode(),
        "document": lambda: json_report.as_document(evaluation),
        "jsontext": lambda: jsontext.dumps(document).encode(),
        "orjson": lambda: orjson.dumps(document, option=option),
        "json": lambda: (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
                         + "\n").encode(),
    }, args.rounds)
    expected = timed["adoptplan"].result
    rows = []
    for name, timing in timed.items():
        same = "" if name == "document" else \
            ("; bytes equal" if timing.result == expected else "; bytes DIFFER")
        print(f"  {name:10} {timing.text()}{same}")
    median = {name: t.median for name, t in timed.items()}
    if args.scale == 1:  # the large case itself: its time measured, not estimated
        rows.append(target_row(spec.name, "render_json, the large case (median, measured)",
                               median["adoptplan"], RENDER_TARGET))
    else:
        rows.append(Row(spec.name, "render_json (median)", f"{median['adoptplan']:.3f} s"))
        rows.append(target_row(spec.name,
                               f"render_json x{factor:.1f} (estimate for the large case)",
                               median["adoptplan"] * factor, RENDER_TARGET))
    rows.append(Row(spec.name, "before (as_document + jsontext) / render_json (x slower)",
                    f"{median['before'] / median['adoptplan']:.1f}x"))
    rows.append(Row(spec.name, "as_document alone / render_json",
                    f"{median['document'] / median['adoptplan']:.1f}x"))
    rows.append(Row(spec.name, "jsontext / orjson, same document (x slower)",
                    f"{median['jsontext'] / median['orjson']:.1f}x", "<= 1x",
                    "PASS" if median["jsontext"] <= median["orjson"] else "MISS"))
    rows.append(Row(spec.name, "json / jsontext, same document (x slower)",
                    f"{median['json'] / median['jsontext']:.1f}x"))
    print(table(rows, "json output"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
