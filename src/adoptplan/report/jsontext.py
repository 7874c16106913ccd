"""JSON text as every JSON output of adoptplan writes it: sorted keys, two-space indent.

The bytes are those of `json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)` plus a
newline (a test holds them equal), written in about 60% of its time: with an indent the
standard library falls back to its pure-Python encoder, which yields each piece through a chain of
generators. A result of a large playbook holds hundreds of thousands of values.
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C version when the interpreter has it
from typing import Any

INDENT = "  "


def dumps_rounded(value: Any) -> bytes:
    """`dumps(value)` as UTF-8, for a document whose floats are all finite with at most four
    decimals (as report.json_report.rounded leaves them), written by orjson: the same bytes (a
    test holds them equal), about 20 times faster than dumps on a large result (bench_json.py).
    Bytes, as orjson makes them and a file takes them: a large result's text is not decoded
    only to be encoded again on writing (470 MB of a large case, twice).

    orjson writes other floats differently (NaN as null, 1.5e-05 as 0.000015), which is why
    dumps stays for documents with floats as they come. What orjson refuses (integers beyond
    64 bits, text that is not valid UTF-8) is written by dumps.
    """
    import orjson  # start-up: only commands that write a result load it

    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    try:
        return orjson.dumps(value, option=option)
    except orjson.JSONEncodeError:
        return dumps(value).encode("utf-8")


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


def _float(value: float) -> str:
    """As the json module writes floats, NaN and the infinities included."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)
