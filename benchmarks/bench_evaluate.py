"""Benchmark: `adoptplan evaluate` end to end, and its engine against rule-engine and plain numpy.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_evaluate.py`). Two cases are
generated from a fixed seed into a temporary folder: a playbook (segments by geography, priorities,
tools, rules and barriers whose thresholds are calibrated so that 1-5% of the groups in scope
fire) and a weekly history as wide CSV files, one per period. For each case it prints the wall
time and peak memory of the whole command, the engine's time against the PyPI package
`rule-engine` and against two hand-written Python functions: one that computes the same actions
as the engine (the issue's 2x target; its findings are asserted equal to the engine's, field by
field) and one that only decides which rule and group pairs fire (the tight numpy version: the physical
limit for deciding); then one table with every target and PASS or MISS. rule-engine runs after
numpy computes the conditions' history functions, in the clock (the target), and with
--in-its-language also computing them itself. Timing is benchmarks/harness.py's: interleaved
rounds, caches cleared, min and median, load average. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import numpy as np
from harness import (
    ADOPTPLAN,
    Row,
    Run,
    Timing,
    clear_caches,
    interleave,
    interleave_commands,
    load,
    table,
    warm_bytecode,
)
from harness import verdict as _verdict

GEOGRAPHIES = ["AE", "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CN", "CO", "CZ", "DE", "DK", "EG", "ES", "FI", "FR", "GB", "GR", "HK", "HU", "ID", "IE", "IL", "IN", "IT", "JP", "KR", "MA", "MX", "MY", "NG", "NL", "NO", "NZ", "PE", "PH", "PL", "PT", "RO", "SA", "SE", "SG", "TH", "TR", "TW", "US", "VN", "ZA"]
LEVELS = ("low", "medium", "high", "critical")
RULE_KINDS = ("educate", "focus", "pilot", "sustain", "build")
RATINGS = ("low", "medium", "high")
TARGET_FIRING = (0.01, 0.05)  # share of the groups in a rule's scope that should fire
ALL_SCOPE_SHARE = 0.05  # share of rules and barriers scoped `in all by geography`
ENGINE_VS_RULE_ENGINE = 10.0
ENGINE_VS_HAND = 2.0  # against the hand-written function that computes the same actions
IN_ITS_LANGUAGE = "rule-engine, history in its language"
RULE_ENGINE_RUNS = {"rule-engine": False, IN_ITS_LANGUAGE: True}
"""The two rule-engine runs, and whether rule-engine computes the history values itself. The
target is against the faster one: numpy computes the history values, in the clock, and
rule-engine matches the conditions. The other is shown beside it (see IN_RULE_ENGINE)."""


@attrs.frozen
class CaseSpec:
    """The size of a generated case and its end-to-end targets."""

    name: str
    segments: int
    geographies: int
    periods: int
    metrics: int
    rules: int
    wall_target: float  # seconds, whole command
    memory_target: float | None  # megabytes, whole command (None: no target)


CASES = {
    "typical": CaseSpec("typical", 20, 30, 52, 12, 50, 1.0, None),
    "large": CaseSpec("large", 200, 50, 104, 20, 1000, 30.0, 2048.0),
}
GROWTH = {"1x": (1, 1), "2x": (2, 1), "4x": (2, 2)}
"""The growth cases, as multiples of the large case's segments and weeks (rules grow with the
segments): 4x is 400 segments x 50 geographies x 208 weeks, 4.24M CSV rows (issue 21)."""
GROWTH_TARGET = (20.0, 2048.0)  # 4x: seconds and megabytes, whole command (issue 21)
LINEAR = 1.25
"""Growth counts as linear while each case's time (and memory) per CSV row stays within this
factor of the 1x case's."""
DEFAULT_GROWTH_SCALE = 4
"""The default run measures growth on a quarter of each growth case's segments (50, 100, 100),
so the 4x case is the large case's size; `--case 4x` runs the full cases."""


def growth_specs(scale: int) -> list[CaseSpec]:
    """The 1x, 2x and 4x cases at 1/scale of their segments (the weeks stay whole)."""
    large = CASES["large"]
    segments = large.segments // scale
    return [CaseSpec(name, segments * s, large.geographies, large.periods * w, large.metrics,
                     5 * segments * s, *GROWTH_TARGET) for name, (s, w) in GROWTH.items()]

# ------------------------------------------------------------------------------------ metrics
# Percentages are written 0-100 with one decimal (the engine holds them as ratios); counts are
# integers; other numbers have two decimals. The first twelve are the catalogue's standard metrics.

PERCENT, COUNT, NUMBER, HOURS = "percent", "count", "number", "hours"
STANDARD = {
    "members": COUNT, "active_members": PERCENT, "active_count": COUNT, "posts": COUNT,
    "reads": COUNT, "likes": COUNT, "files_shared": COUNT, "organic_content": COUNT,
    "organic_content_growth": PERCENT, "social_reach": NUMBER, "posts_per_member": NUMBER,
    "managers_active": PERCENT,
}
EXTRA = {
    "questions": COUNT, "questions_answered": COUNT, "answer_hours": HOURS,
    "escalations": COUNT, "events_attended": COUNT, "mentions": COUNT, "wiki_edits": COUNT,
    "mobile_active": PERCENT,
}
EXTRA_TITLES = {
    "questions": "Questions asked", "questions_answered": "Questions answered",
    "answer_hours": "Hours to the first answer", "escalations": "Cases escalated",
    "events_attended": "Live events attended", "mentions": "Mentions of colleagues",
    "wiki_edits": "Wiki pages edited", "mobile_active": "Members active on mobile",
}


@attrs.frozen(eq=False)
class Data:
    """A generated history: values as written (percent 0-100) per metric, [group, period]."""

    groups: tuple[tuple[str, str], ...]  # (segment, geography or "" for the whole segment)
    periods: tuple[str, ...]
    launch: int  # index of the launch period
    written: dict[str, np.ndarray]

    def engine_values(self) -> dict[str, np.ndarray]:
        """The values as the engine holds them: percentages as ratios."""
        units = {**STANDARD, **EXTRA}
        return {k: v / 100 if units[k] == PERCENT else v for k, v in self.written.items()}


def _periods(count: int) -> tuple[str, ...]:
    """`count` consecutive ISO weeks from 2025-W02."""
    import datetime as dt

    first = dt.date(2025, 1, 6)
    weeks = (first + dt.timedelta(weeks=k) for k in range(count))
    return tuple(f"{d.isocalendar()[0]:04d}-W{d.isocalendar()[1]:02d}" for d in weeks)


def generate_data(spec: CaseSpec, rng: np.random.Generator) -> Data:
    """Adoption curves per group with noise; the whole segment rows sum their geographies."""
    segments = [f"seg_{i:03d}" for i in range(spec.segments)]
    geos = GEOGRAPHIES[: spec.geographies]
    groups = tuple((s, g) for s in segments for g in ("", *geos))
    n, p = len(groups), spec.periods
    launch = p // 4
    t = np.arange(p)[None, :]
    whole = np.array([g == "" for _, g in groups])
    size = np.maximum(np.round(rng.lognormal(np.log(60), 0.9, n)), 3)
    size[whole] = 0
    for k in np.flatnonzero(whole):  # a segment's size is the sum of its geographies
        size[k] = size[k + 1: k + 1 + len(geos)].sum()
    members = np.round(size[:, None] * (1 + 0.002 * t))
    ceiling = rng.uniform(0.2, 0.85, (n, 1))
    speed = rng.uniform(0.08, 0.35, (n, 1))
    middle = rng.uniform(launch - 4, launch + p / 3, (n, 1))
    curve = ceiling / (1 + np.exp(-speed * (t - middle)))
    active = np.clip(100 * curve + rng.normal(0, 2.0, (n, p)), 0.5, 99.5).round(1)
    rate = rng.uniform(0.4, 2.0, (n, 1))
    posts = rng.poisson(members * active / 100 * rate) + 1.0
    reads = rng.poisson(posts * rng.uniform(8, 25, (n, 1))) + 1.0
    organic = rng.poisson(posts * 0.85) + 1.0
    growth = np.zeros((n, p))
    growth[:, 1:] = (100 * (organic[:, 1:] / organic[:, :-1] - 1)).round(1)
    written = {
        "members": members,
        "active_members": active,
        "active_count": np.round(members * active / 100),
        "posts": posts,
        "reads": reads,
        "likes": rng.poisson(reads * 0.12) + 1.0,
        "files_shared": rng.poisson(posts * rng.uniform(0.02, 0.25, (n, 1))).astype(float),
        "organic_content": organic,
        "organic_content_growth": growth,
        "social_reach": (rng.lognormal(np.log(12), 0.3, (n, 1)) * (1 + 0.004 * t)
                         + rng.normal(0, 0.5, (n, p))).clip(0.5).round(2),
        "posts_per_member": (posts / members).round(2),
        "managers_active": np.clip(active + rng.normal(12, 9, (n, p)), 0, 100).round(1),
    }
    if spec.metrics > len(STANDARD):
        questions = rng.poisson(posts * 0.12) + 1.0
        written.update({
            "questions": questions,
            "questions_answered": rng.binomial(questions.astype(int),
                                               rng.uniform(0.5, 0.98, (n, 1))).astype(float),
            "answer_hours": rng.gamma(2.0, rng.uniform(0.3, 1.5, (n, 1)), (n, p)).round(2) + 0.05,
            "escalations": rng.poisson(questions * rng.uniform(0.05, 0.4, (n, 1))).astype(float),
            "events_attended": rng.poisson(members * 0.05).astype(float),
            "mentions": rng.poisson(posts * 0.3).astype(float),
            "wiki_edits": rng.poisson(members * 0.03).astype(float),
            "mobile_active": np.clip(active * rng.uniform(0.3, 0.9, (n, 1))
                                     + rng.normal(0, 2, (n, p)), 0, 100).round(1),
        })
    return Data(groups, _periods(p), launch, written)


# ---------------------------------------------------------------------------- history values
# The history functions the generated rules use, on [group, period] arrays in engine units. The
# hand-written rules and the rule-engine run (symbols computed before matching) use these.

Values = dict[str, np.ndarray]


def change(v: Values, metric: str, n: int, rows: np.ndarray, t: int) -> np.ndarray:
    return v[metric][rows, t] - v[metric][rows, t - n]


def average(v: Values, metric: str, n: int, rows: np.ndarray, t: int) -> np.ndarray:
    column = v[metric]
    total = column[rows, t].copy()
    for k in range(1, n):
        total += column[rows, t - k]
    return total / n


def growth(v: Values, metric: str, n: int, rows: np.ndarray, t: int) -> np.ndarray:
    return v[metric][rows, t] / v[metric][rows, t - n] - 1.0


SYMBOLS: dict[str, Callable[[Values, np.ndarray, int, int], np.ndarray]] = {
    "change_active_members_4": lambda v, r, t, L: change(v, "active_members", 4, r, t),
    "change_posts_4": lambda v, r, t, L: change(v, "posts", 4, r, t),
    "change_likes_4": lambda v, r, t, L: change(v, "likes", 4, r, t),
    "average_posts_per_member_4": lambda v, r, t, L: average(v, "posts_per_member", 4, r, t),
    "average_answer_hours_4": lambda v, r, t, L: average(v, "answer_hours", 4, r, t),
    "growth_organic_content_8": lambda v, r, t, L: growth(v, "organic_content", 8, r, t),
    "baseline_active_members": lambda v, r, t, L: v["active_members"][r, L - 1],
}
"""History values, by name: (values, rows, t, launch) -> one value per row. The hand-written rules
compute them with these, and so does the rule-engine run before matching (add_history)."""


def _mean(metric: str, n: int) -> str:
    return "(" + " + ".join([metric] + [f"{metric}_ago_{k}" for k in range(1, n)]) + f") / {n}"


IN_RULE_ENGINE = {
    "change_active_members_4": "active_members - active_members_ago_4",
    "change_posts_4": "posts - posts_ago_4",
    "change_likes_4": "likes - likes_ago_4",
    "average_posts_per_member_4": _mean("posts_per_member", 4),
    "average_answer_hours_4": _mean("answer_hours", 4),
    "growth_organic_content_8": "organic_content / organic_content_ago_8 - 1",
    "baseline_active_members": "active_members_before_launch",
}
"""The same history values written in rule-engine's language, computed as it matches a row from
the values it holds: `<metric>_ago_<k>` is the metric's value k periods earlier, and
`<metric>_before_launch` its value at the period before launch (data as exported)."""


# ---------------------------------------------------------------------------------- templates


@attrs.frozen
class Predicate:
    """One comparison of a template: its left side in both languages, how to calibrate it, and
    how the engine's evidence shows it (for the same-actions baseline)."""

    adopt: str  # left side as a playbook writes it
    symbol_text: str  # left side in rule-engine syntax (history values as symbols numpy computes)
    computed_text: str  # left side in rule-engine syntax, history values computed (IN_RULE_ENGINE)
    op: str  # the comparison as written
    unit: str  # of the threshold: percent, pp, hours or number
    lhs: Callable[[Values, np.ndarray, int, int], np.ndarray]  # its values (v, rows, t, launch)
    fires_low: bool  # the rule fires when the left side is low (`<`, or `not (x >= c)`)
    shows: str  # the unit its value, threshold and margin are shown in: percent, pp, count...


@attrs.frozen
class Template:
    """A realistic condition shape; `hand` is the same condition written directly in numpy."""

    title: str
    form: str  # how the predicates combine, e.g. "{0} and {1}"
    predicates: tuple[Predicate, ...]
    hand: Callable[[Values, np.ndarray, int, int, Sequence[float]], np.ndarray]
    sustained: int = 1
    barrier: bool = False
    extra: bool = False  # uses the extra metrics of the large case


def _p(adopt: str, symbol_text: str, op: str, unit: str, lhs: Callable, low: bool,
       shows: str) -> Predicate:
    computed = symbol_text
    for symbol, text in IN_RULE_ENGINE.items():
        computed = computed.replace(symbol, text)
    return Predicate(adopt, symbol_text, computed, op, unit, lhs, low, shows)


def _m(name: str, op: str, unit: str, low: bool = True) -> Predicate:
    """A metric's current value against a threshold (shown in the metric's own unit)."""
    return _p(name, name, op, unit, lambda v, r, t, L: v[name][r, t], low,
              {**STANDARD, **EXTRA}[name])


def _s(adopt: str, symbol: str, op: str, unit: str, shows: str, low: bool = True) -> Predicate:
    """A history function, which rule-engine reads as a symbol (or computes: IN_RULE_ENGINE)."""
    return _p(adopt, symbol, op, unit, SYMBOLS[symbol], low, shows)


def _x(text: str, op: str, lhs: Callable, low: bool = True) -> Predicate:
    """Arithmetic on current values: the same text in both languages. Every one here divides
    by a count, which the engine infers is a ratio and shows as a percentage."""
    return _p(text, text, op, NUMBER, lhs, low, PERCENT)


# The hand-written rules: what a programmer would write for each shape, with no rule language.

def hand_inactive(v, rows, t, launch, th):
    a = v["active_members"]
    return (a[rows, t] < th[0]) & (a[rows, t - 1] < th[0])


def hand_dropping(v, rows, t, launch, th):
    am = v["active_members"]
    return (am[rows, t] - am[rows, t - 4] < th[0]) & (v["posts_per_member"][rows, t] < th[1])


def hand_files(v, rows, t, launch, th):
    share = v["files_shared"][rows, t] / v["posts"][rows, t]
    return (share < th[0]) & (v["posts_per_member"][rows, t] >= th[1])


def hand_reach(v, rows, t, launch, th):
    ppm = v["posts_per_member"]
    mean = (ppm[rows, t] + ppm[rows, t - 1] + ppm[rows, t - 2] + ppm[rows, t - 3]) / 4
    return (mean < th[0]) | (v["social_reach"][rows, t] < th[1])


def hand_shrinking(v, rows, t, launch, th):
    oc = v["organic_content"]
    return oc[rows, t] / oc[rows, t - 8] - 1.0 < th[0]


def hand_baseline(v, rows, t, launch, th):
    am = v["active_members"]
    return am[rows, t] - am[rows, launch - 1] < th[0]


def hand_managers(v, rows, t, launch, th):
    return (v["managers_active"][rows, t] < th[0]) & (v["active_members"][rows, t] < th[1])


def hand_engagement(v, rows, t, launch, th):
    likes, reads, members = v["likes"], v["reads"], v["members"]
    now = (likes[rows, t] + reads[rows, t] / 10) / members[rows, t] < th[0]
    before = (likes[rows, t - 1] + reads[rows, t - 1] / 10) / members[rows, t - 1] < th[0]
    return now & before


def hand_posting(v, rows, t, launch, th):
    posts = v["posts"]
    falling = posts[rows, t] - posts[rows, t - 4] < th[1]
    return ~(v["posts_per_member"][rows, t] >= th[0]) & falling


def hand_quiet(v, rows, t, launch, th):
    return (v["organic_content_growth"][rows, t] < th[0]) & (v["active_count"][rows, t] < th[1])


def hand_slow_answers(v, rows, t, launch, th):
    hours = v["answer_hours"]
    mean = (hours[rows, t] + hours[rows, t - 1] + hours[rows, t - 2] + hours[rows, t - 3]) / 4
    return (mean > th[0]) & (v["questions"][rows, t] >= th[1])


def hand_escalations(v, rows, t, launch, th):
    esc, questions = v["escalations"], v["questions"]
    return ((esc[rows, t] / questions[rows, t] > th[0])
            & (esc[rows, t - 1] / questions[rows, t - 1] > th[0]))


def hand_unanswered(v, rows, t, launch, th):
    answered = v["questions_answered"][rows, t] / v["questions"][rows, t]
    return (answered < th[0]) & (v["mentions"][rows, t] < th[1])


def hand_mobile(v, rows, t, launch, th):
    return (v["mobile_active"][rows, t] < th[0]) & (v["events_attended"][rows, t] < th[1])


def hand_wiki(v, rows, t, launch, th):
    likes = v["likes"]
    return (v["wiki_edits"][rows, t] < th[0]) & (likes[rows, t] - likes[rows, t - 4] < th[1])


def _ratio(top: str, bottom: str) -> Callable:
    return lambda v, r, t, L: v[top][r, t] / v[bottom][r, t]


def _engagement(v, r, t, L):
    return (v["likes"][r, t] + v["reads"][r, t] / 10) / v["members"][r, t]


TEMPLATES: tuple[Template, ...] = (
    Template("Members are not yet active", "{0}", (
        _m("active_members", "<", PERCENT),
    ), hand_inactive, sustained=2),
    Template("Activity is dropping", "{0} and {1}", (
        _s("change(active_members, 4 periods)", "change_active_members_4", "<", "pp", "pp"),
        _m("posts_per_member", "<", NUMBER),
    ), hand_dropping),
    Template("Hesitant to share files", "{0} and {1}", (
        _x("files_shared / posts", "<", _ratio("files_shared", "posts")),
        _m("posts_per_member", ">=", NUMBER, low=False),
    ), hand_files, barrier=True),
    Template("Reach is stalling", "{0} or {1}", (
        _s("average(posts_per_member, 4 periods)", "average_posts_per_member_4", "<", NUMBER,
           NUMBER),
        _m("social_reach", "<", NUMBER),
    ), hand_reach),
    Template("Organic content is shrinking", "{0}", (
        _s("growth(organic_content, 8 periods)", "growth_organic_content_8", "<", PERCENT,
           PERCENT),
    ), hand_shrinking),
    Template("Below the pre-launch baseline", "{0}", (
        _p("active_members - baseline(active_members)",
           "active_members - baseline_active_members", "<", "pp",
           lambda v, r, t, L: v["active_members"][r, t] - v["active_members"][r, L - 1], True,
           "pp"),
    ), hand_baseline),
    Template("Managers discourage use", "{0} and {1}", (
        _m("managers_active", "<", PERCENT),
        _m("active_members", "<", PERCENT),
    ), hand_managers, barrier=True),
    Template("Engagement is low", "{0}", (
        _x("(likes + reads / 10) / members", "<", _engagement),
    ), hand_engagement, sustained=2),
    Template("Posting is falling", "not ({0}) and {1}", (
        _m("posts_per_member", ">=", NUMBER),  # fires when low: it is negated
        _s("change(posts, 4 periods)", "change_posts_4", "<", NUMBER, COUNT),
    ), hand_posting),
    Template("The network is quiet", "{0} and {1}", (
        _m("organic_content_growth", "<", PERCENT),
        _m("active_count", "<", NUMBER),
    ), hand_quiet),
    Template("Questions wait too long", "{0} and {1}", (
        _s("average(answer_hours, 4 periods)", "average_answer_hours_4", ">", HOURS, HOURS,
           low=False),
        _m("questions", ">=", NUMBER, low=False),
    ), hand_slow_answers, extra=True),
    Template("Escalations are rising", "{0}", (
        _x("escalations / questions", ">", _ratio("escalations", "questions"), low=False),
    ), hand_escalations, sustained=2, extra=True),
    Template("Questions go unanswered", "{0} and {1}", (
        _x("questions_answered / questions", "<", _ratio("questions_answered", "questions")),
        _m("mentions", "<", NUMBER),
    ), hand_unanswered, barrier=True, extra=True),
    Template("Mobile workers are left out", "{0} and {1}", (
        _m("mobile_active", "<", PERCENT),
        _m("events_attended", "<", NUMBER),
    ), hand_mobile, extra=True),
    Template("Knowledge is not written down", "{0} and {1}", (
        _m("wiki_edits", "<", NUMBER),
        _s("change(likes, 4 periods)", "change_likes_4", "<", NUMBER, COUNT),
    ), hand_wiki, extra=True),
)


# -------------------------------------------------------------------------------- calibration


@attrs.frozen
class Threshold:
    """A threshold as written in the playbook (`23.45%`), its engine value and rule-engine text."""

    text: str
    value: float
    symbol_text: str
    shortest: str  # as the engine's evidence writes the literal: `-2.3pp`, not `-2.300000000000pp`


def threshold(written: float, decimals: int, unit: str) -> Threshold:
    """The literal as a playbook writes it; its value exactly as the engine computes it."""
    number = f"{written:.{decimals}f}"
    amount = float(number)
    magnitude = abs(amount)  # a minus sign is written as it is, even on zero: `-0pp`
    shortest = ("-" if number.startswith("-") else "") + (
        str(int(magnitude)) if magnitude == int(magnitude) else repr(magnitude))
    if unit in (PERCENT, "pp"):
        suffix = "%" if unit == PERCENT else "pp"
        ratio = Decimal(number) / 100
        return Threshold(number + suffix, amount / 100, format(ratio, "f"), shortest + suffix)
    suffix = " hours" if unit == HOURS else ""
    return Threshold(number + suffix, amount, number, shortest + suffix)


def _between(low: float, high: float) -> tuple[float, int]:
    """The shortest decimal in the middle half of (low, high): far from every data value."""
    lo, hi = low + (high - low) / 4, high - (high - low) / 4
    middle = (low + high) / 2
    for decimals in range(12):
        value = round(middle, decimals)
        if lo <= value <= hi:
            return value, decimals
    return middle, 12


@attrs.frozen(eq=False)
class Sorted:
    """One predicate's left-side values over a scope (periods the rule reads), sorted."""

    values: np.ndarray
    distinct: np.ndarray
    scale: float  # 100 for percentages and points (thresholds are written 0-100)


def sorted_values(pred: Predicate, v: Values, rows: np.ndarray, t: int, launch: int,
                  sustained: int) -> Sorted:
    scale = 100.0 if pred.unit in (PERCENT, "pp") else 1.0
    values = np.concatenate([pred.lhs(v, rows, t - k, launch) for k in range(sustained)]) * scale
    # Rounded, so that values equal in decimal (2.3 - 4.6 and 5.1 - 7.4) are one value, whatever
    # float error their computation left: no threshold falls between them, and rule-engine's
    # exact Decimal arithmetic agrees with the engine's floats.
    values = np.sort(np.round(values[np.isfinite(values)], 9))
    return Sorted(values, np.unique(values), scale)


def threshold_at(pred: Predicate, data: Sorted, level: float) -> Threshold:
    """A threshold between two adjacent data values so that about `level` of them pass."""
    values, distinct = data.values, data.distinct
    rank = level * (len(values) - 1) if pred.fires_low else (1 - level) * (len(values) - 1)
    at = values[int(round(rank))]
    i = int(np.searchsorted(distinct, at))
    if pred.fires_low:
        upper = distinct[i + 1] if i + 1 < len(distinct) else at + 1
        value, decimals = _between(at, upper)
    else:
        lower = distinct[i - 1] if i > 0 else at - 1
        value, decimals = _between(lower, at)
    return threshold(value, decimals, pred.unit)


def calibrate(template: Template, v: Values, rows: np.ndarray, t: int, launch: int,
              target: float) -> tuple[Threshold, ...]:
    """Thresholds (one quantile level for all predicates) that fire for about `target` of rows."""
    data = [sorted_values(p, v, rows, t, launch, template.sustained) for p in template.predicates]

    def at(level: float) -> tuple[Threshold, ...]:
        return tuple(threshold_at(p, d, level) for p, d in zip(template.predicates, data))

    low, high = 0.0, 1.0
    for _ in range(22):
        middle = (low + high) / 2
        fired = template.hand(v, rows, t, launch, [x.value for x in at(middle)]).mean()
        low, high = (middle, high) if fired < target else (low, middle)
    return at(high)


# ------------------------------------------------------------------------------------ playbook


@attrs.frozen
class RuleSpec:
    """One generated rule or barrier: its template, thresholds and scope."""

    name: str
    template: Template
    thresholds: tuple[Threshold, ...]
    segment: str | None  # None: `in all by geography`
    level: str
    kind: str
    tool: str
    minimum: int

    def condition(self) -> str:
        parts = [f"{p.adopt} {p.op} {x.text}" for p, x in zip(self.template.predicates,
                                                                  self.thresholds)]
        sustained = f" for {self.template.sustained} periods" if self.template.sustained > 1 else ""
        return self.template.form.format(*parts) + sustained

    def rule_engine_text(self, computed: bool) -> str:
        """The condition in rule-engine's language, its history values computed as it matches
        (`computed`) or read from symbols numpy computes before matching."""
        parts = [f"{p.computed_text if computed else p.symbol_text} {p.op} {x.symbol_text}"
                 for p, x in zip(self.template.predicates, self.thresholds)]
        return self.template.form.format(*parts)


def geo_rows(data: Data) -> dict[str | None, np.ndarray]:
    """Rows broken down by geography, per segment and for `all`."""
    by_segment: dict[str | None, list[int]] = {}
    for row, (segment, geo) in enumerate(data.groups):
        if geo:
            by_segment.setdefault(segment, []).append(row)
            by_segment.setdefault(None, []).append(row)
    return {k: np.array(v, dtype=np.intp) for k, v in by_segment.items()}


def generate_rules(spec: CaseSpec, data: Data, rng: np.random.Generator) -> list[RuleSpec]:
    """Rules and barriers over random templates and scopes, each calibrated on the data."""
    templates = [x for x in TEMPLATES if spec.metrics > len(STANDARD) or not x.extra]
    values = data.engine_values()
    rows = geo_rows(data)
    t = len(data.periods) - 1
    segments = sorted(s for s in rows if s is not None)
    out = []
    for i in range(spec.rules):
        template = templates[int(rng.integers(len(templates)))]
        scoped = rng.random() >= ALL_SCOPE_SHARE
        segment = segments[int(rng.integers(len(segments)))] if scoped else None
        target = float(rng.uniform(*TARGET_FIRING))
        found = calibrate(template, values, rows[segment], t, data.launch, target)
        prefix = "b" if template.barrier else "r"
        out.append(RuleSpec(
            f"{prefix}_{i:04d}", template, found, segment, LEVELS[int(rng.integers(4))],
            RULE_KINDS[int(rng.integers(len(RULE_KINDS)))], f"tool_{int(rng.integers(4))}",
            int(rng.choice([10, 20, 30])) if template.barrier else 10,
        ))
    return out


@attrs.frozen
class SegmentSpec:
    """One generated segment as its declaration writes it."""

    name: str
    members: int
    collaboration: str
    likelihood: str
    manager: str


PRIORITIES = 4  # priority_k is for every fourth segment from the k-th; tool_k serves priority_k
RULE_MESSAGE = "{title} in {{group}}: act for {{priority}}"  # a rule's `do` message, by title
BARRIER_REMEDY = "Ask a manager in {group} to go first"


def generate_segments(data: Data, rng: np.random.Generator) -> list[SegmentSpec]:
    """Each segment's size now and its ratings, drawn in playbook order."""
    segments = sorted({s for s, _ in data.groups})
    members = {s: int(data.written["members"][data.groups.index((s, "")), -1]) for s in segments}
    return [SegmentSpec(s, members[s], RATINGS[int(rng.integers(3))],
                        RATINGS[int(rng.integers(3))], f"Manager {int(rng.integers(40))}")
            for s in segments]


def priority_of(index: int) -> tuple[str, str, int]:
    """The name, title and weight of the one business priority of the `index`-th segment."""
    k = index % PRIORITIES
    return f"priority_{k}", f"Business priority {k}", k % 3 + 1


def _block(head: str, clauses: Sequence[str]) -> list[str]:
    return [f"{head} {{", *(f"  {c}" for c in clauses), "}", ""]


def playbook_text(spec: CaseSpec, data: Data, rules: Sequence[RuleSpec],
                  segments: Sequence[SegmentSpec]) -> str:
    """The playbook in canonical layout: header, segments, priorities, tools, metrics, rules."""
    lines = _block(f'playbook "Benchmark {spec.name}"', [
        'platform      "Viva Engage"', "cadence       weekly",
        f"launch        {data.periods[data.launch]}", "critical_mass 60%",
        "effort        800 hours",
    ])
    for s in segments:
        lines += _block(f'segment {s.name} "Segment {s.name[4:]}"', [
            f"members       {s.members}",
            f"collaboration {s.collaboration}",
            f"likelihood    {s.likelihood}",
            f'managers      "{s.manager}"',
            "by            geography",
        ])
    for k in range(PRIORITIES):
        owners = ", ".join(s.name for s in segments[k::PRIORITIES])
        name, title, weight = priority_of(k)
        lines += _block(f'priority {name} "{title}"', [f"for    {owners}", f"weight {weight}"])
    for k in range(PRIORITIES):
        lines += _block(f'tool tool_{k} "Tool {k}"', [
            f"serves priority_{k}", 'needs  "search", "mobile upload"', 'has    "search"'])
    for name, unit in EXTRA.items():
        if spec.metrics > len(STANDARD):
            lines += _block(f'metric {name} "{EXTRA_TITLES[name]}"', [f"unit {unit}"])
    for r in rules:
        lines += _rule_block(r)
    return "\n".join(lines)


def _rule_block(r: RuleSpec) -> list[str]:
    scope = f"in       {r.segment or 'all'} by geography"
    title = f'"{r.template.title}"'
    if r.template.barrier:
        return _block(f"barrier {r.name} {title}", [
            f"when     {r.condition()}", scope, f"minimum  {r.minimum} members",
            f"severity {r.level}", f'remedy   "{BARRIER_REMEDY}"', f"using    {r.tool}",
        ])
    return _block(f"rule {r.name} {title}", [
        f"when     {r.condition()}", scope,
        f'do       {r.kind} "{RULE_MESSAGE.format(title=r.template.title)}"',
        f"using    {r.tool}", f"priority {r.level}",
    ])


# ------------------------------------------------------------------------------------ metrics


def _column_text(values: np.ndarray, unit: str) -> list[str]:
    if unit == COUNT:
        return list(map(str, values.astype(np.int64).tolist()))
    decimals = 1 if unit == PERCENT else 2
    return [f"{x:.{decimals}f}" for x in values.tolist()]


def write_metrics(data: Data, folder: Path, metrics: int, per_period: bool) -> int:
    """Wide CSV, one file per period or one for the whole history; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    units = {**STANDARD, **EXTRA}
    names = list(data.written)[:metrics]
    header = ",".join(["period", "segment", "geography", *names]) + "\n"
    keys = [f"{s},{g}" for s, g in data.groups]
    total = 0
    whole = folder / "history.csv"
    if not per_period:
        whole.write_text(header, encoding="utf-8")
    for column, period in enumerate(data.periods):
        cells = [_column_text(data.written[n][:, column], units[n]) for n in names]
        rows = (f"{period},{key},{','.join(values)}" for key, *values in zip(keys, *cells))
        text = "\n".join(rows) + "\n"
        if per_period:
            text = header + text
            (folder / f"{period}.csv").write_text(text, encoding="utf-8")
        else:
            with whole.open("a", encoding="utf-8") as out:
                out.write(text)
        total += len(text)
    return total


# ------------------------------------------------------------------------------- end to end

REPLAY_LIMIT = 1.5  # issue 18: the replay may make the typical case at most this much slower
CLI = ("import sys\n"
       "import adoptplan.engine as engine\n"
       "if sys.argv.pop(1) == 'off':\n"
       "    evaluate = engine.evaluate\n"
       "    engine.evaluate = lambda *a, **k: evaluate(*a, **{**k, 'replay': False})\n"
       "from adoptplan.cli import main\n"
       "sys.argv[0] = 'adoptplan'\n"
       "main()\n")
"""The command line with the lifecycle replay on or off (`engine.evaluate(replay=False)`: only
`when` at the evaluated period decides, as before issue 18), both started the same way."""


def end_to_end(playbook: Path, metrics: Path, out: Path, rounds: int
               ) -> tuple[Timing, Run, dict, Timing]:
    """The whole command in a fresh process per round: its timing, the run with the highest
    peak memory, and the JSON it wrote; and, interleaved with it, the same command with the
    lifecycle replay off."""
    argv = [ADOPTPLAN, "evaluate", playbook, "--metrics", metrics, "--format", "json", "-o", out]
    common = ["evaluate", playbook, "--metrics", metrics, "--format", "json", "-o"]
    timed = interleave_commands({
        "evaluate": argv,
        "replay on": [sys.executable, "-c", CLI, "on", *common, out.with_suffix(".on.json")],
        "replay off": [sys.executable, "-c", CLI, "off", *common, out.with_suffix(".off.json")],
    }, rounds)
    timing = timed["evaluate"]
    on, off = (json.loads(out.with_suffix(f".{x}.json").read_text()) for x in ("on", "off"))
    assert {f["id"] for f in off["findings"]} <= {f["id"] for f in on["findings"]}, \
        "the replay only adds alerts that `clear` holds open"
    return timing, timing.result, json.loads(out.read_text()), (timed["replay on"],
                                                                timed["replay off"])


# ---------------------------------------------------------------------------- engine in-process


@attrs.frozen(eq=False)
class Loaded:
    """The playbook and history as `adoptplan evaluate` loads them, and the rules' scopes."""

    playbook: object
    history: object
    values: Values  # history values; the generated weeks are contiguous, as the engine's axis
    scopes: dict[str, np.ndarray]  # rule name -> history rows in scope
    labels: list[str]  # history row -> `segment/geography=XX`
    t: int
    launch: int
    segments: list[str]  # history row -> its segment
    dimensions: list[tuple[tuple[str, str], ...]]  # history row -> (("geography", "XX"),)
    periods: tuple[str, ...]
    path: Path  # the playbook file, parsed again in the engine's clock


def load_case(playbook: Path, metrics: Path, rules: Sequence[RuleSpec]) -> Loaded:
    from adoptplan import api

    prepared = api.prepare([playbook], [metrics])
    history = prepared.history
    rows: dict[str | None, list[int]] = {}
    for row, group in enumerate(history.groups):
        if tuple(name for name, _ in group.dimensions) == ("geography",):
            rows.setdefault(group.segment, []).append(row)
            rows.setdefault(None, []).append(row)
    scopes = {r.name: np.array(rows[r.segment], dtype=np.intp) for r in rules}
    launch = history.periods.index(prepared.checked.loaded.playbook.header.launch.text)
    return Loaded(prepared.checked.loaded.playbook, history, dict(history.values), scopes,
                  [g.label() for g in history.groups], len(history.periods) - 1, launch,
                  [g.segment for g in history.groups], [g.dimensions for g in history.groups],
                  tuple(history.periods), playbook)


@attrs.frozen
class Outcome:
    """What a run decided: the shown (rule, group) ids and how many were hidden by the floor.

    Runs agree on what they show. The count hidden is each side's own report: the engine counts
    the groups its disclosure step withholds (never the findings they would have fired, so the
    count cannot be probed), the hand-written functions the fired rows below the minimum size.
    """

    shown: frozenset[str]
    suppressed: int = attrs.field(eq=False)


def engine_run(loaded: Loaded, parse: bool = True, replay: bool = True) -> Any:
    """The engine's evaluation (an adoptplan.result.Evaluation) as `adoptplan evaluate` runs it:
    the playbook read, parsed and checked (as rule-engine parses its conditions in its clock),
    then evaluated recording one case per rule and group, as the CLI records them. Without
    `parse`, the playbook loaded before the clock is evaluated (shown beside, no target); without
    `replay`, no lifecycle is read from the history (issue 18's replay, measured against)."""
    from adoptplan import api
    from adoptplan.engine import evaluate

    playbook = api.check_paths([loaded.path]).loaded.playbook if parse else loaded.playbook
    return evaluate(playbook, loaded.history, record_cases=True, replay=replay)


def rule_findings(evaluation: Any) -> list[Any]:
    """The findings of rules and barriers (not the built-in analyses), by id, without their
    lifecycles (read from the history: the hand-written functions decide one period only)."""
    return sorted((attrs.evolve(f, lifecycle=None) for f in evaluation.findings
                   if f.source in ("rule", "barrier")), key=lambda f: f.id)


def engine_outcome(evaluation: Any) -> Outcome:
    """What the engine decided: the shown ids and how many the minimum group size hid."""
    return Outcome(frozenset(f.id for f in rule_findings(evaluation)), evaluation.suppressed)


def withheld_now(loaded: Loaded, minimum: float) -> np.ndarray:
    """Per history row, whether the privacy floor withholds it at the evaluated period: the
    engine's one disclosure decision (a group below `minimum`, the next smallest of its
    breakdown, enough others that withheld groups hold at least 3 people, the segment's total
    when its only group is withheld), applied to the same values as the engine's frame gives it.
    Deciding conditions is what the baselines compete on; what may be shown is a policy both
    sides must follow."""
    from adoptplan.engine import disclosure
    from adoptplan.engine.frame import PEOPLE

    now = loaded.t + 1
    values = {name: column[:, :now] for name, column in loaded.values.items()}
    members = values["members"]
    broken_down = np.array([bool(d) for d in loaded.dimensions])
    rows_of: dict[str, list[int]] = {}
    totals_of: dict[str, int] = {}
    for row, segment in enumerate(loaded.segments):
        if broken_down[row]:
            rows_of.setdefault(segment, []).append(row)
        else:
            totals_of[segment] = row
    breakdowns = [np.array(rows) for rows in rows_of.values()]
    totals = [totals_of.get(segment, -1) for segment in rows_of]
    amounts = [values[name] for name in PEOPLE if name in values]
    if "active_count" not in values and {"active_members", "members"} <= set(values):
        amounts.append(values["active_members"] * values["members"])
    has_value = disclosure.present(values, members.shape)
    return disclosure.withheld(members, has_value, broken_down, breakdowns, minimum, True,
                               values, amounts, totals)[:, -1]


def _outcome(loaded: Loaded, rules: Sequence[RuleSpec], fired: dict[str, np.ndarray]) -> Outcome:
    """Fired rows per rule, split by the privacy floor as the engine splits them."""
    hidden_rows = {m: withheld_now(loaded, m) for m in {r.minimum for r in rules}}
    shown, hidden = set(), 0
    for r in rules:
        rows = fired[r.name]
        small = hidden_rows[r.minimum][rows]
        hidden += int(small.sum())
        shown.update(f"{r.name}/{loaded.labels[row]}" for row in rows[~small].tolist())
    return Outcome(frozenset(shown), hidden)


def hand_run(loaded: Loaded, rules: Sequence[RuleSpec]) -> Outcome:
    """The hand-written rules, one numpy function per condition shape, then the minimum size."""
    fired = {}
    for r in rules:
        rows = loaded.scopes[r.name]
        mask = r.template.hand(loaded.values, rows, loaded.t, loaded.launch,
                               [x.value for x in r.thresholds])
        fired[r.name] = rows[mask]
    return _outcome(loaded, rules, fired)


# --------------------------------------------------------------- hand-written, same actions


@attrs.frozen(eq=False)
class Column:
    """One comparison of a rule as its evidence shows it: everything but the data."""

    expression: str  # as the engine writes it: `active_members < 23.3%`
    lhs: Callable[[Values, np.ndarray, int, int], np.ndarray]
    compare: Callable[[np.ndarray, float], np.ndarray]
    below: bool  # `<` or `<=`: the margin is threshold - value, else value - threshold
    threshold: float  # engine units
    threshold_text: str  # formatted with the unit
    unit: str
    margin_unit: str  # the difference of two percentages is in points


@attrs.frozen(eq=False)
class ActionRule:
    """What the same-actions baseline knows of one rule before the clock starts. Nothing here
    depends on the data: texts, units, thresholds, and per segment its score and the title of
    the priority it serves (from the generated ratings and weights)."""

    name: str
    decide: Callable[[Values, np.ndarray, int, int, Sequence[float]], np.ndarray]
    thresholds: list[float]
    sustained: int
    minimum: int
    source: str
    title: str
    kind: str
    level: str
    message: str  # str.format template: {group}, {priority}
    remedy: str  # str.format template: {group}
    tool: str
    path: str
    line: int
    columns: tuple[Column, ...]
    scores: dict[str, float]  # segment -> focus score x weight of the priority served
    priorities: dict[str, str]  # segment -> title of the priority served


COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}
RATING_SCORE = {"low": 1, "medium": 2, "high": 3}  # as the method scores a rating


def _column(p: Predicate, x: Threshold, negated: bool, threshold_text: str) -> Column:
    """A comparison's evidence as the engine writes it; one under a `not` as its negation, with
    the negation's truth and margin."""
    text, compare, below = f"{p.adopt} {p.op} {x.shortest}", COMPARE[p.op], p.op in ("<", "<=")
    if negated:
        text, below = f"not ({text})", not below
        compare = functools.partial(_negated, compare)
    return Column(text, p.lhs, compare, below, x.value, threshold_text, p.shows,
                  "pp" if p.shows == PERCENT else p.shows)


def _negated(compare: Callable[[np.ndarray, float], np.ndarray], a: np.ndarray, b: float
             ) -> np.ndarray:
    return ~compare(a, b)


def action_rules(rules: Sequence[RuleSpec], segments: Sequence[SegmentSpec],
                 playbook: Path) -> list[ActionRule]:
    """Each rule as the same-actions baseline needs it (not timed).

    Score: the segment's focus (collaboration x likelihood / 9, exact) times the
    weight of the priority the rule serves (its tool's priority if the segment has it, else the
    segment's own; here both are the segment's one priority), rounded to 3 places.
    """
    from adoptplan.engine.values import format_value

    lines = {}
    for number, text in enumerate(playbook.read_text(encoding="utf-8").splitlines(), 1):
        if text.startswith(("rule ", "barrier ")):
            lines[text.split()[1]] = number
    scores, priorities = {}, {}
    for index, s in enumerate(segments):
        _, title, weight = priority_of(index)
        focus = RATING_SCORE[s.collaboration] * RATING_SCORE[s.likelihood] / 9
        scores[s.name], priorities[s.name] = round(focus * weight, 3), title
    out = []
    for spec in rules:
        template = spec.template
        columns = tuple(
            _column(p, x, f"not ({{{index}}})" in template.form, format_value(x.value, p.shows))
            for index, (p, x) in enumerate(zip(template.predicates, spec.thresholds)))
        barrier = template.barrier
        out.append(ActionRule(
            spec.name, template.hand, [x.value for x in spec.thresholds], template.sustained,
            spec.minimum, "barrier" if barrier else "rule", template.title,
            "remove_barrier" if barrier else spec.kind, spec.level,
            template.title if barrier else RULE_MESSAGE.format(title=template.title),
            BARRIER_REMEDY if barrier else "", f"Tool {spec.tool.removeprefix('tool_')}",
            str(playbook), lines[spec.name], columns, scores, priorities))
    return out


def hand_actions(loaded: Loaded, rules: Sequence[ActionRule]) -> list[Any]:
    """The same actions and barrier alerts as the engine, written directly: decide with the
    hand-written numpy function, drop the groups the privacy floor withholds, then build each
    finding with its message and the evidence of every comparison, newest period first."""
    from adoptplan.result import Finding

    values, t, launch = loaded.values, loaded.t, loaded.launch
    hidden = {m: withheld_now(loaded, m) for m in {rule.minimum for rule in rules}}
    period = loaded.periods[t]
    findings = []
    for rule in rules:
        rows = loaded.scopes[rule.name]
        fired = rows[rule.decide(values, rows, t, launch, rule.thresholds)]
        shown = fired[~hidden[rule.minimum][fired]]
        if not shown.size:
            continue
        evidence = hand_evidence(loaded, rule, shown)
        for row, found in zip(shown.tolist(), evidence):
            label, segment = loaded.labels[row], loaded.segments[row]
            findings.append(Finding(
                id=f"{rule.name}/{label}", source=rule.source, rule=rule.name, title=rule.title,
                kind=rule.kind, level=rule.level, score=rule.scores[segment], segment=segment,
                dimensions=loaded.dimensions[row],
                message=rule.message.format(group=label, priority=rule.priorities[segment]),
                remedy=rule.remedy.format(group=label), tool=rule.tool, path=rule.path,
                line=rule.line, period=period, evidence=found,
            ))
    return findings


def hand_evidence(loaded: Loaded, rule: ActionRule, rows: np.ndarray) -> list[tuple]:
    """Per row: each comparison's value, threshold, margin and truth, for each period the
    condition had to hold (this period's comparisons, then the previous period's)."""
    from adoptplan.engine.values import format_value, shown_number
    from adoptplan.result import Evidence

    columns = []
    for k in range(rule.sustained):
        t = loaded.t - k
        period = loaded.periods[t]
        for c in rule.columns:
            left = c.lhs(loaded.values, rows, t, loaded.launch)
            margins = c.threshold - left if c.below else left - c.threshold
            threshold = shown_number(c.threshold, c.unit)
            columns.append([
                Evidence(c.expression, format_value(value, c.unit), period, c.threshold_text,
                         format_value(margin, c.margin_unit), holds, c.unit,
                         shown_number(value, c.unit), threshold,
                         shown_number(margin, c.margin_unit))
                for value, margin, holds in zip(left.tolist(), margins.tolist(),
                                                c.compare(left, c.threshold).tolist())
            ])
    return list(zip(*columns))


def rule_engine_rows(loaded: Loaded, rows: np.ndarray, texts: str, computed: bool
                     ) -> tuple[dict[int, dict], dict[int, dict]]:
    """Per row, a dict for this period and one for the period before (not timed): the metrics'
    values at that period and, with `computed`, the earlier values from which the rules' `texts`
    compute their history values in rule-engine's language (see IN_RULE_ENGINE)."""
    values, launch = loaded.values, loaded.launch

    def at(t: int) -> dict[int, dict]:
        columns = {n: values[n][rows, t].tolist() for n in values}
        if computed:
            columns |= {f"{n}_ago_{k}": values[n][rows, t - int(k)].tolist()
                        for n, k in sorted(set(re.findall(r"(\w+)_ago_(\d+)\b", texts)))}
            columns |= {f"{n}_before_launch": values[n][rows, launch - 1].tolist()
                        for n in sorted(set(re.findall(r"(\w+)_before_launch\b", texts)))}
        return {row: {name: column[i] for name, column in columns.items()}
                for i, row in enumerate(rows.tolist())}

    return at(loaded.t), at(loaded.t - 1)


def add_history(loaded: Loaded, rows: np.ndarray, texts: str, now: dict[int, dict],
                before: dict[int, dict]) -> None:
    """The history values the rules' `texts` read as symbols (`change_posts_4`), computed by numpy
    over `rows` and written into each row's dicts: timed, as the engine computes its own."""
    symbols = {name: f for name, f in SYMBOLS.items() if name in texts}
    for t, dicts in ((loaded.t, now), (loaded.t - 1, before)):
        columns = {name: f(loaded.values, rows, t, loaded.launch).tolist()
                   for name, f in symbols.items()}
        for i, row in enumerate(rows.tolist()):
            target = dicts[row]
            for name, column in columns.items():
                target[name] = column[i]


@attrs.frozen
class RuleEngineResult:
    seconds: float  # measured, for the pairs sampled (never scaled: see rule_engine_setup)
    pairs: int
    sampled: int
    outcome: Outcome  # on the sampled pairs only
    sample: dict[str, np.ndarray]  # rule name -> sampled rows


def _sample(loaded: Loaded, rules: Sequence[RuleSpec], budget: int | None,
            seed: int) -> dict[str, np.ndarray]:
    """Every pair, or a fixed random share of each rule's groups so that about `budget` remain."""
    pairs = sum(len(loaded.scopes[r.name]) for r in rules)
    if budget is None or budget >= pairs:
        return {r.name: loaded.scopes[r.name] for r in rules}
    rng = np.random.default_rng(seed)
    return {r.name: loaded.scopes[r.name][rng.random(len(loaded.scopes[r.name])) < budget / pairs]
            for r in rules}


@attrs.frozen(eq=False)
class RuleEngineSetup:
    """rule-engine's run over the sampled pairs, ready to time, and what it covers."""

    run: Callable[[], dict[str, np.ndarray]]
    pairs: int
    sampled: int
    sample: dict[str, np.ndarray]

    def result(self, seconds: float, fired: dict[str, np.ndarray], loaded: Loaded,
               rules: Sequence[RuleSpec]) -> RuleEngineResult:
        return RuleEngineResult(seconds, self.pairs, self.sampled,
                                _outcome(loaded, rules, fired), self.sample)


def rule_engine_setup(loaded: Loaded, rules: Sequence[RuleSpec], budget: int | None,
                      seed: int, computed: bool) -> RuleEngineSetup:
    """The same conditions as rule_engine.Rule objects, matched against each group's row dicts.
    Their history values are computed in the timed run: by rule-engine itself (`computed`), or
    by numpy before matching (see add_history).

    With a `budget` below the number of (rule, group) pairs, a fixed random sample of each rule's
    groups (the same share for every rule) is evaluated and its time is NOT scaled up (scaling
    would multiply the fixed costs too: 27.1x scaled against 18.8x on all pairs, issue 21), so
    the ratio against the engine on every pair is a lower bound.
    """
    import rule_engine

    sample = _sample(loaded, rules, budget, seed)
    rows = np.unique(np.concatenate(list(sample.values())))
    texts = " ".join(r.rule_engine_text(computed) for r in rules)
    now, before = rule_engine_rows(loaded, rows, texts, computed)
    # One context for every rule: without it, each Rule makes its own, with its built-ins.
    context = rule_engine.Context()

    def run() -> dict[str, np.ndarray]:
        if not computed:
            add_history(loaded, rows, texts, now, before)
        fired = {}
        for r in rules:
            rule = rule_engine.Rule(r.rule_engine_text(computed), context=context)
            sustained = r.template.sustained > 1
            hits = [row for row in sample[r.name].tolist()
                    if rule.matches(now[row]) and (not sustained or rule.matches(before[row]))]
            fired[r.name] = np.array(hits, dtype=np.intp)
        return fired

    pairs = sum(len(loaded.scopes[r.name]) for r in rules)
    sampled = sum(len(rows) for rows in sample.values())
    return RuleEngineSetup(run, pairs, sampled, sample)


def restricted(outcome: Outcome, loaded: Loaded, rules: Sequence[RuleSpec],
               sample: dict[str, np.ndarray]) -> frozenset[str]:
    """The shown ids of `outcome` that fall in the sampled pairs."""
    ids = {f"{r.name}/{loaded.labels[row]}" for r in rules for row in sample[r.name].tolist()}
    return outcome.shown & ids


EXPLAINING = ("evidence_table", "formats", "_findings", "_unknown", "_record_cases")
"""Engine functions that turn a fired or unknown group into output (none calls another):
evidence and its formats, finding records with their messages, reasons for "not evaluated",
the case records."""


def profile_engine(loaded: Loaded, top: int) -> tuple[float, str]:
    """The share of the engine's time spent explaining (evidence, messages, finding records)
    rather than deciding, and the `top` functions by cumulative time."""
    import cProfile
    import io
    import pstats

    clear_caches()
    profiler = cProfile.Profile()
    profiler.enable()
    engine_run(loaded)
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    explaining = sum(entry[3] for (path, _, name), entry in stats.stats.items()
                     if path.endswith("evaluate.py") and name in EXPLAINING)
    if top:
        stats.sort_stats("cumulative").print_stats(top)
    return explaining / stats.total_tt, buffer.getvalue()


# ------------------------------------------------------------------------------------ one case


def generate_case(spec: CaseSpec, folder: Path, args: argparse.Namespace
                  ) -> tuple[Path, Path, list[RuleSpec], list[SegmentSpec]]:
    """The playbook and its metrics folder, written from the seed; the rules and segments as
    generated."""
    rng = np.random.default_rng([args.seed, spec.segments])
    start = time.perf_counter()
    data = generate_data(spec, rng)
    rules = generate_rules(spec, data, rng)
    playbook = folder / f"{spec.name}.adopt"
    segments = generate_segments(data, rng)
    playbook.write_text(playbook_text(spec, data, rules, segments), encoding="utf-8")
    per_period = args.layout == "per-period"
    metrics = folder / f"{spec.name}-metrics"
    size = write_metrics(data, metrics, spec.metrics, per_period)
    files = f"{spec.periods} files" if per_period else "1 file"
    print(f"\n== {spec.name}: {spec.segments} segments x {spec.geographies} geographies "
          f"({len(data.groups)} groups with the whole-segment rows), {spec.periods} weekly "
          f"periods, {spec.metrics} metrics, {len(rules)} rules and barriers "
          f"({sum(r.segment is None for r in rules)} in all by geography); "
          f"{len(data.groups) * spec.periods:,} CSV rows, {size / 1e6:.1f} MB in {files}; "
          f"generated in {time.perf_counter() - start:.1f} s")
    return playbook, metrics, rules, segments


def run_case(spec: CaseSpec, folder: Path, args: argparse.Namespace) -> list[Row]:
    """Generate, run end to end, then time the evaluators in this process, interleaved, caches
    cleared before every run. Ratios are of medians measured in the same rounds."""
    playbook, metrics, rules, segments = generate_case(spec, folder, args)
    timing, run, result, (replay_on, replay_off) = end_to_end(
        playbook, metrics, folder / f"{spec.name}.json", args.repeat)
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    print(f"end to end: {timing.text()}, peak {run.peak_mb:.0f} MB; "
          f"{len(result['findings'])} findings, {len(result.get('cases', []))} cases, "
          f"{result['suppressed']} suppressed; {len(warnings)} warnings on stderr; {load()}")

    loaded = load_case(playbook, metrics, rules)
    prepared = action_rules(rules, segments, playbook)
    runs: dict[str, Callable[[], object]] = {
        "engine": lambda: engine_run(loaded),
        "engine, evaluate only": lambda: engine_run(loaded, parse=False),
        "engine, evaluate only, replay off": lambda: engine_run(loaded, parse=False,
                                                                replay=False),
        "hand": lambda: hand_run(loaded, rules),
        "actions": lambda: hand_actions(loaded, prepared),
    }
    setups = {}
    if importlib.util.find_spec("rule_engine") is not None:
        budget = None if spec.name == "typical" else args.rule_engine_pairs
        kinds = RULE_ENGINE_RUNS if args.in_its_language else {"rule-engine": False}
        setups = {name: rule_engine_setup(loaded, rules, budget, args.seed, computed)
                  for name, computed in kinds.items()}
        runs |= {name: setup.run for name, setup in setups.items()}
    rounds = args.engine_repeat if spec.name == "typical" else 5
    timed = interleave(runs, rounds, before=clear_caches)
    engine_seconds, evaluation = timed["engine"].median, timed["engine"].result
    hand_seconds, hand = timed["hand"].median, timed["hand"].result
    actions_seconds, actions = timed["actions"].median, timed["actions"].result
    engine = engine_outcome(evaluation)
    assert engine == hand, _difference("adoptplan", engine, "hand-written", hand)
    assert hand == engine, _difference("hand-written", hand, "adoptplan", engine)
    assert engine_outcome(timed["engine, evaluate only"].result) == engine
    findings = rule_findings(evaluation)
    actions = sorted(actions, key=lambda f: f.id)
    assert findings == actions, _findings_difference(findings, actions)
    assert actions == findings, _findings_difference(actions, findings)
    pairs = sum(len(loaded.scopes[r.name]) for r in rules)
    fired = len(hand.shown) + hand.suppressed
    print(f"{rounds} interleaved rounds, caches cleared before every run; {load()}")
    for name, each in timed.items():
        print(f"  {name:38} {each.text()}")
    print(f"{pairs:,} (rule, group) pairs, {fired:,} fired ({100 * fired / pairs:.1f}%), "
          f"{hand.suppressed} of them in groups below the minimum size; all agree on every "
          f"pair both ways, and on all {len(findings):,} findings field by field both ways")
    explaining, profile = profile_engine(loaded, args.profile)
    deciding = engine_seconds * (1 - explaining)
    print(f"engine time (cProfile split): {100 * explaining:.0f}% explaining (evidence, messages, "
          f"finding and case records), {100 * (1 - explaining):.0f}% deciding (parse, compile, "
          f"history functions, conditions, scopes): about {deciding:.3f} s" +
          ("\n" + profile if profile else ""))
    rows = _end_to_end_rows(spec, timing, run)
    rows += _replay_rows(spec, replay_on, replay_off, timed)
    rows += _rule_engine_rows(spec, loaded, rules, engine, (engine_seconds, actions_seconds),
                              deciding, setups, timed)
    # the hand-written functions parse nothing: they are compared with the evaluation alone
    evaluating = timed["engine, evaluate only"].median
    ratio = evaluating / actions_seconds
    rows.append(Row(spec.name, "engine, evaluate only / hand-written, same actions (x slower)",
                    f"{ratio:.1f}x", f"<= {ENGINE_VS_HAND:g}x", _verdict(ratio <= ENGINE_VS_HAND)))
    rows.append(Row(spec.name, "engine, evaluate only / tight numpy, deciding only (x slower)",
                    f"{evaluating / hand_seconds:.1f}x", "", _verdict(None)))
    rows.append(Row(spec.name, "engine, parse and evaluate: share parsing and checking",
                    f"{100 * (1 - evaluating / engine_seconds):.0f}%", "", _verdict(None)))
    return rows


_PHASES = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
from adoptplan import api
from adoptplan.report.render import render
from adoptplan.report import terminal
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
imported = time.perf_counter()
prepared = api.prepare([Path(sys.argv[1])], [Path(sys.argv[2])])
loaded, after_load = time.perf_counter(), peak()
evaluation = api.evaluate_prepared(prepared, None, {}, record_cases=True)
evaluated, after_engine = time.perf_counter(), peak()
text = render(evaluation, "json", None, terminal.layout("never", None, False, True),
              api.library_include_sites(prepared.checked.loaded.playbook))
rendered, after_render = time.perf_counter(), peak()
print(imported - start, loaded - imported, evaluated - loaded, rendered - evaluated,
      after_load, after_engine, after_render, len(text))
"""
"""The phases of one evaluate as the CLI runs them, in a fresh process: imports, loading the
playbook and metrics, the engine recording cases, rendering JSON; peak memory after each."""


def phases(playbook: Path, metrics: Path) -> list[float]:
    import subprocess

    from harness import measured_env

    done = subprocess.run([sys.executable, "-c", _PHASES, str(playbook), str(metrics)],
                          capture_output=True, text=True, check=True, env=measured_env())
    return [float(x) for x in done.stdout.split()]


def run_growth(scale: int, folder: Path, args: argparse.Namespace) -> list[Row]:
    """1x, 2x and 4x end to end, interleaved in the same rounds (fresh processes), then each
    one's phases: time and peak memory against the work (CSV rows), and whether they grow
    linearly. At 1/scale the 4x figures are estimated by scaling by `scale` (fixed costs too)."""
    specs = growth_specs(scale)
    # the full 4x file (377 MB) is above the cap on a file (256 MiB), raised as a user raises it
    os.environ.setdefault("ADOPTPLAN_MAX_FILE_MB", "1024")
    made = {spec.name: generate_case(spec, folder, args)[:2] for spec in specs}
    rows_of = {spec.name: spec.segments * (spec.geographies + 1) * spec.periods for spec in specs}
    timed = interleave_commands({
        name: [ADOPTPLAN, "evaluate", playbook, "--metrics", metrics, "--format", "json", "-o",
               folder / f"{name}.json"] for name, (playbook, metrics) in made.items()},
        args.repeat)
    suffix = "" if scale == 1 else f" (1/{scale} of the segments)"
    print(f"\n== growth{suffix}: {args.repeat} interleaved rounds, fresh processes; {load()}")
    rows: list[Row] = []
    base = specs[0].name
    per_row = {n: timed[n].median / rows_of[n] for n in made}
    per_row_mb = {n: timed[n].result.peak_mb / rows_of[n] for n in made}
    for spec in specs:
        name, timing = spec.name, timed[spec.name]
        imports, loading, engine, render_s, *peaks, size = phases(*made[name])
        print(f"  {name}: {rows_of[name]:,} rows, {spec.rules} rules; {timing.text()}, peak "
              f"{timing.result.peak_mb:.0f} MB; in-process phases: imports {imports:.2f} s, "
              f"loading {loading:.2f} s (peak {peaks[0]:.0f} MB), engine with cases "
              f"{engine:.2f} s ({peaks[1]:.0f} MB), JSON {render_s:.2f} s ({peaks[2]:.0f} MB, "
              f"{size / 1e6:.0f} MB of text)")
        case = f"{name}{suffix and f'/{scale}'}"
        rows.append(Row(case, "end to end (median) / peak memory",
                        f"{timing.median:.2f} s / {timing.result.peak_mb:.0f} MB"))
        rows.append(Row(case, "phases: loading / engine / JSON",
                        f"{loading:.2f} / {engine:.2f} / {render_s:.2f} s"))
        if name != base:
            growth = per_row[name] / per_row[base]
            memory = per_row_mb[name] / per_row_mb[base]
            work = f"work x{rows_of[name] / rows_of[base]:g}"
            rows.append(Row(case, f"time per row / {base}'s ({work})", f"{growth:.2f}x",
                            f"<= {LINEAR:g}x", _verdict(growth <= LINEAR)))
            rows.append(Row(case, f"memory per row / {base}'s", f"{memory:.2f}x",
                            f"<= {LINEAR:g}x", _verdict(memory <= LINEAR)))
    four = timed["4x"]
    seconds, mb = four.median * scale, four.result.peak_mb * scale
    how = "" if scale == 1 else f" x{scale} (scaled whole: fixed costs too)"
    rows.append(Row("4x", f"end to end (median){how}", f"{seconds:.2f} s",
                    f"< {GROWTH_TARGET[0]:g} s", _verdict(seconds < GROWTH_TARGET[0])))
    rows.append(Row("4x", f"peak memory{how}", f"{mb:.0f} MB",
                    f"< {GROWTH_TARGET[1] / 1024:g} GB", _verdict(mb < GROWTH_TARGET[1])))
    return rows


def _end_to_end_rows(spec: CaseSpec, timing: Timing, run: Run) -> list[Row]:
    rows = [Row(spec.name, "end to end: wall time (median)", f"{timing.median:.2f} s",
                f"< {spec.wall_target:g} s", _verdict(timing.median < spec.wall_target))]
    memory_ok = None if spec.memory_target is None else run.peak_mb < spec.memory_target
    target = "" if spec.memory_target is None else f"< {spec.memory_target / 1024:g} GB"
    rows.append(Row(spec.name, "end to end: peak memory", f"{run.peak_mb:.0f} MB", target,
                    _verdict(memory_ok)))
    return rows


def _replay_rows(spec: CaseSpec, on: Timing, off: Timing, timed: dict[str, Timing]
                 ) -> list[Row]:
    """What the lifecycle replay costs: the same command with it on and off (medians of the
    same interleaved rounds), end to end (the target) and for the evaluation alone."""
    ratio = on.median / off.median
    engine = timed["engine, evaluate only"].median / \
        timed["engine, evaluate only, replay off"].median
    return [
        Row(spec.name, "replay: end to end, on / off (x slower)",
            f"{ratio:.2f}x ({on.median:.2f} s / {off.median:.2f} s)",
            f"<= {REPLAY_LIMIT:g}x", _verdict(ratio <= REPLAY_LIMIT)),
        Row(spec.name, "replay: engine, evaluate only, on / off (x slower)", f"{engine:.1f}x",
            "", _verdict(None)),
    ]


def _rule_engine_rows(spec: CaseSpec, loaded: Loaded, rules: Sequence[RuleSpec],
                      engine: Outcome, seconds: tuple[float, float], deciding: float,
                      setups: dict[str, RuleEngineSetup], timed: dict[str, Timing]
                      ) -> list[Row]:
    """The target row (medians of the same rounds), its deciding-part estimate, the ratio
    against rule-engine computing the history values in its own language (with
    --in-its-language), and the same ratio for the hand-written function that computes the same
    actions (`seconds`: the engine's and that function's; no target)."""
    engine_seconds, actions_seconds = seconds
    measure = "rule-engine / engine (x faster)"
    if not setups:
        print("rule-engine is not installed (pip install -e '.[test]'): ratio skipped")
        return [Row(spec.name, measure, "not run", f">= {ENGINE_VS_RULE_ENGINE:g}x", "n/a")]
    median = {}
    for name, setup in setups.items():  # all run on the same pairs
        found = setup.result(timed[name].median, timed[name].result, loaded, rules)
        expected = restricted(engine, loaded, rules, found.sample)
        assert found.outcome.shown == expected, _difference(
            "adoptplan", Outcome(expected, 0), name, found.outcome)
        assert expected == found.outcome.shown, _difference(
            name, found.outcome, "adoptplan", Outcome(expected, 0))
        sampled = found.sampled < found.pairs
        how = (f"sampled {found.sampled:,} of {found.pairs:,} pairs, not scaled: the ratio is a "
               "lower bound" if sampled else f"all {found.pairs:,} pairs")
        print(f"{name}: {timed[name].text()}; {how}; it agrees on the fired pairs both ways")
        median[name] = found.seconds
    ratio = median["rule-engine"] / engine_seconds
    measure += ", sampled (lower bound)" if sampled else ""
    rows = [
        Row(spec.name, measure, f"{ratio:.1f}x", f">= {ENGINE_VS_RULE_ENGINE:g}x",
            _verdict(ratio >= ENGINE_VS_RULE_ENGINE) if not sampled or ratio >= 10 else "n/a"),
        Row(spec.name, "rule-engine / engine, deciding part only (estimate)",
            f"{median['rule-engine'] / deciding:.1f}x", "", _verdict(None)),
        Row(spec.name, "rule-engine / hand-written, same actions (x faster)",
            f"{median['rule-engine'] / actions_seconds:.1f}x", "", _verdict(None)),
    ]
    if IN_ITS_LANGUAGE in median:
        rows.append(Row(spec.name, "rule-engine, history in its language / engine (x faster)",
                        f"{median[IN_ITS_LANGUAGE] / engine_seconds:.1f}x", "", _verdict(None)))
    return rows


def _findings_difference(engine: Sequence[Any], hand: Sequence[Any]) -> str:
    """Which ids only one side has, and for the first finding both have but differently, each
    field (and evidence entry) that differs."""
    a, b = {f.id: f for f in engine}, {f.id: f for f in hand}
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    differ = [key for key in sorted(a.keys() & b.keys()) if a[key] != b[key]]
    text = (f"adoptplan and the hand-written actions disagree: {len(engine)} vs {len(hand)} "
            f"findings; only adoptplan: {only_a[:5]}; only hand-written: {only_b[:5]}; "
            f"{len(differ)} differ")
    if differ:
        x, y = a[differ[0]], b[differ[0]]
        fields = [f"{name}: {getattr(x, name)!r} vs {getattr(y, name)!r}"
                  for name in attrs.fields_dict(type(x)) if name != "evidence"
                  and getattr(x, name) != getattr(y, name)]
        if x.evidence != y.evidence:
            pairs = [(e, h) for e, h in zip(x.evidence, y.evidence) if e != h]
            fields.append(f"evidence ({len(x.evidence)} vs {len(y.evidence)} entries): "
                          + "; ".join(f"{e!r} vs {h!r}" for e, h in pairs[:2]))
        text += f", first {differ[0]}: " + "; ".join(fields)
    return text


def _difference(a_name: str, a: Outcome, b_name: str, b: Outcome) -> str:
    only_a, only_b = sorted(a.shown - b.shown)[:5], sorted(b.shown - a.shown)[:5]
    return (f"{a_name} and {b_name} disagree: only {a_name}: {only_a}; only {b_name}: {only_b}; "
            f"suppressed {a.suppressed} vs {b.suppressed}")


# ----------------------------------------------------------------------------------------- main


FAIRNESS = """\
How the engine is compared (same process, after loading; at least 5 interleaved rounds, each
run once per round in a rotating order, every lru_cache of adoptplan emptied before each run, so
each is as cold as a CLI run; ratios are of medians of the same rounds; the history's group
indexes are built on the engine's first run and kept with the history, as the baselines get
each rule's rows up front):
  adoptplan     the playbook read, parsed and checked (api.check_paths: rule-engine parses its
                conditions in its clock too), then adoptplan.engine.evaluate(playbook, history,
                record_cases=True) as the CLI runs it: compiles the conditions, computes history
                functions, fires, applies the minimum group size, builds every finding with its
                message and evidence and one case per rule and group ("explaining"). The
                "deciding part" rows subtract the explaining share measured by cProfile.
  adoptplan, evaluate only  the same evaluation of the playbook parsed before the clock: what
                the hand-written functions (which parse nothing) are compared with.
  hand-written, same actions  (the baseline of the issue's `<= 2x` target: "a hand-written
                Python function that computes the same actions")
                per rule: the numpy function below on the rule's rows, the minimum group size,
                then for each group shown the same adoptplan.result.Finding the engine builds
                (id, kind, level, score, message, remedy, tool, path, line, period) with the
                evidence of every comparison (value, threshold, margin, truth) for each period
                the condition had to hold, formatted with adoptplan's format_value. Before the
                clock: what does not depend on the data (message templates, formatted
                thresholds, units, focus score x priority weight per segment, each rule's line).
                It does not sort the findings (the engine does). Its findings are asserted equal
                to the engine's rule and barrier findings, field by field.
  hand-written, deciding only  (shown for transparency, no target)
                one numpy function per condition shape, written directly (no rule language),
                on the same loaded arrays; it only computes which (rule, group) pairs fire and
                applies the minimum group size. No findings, no messages, no evidence.
  rule-engine   (the baseline of the `>= 10x` target) rule_engine.Rule built from the same
                conditions (percentages as ratios), all with one shared rule_engine.Context, and
                matched against one dict per group holding each metric's value, for this period
                and the one before (`for 2 periods` matches the earlier dict only when the
                current one matched). Timed: numpy computing the history values the conditions
                use (change, average, growth, baseline) for the groups and writing them into the
                dicts as symbols (`change_posts_4`), building the Rule objects (rule-engine
                parses each condition's text then, as the engine parses the playbook in its
                clock) and every matches() call, on every (rule, group) pair (a sample with
                --rule-engine-pairs is never scaled up: its ratio is a lower bound).
  rule-engine, history in its language  (with --in-its-language; no target)
                the same, but rule-engine computes the history values itself from earlier values
                the dicts hold (`posts - posts_ago_4`, `(x + x_ago_1 + x_ago_2 + x_ago_3) / 4`,
                `x / x_ago_8 - 1`); slower, as its Decimal arithmetic is slower than numpy.
  All must fire for the same pairs, checked both ways, before a ratio is printed. The data has no
  missing values, so the engine's three-valued logic never says "not evaluated" here.
  End to end: `adoptplan evaluate PLAYBOOK --metrics DIR --format json -o FILE` in a fresh
  process per run, --repeat runs (min and median; peak RSS from getrusage(RUSAGE_CHILDREN)),
  bytecode compiled beforehand. Start-up is measured by bench_startup.py."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--case", choices=[*CASES, "growth", "4x", "all"], default="all",
                         help="growth: the cases 1x, 2x and 4x at 1/--growth-scale of their "
                              "segments; 4x: the same at full size (minutes); all: typical, "
                              "large and growth")
    options.add_argument("--growth-scale", type=int, default=DEFAULT_GROWTH_SCALE, metavar="N",
                         help="the growth cases at 1/N of their segments (default 4)")
    options.add_argument("--seed", type=int, default=2026)
    options.add_argument("--repeat", type=int, default=5,
                         help="end-to-end runs, a fresh process each (min and median shown)")
    options.add_argument("--engine-repeat", type=int, default=15,
                         help="interleaved timing rounds of the typical case (large: 5)")
    options.add_argument("--rule-engine-pairs", type=int, default=None,
                         help="(rule, group) pairs rule-engine evaluates in the large case "
                              "(default: all; a sample is not scaled up)")
    options.add_argument("--in-its-language", action="store_true",
                         help="also time rule-engine computing the history values itself")
    options.add_argument("--layout", choices=("one-file", "per-period"), default="one-file",
                         help="the metrics as one wide CSV file, or one file per period")
    options.add_argument("--profile", type=int, default=0, metavar="N",
                         help="print the engine's cProfile, top N functions, for each case")
    options.add_argument("--keep", type=Path, default=None,
                         help="write the generated cases here instead of a temporary folder")
    return options.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not ADOPTPLAN.exists():
        print(f"no adoptplan command next to {sys.executable}: run `make bench`", file=sys.stderr)
        return 2
    print(f"seed {args.seed}, {load()}, Python {sys.version.split()[0]}, "
          f"numpy {np.__version__}")
    warm_bytecode()  # start-up is measured by bench_startup.py
    rows: list[Row] = []
    names = list(CASES) if args.case == "all" else [n for n in [args.case] if n in CASES]
    with tempfile.TemporaryDirectory(prefix="adoptplan-bench-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            rows += run_case(CASES[name], folder, args)
        if args.case in ("all", "growth", "4x"):
            rows += run_growth(1 if args.case == "4x" else args.growth_scale, folder, args)
    print("\n" + FAIRNESS + "\n")
    print(table(rows, "evaluate"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
