"""Values as people read them: 31.2%, -5.1pp, 1,200, 3 periods; and message templates."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping

from adoptplan import catalogue as cat
from adoptplan.numbers import shown

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def format_value(value: float | None, unit: str) -> str:
    """One value with its unit; percentages and points are stored as ratios."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(value, float) and math.isinf(value):  # never a value the engine keeps
        return "too large" if value > 0 else "too small"
    if unit == cat.PERCENT:
        return f"{_number(value * 100, 1)}%"
    if unit == cat.POINTS:
        return f"{_number(value * 100, 1, signed=True)}pp"
    if unit == cat.PERIODS:
        return _counted(_number(value, 0), "period")
    if unit == cat.HOURS:
        return _counted(_number(value, 1), "hour")
    if unit == cat.BOOL:
        return "true" if value == 1.0 else "false"
    if unit == cat.COUNT:
        return _number(value, 0 if value == int(value) else 1)
    return _number(value, 2)


def _counted(number: str, noun: str) -> str:
    """`1 period`, `3 periods`, `-1 period`: as `fmt` writes them."""
    return f"{number} {noun}" if number.lstrip("-") == "1" else f"{number} {noun}s"


def _number(value: float, decimals: int, signed: bool = False) -> str:
    return shown(value, decimals, signed=signed, grouped=True)


def shown_number(value: float, unit: str) -> float | None:
    """A value as a number in the unit it is shown in (a percentage 0-100, not a ratio); None
    when it is missing."""
    if value != value:
        return None
    return value * 100 if unit in (cat.PERCENT, cat.POINTS) else value


def margin_unit(unit: str) -> str:
    """The difference of two percentages is in percentage points."""
    return cat.POINTS if unit == cat.PERCENT else unit


Pieces = tuple[tuple[str, "str | None"], ...]  # (text, None) or ("{name}", name)


def render_template(template: str, values: Mapping[str, str]) -> str:
    """Fill `{placeholders}`; an unknown one stays as written (the checks report it)."""
    return fill(_pieces(template), values)


@functools.lru_cache(maxsize=4096)
def partial_template(template: str, items: tuple[tuple[str, str], ...]) -> Pieces:
    """The template with `items` (name, value) filled in and its other placeholders left open
    for `fill`.

    A rule's message is filled with what its findings share once, and with each group's own
    values per finding. A value filled in is text: it is never read as a placeholder.
    """
    values = dict(items)
    return tuple((values[name], None) if name is not None and name in values else (text, name)
                 for text, name in _pieces(template))


def fill(pieces: Pieces, values: Mapping[str, str]) -> str:
    """The pieces with their open placeholders filled; an unknown one stays as written."""
    return "".join([text if name is None else values.get(name, text) for text, name in pieces])


@functools.lru_cache(maxsize=1024)
def _pieces(template: str) -> Pieces:
    """The template cut once into text and placeholders: (text, None) or ("{name}", name).

    A rule's message is filled for each group it fires for, so it is not searched each time."""
    pieces: list[tuple[str, str | None]] = []
    start = 0
    for match in PLACEHOLDER.finditer(template):
        pieces.append((template[start: match.start()], None))
        pieces.append((match.group(0), match.group(1)))
        start = match.end()
    pieces.append((template[start:], None))
    return tuple(piece for piece in pieces if piece[0])
