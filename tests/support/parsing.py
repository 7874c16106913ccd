"""Both roads through the playbook parser, for tests that hold them to one model."""

from __future__ import annotations

from typing import Any

import attrs
from lark.exceptions import UnexpectedInput

from adoptplan.syntax import inline
from adoptplan.syntax.build import Builder, build_file, finish
from adoptplan.syntax.parser import fast_tables, parser


def plain(value: Any) -> Any:
    """A value with every field, spans included (model equality leaves spans out)."""
    if attrs.has(type(value)):
        return (type(value).__name__,
                tuple((f.name, plain(getattr(value, f.name))) for f in attrs.fields(type(value))))
    if isinstance(value, (tuple, list)):
        return tuple(plain(v) for v in value)
    return value


def both_roads(text: str, path: str = "p.adopt") -> tuple[Any, Any]:
    """(the inline parse's model and diagnostics, lark's tree transformed), each as `plain`
    values, or None where that road refuses the text."""
    text = text if text.endswith("\n") else text + "\n"
    builder = Builder(path)
    items = inline.parse(fast_tables(), text, builder)
    fast = None if items is None else plain(finish(items, builder))
    try:
        tree = parser().parse(text)
    except UnexpectedInput:
        return fast, None
    return fast, plain(build_file(tree, path))
