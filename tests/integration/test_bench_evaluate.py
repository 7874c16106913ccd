"""The benchmark's baselines, on small generated cases: a differential test of the engine.

benchmarks/bench_evaluate.py times the engine against code written without it: hand-written numpy
functions (one deciding, one building the same findings with their messages and evidence) and
rule-engine (with the history values computed by numpy, or in rule-engine's own language). Here
all of them run on small cases from several seeds and must agree with the engine: on every fired
(rule, group) pair and on every finding, field by field. It also keeps the benchmark working.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_evaluate.py"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH.parent))  # the benchmarks import harness.py beside them
    spec = importlib.util.spec_from_file_location("bench_evaluate", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_evaluate"] = module  # attrs resolves the module's classes through it
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["bench_evaluate"]
        sys.path.remove(str(BENCH.parent))


CASES = {  # name: segments, geographies, weekly periods, metrics, rules
    "standard metrics": (4, 6, 30, 12, 12),
    "with the extra metrics": (5, 5, 40, 20, 24),
}


@pytest.mark.parametrize("seed", [0, 1, 3, 7])
@pytest.mark.parametrize("case", list(CASES))
def test_every_baseline_agrees_with_the_engine(bench, tmp_path, case, seed):
    size = bench.CaseSpec(case, *CASES[case], wall_target=1.0, memory_target=None)
    args = argparse.Namespace(seed=seed, layout="one-file")
    playbook, metrics, rules, segments = bench.generate_case(size, tmp_path, args)
    loaded = bench.load_case(playbook, metrics, rules)

    evaluation = bench.engine_run(loaded)
    engine = bench.engine_outcome(evaluation)
    assert engine.shown, "the case fires nothing: it would compare nothing"
    assert bench.hand_run(loaded, rules) == engine

    findings = bench.rule_findings(evaluation)
    prepared = bench.action_rules(rules, segments, playbook)
    actions = sorted(bench.hand_actions(loaded, prepared), key=lambda f: f.id)
    assert findings == actions, bench._findings_difference(findings, actions)

    for name, computed in bench.RULE_ENGINE_RUNS.items():
        setup = bench.rule_engine_setup(loaded, rules, None, seed, computed)
        found = setup.result(0.0, setup.run(), loaded, rules)
        assert found.outcome.shown == engine.shown, name


def test_rule_engine_runs_the_history_functions_as_written(bench):
    """In its own language, rule-engine computes each history function from earlier values:
    no symbol of a precomputed value is left in the text it runs."""
    texts = [p.computed_text for t in bench.TEMPLATES for p in t.predicates]
    assert not any(symbol in text for symbol in bench.SYMBOLS for text in texts)
    assert "(posts_per_member + posts_per_member_ago_1 + posts_per_member_ago_2 + " \
           "posts_per_member_ago_3) / 4" in texts
