"""Completion: what the grammar accepts at the cursor (asked of the parser itself, so it never
drifts from the language), and the names that fit the clause being written."""

from __future__ import annotations

import re

import attrs

from adoptplan import catalogue
from adoptplan import model as m
from adoptplan.load import library_names
from adoptplan.lsp.analysis import Analysis
from adoptplan.lsp.documents import lines_of
from adoptplan.syntax import accepted_after, keywords

_PARTIAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_ITEM_START = re.compile(r"(include|playbook|segment|priority|tool|metric|param|rule|barrier|"
                         r"waive|intervention)\b")
_LIBRARY = re.compile(r"^\s*include\s+method\.([A-Za-z0-9_.]*)$")


@attrs.frozen
class Candidate:
    """One completion: the text, what it is (keyword, segment, metric, level...), a detail."""

    label: str
    kind: str
    detail: str = ""


def complete(analysis: Analysis, line: int, column: int,
             known_metrics: frozenset[str] = frozenset()) -> list[Candidate]:
    """What may be written at the model position (from 1) of the document."""
    lines = lines_of(analysis.text(analysis.shown))
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    before = current[: column - 1]
    library = _LIBRARY.match(before)
    if library:
        return [Candidate(name.removeprefix("method."), "library", "method library playbook")
                for name in library_names()]
    partial = _PARTIAL.search(before)
    before = before[: partial.start()] if partial else before
    accepted = _accepted(lines, line, before)
    found = [Candidate(word, "keyword") for word in _keywords(accepted)]
    if "NAME" in accepted or not accepted:  # a name, or text the parser cannot follow yet
        found.extend(_names(analysis, before, known_metrics))
    return _unique(found)


def _accepted(lines: list[str], line: int, before: str) -> set[str]:
    """The terminals the parser accepts after the text of the current declaration up to the
    cursor; none when that text does not parse (only names are offered then)."""
    start = 0
    for index in range(line - 2, -1, -1):
        if lines[index].startswith("}"):
            start = index + 1
            break
        if _ITEM_START.match(lines[index]):
            start = index
            break
    return set(accepted_after("\n".join([*lines[start: line - 1], before])))


def _keywords(accepted: set[str]) -> list[str]:
    words = keywords()
    return sorted(words[t] for t in accepted if t in words)


def _names(analysis: Analysis, before: str, known_metrics: frozenset[str]) -> list[Candidate]:
    """The declared names, levels, kinds or settings that fit the clause the cursor is in."""
    playbook = analysis.playbook
    clause = (before.split() or [""])[0]
    if re.search(r"\bby\s+(?:[A-Za-z_]\w*\s*,\s*)*$", before):
        return [Candidate(d.text, "dimension") for s in playbook.segments for d in s.dimensions]
    if clause == "include":
        return [Candidate(name, "library", "method library playbook") for name in library_names()]
    if clause == "param":
        return ([Candidate(t, "type") for t in m.PARAM_TYPES]
                if re.fullmatch(r"\s*param\s+\w+\s+", before) else [])
    fixed = _FIXED.get(clause)
    if fixed is not None:
        return [Candidate(word, kind) for kind, words in fixed(playbook) for word in words]
    if clause in _NEW_NAME:
        return []
    if clause == "measure":  # an intervention's metric: no param, value or function
        return [c for c in _value_names(playbook, known_metrics) if c.kind == "metric"]
    return _value_names(playbook, known_metrics)


def _levels(playbook: m.Playbook) -> list[tuple[str, tuple[str, ...]]]:
    params = tuple(p.name.text for p in playbook.params if p.type.text == "level")
    return [("level", m.LEVELS), ("param", params)]


def _declared(kind: str, declarations: tuple) -> list[tuple[str, tuple[str, ...]]]:
    return [(kind, tuple(d.name.text for d in declarations))]


_FIXED = {
    "in": lambda p: _declared("segment", p.segments),
    "for": lambda p: _declared("segment", p.segments),
    "using": lambda p: _declared("tool", p.tools),
    "serves": lambda p: _declared("priority", p.priorities),
    "priority": _levels,
    "severity": _levels,
    "do": lambda p: [("kind", m.ACTION_KINDS)],
    "collaboration": lambda p: [("rating", m.RATINGS)],
    "likelihood": lambda p: [("rating", m.RATINGS)],
    "cadence": lambda p: [("cadence", m.CADENCES)],
    "unit": lambda p: [("unit", catalogue.METRIC_UNITS)],
    "waive": lambda p: [*_declared("rule", p.rules), *_declared("barrier", p.barriers)],
    "kind": lambda p: [("kind", m.ACTION_KINDS)],
    "expect": lambda p: [("direction", m.DIRECTIONS)],
    "compare": lambda p: _declared("segment", p.segments),
}
"""Clauses that name one kind of thing, by the word they start with."""

_NEW_NAME = {"segment", "priority", "tool", "metric", "rule", "barrier", "intervention"}
"""Declarations whose next name is a new one: nothing to suggest."""


def _value_names(playbook: m.Playbook, known_metrics: frozenset[str]) -> list[Candidate]:
    """What an expression may read: metrics (declared, standard, in the configured metrics),
    params, built-in values and history functions."""
    found = [Candidate(x.name.text, "metric", x.title.value if x.title else "")
             for x in playbook.metrics]
    found += [Candidate(p.name.text, "param", p.type.text) for p in playbook.params]
    found += [Candidate(name, "metric", s.description)
              for name, s in catalogue.STANDARD_METRICS.items()]
    found += [Candidate(name, "metric", "in the metrics") for name in sorted(known_metrics)]
    found += [Candidate(name, "value", unit) for name, unit in catalogue.BUILTIN_VALUES.items()]
    found += [Candidate(name, "function", f.signature) for name, f in catalogue.FUNCTIONS.items()]
    return found


def _unique(found: list[Candidate]) -> list[Candidate]:
    """Each label once, the first (most specific) kept."""
    seen: dict[str, Candidate] = {}
    for candidate in found:
        seen.setdefault(candidate.label, candidate)
    return list(seen.values())
