"""A beginner's mistakes: every syntax error reported, each named with what was written and the
fix for it, at most three expected things in words. One case per mistake (data-driven)."""

from __future__ import annotations

import re

import pytest

from adoptplan import api
from adoptplan.report.diagnostics import render_texts

HEADER = 'playbook "Rollout" {\n  cadence weekly\n  launch 2026-W40\n}\n\n'
SEGMENT = 'segment reps "Reps" {\n  members 1200\n}\n\n'


def rule(when: str) -> str:
    return (f'rule reps_quiet "Reps are quiet" {{\n  when     {when}\n  in       reps\n'
            '  do       educate "Workshop"\n}\n')


# (name, playbook, [(code, line, column, message part, hint)])
CASES = [
    ("curly_quotes", 'segment reps \u201cCustomer service reps\u201d {\n  members 10\n}\n',
     [("AP102", 1, 14, "'\u201c' is a curly quote (left double)",
       'write "Customer service reps"')]),
    ("curly_single_quotes", 'segment reps \u2018Reps\u2019 {\n  members 10\n}\n',
     [("AP102", 1, 14, "'\u2018' is a curly quote (left single)", 'write "Reps"')]),
    ("thousands_separator", 'segment reps {\n  members 1,500\n}\n',
     [("AP103", 2, 11, "unexpected ',' in 1,500: numbers are written without separators",
       "write 1500")]),
    ("millions", 'segment reps {\n  members 1,200,000\n}\n',
     [("AP103", 2, 11, "in 1,200,000", "write 1200000")]),
    ("spaced_metric", HEADER + SEGMENT + rule("active members < 25%"),
     [("AP103", 11, 12, "`active members` is one name, written without spaces",
       "write active_members")]),
    ("spaced_three_words", HEADER + SEGMENT + rule("posts per member < 2"),
     [("AP103", 11, 12, "`posts per member` is one name", "write posts_per_member")]),
    ("spaced_clause_word", 'playbook "R" {\n  critical mass 60%\n}\n',
     [("AP103", 2, 3, "`critical mass` is one name", "write critical_mass")]),
    ("missing_brace", 'segment reps {\n  members 10\n\nsegment leads {\n  members 5\n}\n',
     [("AP103", 1, 14, "this '{' is never closed: `segment reps` needs a '}'",
       "add a line with '}' before line 4")]),
    ("missing_brace_at_end", 'segment reps {\n  members 10\n',
     [("AP103", 1, 14, "this '{' is never closed", "add a line with '}' at the end of its "
       "block")]),
    ("every_error_reported", 'segment reps {\n  membres 10\n}\n\nsegment leads {\n'
     '  members 1,5\n  likelyhood high\n}\n',
     [("AP103", 2, 3, "unexpected 'membres'", "did you mean 'members'?"),
      ("AP103", 6, 12, "unexpected ','", None),
      ("AP103", 7, 3, "unexpected 'likelyhood'", "did you mean 'likelihood'?")]),
]


def errors_of(text: str) -> list:
    checked = api.check_text(text, "plan.adopt")
    return [d for d in checked.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_beginners_mistake_is_named_with_its_fix(name, text, expected):
    found = errors_of(text)
    assert len(found) == len(expected), render_texts(found, {"plan.adopt": text})
    for diagnostic, (code, line, column, message, hint) in zip(found, expected):
        assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == (
            code, line, column), diagnostic
        assert message in diagnostic.message
        if hint is not None:
            assert diagnostic.hint == hint


@pytest.mark.parametrize("text", [
    'segment reps {\n  members 1200 likelihood high\n}\n',
    HEADER + SEGMENT + rule("active_members <"),
    HEADER + SEGMENT + rule("active_members 25%"),
    'segment reps {\n  members\n}\n',
])
def test_at_most_three_expected_things_in_words(text):
    for diagnostic in errors_of(text):
        if diagnostic.hint and diagnostic.hint.startswith("expected "):
            listed = re.sub(r"\([^)]*\)", "", diagnostic.hint.removeprefix("expected "))
            assert len(re.split(r", | or ", listed)) <= 3, diagnostic
            assert "_NL" not in listed and "$END" not in listed


@pytest.mark.parametrize(("written", "hint"), [
    ("critical_mass 0.5", "write `critical_mass 50%`"),
    ("critical_mass 60", "write `critical_mass 60%`"),
    ("critical_mass 2", "write `critical_mass 2%`"),
])
def test_a_share_written_as_a_fraction_is_fixed_as_meant(written, hint):
    text = f'playbook "R" {{\n  cadence weekly\n  launch 2026-W40\n  {written}\n}}\n'
    assert [d.hint for d in errors_of(text)] == [hint]


@pytest.mark.parametrize(("written", "hint"), [
    ("members 1.500", "write `members 1500`"),        # a European spreadsheet's thousands
    ("members 1.5", "write `members 1200`"),          # a fraction: the clause's example
])
def test_a_whole_number_written_with_dots_is_fixed_as_meant(written, hint):
    text = HEADER + f'segment reps "Reps" {{\n  {written}\n}}\n'
    assert [(d.code, d.hint) for d in errors_of(text)] == [("AP305", hint)]


@pytest.mark.parametrize(("threshold", "hint"), [("0.25", "write 25%"), ("25", "write 25%"),
                                                 ("0.055", "write 5.5%")])
def test_a_bare_number_compared_with_a_share_is_fixed_as_meant(threshold, hint):
    found = errors_of(HEADER + SEGMENT + rule(f"active_members < {threshold}"))
    assert [(d.code, d.hint) for d in found] == [("AP301", hint)]
