"""The parser: text to model, and syntax errors as positioned diagnostics."""

import pytest

from adoptplan import model as m
from adoptplan.diagnostics import InputError
from adoptplan.syntax import parse_text

RULE = """rule reps_inactive "Reps are not yet active" {
  when     active_members < 40% for 2 periods
  in       reps by geography
  do       educate "Workshop: {priority}"
  using    expert_qna
  priority high
}
"""


def test_rule_becomes_model_with_spans():
    source, problems = parse_text(RULE, "p.adopt")
    assert problems == []
    (rule,) = source.items
    assert rule == m.Rule(
        m.Name("reps_inactive"),
        m.Text("Reps are not yet active"),
        when=m.Condition(
            m.Compare("<", m.Ref("active_members"), m.Quantity(40, "%")),
            m.Quantity(2, "periods"),
        ),
        scope=m.Scope((m.Name("reps"),), (m.Name("geography"),)),
        kind=m.Name("educate"),
        message=m.Text("Workshop: {priority}"),
        using=m.Name("expert_qna"),
        level=m.Name("high"),
    )
    assert rule.when.expr.right.span == m.Span("p.adopt", 2, 29, 2, 32)
    assert rule.span.line == 1


def test_precedence_and_unary_minus():
    text = 'metric x {\n  value 1 - -2 * (3 + 4) < 5 or not a and b\n}\n'
    (metric,), _ = parse_text(text, "p.adopt")[0].items, None
    expr = metric.value
    assert isinstance(expr, m.Logical) and expr.op == "or"
    left = expr.left
    assert left.left == m.Arithmetic(
        "-", m.Quantity(1), m.Arithmetic("*", m.Negative(m.Quantity(2)),
                                         m.Arithmetic("+", m.Quantity(3), m.Quantity(4)))
    )
    assert expr.right == m.Logical("and", m.Not(m.Ref("a")), m.Ref("b"))


def test_unknown_clause_is_positioned_with_did_you_mean():
    with pytest.raises(InputError) as raised:
        parse_text("segment reps {\n  membres 10\n}\n", "p.adopt")
    (d,) = raised.value.diagnostics
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("AP103", 2, 3, 10)
    assert d.hint == "did you mean 'members'?"
