"""Name checks: every name is declared once, and every name used is declared (with did-you-mean)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

import attrs

from adoptplan import catalogue
from adoptplan import expressions as ex
from adoptplan import model as m
from adoptplan.check.index import Index, is_library, override_targets, rules_and_barriers, where
from adoptplan.check.texts import is_name, placeholders
from adoptplan.codes.semantic import (
    DUPLICATE_NAME,
    SELF_DEFINED_METRIC,
    UNKNOWN_ACTION_KIND,
    UNKNOWN_DIMENSION,
    UNKNOWN_ENUM_VALUE,
    UNKNOWN_FUNCTION,
    UNKNOWN_LEVEL,
    UNKNOWN_METRIC,
    UNKNOWN_PARAM,
    UNKNOWN_PLACEHOLDER,
    UNKNOWN_PRIORITY,
    UNKNOWN_SEGMENT,
    UNKNOWN_TOOL,
    UNUSED,
)
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean

MESSAGE_PLACEHOLDERS: tuple[str, ...] = (
    "segment", "tool", "priority", "value", "threshold", "title", "group",
)
"""Placeholders every rule and barrier message may use, filled in from the finding."""

TYPO = 0.8
"""How alike an unknown metric and a known one are for it to be a typo (memberz, members) rather
than a metric of the data not declared yet (digest_opens beside digest_clicks)."""

ACTION_SPELLINGS: dict[str, str] = {k.replace("-", "_"): k for k in m.ACTION_KINDS}
"""Action kinds as a playbook writes them: a name cannot hold `-`, so `remove_barrier`."""


def _unknown(code: str, what: str, name: str, span: m.Span, candidates: Iterable[str],
             declare: str) -> Diagnostic:
    """`there is no segment 'rpes'` with a did-you-mean, else how to declare one."""
    candidates = sorted(set(candidates))
    hint = did_you_mean(name, candidates)
    if hint is None and candidates and len(candidates) <= 8:
        hint = f"known {what}s: " + ", ".join(candidates)
    return Diagnostic(code, f"there is no {what} '{name}'", span, ERROR, hint or declare)


# ------------------------------------------------------------------------------------ AP201


def _namespaces(playbook: m.Playbook) -> dict[str, tuple]:
    """Names that must be unique together: a metric and a param are both values in expressions."""
    return {
        "segment": playbook.segments,
        "priority": playbook.priorities,
        "tool": playbook.tools,
        "value": playbook.metrics + playbook.params,
        "rule": playbook.rules + playbook.barriers,
    }


def _kind_word(declaration: object) -> str:
    return type(declaration).__name__.lower()


def iter_duplicates(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A second declaration of a name would silently replace or shadow the first."""
    for declarations in _namespaces(playbook).values():
        first: dict[str, object] = {}
        for declaration in declarations:
            name = declaration.name
            earlier = first.setdefault(name.text, declaration)
            if earlier is declaration:
                continue
            yield Diagnostic(
                DUPLICATE_NAME,
                f"'{name.text}' is already declared as a {_kind_word(earlier)}",
                name.span,
                ERROR,
                f"the first is at {where(earlier.name.span, name.span)}; rename one of them",
            )


# ------------------------------------------------------------------------------ AP202-AP204


def _undeclared(code: str, what: str, used: Iterable[m.Name],
                declared: dict[str, object]) -> Iterator[Diagnostic]:
    for name in used:
        if name.text not in declared:
            yield _unknown(code, what, name.text, name.span, declared,
                           f"declare it: {what} {name.text} {{ ... }}")


def iter_unknown_segments(playbook: m.Playbook) -> Iterator[Diagnostic]:
    used = [n for p in playbook.priorities for n in p.segments]
    used += [n for d in rules_and_barriers(playbook) if d.scope for n in d.scope.segments]
    used += [n for w in playbook.waivers if w.scope for n in w.scope.segments]
    yield from _undeclared(UNKNOWN_SEGMENT, "segment", used, Index.of(playbook).segments)


def iter_unknown_priorities(playbook: m.Playbook) -> Iterator[Diagnostic]:
    used = [n for t in playbook.tools for n in t.serves]
    used += [n for d in rules_and_barriers(playbook) for n in d.serves]
    yield from _undeclared(UNKNOWN_PRIORITY, "priority", used, Index.of(playbook).priorities)


def iter_unknown_tools(playbook: m.Playbook) -> Iterator[Diagnostic]:
    used = [d.using for d in rules_and_barriers(playbook) if d.using is not None]
    yield from _undeclared(UNKNOWN_TOOL, "tool", used, Index.of(playbook).tools)


# ------------------------------------------------------------------------------ AP205, AP213


def _level_values(playbook: m.Playbook) -> set[int]:
    """Values of level params (`param watch level = high`): judged by their type (AP306)."""
    values = {id(p.default) for p in playbook.params if p.type.text == "level"}
    for override, params in override_targets(playbook):
        target = params.get(override.name.text)
        if target is not None and target.type.text == "level":
            values.add(id(override.value))
    return values


def checked_sites(playbook: m.Playbook) -> Iterator[ex.Site]:
    """Expressions whose names are playbook values; `match` names people-directory attributes."""
    levels = _level_values(playbook)
    return (
        s for s in ex.sites(playbook)
        if s.clause != ex.MATCH and not (isinstance(s.expr, m.Ref) and id(s.expr) in levels)
    )


def iter_unknown_values(playbook: m.Playbook) -> Iterator[Diagnostic]:
    names = Index.of(playbook).value_names()
    for site in checked_sites(playbook):
        for ref in ex.refs(site.expr):
            if ref.name in names:
                continue
            declare = f"declare it: metric {ref.name} {{ unit count }}"
            found = _unknown(UNKNOWN_METRIC, "metric", ref.name, ref.span, names, declare)
            if found.hint != declare and not difflib.get_close_matches(ref.name, names, 1, TYPO):
                # only loosely like a known one (digest_opens, digest_clicks): likely new data
                found = attrs.evolve(found, hint=f"{found.hint} If it comes from the data (a "
                                     "column of the metrics, a [counts] metric of the mapping), "
                                     + declare)
            yield found


def iter_unknown_functions(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for site in ex.sites(playbook):
        for node in ex.walk(site.expr):
            if isinstance(node, m.Call) and node.function not in catalogue.FUNCTIONS:
                span = m.Span(node.span.path, node.span.line, node.span.column, node.span.line,
                              node.span.column + len(node.function))
                yield _unknown(UNKNOWN_FUNCTION, "function", node.function, span, catalogue.FUNCTIONS,
                               "history functions: " + ", ".join(sorted(catalogue.FUNCTIONS)))


# ------------------------------------------------------------------------------------ AP206


def iter_unknown_params(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """An override of a param the included playbook does not have would change nothing."""
    for override, params in override_targets(playbook):
        name = override.name
        if name.text not in params:
            found = _unknown(UNKNOWN_PARAM, "param", name.text, name.span, params,
                             "the included playbook declares no params")
            yield Diagnostic(found.code, found.message + " in the included playbook", found.span,
                             found.severity, found.hint)


# ------------------------------------------------------------------------------------ AP207


def allowed_placeholders(index: Index, declaration: m.Rule | m.Barrier) -> set[str]:
    allowed = {*MESSAGE_PLACEHOLDERS, *index.value_names()}
    scope = declaration.scope
    if scope is not None and len(scope.dimensions) == 1:  # with several, {group} names the group
        allowed.add(scope.dimensions[0].text)
    return allowed


def _texts(declaration: m.Rule | m.Barrier) -> tuple[m.Text, ...]:
    texts = (declaration.message, getattr(declaration, "remedy", None))
    return tuple(t for t in texts if t is not None)


def iter_placeholders(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A placeholder the engine cannot fill would reach the reader as `{typo}`."""
    index = Index.of(playbook)
    for declaration in rules_and_barriers(playbook):
        allowed = allowed_placeholders(index, declaration)
        for text in _texts(declaration):
            for found in placeholders(text):
                yield from _placeholder(found, allowed, declaration)


def _placeholder(found, allowed: set[str], declaration: m.Rule | m.Barrier) -> Iterator[Diagnostic]:
    if not is_name(found.name):
        yield Diagnostic(UNKNOWN_PLACEHOLDER, f"'{{{found.name}}}' is not a placeholder", found.span, ERROR,
                         "a placeholder is one name in braces, e.g. {segment}")
    elif found.name not in allowed:
        hint = did_you_mean(found.name, allowed) or (
            "placeholders: " + ", ".join(MESSAGE_PLACEHOLDERS) + ", a metric or a param"
        )
        yield Diagnostic(UNKNOWN_PLACEHOLDER, f"unknown placeholder '{{{found.name}}}'", found.span, ERROR,
                         hint)
    elif found.name == "tool" and declaration.using is None:
        yield Diagnostic(UNKNOWN_PLACEHOLDER, "'{tool}' names no tool: there is no `using` clause",
                         found.span, ERROR, "add `using <tool>` or reword the message")


# ------------------------------------------------------------------------------ AP208-AP210


def iter_levels(playbook: m.Playbook) -> Iterator[Diagnostic]:
    levels = Index.of(playbook).level_names()
    for declaration in rules_and_barriers(playbook):
        name = declaration.level if isinstance(declaration, m.Rule) else declaration.severity
        if name is not None and name.text not in levels:
            yield _enumeration(UNKNOWN_LEVEL, "level", name, m.LEVELS, levels)


def iter_action_kinds(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for rule in playbook.rules:
        if rule.kind is not None and rule.kind.text not in ACTION_SPELLINGS:
            yield _enumeration(UNKNOWN_ACTION_KIND, "action kind", rule.kind, tuple(ACTION_SPELLINGS))


def _enumeration(code: str, what: str, name: m.Name, values: tuple[str, ...],
                 accepted: Iterable[str] | None = None) -> Diagnostic:
    hint = did_you_mean(name.text, accepted if accepted is not None else values)
    article = "an" if what[0] in "aeiou" else "a"
    return Diagnostic(code, f"'{name.text}' is not {article} {what}", name.span, ERROR,
                      hint or f"{what}s: " + ", ".join(values))


ENUMERATIONS: tuple[tuple[type, str, str, tuple[str, ...]], ...] = (
    (m.Header, "cadence", "cadence", m.CADENCES),
    (m.Segment, "collaboration", "collaboration rating", m.RATINGS),
    (m.Segment, "likelihood", "likelihood rating", m.RATINGS),
    (m.Metric, "unit", "metric unit", catalogue.METRIC_UNITS),
    (m.Param, "type", "param type", m.PARAM_TYPES),
    (m.Intervention, "expect", "expected direction", m.DIRECTIONS),
)


def iter_enumerations(playbook: m.Playbook) -> Iterator[Diagnostic]:
    for declaration in playbook.declarations():
        for kind, field, what, values in ENUMERATIONS:
            name = getattr(declaration, field, None) if isinstance(declaration, kind) else None
            if name is not None and name.text not in values:
                yield _enumeration(UNKNOWN_ENUM_VALUE, what, name, values)


# ------------------------------------------------------------------------------------ AP211


def iter_dimensions(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`in reps by geography` needs a segment in scope that is broken down by geography."""
    index = Index.of(playbook)
    for declaration in rules_and_barriers(playbook):
        scope = declaration.scope
        if scope is None or not scope.dimensions:
            continue
        if not scope.segments and is_library(declaration.span.path):
            continue  # the library's `in all by device` watches whichever segments declare it
        segments = index.in_scope(scope)
        declared = {d.text for s in segments for d in s.dimensions}
        for name in scope.dimensions:
            if not segments or name.text in declared:
                continue
            first = segments[0].name.text
            hint = did_you_mean(name.text, declared) or (
                f"add `by {name.text}` to segment {first}" if len(segments) == 1
                else f"add `by {name.text}` to the segments it applies to"
            )
            yield Diagnostic(UNKNOWN_DIMENSION, f"no segment in scope is broken down by '{name.text}'",
                             name.span, ERROR, hint)


def iter_forecast_dimensions(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`forecast by device_class` in the header: some segment is broken down by it."""
    header = playbook.header
    declared = sorted({d.text for s in playbook.segments for d in s.dimensions})
    for name in header.forecast_by if header else ():
        if name.text not in declared:
            yield Diagnostic(UNKNOWN_DIMENSION, f"no segment is broken down by '{name.text}'",
                             name.span, ERROR, did_you_mean(name.text, declared)
                             or f"add `by {name.text}` to the segments to forecast by it")


# ------------------------------------------------------------------------------------ AP212


def used_names(playbook: m.Playbook) -> set[str]:
    """Every value name an expression, a placeholder or a level clause uses."""
    used = {r.name for site in checked_sites(playbook) for r in ex.refs(site.expr)}
    for declaration in rules_and_barriers(playbook):
        used.update(p.name for t in _texts(declaration) for p in placeholders(t))
        level = declaration.level if isinstance(declaration, m.Rule) else declaration.severity
        if level is not None:
            used.add(level.text)
    return used


def iter_unused(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A metric, param or tool nothing refers to is dead text, or a misspelt use elsewhere."""
    used = used_names(playbook)
    for declaration in (*playbook.metrics, *playbook.params):
        if declaration.name.text not in used:
            yield _unused(declaration, "no rule, barrier or metric uses it")
    using = {d.using.text for d in rules_and_barriers(playbook) if d.using is not None}
    for tool in playbook.tools:
        if not tool.serves and tool.name.text not in using:
            yield _unused(tool, "it serves no priority and no rule uses it")


def _unused(declaration: object, why: str) -> Diagnostic:
    name = declaration.name
    return Diagnostic(UNUSED, f"{_kind_word(declaration)} '{name.text}' is never used: {why}",
                      name.span, WARNING, "use it, or remove it")


# ------------------------------------------------------------------------------------ AP216


def metric_dependencies(playbook: m.Playbook) -> dict[str, list[m.Ref]]:
    """Each derived metric's references to other declared metrics."""
    index = Index.of(playbook)
    return {
        name: [r for r in ex.refs(metric.value) if r.name in index.metrics]
        for name, metric in index.metrics.items()
        if metric.value is not None
    }


def iter_metric_cycles(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A derived metric that depends on itself has no value."""
    graph = metric_dependencies(playbook)
    order = list(graph)
    reported: set[frozenset[str]] = set()
    for start in order:
        for path in _cycles_from(start, graph):
            members = frozenset(r.name for r in path)
            if members in reported:
                continue
            reported.add(members)
            closing = path[-1]
            loop = " -> ".join([start, *(r.name for r in path)])
            yield Diagnostic(SELF_DEFINED_METRIC, f"metric '{start}' depends on itself: {loop}",
                             closing.span, ERROR,
                             "compute one of them from snapshot metrics only")


def _cycles_from(start: str, graph: dict[str, list[m.Ref]]) -> Iterator[list[m.Ref]]:
    """Paths of references from `start` back to `start` (each metric visited once)."""
    stack: list[tuple[str, list[m.Ref]]] = [(start, [])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for ref in graph.get(name, ()):
            if ref.name == start:
                yield [*path, ref]
            elif ref.name not in seen:
                seen.add(ref.name)
                stack.append((ref.name, [*path, ref]))


CHECKS = (
    iter_duplicates,
    iter_unknown_segments,
    iter_unknown_priorities,
    iter_unknown_tools,
    iter_unknown_values,
    iter_unknown_params,
    iter_placeholders,
    iter_levels,
    iter_action_kinds,
    iter_enumerations,
    iter_dimensions,
    iter_forecast_dimensions,
    iter_unused,
    iter_unknown_functions,
    iter_metric_cycles,
)
