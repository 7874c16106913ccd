"""Numbers as text, in one place: as a playbook writes them, and as people read them.

Two spellings, on purpose: `source` is exact (it reads back to the same float, for `fmt` and for
messages that quote the playbook), `shown` is rounded for a reader (tables, comments, messages of
findings, the JSON's numbers through `rounded`). Both round the same way, half-up on the
shortest decimal, so a value prints the same in every format.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Context, Decimal

FLOAT_DIGITS = 400
"""Enough significant digits for any float's integer part (at most 309) and the decimals."""


def source(amount: float) -> str:
    """`40`, `0.05`, `0.0001`: the shortest positional spelling that reads back to the same
    float, as a playbook writes it (never `1e-05`, which the language does not read)."""
    return format(Decimal(repr(float(amount))).normalize(), "f")


def rounded(value: float | None, places: int) -> int | float | None:
    """`value` rounded half-up to `places` decimals, an int when whole; None when not finite.

    Decimal on the shortest repr rounds 0.125 to 0.13 as a person would, whatever the float's
    binary error, so the same value always prints the same way.
    """
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return None
    value = float(value)
    text = repr(value)
    if "e" not in text and len(text) - text.index(".") - 1 <= places:  # no digit to round off
        return int(value) if value.is_integer() else value
    step, context = _quantum(places)
    exact = Decimal(text).quantize(step, ROUND_HALF_UP, context)
    if exact == exact.to_integral_value():
        return int(exact)
    return float(exact)


@functools.cache
def _quantum(places: int) -> tuple[Decimal, Context]:
    """The step `places` decimals round to, and a context precise enough for any float (a
    result rounds a few thousand numbers: a context entered for each took most of the time)."""
    return Decimal(1).scaleb(-places), Context(prec=FLOAT_DIGITS + places)


def shown(value: float, places: int, *, signed: bool = False, grouped: bool = False) -> str:
    """`value` for a reader: rounded half-up to `places`, no trailing zeros, never `-0`; with a
    `+` on positive values when `signed`, thousands separated by commas when `grouped`."""
    exact = rounded(value, places)
    if exact is None:
        raise ValueError(f"{value!r} has no decimal spelling")
    if isinstance(exact, float):
        text = format(Decimal(repr(exact)), ",f" if grouped else "f")
    else:
        text = format(exact, "," if grouped else "d")
    if exact == 0:
        text = "0"
    elif signed and exact > 0:
        text = "+" + text
    return text
