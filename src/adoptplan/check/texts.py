"""Messages and remedies as the checks see them: their `{placeholders}` and their words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from adoptplan import model as m

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[a-z]+")

STEM = 5
"""Two words match when they share this many first letters (all of the shorter one if shorter)."""

MIN_WORD = 4
"""Shorter words ('the', 'for', 'top') say nothing about a business value."""

STOPWORDS = frozenset(
    """
    about across after also among been before being better does done each every from have
    help helps into just make makes many more most much only other over some such than that
    their them then there these they this those through under very what when where which while
    will with within without your improve improves increase increases reduce reduces
    """.split()
)
"""Common words that would match any message; documented in docs/diagnostics.md (AP504)."""


@m.frozen
class Placeholder:
    """`{name}` inside a quoted text, with the span of its braces when it can be known."""

    name: str
    span: m.Span


def placeholders(text: m.Text) -> Iterator[Placeholder]:
    """Every `{...}` of the text, in order."""
    for found in _PLACEHOLDER.finditer(text.value):
        yield Placeholder(found.group(1).strip(), _inner_span(text, found.start(), found.end()))


def is_name(word: str) -> bool:
    return _NAME.fullmatch(word) is not None


def _inner_span(text: m.Text, start: int, end: int) -> m.Span:
    """Columns inside the quotes when the text has no escapes, else the whole text."""
    span = text.span
    written = span.end_column - span.column - 2  # characters between the quotes
    if span.line != span.end_line or written != len(text.value) or span.line <= 0:
        return span
    first = span.column + 1 + start
    return m.Span(span.path, span.line, first, span.line, first + (end - start))


def without_placeholders(value: str) -> str:
    return _PLACEHOLDER.sub(" ", value)


def significant_words(value: str) -> set[str]:
    """The words that can carry a business value: long enough and not a stop word."""
    return {
        w for w in _WORD.findall(value.lower().replace("_", " "))
        if len(w) >= MIN_WORD and w not in STOPWORDS
    }


def words_match(a: str, b: str) -> bool:
    """`customer` matches `customers`, `reputation` matches `reputational`."""
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter[:STEM])


def shares_a_word(value: str, words: set[str]) -> bool:
    return any(words_match(w, v) for w in significant_words(value) for v in words)
