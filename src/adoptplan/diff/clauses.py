"""What a playbook change changed, clause by clause: the lines a reviewer reads beside the
findings they moved (`threshold 40% → 50%`, `for 2 → 3 periods`, `rule added`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from adoptplan import model as m
from adoptplan.fmt import format_expr, format_quantity

Changes = Mapping[str, tuple[str, ...]]
"""Rule or barrier name -> what changed in it, in the order of its clauses."""


def _thresholds(before: object, after: object) -> list[tuple[str, str]] | None:
    """The quantities that differ between two expressions of the same shape; None when their
    shape (an operator, a name, a function) differs, so the whole clause is shown instead."""
    if type(before) is not type(after):
        return None
    if isinstance(before, m.Quantity):
        return [] if before == after else [(format_quantity(before), format_quantity(after))]
    if isinstance(before, tuple):
        if len(before) != len(after):
            return None
        pairs: list[tuple[str, str]] = []
        for one, other in zip(before, after, strict=True):
            found = _thresholds(one, other)
            if found is None:
                return None
            pairs += found
        return pairs
    if attrs.has(type(before)):
        return _thresholds(tuple(getattr(before, f.name) for f in attrs.fields(type(before))
                                 if f.eq), tuple(getattr(after, f.name)
                                                 for f in attrs.fields(type(after)) if f.eq))
    return [] if before == after else None


def _periods(keyword: str, before: m.Quantity | None, after: m.Quantity | None) -> str:
    """`for 2 → 3 periods`, `for 3 periods added`, `for 2 periods removed`."""
    if before is None:
        return f"{keyword} for {format_quantity(after)} added"
    if after is None:
        return f"{keyword} for {format_quantity(before)} removed"
    old, new = format_quantity(before), format_quantity(after)
    number, _, unit = old.partition(" ")
    shown = number if unit and new.partition(" ")[2] in (unit, unit + "s", unit.rstrip("s")) \
        else old
    return f"{keyword} for {shown} → {new}"


def _condition(keyword: str, before: m.Condition | None, after: m.Condition | None) -> Iterator[
        str]:
    """`threshold 40% → 50%` (`clear threshold ...` for a clear condition), or the clause."""
    prefix = "" if keyword == "when" else f"{keyword} "
    if before == after:
        return
    if before is None or after is None:
        present = before or after
        yield (f"{keyword} {format_expr(present.expr)} "
               f"{'added' if before is None else 'removed'}")
        return
    if before.expr != after.expr:
        pairs = _thresholds(before.expr, after.expr)
        if pairs:
            yield from (f"{prefix}threshold {old} → {new}" for old, new in pairs)
        else:
            yield f"{keyword} {format_expr(before.expr)} → {format_expr(after.expr)}"
    if before.sustained != after.sustained:
        yield _periods(keyword, before.sustained, after.sustained).removeprefix("when ")


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, m.Quantity):
        return format_quantity(value)
    if isinstance(value, m.Scope):
        segments = ", ".join(s.text for s in value.segments) or "all"
        return segments + (f" by {value.dimension.text}" if value.dimension else "")
    return getattr(value, "text", str(value))


def _plain(keyword: str, before: object, after: object) -> Iterator[str]:
    if before != after:
        yield f"{keyword} {_shown(before)} → {_shown(after)}"


def _declaration(before: m.Rule | m.Barrier, after: m.Rule | m.Barrier) -> Iterator[str]:
    yield from _condition("when", before.when, after.when)
    if isinstance(before, m.Barrier) and isinstance(after, m.Barrier):
        yield from _condition("clear", before.clear, after.clear)
        yield from _plain("minimum", before.minimum, after.minimum)
        yield from _plain("severity", before.severity, after.severity)
    if isinstance(before, m.Rule) and isinstance(after, m.Rule):
        yield from _plain("priority", before.level, after.level)
        yield from _plain("do", before.kind, after.kind)
    yield from _plain("in", before.scope, after.scope)


def _refs(expr: object) -> Iterator[str]:
    """Every name an expression reads."""
    if isinstance(expr, m.Ref):
        yield expr.name
    elif isinstance(expr, tuple):
        for item in expr:
            yield from _refs(item)
    elif attrs.has(type(expr)) and not isinstance(expr, m.Quantity):
        for field in attrs.fields(type(expr)):
            if field.eq:
                yield from _refs(getattr(expr, field.name))


def _reads(declaration: m.Rule | m.Barrier, metrics: Mapping[str, m.Metric]) -> set[str]:
    """The names a rule's conditions read, through the derived metrics they use."""
    conditions = [declaration.when, getattr(declaration, "clear", None)]
    todo = [name for c in conditions if c is not None for name in _refs(c.expr)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        metric = metrics.get(name)
        if metric is not None and metric.value is not None:
            todo += _refs(metric.value)
    return seen


def _by_name(playbook: m.Playbook, kind: type) -> dict[str, object]:
    return {d.name.text: d for d in playbook.of_type(kind)}


def clause_changes(before: m.Playbook, after: m.Playbook) -> Changes:
    """Each rule and barrier the change touched: its changed clauses, a changed param it reads
    (`threshold active_floor 40% → 45%`), or that it was added or removed."""
    params = {name: (old, _by_name(after, m.Param).get(name))
              for name, old in _by_name(before, m.Param).items()}
    moved = {name: f"threshold {name} {format_expr(old.default)} → {format_expr(new.default)}"
             for name, (old, new) in sorted(params.items())
             if new is not None and old.default != new.default}
    metrics = _by_name(after, m.Metric)
    changes: dict[str, tuple[str, ...]] = {}
    for kind, word in ((m.Rule, "rule"), (m.Barrier, "barrier")):
        old, new = _by_name(before, kind), _by_name(after, kind)
        for name in sorted(set(old) | set(new)):
            if name not in old:
                changes[name] = (f"{word} added",)
            elif name not in new:
                changes[name] = (f"{word} removed",)
            else:
                reads = _reads(new[name], metrics)
                found = (*_declaration(old[name], new[name]),
                         *(line for param, line in moved.items() if param in reads))
                if found:
                    changes[name] = found
    return changes
