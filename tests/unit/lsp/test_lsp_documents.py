"""Positions between the model (characters from 1) and LSP (UTF-16 units from 0)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from adoptplan import model as m
from adoptplan.lsp.documents import char_column, from_position, to_range, utf16_column, word_at


def test_an_emoji_counts_two_units_and_an_accent_one():
    line = 'segment é "🚀x"'
    assert utf16_column(line, line.index("x")) == line.index("x") + 1
    assert utf16_column(line, line.index("🚀")) == line.index("🚀")
    assert char_column(line, line.index("x") + 1) == line.index("x")


@given(st.text(alphabet=st.sampled_from("aé🚀\u0301 "), max_size=20), st.data())
def test_units_and_characters_convert_back_and_forth(line, data):
    column = data.draw(st.integers(0, len(line)))
    assert char_column(line, utf16_column(line, column)) == column


def test_a_span_becomes_a_range_on_its_lines():
    lines = ["# 🚀", 'segment reps "🚀" {']
    span = m.Span("p.adopt", 2, 15, 2, 18)  # the quoted emoji: 3 characters, 4 units
    assert to_range(span, lines) == types.Range(types.Position(1, 14), types.Position(1, 18))
    assert from_position(types.Position(1, 18), lines) == (2, 18)


def test_a_span_past_the_end_is_clamped():
    lines = ["abc", ""]
    assert to_range(m.Span("p", 9, 1, 9, 2), lines).start == types.Position(1, 0)


def test_the_word_under_the_cursor_even_just_after_it():
    assert word_at(["  in reps by x"], 1, 6) == ("reps", 6)
    assert word_at(["  in reps by x"], 1, 10) == ("reps", 6)
    assert word_at(["  in reps by x"], 1, 2) == ("", 2)
