"""Start-up: `model.frozen` makes classes as `attrs.frozen` does, with one shared `__repr__`
instead of one generated per class; the text it prints is attrs' own."""

from __future__ import annotations

import attrs
import pytest

from adoptplan import model as m


def _classes(decorator):
    @decorator
    class Leaf:
        text: str
        span: m.Span = attrs.field(default=m.NOWHERE, eq=False, repr=False, kw_only=True)

    @decorator(cache_hash=True)
    class Node:
        leaf: Leaf
        items: tuple = ()
        shown: int = attrs.field(default=3, repr=lambda value: f"<{value}>")
        later: int = attrs.field(init=False, default=7)

    return Leaf, Node


@pytest.mark.parametrize("values", [("a", ()), ("b'\"", (1, "x", None))])
def test_repr_equality_and_hash_are_attrs_own(values):
    text, items = values
    theirs, ours = _classes(attrs.frozen), _classes(m.frozen)
    made = [node(leaf(text, span=m.Span("p", 1, 1, 1, 2)), items) for leaf, node in (theirs, ours)]
    assert repr(made[1]) == repr(made[0])
    assert repr(made[1]).startswith("Node(leaf=Leaf(text=")
    again = ours[1](ours[0](text), items)
    assert made[1] == again  # the span takes no part in equality
    assert hash(made[1]) == hash(again)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made[1].items = ()


def test_a_class_of_its_own_repr_keeps_it():
    @m.frozen
    class Own:
        value: int

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(1)) == "own"

