"""Logic checks: conditions that can never hold, or always hold, by interval analysis."""

import math

import pytest
from test_check import found

from adoptplan.check.logic import Interval, covers_everything, intersect, intervals
from adoptplan.expressions import describe
from adoptplan.syntax import parse_text


def logic(condition: str) -> list[tuple[str, str]]:
    text = f'rule r {{\n  when {condition}\n  do measure "x"\n}}\n'
    return [(d.code, d.message) for d in found(text) if d.code.startswith("AP4")]


@pytest.mark.parametrize("condition, message", [
    ("active_members < 30% and active_members > 50%",
     "`active_members > 50%` can never hold together with `active_members < 30%`"),
    ("posts == 3 and posts == 4", "`posts == 4` can never hold together with `posts == 3`"),
    ("posts > 3 and posts <= 3", "`posts <= 3` can never hold together with `posts > 3`"),
    ("posts >= 3 and reads > 1 and 3 > posts",
     "`3 > posts` can never hold together with `posts >= 3`"),
    ("posts != 3 and posts > 2 and posts < 4 and posts == 3",
     "`posts == 3` can never hold together with `posts != 3` and `posts > 2` and `posts < 4`"),
    ("(posts < 3 and posts > 5) or reads > 1",
     "`posts > 5` can never hold together with `posts < 3`"),
    ("change(posts, 2 periods) < -5 and change(posts, 2 periods) > 5",
     "`change(posts, 2 periods) > 5` can never hold together with `change(posts, 2 periods) < -5`"),
])
def test_never_holds(condition, message):
    assert logic(condition) == [("AP401", message)]


@pytest.mark.parametrize("condition", [
    "posts >= 3 and posts <= 3",
    "posts > 2 and posts < 4 and posts != 3.5",
    "posts < 30% and posts > 50",  # different units: left to the unit checks
    "posts < 3 and reads > 5",
    "posts < reads and posts > reads",  # two values: not analysed
    "not (posts < 3) and posts < 3",  # `not` is not analysed
])
def test_may_hold(condition):
    assert [code for code, _ in logic(condition)] == []


@pytest.mark.parametrize("condition", [
    "active_members < 30% or active_members >= 30%",
    "posts != 3 or posts == 3",
    "posts < 5 or reads > 3 or posts > 2",
    "posts <= 3 or posts >= 3",
])
def test_always_holds(condition):
    assert [code for code, _ in logic(condition)] == ["AP402"]


@pytest.mark.parametrize("condition", [
    "posts < 3 or posts > 3",
    "posts < 3 or reads >= 3",
    "posts < 3 or posts > 5",
])
def test_not_always(condition):
    assert logic(condition) == []


def test_always_holds_is_a_warning_on_the_whole_or():
    (d,) = found('rule r {\n  when posts < 3 or posts >= 3\n  do measure "x"\n}\n')
    assert (d.severity, d.span.column, d.span.end_column) == ("warning", 8, 31)


def test_interval_algebra():
    everything = intervals("<", 3) + intervals(">=", 3)
    assert covers_everything(everything)
    assert not covers_everything(intervals("<", 3) + intervals(">", 3))
    assert intersect(intervals("<", 3), intervals(">", 3)) == ()
    assert intersect(intervals("<=", 3), intervals(">=", 3)) == (Interval(3, 3, True, True),)
    assert intersect(intervals("!=", 3), intervals("<", math.inf)) == (
        Interval(-math.inf, 3, False, False), Interval(3, math.inf, False, False),
    )


@pytest.mark.parametrize("text", [
    "active_members < 40% for 2 periods",
    "a - (b - c) * -d / (e + f) >= 3 hours",
    "not (a and b) or c in [1, 2] and d not in [\"x\"]",
    "change(active_members, 4 periods) < -2pp",
    "(a < b) < c",
])
def test_describe_writes_expressions_back_as_source(text):
    source, _ = parse_text(f"rule r {{\n  when {text}\n}}\n", "p")
    condition = source.items[0].when
    written = describe(condition.expr)
    assert text.startswith(written)
    again, _ = parse_text(f"rule r {{\n  when {written}\n}}\n", "p")
    assert again.items[0].when.expr == condition.expr
