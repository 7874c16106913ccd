"""Text shared by the targets: what a reader cannot see made visible, long text shortened, and
a list cut to fit a size limit with a "n more" line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from adoptplan.report.table import visible

Payload = TypeVar("Payload")

ELLIPSIS = "…"


def plain(text: str, limit: int) -> str:
    """`text` with control characters and direction overrides as codes, at most `limit`
    characters (ending in … when shortened)."""
    shown = visible(text)
    return shown if len(shown) <= limit else shown[:limit - 1] + ELLIPSIS


def more_line(hidden: int) -> str:
    return f"{hidden} more not shown; the json result lists them all"


def fit(build: Callable[[int], Payload], total: int, fits: Callable[[Payload], bool]) -> Payload:
    """The payload with as many of the `total` list lines as fit (build(k) shows the first k and
    says how many more there are); the fewest lines when even none fit."""
    if fits(whole := build(total)):
        return whole
    low, high = 0, total - 1  # the answer: the largest k in [0, total - 1] that fits
    while low < high:
        middle = (low + high + 1) // 2
        if fits(build(middle)):
            low = middle
        else:
            high = middle - 1
    return build(low)


def encoded(payload: object) -> bytes:
    """The bytes a JSON payload is sent as, and measured by: compact, UTF-8, keys sorted."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def escaped(text: str, limit: int, escape: Callable[[str], str]) -> str:
    """`text` made visible and escaped for a target, at most `limit` characters once escaped;
    shortened (…) on the raw text, so an escape is never cut in half."""
    raw = visible(text)
    out = escape(raw)
    keep = len(raw)
    while len(out) > limit and keep > 0:
        keep = max(0, keep - (len(out) - limit) - 1)
        out = escape(raw[:keep]) + ELLIPSIS
    return out
