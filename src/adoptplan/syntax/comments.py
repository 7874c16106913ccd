"""Comments and line shapes of playbook text, for `fmt`: the grammar folds `#` comments away.

The scanner respects quoted text (a `#` inside "..." is not a comment) and works line by line,
because the language keeps every clause on one line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

COMMENT_TRAILING_SPACE = " \t\f"
"""Whitespace the language ignores; trailing comment whitespace is dropped, nothing else."""


class Line(NamedTuple):
    """One source line split into its code (stripped) and its `#` comment, if any (a tuple:
    `fmt` makes one per line of a playbook, and a tuple costs a third of a class to make)."""

    number: int
    code: str
    comment: str | None

    @property
    def is_blank(self) -> bool:
        return not self.code and self.comment is None

    @property
    def is_own_comment(self) -> bool:
        """A comment alone on its line (as opposed to one after a clause)."""
        return not self.code and self.comment is not None


_CODE = re.compile(r'(?:[^"#]+|"(?:[^"\\]|\\.)*(?:"|\\?\Z))*')
"""A line's code: up to its first `#` outside quoted text (an unclosed text runs to the end)."""


def scan_line(text: str, number: int) -> Line:
    """Split one line at its first `#` outside quoted text."""
    if "#" not in text:
        return Line(number, text.strip(COMMENT_TRAILING_SPACE), None)
    index = text.index("#") if '"' not in text else _CODE.match(text).end()
    if index == len(text):
        return Line(number, text.strip(COMMENT_TRAILING_SPACE), None)
    comment = text[index:].rstrip(COMMENT_TRAILING_SPACE)
    return Line(number, text[:index].strip(COMMENT_TRAILING_SPACE), comment)


def scan(text: str) -> tuple[Line, ...]:
    """Every line of `text` (newlines already normalised to LF), numbered from 1."""
    if not text:
        return ()
    body = text[:-1] if text.endswith("\n") else text
    return tuple(
        scan_line(line, number) if "#" in line
        else Line(number, line.strip(COMMENT_TRAILING_SPACE), None)
        for number, line in enumerate(body.split("\n"), start=1)
    )


def comments(text: str) -> tuple[str, ...]:
    """Every comment of `text` in source order, as written from `#` on."""
    return tuple(line.comment for line in scan(text) if line.comment is not None)
