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
from typing import Any

FLOAT_DIGITS = 400
"""Enough significant digits for any float's integer part (at most 309) and the decimals."""


def source(amount: float) -> str:
    """`40`, `0.05`, `0.0001`: the shortest positional spelling that reads back to the same
    float, as a playbook writes it (never `1e-05`, which the language does not read)."""
    return format(Decimal(repr(float(amount))).normalize(), "f")


def rounded(value: float | None, places: int) -> int | float | None:
    """`value` rounded half-up to `places` decimals, an int when whole; None when not finite.

    Half-up on the shortest repr rounds 0.125 to 0.13 as a person would, whatever the float's
    binary error, so the same value always prints the same way. Decided in float arithmetic
    where that cannot differ from Decimal's answer (a result rounds a hundred thousand numbers;
    Decimal took most of the JSON's time), by Decimal near a tie or beyond 2**44 steps.
    """
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return None
    value = float(value)
    if 0 <= places <= MAX_SCALED_PLACES:
        scale, whole = _SCALES[places]
        scaled = abs(value) * scale
        if scaled < MAX_SCALED:
            steps = math.floor(scaled)
            fraction = scaled - steps  # exact below 2**52
            # the shortest decimal and `scaled` differ by at most scaled * 2**-52
            if abs(fraction - 0.5) > scaled * TIE_MARGIN:
                steps += fraction > 0.5
                if steps % whole == 0:
                    return steps // whole if value > 0 else -(steps // whole)
                # steps / scale is the float nearest the decimal, as float(Decimal) is
                return steps / scale if value > 0 else -steps / scale
    return _rounded_exactly(value, places)


def rounded_all(values: Any, places: int) -> list[Any]:
    """`rounded` of each value of a float array (NaN or None for none), as nested lists of the
    array's shape: the same numbers, ints where whole, decided in array arithmetic and by
    `rounded` itself only near a tie or beyond 2**44 steps. A result's history has millions of
    numbers; one call each took seconds."""
    # start-up: numpy is loaded by whoever holds an array; a playbook check never comes here
    import numpy as np

    value = np.asarray(values, dtype=float)
    out = np.full(value.shape, None, dtype=object)
    left = np.isfinite(value)  # what `rounded` decides, one value at a time
    if 0 <= places <= MAX_SCALED_PLACES:
        scale, whole = _SCALES[places]
        # NaN and the infinities are left as None, and what is too large for the arithmetic
        # to `rounded`, below
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = np.abs(value) * scale
            steps = np.floor(scaled)
            fraction = scaled - steps
            decided = left & (scaled < MAX_SCALED) & (np.abs(fraction - 0.5) > scaled * TIE_MARGIN)
            steps = np.where(value > 0, 1.0, -1.0) * (steps + (fraction > 0.5))  # its sign test
            integral = decided & (np.fmod(steps, whole) == 0)
        out[integral] = (steps[integral] // whole).astype(np.int64)
        fractional = decided & ~integral
        out[fractional] = steps[fractional] / scale
        left &= ~decided
    flat, value = out.reshape(-1), value.reshape(-1)
    for index in np.flatnonzero(left).tolist():
        flat[index] = rounded(float(value[index]), places)
    return out.tolist()


MAX_SCALED_PLACES = 15
"""Beyond this many places rounding is left to Decimal (10**15 is still an exact float)."""

MAX_SCALED = 2.0 ** 44
"""The float arithmetic decides values below this many steps; the binary error of the product
is then far below a step, so only a near tie can go either way."""

TIE_MARGIN = 2.0 ** -45
"""How close to a tie, relative to the value in steps, is left to Decimal (the float's own error
is at most 2**-52 of it: 128 times more room than needed)."""

_SCALES = [(float(10 ** places), 10 ** places) for places in range(MAX_SCALED_PLACES + 1)]


def _rounded_exactly(value: float, places: int) -> int | float:
    """The definition, through Decimal on the shortest repr: a finite `value` half-up."""
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
