"""JSON text as every JSON output of adoptplan writes it: sorted keys, two-space indent.

The bytes are those of `json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)` plus a
newline (a test holds them equal), written in about 60% of its time: with an indent the
standard library falls back to its pure-Python encoder, which yields each piece through a chain of
generators. A result of a large playbook holds hundreds of thousands of values.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from json.encoder import encode_basestring  # the C version when the interpreter has it
from typing import Any

INDENT = "  "


class Records:
    """Records (objects with attributes, such as attrs classes) written as a JSON array of
    objects with the `fields` named, each value as it is (text, a number, a boolean or None):
    the same text as a list of dicts, without making the dicts. A large result holds 577,350
    cases; one dict per case took more time than writing its text."""

    __slots__ = ("depth", "fields", "items")

    def __init__(self, items: Sequence[object], fields: Sequence[str], depth: int = 1) -> None:
        self.items = items
        self.fields = tuple(sorted(fields))
        self.depth = depth  # how deep the array sits, for dumps_rounded (1: a top-level key)

    def text(self, newline: str) -> str:
        """The array's JSON text; `newline` breaks a line and indents to the array's level."""
        out: list[str] = []
        _records(self, newline, out)
        return "".join(out)


def dumps_rounded(value: Any) -> str:
    """`dumps(value)` for a document whose floats are all finite with at most four decimals
    (as report.json_report.rounded leaves them), written by orjson: the same bytes (a test
    holds them equal), about 20 times faster than dumps on a large result (bench_json.py).

    orjson writes other floats differently (NaN as null, 1.5e-05 as 0.000015), which is why
    dumps stays for documents with floats as they come. What orjson refuses (integers beyond
    64 bits, text that is not valid UTF-8) is written by dumps.
    """
    import orjson  # start-up: only commands that write a result load it

    def fragment(item: object) -> orjson.Fragment:
        if isinstance(item, Records):
            return orjson.Fragment(item.text("\n" + INDENT * item.depth).encode())
        raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    try:
        return orjson.dumps(value, default=fragment, option=option).decode()
    except orjson.JSONEncodeError:
        return dumps(value)


def dumps(value: Any) -> str:
    """`value` (dicts with text keys, lists, tuples, text, numbers, booleans, None) as JSON text
    ending in a newline."""
    out: list[str] = []
    _write(value, "\n", out)
    out.append("\n")
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append `value`; `newline` is a line break followed by the indent of the current level."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        _object(value, newline, out)
    elif isinstance(value, (list, tuple)):
        _array(value, newline, out)
    elif isinstance(value, Records):
        _records(value, newline, out)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _object(value: dict, newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + INDENT
    separator = "{" + inner
    for key in sorted(value):
        if not isinstance(key, str):
            raise TypeError(f"keys must be str, not {type(key).__name__}")
        out.append(separator)
        out.append(encode_basestring(key))
        out.append(": ")
        _write(value[key], inner, out)
        separator = "," + inner
    out.append(newline)
    out.append("}")


def _array(value: list | tuple, newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + INDENT
    separator = "[" + inner
    for item in value:
        out.append(separator)
        start = len(out)
        _write(item, inner, out)
        # one string per item rather than one per value: a large result would otherwise hold
        # millions of small strings at once
        out[start:] = ["".join(out[start:])]
        separator = "," + inner
    out.append(newline)
    out.append("]")


def _records(value: Records, newline: str, out: list[str]) -> None:
    """Every record through one template of its fields (keys sorted, as _object writes them)."""
    if not value.items or not value.fields:
        _array([{} for _ in value.items], newline, out)
        return
    inner = newline + INDENT
    deeper = inner + INDENT
    template = "{" + ",".join(f"{deeper}{encode_basestring(name)}: %s"
                              for name in value.fields) + inner + "}"
    columns = [_texts(list(map(operator.attrgetter(name), value.items))) for name in value.fields]
    texts = map(template.__mod__, zip(*columns))
    out.append("[" + inner + ("," + inner).join(texts) + newline + "]")


def _texts(values: list) -> list[str]:
    """A field's values as _scalar writes them, column by column: a column of text or of whole
    numbers (a case's rule, path, outcome and line repeat) writes each distinct value once."""
    kinds = set(map(type, values))
    write = encode_basestring if kinds == {str} else int.__repr__ if kinds == {int} else None
    if write is None:  # mixed types: 1 and True, 1 and 1.0 are one dict key, so no sharing
        return list(map(_scalar, values))
    distinct = dict.fromkeys(values)
    if len(distinct) * 2 > len(values):
        return list(map(write, values))
    written = {value: write(value) for value in distinct}
    return list(map(written.__getitem__, values))


def _scalar(value: Any) -> str:
    """A field's value as _write writes it; text and whole numbers without its chain of tests."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    out: list[str] = []
    _write(value, "", out)  # a nested value would need the indent: records hold scalars
    return "".join(out)


def _float(value: float) -> str:
    """As the json module writes floats, NaN and the infinities included."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)
