"""Rules of one shape run together (one pass over all their rows, a threshold per row): what
comes out must be exactly what each rule gives when it runs alone."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.engine.evaluate import Evaluator, evaluate
from adoptplan.engine.frame import build_frame
from adoptplan.engine.params import resolve_params
from adoptplan.syntax import parse_expression

from support.engine import HEADER, WEEKS, history, playbook, rule

GEOGRAPHIES = ("DE", "FR", "IT", "JP", "US")


def _data() -> object:
    """Reps in five geographies (one of 4 members) and the whole office, eight weeks, with
    values that rise and fall, and one missing value."""
    rng = np.random.default_rng(7)
    data = {}
    for index, name in enumerate(GEOGRAPHIES):
        series = {
            "active_members": list(np.round(rng.uniform(0.1, 0.9, len(WEEKS)), 2)),
            "posts": list(np.round(rng.uniform(0, 40, len(WEEKS)))),
            "members": [4 if name == "JP" else 40 + index] * len(WEEKS),
        }
        data[f"reps/geography={name}"] = series
    data["reps/geography=FR"]["posts"][-1] = None  # not evaluated at the latest week
    data["office"] = {"active_members": [0.3, 0.35, 0.4, 0.3, 0.2, 0.25, 0.3, 0.2],
                      "posts": [5, 6, 7, 8, 9, 8, 7, 6], "members": [200] * len(WEEKS)}
    return history(data)


PARAM = "\nparam floor percent = 45%\n"

SAME_SHAPE = [  # one shape: `active_members < X and posts > Y`, thresholds and scopes differ
    rule("low_a", "active_members < 50% and posts > 10"),
    rule("low_b", "active_members < 70% and posts > 5"),
    rule("low_c", "active_members < floor and posts > 20"),  # a param is a threshold too
    rule("low_d", "active_members < 60% and posts > 1", scope="office"),
    rule("low_e", "active_members < 80% and posts > 0", scope="all"),
]

OTHER_SHAPES = [
    rule("flip", "active_members > 40% and posts > 10"),  # another operator
    rule("twice", "active_members < 90% and active_members < 90%"),  # one comparison, twice
    rule("pair", "active_members < 90% and active_members < 30%"),  # two comparisons
    rule("held", "active_members < 90% and posts > 10", scope="reps by geography")
    .replace("  when     active_members < 90% and posts > 10",
             "  when     active_members < 90% and posts > 10 for 2 periods"),
    rule("falling", "change(posts, 2 periods) < -5"),  # a negative threshold
    rule("falling_more", "change(posts, 2 periods) < -10"),
]

BARRIERS = """
barrier quiet_a "Quiet" {
  when     posts < 30 and active_members < 70%
  in       reps by geography
  minimum  40 members
  severity high
  remedy   "Post a question for {segment}"
  message  "Quiet in {group}: {value}"
}

barrier quiet_b "Quiet" {
  when     posts < 20 and active_members < 60%
  in       reps by geography
  severity medium
  remedy   "Meet {geography}"
  message  "Quiet in {geography}"
}
"""


def _alone(text: str, data: object, previous: frozenset[str] = frozenset()) -> tuple:
    """Every rule and barrier run on its own (a batch of one), in one evaluator each."""
    book = playbook(text)
    frame = build_frame(data, data.periods[-1], book.header.launch.text)
    findings, not_evaluated, cases, withheld = [], [], [], set()
    for decl in (*book.rules, *book.barriers):
        evaluator = Evaluator(book, frame, resolve_params(book, {}), previous=previous)
        evaluator.run([decl])
        findings += evaluator.findings
        not_evaluated += evaluator.not_evaluated
        cases += evaluator.cases
        withheld |= evaluator.withheld_rows  # a group is counted once, whatever reads it
    return (sorted(findings, key=lambda f: f.id), sorted(not_evaluated, key=lambda n: n.id),
            sorted(cases, key=lambda c: c.id), len(withheld))


def _together(text: str, data: object, previous: frozenset[str] = frozenset()) -> tuple:
    evaluation = evaluate(playbook(text), data, previous=previous)
    rules = [f for f in evaluation.findings if f.source != "analysis"]
    return (sorted(rules, key=lambda f: f.id), list(evaluation.not_evaluated),
            list(evaluation.cases), evaluation.suppressed)


def test_rules_of_one_shape_give_what_each_gives_alone():
    text = HEADER + PARAM + "".join(SAME_SHAPE + OTHER_SHAPES) + BARRIERS
    together, alone = _together(text, _data()), _alone(text, _data())
    assert together == alone
    findings, not_evaluated, _, suppressed = together
    # the case exercises what it is meant to: findings from several rules of the shape, each
    # with its own threshold in its evidence, a group not evaluated, a group too small to name
    assert {f.rule for f in findings} >= {"low_a", "low_b", "low_e", "quiet_a", "quiet_b"}
    assert not_evaluated and suppressed


def test_each_rule_of_a_batch_shows_its_own_threshold_and_text():
    text = HEADER + PARAM + "".join(SAME_SHAPE)
    findings, *_ = _together(text, _data())
    by_rule = {f.rule: f.evidence[0] for f in findings}
    assert by_rule["low_a"].expression == "active_members < 50%"
    assert by_rule["low_a"].threshold == "50%"
    assert by_rule["low_b"].expression == "active_members < 70%"
    assert by_rule["low_e"].threshold == "80%"


def _barrier(name: str, when: str, clear: str, scope: str = "reps by geography",
             minimum: str = "") -> str:
    return f"""
barrier {name} "Quiet" {{
  when     {when}
  clear    when {clear}
  in       {scope}
{minimum}  severity high
  remedy   "Meet {{group}}"
  message  "Quiet in {{group}}"
}}
"""


def test_alerts_held_open_in_a_batch_are_each_barriers_own():
    # two barriers of one shape, each with its own `clear`; last week's alerts named for both
    text = HEADER + _barrier("quiet_a", "active_members < 20%", "active_members >= 95%") + \
        _barrier("quiet_b", "active_members < 30%", "active_members >= 90%",
                 minimum="  minimum  5 members\n")
    previous = frozenset(f"quiet_{x}/reps/geography={g}" for x in "ab" for g in GEOGRAPHIES)
    together = _together(text, _data(), previous)
    assert together == _alone(text, _data(), previous)
    held = [f for f in together[0] if f.evidence[0].value.startswith("open since")]
    assert {f.rule for f in held} == {"quiet_a", "quiet_b"}
    for finding in held:  # its own `clear` condition and its own `when` in its evidence
        until = {"quiet_a": "active_members >= 95%", "quiet_b": "active_members >= 90%"}
        assert finding.evidence[0].expression.endswith(until[finding.rule])
        assert finding.evidence[1].expression == {
            "quiet_a": "active_members < 20%", "quiet_b": "active_members < 30%"}[finding.rule]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                          st.one_of(st.integers(0, 100).map(lambda share: f"{share}%"),
                                    st.just("floor")),
                          st.integers(0, 40),
                          st.sampled_from(["reps by geography", "office", "all",
                                           "reps, office", "all by geography"]),
                          st.sampled_from(["rule", "barrier", "barrier 40"])),
                min_size=2, max_size=6))
def test_any_thresholds_and_scopes_batched_or_alone_agree(specs):
    declarations = []
    for index, (op, threshold, posts, scope, kind) in enumerate(specs):
        when = f"active_members {op} {threshold} and posts >= {posts}"
        if kind == "rule":
            declarations.append(rule(f"r{index}", when, scope=scope))
        else:
            minimum = "  minimum  40 members\n" if kind == "barrier 40" else ""
            declarations.append(_barrier(f"b{index}", when, "posts > 50", scope, minimum))
    text = HEADER + PARAM + "".join(declarations)
    previous = frozenset(f"b{index}/reps/geography={name}" for index in range(len(specs))
                         for name in GEOGRAPHIES[::2])
    assert _together(text, _data(), previous) == _alone(text, _data(), previous)


def _shape(text: str, when: str) -> tuple:
    book = playbook(text)
    frame = build_frame(_data(), WEEKS[-1], book.header.launch.text)
    return Evaluator(book, frame, resolve_params(book, {})).compiler.shape(
        parse_expression(when))


@pytest.mark.parametrize("first, second, same", [
    ("active_members < 40%", "active_members < 30%", True),
    ("active_members < 40%", "active_members < floor", True),
    ("active_members < 40%", "active_members > 40%", False),
    ("active_members < 40%", "posts < 40", False),
    ("a < 1 and b > 2", "a < 3 and b > 4", True),
    ("a < 1 and b > 2", "a < 3 or b > 4", False),
    ("not (a < 1)", "not (a < 5)", True),
    ("a < 1 and a < 1", "a < 1 and a < 2", False),  # one comparison twice is not two
    ("a < b", "a < b", True),  # not open: the same comparison
    ("a < b", "a < c", False),
])
def test_shapes(first, second, same):
    text = HEADER + PARAM
    assert (_shape(text, first)[0] == _shape(text, second)[0]) is same


def test_open_comparisons_are_those_against_a_literal_or_param():
    text = HEADER + PARAM
    _, opens = _shape(text, "a < floor and not (b > -5) and c < d and 3 < e")
    # `c < d` compares two columns; `3 < e` has the literal on the left
    assert [(o.op, o.left.name) for o in opens] == [("<", "a"), (">", "b")]
