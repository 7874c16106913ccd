"""Unit and type checks: the kind of every expression, and what cannot meet what."""

import pytest
from test_check import found

from adoptplan import catalogue as c
from adoptplan.check.kinds import RATIO, Inference, multiplicative
from adoptplan.periods import period_problem
from adoptplan.syntax import parse_text

DECLARED = (
    "metric questions {\n  unit count\n}\n\n"
    "metric answer_hours {\n  unit hours\n}\n\n"
    "metric share {\n  value files_shared / posts\n}\n\n"
    "param floor percent = 40%\n"
    "param window periods = 4 periods\n"
    "param label text = \"x\"\n\n"
)


def when(condition: str) -> list[tuple[str, str]]:
    """(code, hint) of the unit findings of a rule with this condition."""
    text = DECLARED + f'rule r {{\n  when {condition}\n  do measure "{{questions}} {{share}} ' \
        '{answer_hours} {floor} {window} {label}"\n}\n'
    return [(d.code, d.hint) for d in found(text) if d.code.startswith("AP3")]


@pytest.mark.parametrize("condition", [
    "active_members < 40%",
    "files_shared / posts < 5%",
    "posts / members > 2",
    "files_shared / posts < 0.05",
    "share < 5%",
    "active_members * 2 > 50%",
    "active_members - baseline(active_members) > 5pp",
    "baseline(active_members) + 5pp < active_members",
    "change(active_members, 4 periods) < -2pp",
    "growth(posts, window) > 10%",
    "change(posts, 2 weeks) > 3",
    "average(answer_hours, 3 periods) > 2 hours",
    "active_count < members * 50%",
    "questions > 10 and reads > 50 * posts",
    "periods_since_launch >= 4 periods",
    "active_members < floor",
    "social_reach < peers(social_reach)",
    "not (posts < 3) or posts in [1, 2, 3]",
    "-posts < -3",
])
def test_conditions_whose_units_agree(condition):
    assert when(condition) == []


@pytest.mark.parametrize("condition, code, hint", [
    ("active_members < 40", "AP301", "write 40%"),
    ("40 > active_members", "AP301", "write 40%"),
    ("active_members + 5 > 50%", "AP301", "write 5%"),
    ("active_members < floor + 3", "AP301", "write 3%"),
    ("change(active_members, 4 periods) > 5%", "AP302",
     "`change(active_members, 4 periods)` is a difference of percentages, in percentage points "
     "(change() of a percentage gives pp): write 5pp, or use growth() for a relative change in %"),
    ("active_members > 5pp", "AP302", "`active_members` is a percentage: write 5%"),
    ("answer_hours > 2", "AP302", "write 2 hours"),
    ("periods_since_launch > 4", "AP302", "write 4 periods"),
    ("questions > 5%", "AP302", None),
    ("answer_hours > questions", "AP302", None),
    ("label > 3", "AP302", None),
    ("active_members", "AP303", "compare it with a threshold, e.g. `active_members < ...`"),
    ("posts < 3 and questions", "AP303", "compare it with a threshold, e.g. `questions < ...`"),
    ("(posts < 3) + 1 > 2", "AP303", "a comparison is true or false; compare numbers instead"),
    ("(posts < 3) < 4", "AP303", "combine conditions with `and` / `or`"),
    ("change(active_members) < 2pp", "AP304", "write change(metric, N periods)"),
    ("baseline(active_members, 2 periods) < 2%", "AP304", "write baseline(metric)"),
    ("change(active_members, 4) < 2pp", "AP304", "write 4 periods"),
    ("change(active_members, floor) < 2pp", "AP304", "write change(metric, N periods)"),
    ("peak(floor) < 2%", "AP304",
     "declare a derived metric for an expression: metric x { value ... } and pass x"),
    ("change(active_members, 2 periods before) < 2pp", "AP304",
     "write change(metric, N periods)"),
    ("peak(active_members before) < 2%", "AP304", "write peak(metric)"),
    ("max(active_members) < 2%", "AP304", "write max(metric, N periods)"),
    ("change(active_members, 0 periods) < 2pp", "AP305", None),
    ("min(active_members, 0 periods before) < 2%", "AP305", None),
    ("posts / 0 > 1", "AP305", None),
    ("active_members > 120%", "AP305", "a share lies between 0% and 100%"),
    ("-5% > managers_active", "AP305", "a share lies between 0% and 100%"),
])
def test_conditions_whose_units_do_not(condition, code, hint):
    assert when(condition) == [(code, hint)]


def test_windows_may_end_before_this_period():
    assert when("active_members < 80% * average(active_members, 4 periods before) "
                "and active_members < max(active_members, 3 periods before) "
                "and min(posts, 2 periods) > 3") == []


def test_growth_may_exceed_a_hundred_percent():
    assert when("organic_content_growth > 150% or growth(posts, 4 periods) < -20%") == []


def test_a_percent_mismatch_points_at_the_bare_number():
    (d,) = found('rule r {\n  when active_members < 40\n  do measure "x"\n}\n')
    assert (d.span.line, d.span.column, d.span.end_column) == (6, 25, 27)
    assert d.message == "`40` is a bare number, but `active_members` is a percentage"


@pytest.mark.parametrize("metric, codes", [
    ("unit percent\n  value files_shared / posts", []),
    ("unit number\n  value reads / posts", []),
    ("value reads / posts", []),
    ("unit percent\n  value 40", ["AP301"]),
    ("unit hours\n  value posts", ["AP302"]),
    ("unit count\n  value posts > 3", ["AP303"]),
])
def test_derived_metric_values(metric, codes):
    text = f"metric m {{\n  {metric}\n}}\n\n" + 'rule r {\n  when posts > 0\n'
    text += '  do measure "{m}"\n}\n'
    assert [d.code for d in found(text) if d.code.startswith("AP3")] == codes


def test_a_derived_metric_without_unit_has_the_unit_of_its_value():
    text = ("metric ratio {\n  value files_shared / posts\n}\n\n"
            "metric twice {\n  value ratio * 2\n}\n\n"
            'rule r {\n  when twice < 5% and ratio < 40\n  do measure "x"\n}\n')
    assert [d.code for d in found(text)] == []


def test_a_match_must_be_a_condition_but_its_names_may_be_true_or_false_attributes():
    assert "AP303" not in [d.code for d in found("segment s {\n  match is_manager\n}\n")]
    (d,) = [d for d in found('segment s {\n  match "Sales"\n}\n') if d.code == "AP303"]
    assert d.message == '`"Sales"` is text, not a condition'


@pytest.mark.parametrize("param, hint", [
    ("floor percent = 40", "write 40%"),
    ("window periods = 4", "write 4 periods"),
    ("target hours = 2", "write 2 hours"),
    ("label text = 3", 'write it in quotes: "..."'),
    ("size count = 40%", "give a count"),
    ("watch level = 3", "levels: info, low, medium, high, critical"),
    ("watch level = hihg", "did you mean 'high'?"),
    ("floor percent = high", "give a percentage"),
])
def test_param_defaults_must_fit_their_type(param, hint):
    name = param.split()[0]
    text = f"param {param}\n\n" + f'rule r {{\n  when posts > 0\n  do measure "{{{name}}}"\n}}\n'
    (d,) = [d for d in found(text) if d.code == "AP306"]
    assert d.hint == hint


@pytest.mark.parametrize("param", [
    "floor percent = 40%", "share percent = 3 / 4 * 100%", "size count = 30", "ratio number = 0.5",
    "window periods = 2 months", "target hours = 2 hours", "watch level = critical",
    'label text = "Customer service"',
])
def test_param_defaults_that_fit(param):
    name = param.split()[0]
    text = f"param {param}\n\n" + f'rule r {{\n  when posts > 0\n  do measure "{{{name}}}"\n}}\n'
    assert [d.code for d in found(text)] == []


@pytest.mark.parametrize("clause, message", [
    ("members 0", "`members` must be more than 0, not `0`"),
    ("members 12.5", "`members` must be a whole number, not `12.5`"),
    ("members 40%", "`members` takes a value like `members 1200`, not `40%`"),
    ("effort 20", "`effort` takes a value like `effort 200 hours`, not `20`"),
])
def test_segment_clause_values(clause, message):
    (d,) = [d for d in found(f"segment s {{\n  {clause}\n}}\n") if d.code == "AP305"]
    assert d.message == message


@pytest.mark.parametrize("clause, bad", [
    ("minimum 0 members", True), ("minimum 30 people", False), ("minimum 30", False),
])
def test_barrier_minimum(clause, bad):
    text = f'barrier b {{\n  when posts < 3\n  {clause}\n  severity low\n  remedy "x"\n}}\n'
    assert ("AP305" in [d.code for d in found(text)]) is bad


@pytest.mark.parametrize("header, bad", [
    ("critical_mass 60%", False), ("critical_mass 0%", True), ("critical_mass 160%", True),
    ("critical_mass 60", True), ("effort 200 hours", False), ("effort -1 hours", None),
])
def test_header_clause_values(header, bad):
    text = f'playbook "P" {{\n  cadence weekly\n  launch 2026-W40\n  {header}\n}}\n'
    result = found(text, header=False)
    if bad is None:  # not even a quantity: a syntax error
        assert result[0].code.startswith("AP1")
    else:
        assert ("AP305" in [d.code for d in result]) is bad


@pytest.mark.parametrize("sustained, bad", [
    ("for 3 periods", False), ("for 2 weeks", False), ("for 0 periods", True), ("for 3", True),
    ("for 3 hours", True), ("for 1.5 periods", True),
])
def test_sustained_conditions_count_whole_periods(sustained, bad):
    text = f'rule r {{\n  when posts < 3 {sustained}\n  do measure "x"\n}}\n'
    assert ("AP305" in [d.code for d in found(text)]) is bad


@pytest.mark.parametrize("period, problem", [
    ("2026-W40", None), ("2026-W53", None), ("2027-W53", "2027 has weeks W01 to W52"),
    ("2026-W00", "2026 has weeks W01 to W53"), ("2026-10", None),
    ("2026-13", "months run from 01 to 12"),
    ("2026-02-29", "there is no such day"), ("2028-02-29", None),
])
def test_launch_periods_must_exist(period, problem):
    assert period_problem(period) == problem


@pytest.mark.parametrize("op, left, right, result", [
    ("*", c.NUMBER_LITERAL, c.PERCENT, c.PERCENT),
    ("*", c.PERCENT, c.COUNT, c.COUNT),
    ("*", c.COUNT, c.HOURS, c.NUMBER),
    ("/", c.COUNT, c.COUNT, RATIO),
    ("/", c.HOURS, c.NUMBER_LITERAL, c.HOURS),
    ("/", c.COUNT, c.PERCENT, c.COUNT),
    ("/", c.NUMBER_LITERAL, c.COUNT, c.NUMBER),
])
def test_multiplication_and_division_of_kinds(op, left, right, result):
    assert multiplicative(op, left, right) == result


def test_inference_of_a_whole_expression():
    source, _ = parse_text('metric m {\n  value change(active_members, 3 periods) * 2\n}\n', "p")
    (metric,) = source.items
    units = {"active_members": c.PERCENT}
    assert Inference(units, frozenset(units)).kind(metric.value) == c.POINTS
