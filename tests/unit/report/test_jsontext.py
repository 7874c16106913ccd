"""Every JSON output's text: byte for byte what the json module writes, in less time."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptplan.report import jsontext

LEAVES = (st.none() | st.booleans() | st.integers() | st.text()
          | st.floats(allow_nan=True, allow_infinity=True))
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def reference(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@given(VALUES)
def test_same_bytes_as_the_json_module(value):
    assert jsontext.dumps(value) == reference(value)


@pytest.mark.parametrize("value", [
    {}, [], {"a": {}, "b": []}, [[[]]], {"é": "naïve ✓", "q": "a\"b\\c\n\t\u0001"},
    {"n": -0.0, "x": 1e16, "y": 1.5e-7, "z": math.nan, "i": math.inf, "j": -math.inf},
    (1, (2, 3)), {"t": True, "f": False, "none": None, "big": 10**30},
])
def test_edge_cases(value):
    assert jsontext.dumps(value) == reference(value)


def test_what_json_cannot_hold_is_refused():
    with pytest.raises(TypeError):
        jsontext.dumps({"a": {1, 2}})


def test_keys_must_be_text():
    """json would write 1 as "1"; no document has such keys, so one would be a mistake."""
    with pytest.raises(TypeError):
        jsontext.dumps({1: "a"})


def test_render_json_writes_the_cases_as_the_document_holds_them():
    from adoptplan.report.json_report import as_document, render_json

    from support.report import evaluation

    result = evaluation()
    assert result.cases and any(c.outcome == "suppressed" for c in result.cases)
    assert render_json(result, "high") == jsontext.dumps(as_document(result, "high"))


ROUNDED = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False).map(lambda f: round(f, 4)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(ROUNDED)
def test_dumps_rounded_writes_the_same_bytes(value):
    """orjson's text equals the json module's for floats as rounded() leaves them; integers
    past 64 bits (which orjson refuses) come out the same through the fallback."""
    assert jsontext.dumps_rounded(value) == reference(value).encode("utf-8")
