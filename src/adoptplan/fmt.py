"""Model to canonical text: the one layout `adoptplan fmt` writes, with the source's comments kept.

The layout: items in the order written, blocks separated by one blank line (consecutive includes,
and consecutive params, stay together unless the source set them apart); clauses in the grammar's
order, indented two spaces, keywords padded so values start in one column per block; expressions
with minimal parentheses; numbers with every digit as written (never rounded to a float) but
without leading zeros or trailing zeros after the point; units in their canonical spelling
(`40%`, `5pp`, `30 members`, `3 periods`, and `1 period` rather than `1 periods`). Trailing
comments of consecutive lines share a column.
Comments are not in the model, so they are found in the source text and attached by line: a
comment after a clause stays after it, a comment on its own line stays before what follows it.
"""

from __future__ import annotations

import bisect
import difflib
import errno
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from adoptplan import collector
from adoptplan import model as m
from adoptplan.diagnostics import ERROR, Diagnostic, InputError
from adoptplan.expressions import NOT, SUM, UNARY, precedence
from adoptplan.files import decode, find_files, read_user_file, unreadable, unreadable_folders
from adoptplan.load import SUFFIX, is_playbook, long_lines
from adoptplan.numbers import source
from adoptplan.syntax import parse_text
from adoptplan.syntax.comments import Line, scan

INDENT = "  "
COMMENT_GAP = "  "
BLANK = ""
"""A blank source line among the comments before an item (comments themselves start with `#`)."""

SINGULAR = {"periods": "period", "weeks": "week", "months": "month", "hours": "hour"}
"""`1 period` reads aloud better than `1 periods`; both mean the same (members has no singular)."""

Anchor = tuple[int, int]
"""Where an output line came from in the source (line, column): comments attach to anchors."""

Output = tuple[str, str | None]
"""One output line: its code (or an own-line comment, or blank) and its trailing comment."""

# -------------------------------------------------------------------------------- values, exprs


def canonical_number(text: str) -> str:
    """A number as written, tidied without touching its value: `007` is `7`, `2.50` is `2.5`,
    `.5` is `0.5`, `1200.0` is `1200`; every other digit is kept, however many there are."""
    whole, _, fraction = text.partition(".")
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _number_of(quantity: m.Quantity) -> str:
    """The number as the source wrote it (tidied), so no digit is lost to float rounding; a
    quantity made in code, or whose text no longer reads as its amount, is written from the
    amount."""
    if quantity.text and float(quantity.text) == quantity.amount:
        return canonical_number(quantity.text)
    return source(quantity.amount)


def format_quantity(quantity: m.Quantity) -> str:
    """`40%` and `5pp` glued to the number, unit words after a space: `3 periods`."""
    number = _number_of(quantity)
    unit = m.UNIT_ALIASES.get(quantity.unit, quantity.unit)
    if not unit:
        return number
    if unit in ("%", "pp"):
        return f"{number}{unit}"
    return f"{number} {SINGULAR.get(unit, unit) if number == '1' else unit}"


def quote(value: str) -> str:
    """Quoted text: only `\\` and `"` need escaping in the language."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_expr(expr: Any, context: int = 0) -> str:
    """The expression with single spaces and only the parentheses its meaning needs.

    `context` is the weakest binding the surrounding syntax accepts without brackets. A right
    operand of the same strength keeps its brackets, because `a - (b - c)` means something else
    and even `a + (b + c)` is a different tree.
    """
    text = _bare_expr(expr)
    return f"({text})" if precedence(expr) < context else text


def _bare_expr(expr: Any) -> str:
    if isinstance(expr, (m.Logical, m.Arithmetic)):
        strength = precedence(expr)
        left = format_expr(expr.left, strength)
        return f"{left} {expr.op} {format_expr(expr.right, strength + 1)}"
    if isinstance(expr, m.Compare):
        return f"{format_expr(expr.left, SUM)} {expr.op} {format_expr(expr.right, SUM)}"
    if isinstance(expr, m.Membership):
        operator = "not in" if expr.negated else "in"
        return f"{format_expr(expr.operand, SUM)} {operator} {_list(expr.items)}"
    if isinstance(expr, m.Not):
        return f"not {format_expr(expr.operand, NOT)}"
    if isinstance(expr, m.Negative):
        return f"-{format_expr(expr.operand, UNARY)}"
    return _atom(expr)


def _atom(expr: Any) -> str:
    if isinstance(expr, m.Quantity):
        return format_quantity(expr)
    if isinstance(expr, m.String):
        return quote(expr.value)
    if isinstance(expr, m.Ref):
        return expr.name
    if isinstance(expr, m.Call):
        before = " before" if expr.before else ""
        return f"{expr.function}({', '.join(format_expr(a) for a in expr.args)}{before})"
    if isinstance(expr, tuple):  # a bare list literal used as a value
        return _list(expr)
    raise TypeError(f"not an expression: {expr!r}")


def _list(items: Sequence[Any]) -> str:
    return "[" + ", ".join(format_expr(item) for item in items) + "]"


# -------------------------------------------------------------------------------- clause values


def _names(names: Iterable[m.Name]) -> str:
    return ", ".join(name.text for name in names)


def _texts(texts: Iterable[m.Text]) -> str:
    return ", ".join(quote(text.value) for text in texts)


def _condition(condition: m.Condition) -> str:
    text = format_expr(condition.expr)
    if condition.sustained is not None:
        text += f" for {format_quantity(condition.sustained)}"
    return text


def _scope(scope: m.Scope) -> str:
    text = _names(scope.segments) if scope.segments else "all"
    if scope.dimensions:
        text += f" by {', '.join(d.text for d in scope.dimensions)}"
    return text


_BARE_VALUE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\.\d+")
"""Dimension values written without quotes: a name or a number, as the grammar reads them."""


def _selection(selection: m.Selection) -> str:
    text = _names(selection.segments) if selection.segments else "all"
    if selection.dimension is not None:
        values = (v.value if _BARE_VALUE.fullmatch(v.value) else quote(v.value)
                  for v in selection.values)
        text += f" by {selection.dimension.text} = {', '.join(values)}"
    return text


def _action(rule: m.Rule) -> str:
    message = rule.message.value if rule.message is not None else ""
    return f"{rule.kind.text} {quote(message)}"


_name: Callable[[m.Name], str] = lambda name: name.text  # noqa: E731
_text: Callable[[m.Text], str] = lambda text: quote(text.value)  # noqa: E731

Clause = tuple[str, Any, Callable[[Any], str]]
"""keyword, the model value (None or () when the clause is absent), how to write the value."""


def _header_clauses(d: m.Header) -> list[Clause]:
    return [
        ("platform", d.platform, _text),
        ("cadence", d.cadence, _name),
        ("launch", d.launch, lambda period: period.text),
        ("critical_mass", d.critical_mass, format_quantity),
        ("forecast", d.forecast_by, lambda names: "by " + _names(names)),
        ("effort", d.effort, format_quantity),
        ("minimum", d.minimum, format_quantity),
    ]


def _segment_clauses(d: m.Segment) -> list[Clause]:
    return [
        ("members", d.members, format_quantity),
        ("collaboration", d.collaboration, _name),
        ("likelihood", d.likelihood, _name),
        ("managers", d.managers, _texts),
        ("match", d.match, format_expr),
        ("by", d.dimensions, _names),
        ("effort", d.effort, format_quantity),
    ]


def _priority_clauses(d: m.Priority) -> list[Clause]:
    return [
        ("for", d.segments, _names),
        ("weight", d.weight, format_quantity),
        ("managers", d.managers, _texts),
    ]


def _tool_clauses(d: m.Tool) -> list[Clause]:
    return [("serves", d.serves, _names), ("needs", d.needs, _texts), ("has", d.has, _texts)]


def _metric_clauses(d: m.Metric) -> list[Clause]:
    return [("unit", d.unit, _name), ("value", d.value, format_expr)]


def _rule_clauses(d: m.Rule) -> list[Clause]:
    return [
        ("when", d.when, _condition),
        ("in", d.scope, _scope),
        ("do", d.kind, lambda _: _action(d)),
        ("using", d.using, _name),
        ("priority", d.level, _name),
        ("serves", d.serves, _names),
    ]


def _barrier_clauses(d: m.Barrier) -> list[Clause]:
    return [
        ("when", d.when, _condition),
        ("clear", d.clear, lambda clear: "when " + _condition(clear)),
        ("in", d.scope, _scope),
        ("minimum", d.minimum, format_quantity),
        ("severity", d.severity, _name),
        ("remedy", d.remedy, _text),
        ("using", d.using, _name),
        ("message", d.message, _text),
        ("serves", d.serves, _names),
    ]


def _intervention_clauses(d: m.Intervention) -> list[Clause]:
    return [
        ("for", d.scope, _selection),
        ("from", d.starts, lambda period: period.text),
        ("to", d.ends, lambda period: period.text),
        ("kind", d.kind, _name),
        ("measure", d.measure, _name),
        ("expect", d.expect, _name),
        ("compare to", d.comparison, _selection),
    ]


def _waiver_clauses(d: m.Waiver) -> list[Clause]:
    return [
        ("for", d.scope, _selection),
        ("until", d.until, lambda period: period.text),
        ("reason", d.reason, _text),
        ("owner", d.owner, _text),
    ]


_BLOCKS: dict[type, tuple[str, Callable[[Any], list[Clause]]]] = {
    m.Header: ("playbook", _header_clauses),
    m.Segment: ("segment", _segment_clauses),
    m.Priority: ("priority", _priority_clauses),
    m.Tool: ("tool", _tool_clauses),
    m.Metric: ("metric", _metric_clauses),
    m.Rule: ("rule", _rule_clauses),
    m.Barrier: ("barrier", _barrier_clauses),
    m.Waiver: ("waive", _waiver_clauses),
    m.Intervention: ("intervention", _intervention_clauses),
}
"""Each block declaration: its keyword and its clauses in the grammar's canonical order."""

# ----------------------------------------------------------------------------------- layout rows


class _Row(NamedTuple):
    """One output line before comments: its text, indent level and where it came from (a
    tuple, as all of fmt's per-line records: a playbook has hundreds of thousands of lines)."""

    text: str
    anchor: Anchor
    indented: bool = False


class _Unit(NamedTuple):
    """One top-level item as output rows; `group` names the one-liners that stay together."""

    rows: tuple[_Row, ...]
    group: str | None = None


def _anchor_of(value: Any) -> Anchor:
    """The source position of a clause, from the span of its (first) value."""
    if isinstance(value, tuple):
        value = value[0]
    span = value.span
    return (span.line, span.column)


def _closing_anchor(span: m.Span, lines: Sequence[Line]) -> Anchor:
    """The `}` line that closes a block: the last line of its span that starts with `}`.

    The model's span runs on over the newlines (and comments) after the block, which never start
    with `}`, so the last such line is the block's own.
    """
    for line in reversed(lines[span.line : span.end_line]):
        if line.code.startswith("}"):
            return (line.number, 1)
    return (span.end_line, 0)


def _block_unit(declaration: Any, lines: Sequence[Line]) -> _Unit:
    keyword, clauses_of = _BLOCKS[type(declaration)]
    present = [(k, v, write) for k, v, write in clauses_of(declaration)
               if v is not None and (v.__class__ is not tuple or v)]
    width = max([len(k) for k, _, _ in present], default=0) + 1
    head = [keyword]
    if not isinstance(declaration, m.Header):
        head.append(declaration.name.text)
    if declaration.title is not None:
        head.append(quote(declaration.title.value))
    span = declaration.span
    rows = [_Row(" ".join(head) + " {", (span.line, span.column))]
    rows += [_Row(f"{k:<{width}}{write(v)}", _anchor_of(v), True) for k, v, write in present]
    rows.append(_Row("}", _closing_anchor(span, lines)))
    return _Unit(tuple(rows))


def _include_unit(include: m.Include, lines: Sequence[Line]) -> _Unit:
    target = include.target if include.library else quote(include.target)
    head = _Row(f"include {target}", (include.span.line, include.span.column))
    if not include.overrides:
        return _Unit((head,), "include")
    rows = [head._replace(text=head.text + " {")]
    for override in include.overrides:
        text = f"{override.name.text} = {format_expr(override.value)}"
        rows.append(_Row(text, (override.span.line, override.span.column), True))
    rows.append(_Row("}", _closing_anchor(include.span, lines)))
    return _Unit(tuple(rows), "include")


def _param_unit(param: m.Param) -> _Unit:
    text = f"param {param.name.text} {param.type.text} = {format_expr(param.default)}"
    return _Unit((_Row(text, (param.span.line, param.span.column)),), "param")


def _unit(item: m.Item, lines: Sequence[Line]) -> _Unit:
    if isinstance(item, m.Include):
        return _include_unit(item, lines)
    if isinstance(item, m.Param):
        return _param_unit(item)
    return _block_unit(item, lines)


# -------------------------------------------------------------------------------------- comments


@attrs.frozen
class _Comments:
    """The source's comments by anchor: before it (with blank lines) or after it on its line."""

    before: dict[Anchor, list[str]]
    after: dict[Anchor, str]
    tail: list[str]


def _attach(lines: Sequence[Line], anchors: Iterable[Anchor]) -> _Comments:
    """Give every comment an anchor: its own line's last one, or the next one below it."""
    first_on: dict[int, Anchor] = {}
    last_on: dict[int, Anchor] = {}
    for anchor in anchors:
        first = first_on.get(anchor[0])
        if first is None:
            first_on[anchor[0]] = last_on[anchor[0]] = anchor
        elif anchor < first:
            first_on[anchor[0]] = anchor
        elif anchor > last_on[anchor[0]]:
            last_on[anchor[0]] = anchor
    before: dict[Anchor, list[str]] = {}
    after: dict[Anchor, str] = {}
    pending: list[str] = []
    for line in lines:
        if line.number in first_on:
            if pending:
                before.setdefault(first_on[line.number], []).extend(pending)
                pending = []
            if line.comment is not None:
                after[last_on[line.number]] = line.comment
        elif line.is_blank:
            pending.append(BLANK)
        elif line.comment is not None:  # own line, or after code that writes no line of its own
            pending.append(line.comment)
    return _Comments(before, after, pending)


def _comment_lines(entries: Sequence[str], keep_blanks: bool) -> list[str]:
    """Comments in order; blank lines kept (one at most, never first) only where asked."""
    out: list[str] = []
    for entry in entries:
        if entry == BLANK and (not keep_blanks or not out or out[-1] == BLANK):
            continue
        out.append(entry)
    return out


def _render_unit(unit: _Unit, comments: _Comments) -> list[Output]:
    """The unit's lines with the comments attached to them (its leading ones excepted)."""
    out: list[Output] = []
    for index, row in enumerate(unit.rows):
        if index and (entries := comments.before.get(row.anchor)):
            # (the unit's own leading comments are written by `_render`, unindented)
            out += [(INDENT + c, None) for c in _comment_lines(entries, keep_blanks=False)]
        line = (INDENT if row.indented else "") + row.text
        out.append((line, comments.after.get(row.anchor)))
    return out


def _render(units: Sequence[_Unit], comments: _Comments) -> list[Output]:
    out: list[Output] = []
    previous: _Unit | None = None
    for unit in units:
        entries = comments.before.get(unit.rows[0].anchor, [])
        apart = bool(entries) and entries[0] == BLANK  # the source set it apart from the last
        together = previous is not None and unit.group is not None and unit.group == previous.group
        if previous is not None and (apart or not together):
            out.append((BLANK, None))
        out += [(c, None) for c in _comment_lines(entries, keep_blanks=True)]
        out += _render_unit(unit, comments)
        previous = unit
    tail = _comment_lines(comments.tail, keep_blanks=True)
    if tail and out and comments.tail[0] == BLANK:
        out.append((BLANK, None))
    out += [(c, None) for c in tail]
    while out and out[-1] == (BLANK, None):
        out.pop()
    return out


def _align(lines: Sequence[Output]) -> list[str]:
    """Trailing comments of consecutive lines start in one column, two spaces after the longest."""
    out: list[str] = []
    run: list[Output] = []
    for line in [*lines, (BLANK, None)]:
        if line[1] is not None:
            run.append(line)
            continue
        if run:
            column = max([len(code) for code, _ in run]) + len(COMMENT_GAP)
            out += [code.ljust(column) + str(comment) for code, comment in run]
            run = []
        out.append(line[0])
    return out[:-1]


def format_source(source: m.SourceFile, text: str = "") -> str:
    """The canonical text of one parsed file; `text` is what it was parsed from, for comments."""
    lines = scan(text)
    units = [_unit(item, lines) for item in source.items]
    comments = _attach(lines, (row.anchor for unit in units for row in unit.rows))
    out = _align(_render(units, comments))
    return "\n".join(out) + "\n" if out else ""


# ----------------------------------------------------------------------------------------- files


@attrs.frozen
class Formatted:
    """One file before and after formatting; `after` is None when the file could not be parsed."""

    path: str
    before: str
    after: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    source: str = ""
    """The decoded text the diagnostics point into, for the renderer."""

    @property
    def sources(self) -> dict[str, str]:
        """What the diagnostics renderer shows lines from (nothing for unreadable bytes)."""
        return {self.path: self.source} if self.source else {}

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def diff(self) -> str:
        """A unified diff from the file to its canonical form (empty when nothing changes)."""
        return unified_diff(self.before, self.after or "", self.path) if self.changed else ""


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of a file from `before` to `after`, as git shows it ("" when equal); an
    absolute path is named as it is, a relative one with git's `a/` and `b/`."""
    old, new = (path, path) if path.startswith("/") else (f"a/{path}", f"b/{path}")
    a, b = _split_lines(before), _split_lines(after)
    lines: list[str] = []
    for group in _Anchored(a, b).get_grouped_opcodes(3):
        if not lines:
            lines += [f"--- {old}\n", f"+++ {new}\n"]
        first, last = group[0], group[-1]
        lines.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:  # every line ends in a newline: one join per run
            if tag == "equal":
                lines.append(" " + " ".join(a[i1:i2]))
                continue
            if i1 < i2:
                lines.append("-" + "-".join(a[i1:i2]))
            if j1 < j2:
                lines.append("+" + "+".join(b[j1:j2]))
    return "".join(lines)


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (`difflib`'s own rule)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


SMALL_GAP = 250_000
"""The largest gap between anchors (lines before x lines after) `difflib` compares line by line;
a larger one, with no line unique to both sides in it, is shown as replaced."""


class _Anchored(difflib.SequenceMatcher):
    """A line diff in near-linear time (patience diff): lines found once on each side anchor
    the match, and only the short gaps between anchors go to `difflib`, whose own matching is
    quadratic on the many repeated lines of a playbook (`}`, `likelihood high`)."""

    def __init__(self, a: list[str], b: list[str]) -> None:
        # not difflib's __init__: it indexes every line of `b`, which only its own matching reads
        self.a, self.b = a, b

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        codes: list[tuple[str, int, int, int, int]] = []
        i = j = 0
        for ai, bj in [*_anchors(self.a, self.b), (len(self.a), len(self.b))]:
            codes += _gap(self.a, self.b, i, ai, j, bj)
            if ai < len(self.a):
                codes.append(("equal", ai, ai + 1, bj, bj + 1))
            i, j = ai + 1, bj + 1
        merged: list[tuple[str, int, int, int, int]] = []
        for code in codes:
            if merged and merged[-1][0] == code[0] == "equal":
                merged[-1] = ("equal", merged[-1][1], code[2], merged[-1][3], code[4])
            else:
                merged.append(code)
        return merged or [("equal", 0, 0, 0, 0)]


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines unique in `a` and in `b` and equal, the longest run of them in
    the same order on both sides (an increasing subsequence, by patience sorting)."""
    once_a = _unique(a)
    once_b = _unique(b)
    pairs = [(i, once_b[line]) for line, i in once_a.items() if line in once_b]
    pairs.sort()
    tails: list[int] = []  # tails[k]: index in pairs ending the best run of length k + 1
    ends: list[int] = []  # ends[k]: the `b` line of pairs[tails[k]], what the search compares
    before: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(ends, j)
        if at:
            before[k] = tails[at - 1]
        if at == len(tails):
            tails.append(k)
            ends.append(j)
        else:
            tails[at] = k
            ends[at] = j
    run, k = [], tails[-1] if tails else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _unique(lines: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        seen[line] = -1 if line in seen else index
    return {line: index for line, index in seen.items() if index >= 0}


def _gap(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
         ) -> list[tuple[str, int, int, int, int]]:
    """The opcodes between two anchors: the lines equal at both ends of the gap, and between
    them one replace when no line is on both sides (what `fmt` mostly changes: each clause of a
    block re-aligned), else difflib's when the rest is small, else one replace."""
    codes: list[tuple[str, int, int, int, int]] = []
    head = 0
    while i1 + head < i2 and j1 + head < j2 and a[i1 + head] == b[j1 + head]:
        head += 1
    if head:
        codes.append(("equal", i1, i1 + head, j1, j1 + head))
        i1, j1 = i1 + head, j1 + head
    tail = 0
    while i1 < i2 - tail and j1 < j2 - tail and a[i2 - tail - 1] == b[j2 - tail - 1]:
        tail += 1
    i2, j2 = i2 - tail, j2 - tail
    if i1 < i2 or j1 < j2:
        codes += _middle(a, b, i1, i2, j1, j2)
    if tail:
        codes.append(("equal", i2, i2 + tail, j2, j2 + tail))
    return codes


def _middle(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
            ) -> list[tuple[str, int, int, int, int]]:
    whole = "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"
    if whole != "replace" or (i2 - i1) * (j2 - j1) > SMALL_GAP or \
            set(a[i1:i2]).isdisjoint(b[j1:j2]):
        return [(whole, i1, i2, j1, j2)]
    if (i2 - i1) * (j2 - j1) <= SMALL_BY_HAND:
        return _opcodes(_matching_blocks(a, b, i1, i2, j1, j2), i1, i2, j1, j2)
    matcher = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
    return [(tag, i1 + x1, i1 + x2, j1 + y1, j1 + y2)
            for tag, x1, x2, y1, y2 in matcher.get_opcodes()]


SMALL_BY_HAND = 64
"""Up to this many line pairs, a gap is matched here as difflib would (a block's clauses):
difflib's set-up per call costs more than the whole comparison."""


def _matching_blocks(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int
                     ) -> list[tuple[int, int, int]]:
    """difflib's matching blocks without junk: the longest run of equal lines (the earliest in
    `a`, then in `b`), then the same on each side of it."""
    best = (i1, j1, 0)
    where: dict[str, list[int]] = {}
    for j in range(j1, j2):
        where.setdefault(b[j], []).append(j)
    for i in range(i1, i2):
        for j in where.get(a[i], ()):
            size = 0
            while i + size < i2 and j + size < j2 and a[i + size] == b[j + size]:
                size += 1
            if size > best[2]:
                best = (i, j, size)
    i, j, size = best
    if not size:
        return []
    return [*_matching_blocks(a, b, i1, i, j1, j), best,
            *_matching_blocks(a, b, i + size, i2, j + size, j2)]


def _opcodes(blocks: list[tuple[int, int, int]], i1: int, i2: int, j1: int, j2: int
             ) -> list[tuple[str, int, int, int, int]]:
    """The blocks as difflib's opcodes (equal, replace, delete, insert) over the gap."""
    codes: list[tuple[str, int, int, int, int]] = []
    i, j = i1, j1
    for ai, bj, size in [*blocks, (i2, j2, 0)]:
        if i < ai or j < bj:
            tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert"
            codes.append((tag, i, ai, j, bj))
        if size:
            codes.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return codes


def _split_lines(text: str) -> list[str]:
    """Lines with their `\\n` kept; only LF ends a line, as in the language. A last line without
    one carries git's note, so the diff writes it as is (and it equals only a line without one)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1] + "\n\\ No newline at end of file\n"] if parts[-1] else lines


def format_bytes(data: bytes, path: str) -> Formatted:
    """Format a file's content. A file that does not parse, or whose clauses clash, is refused:
    its diagnostics are returned and `after` is None, so nothing would be lost by rewriting it.

    The cycle collector is paused meanwhile: the parse tree is hundreds of thousands of young
    objects, and collecting them again and again made formatting grow faster than the file
    (20,000 segments: 7.8 s with it, 4.8 s without)."""
    with collector.paused():
        return _format_bytes(data, path)


def _format_bytes(data: bytes, path: str) -> Formatted:
    text, problems = decode(data, path)
    problems = problems or long_lines(text, path)
    if problems:
        return Formatted(path, "", None, tuple(problems), text)
    before = data.decode("utf-8")
    try:
        source, found = parse_text(text, path)
    except InputError as error:
        return Formatted(path, before, None, error.diagnostics, text)
    errors = tuple(d for d in found if d.severity == ERROR)
    if errors:
        return Formatted(path, before, None, errors, text)
    return Formatted(path, before, format_source(source, text), (), text)


def format_text(text: str, path: str = "playbook.adopt") -> Formatted:
    return format_bytes(text.encode("utf-8"), path)


def format_stdin(data: bytes, filename: Path | None = None) -> Formatted:
    """Format a playbook read from standard input, shown as `filename` (or `<stdin>`)."""
    # start-up: loads load only when this runs
    from adoptplan.load import STDIN_SHOWN

    return format_bytes(data, filename.as_posix() if filename else STDIN_SHOWN)


def format_file(path: Path) -> Formatted:
    """Read and format one file (includes are not followed).

    A file that cannot be read, or a folder `files_to_format` could not list, is refused with
    its finding (AP113), as `check` reports it. A folder holding no `.adopt` file raises
    FileNotFoundError, as `check` refuses it; one holding some raises IsADirectoryError.
    """
    shown = path.as_posix()
    found = find_files(path, is_playbook)
    if found.unreadable:
        return Formatted(shown, "", None, tuple(unreadable_folders(found, Path.as_posix)))
    if found.files != (path,):  # a folder
        if found.files:
            raise IsADirectoryError(errno.EISDIR, "it is a folder: format the files in it", shown)
        raise FileNotFoundError(errno.ENOENT, f"it holds no {SUFFIX} files", shown)
    try:
        data = read_user_file(path, path.parent)
    except OSError as error:
        return Formatted(shown, "", None, (unreadable(shown, error),))
    return format_bytes(data, shown)


def files_to_format(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every `.adopt` file under the folders given, each once, in order.

    A folder that cannot be read, or one without a single `.adopt` file, is listed as itself,
    so that formatting it says why rather than passing it over in silence.
    """
    found: dict[Path, None] = {}
    for given in paths:
        walk = find_files(given, is_playbook)
        for path in (*walk.files, *(folder for folder, _ in walk.unreadable)) or (given,):
            found.setdefault(path, None)
    return list(found)
