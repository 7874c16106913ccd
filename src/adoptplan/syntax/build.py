"""Parse tree to model: a lark Transformer that builds the frozen model classes, with spans."""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from adoptplan import model as m
from adoptplan.codes.semantic import OUT_OF_RANGE
from adoptplan.codes.syntax import CLAUSE_TWICE, UNKNOWN_ESCAPE
from adoptplan.diagnostics import Diagnostic

_ESCAPE = re.compile(r"\\(.)")


def unquote(token: str) -> str:
    """The text of a quoted string: `\\"` and `\\\\` stand for themselves."""
    if "\\" not in token:
        return token[1:-1]
    return _ESCAPE.sub(lambda match: match.group(1), token[1:-1])


def unknown_escapes(token: Token, path: str, code: str) -> list[Diagnostic]:
    """Each escape of a STRING token other than `\\"` and `\\\\`, reported where its backslash
    is (strings are one line, so the column is the token's plus the offset). Shared with the
    test-file parser, which reports the same mistake under its own code."""
    return [
        Diagnostic(
            code, f"'{match.group(0)}' is not an escape in quoted text",
            m.Span(path, token.line, token.column + match.start(), token.line,
                   token.column + match.start() + 2),
            hint='only \\" and \\\\ are escapes; a text is one line, so write the words out',
        )
        for match in _ESCAPE.finditer(str(token))
        if match.group(1) not in '"\\'
    ]


class _Clause(NamedTuple):
    """One clause line of a block before it is folded into its declaration (a tuple: one is
    made per clause of every playbook read, and a tuple is the cheapest record to make)."""

    field: str
    value: Any
    keyword: Token


class Builder(Transformer):
    """Builds model nodes bottom-up; duplicate clauses are collected as diagnostics."""

    def __init__(self, path: str):
        super().__init__(visit_tokens=False)
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------------------------ positions

    def _span(self, meta: Meta) -> m.Span:
        if getattr(meta, "empty", True):
            return m.Span(self.path, 0, 0, 0, 0)
        return m.Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _token_span(self, token: Token) -> m.Span:
        return m.Span(self.path, token.line, token.column, token.end_line, token.end_column)

    def _name(self, token: Token) -> m.Name:
        return m.Name(str(token), span=self._token_span(token))

    def _text(self, token: Token) -> m.Text:
        return m.Text(self._unquote(token), span=self._token_span(token))

    def _unquote(self, token: Token) -> str:
        """The text of a STRING token; an escape other than `\\"` and `\\\\` is reported."""
        if "\\" not in token:
            return token[1:-1]
        self.diagnostics.extend(unknown_escapes(token, self.path, UNKNOWN_ESCAPE))
        return unquote(str(token))

    def _names(self, children: list) -> tuple[m.Name, ...]:
        return tuple(self._name(c) for c in children if isinstance(c, Token) and c.type == "NAME")

    def _texts(self, children: list) -> tuple[m.Text, ...]:
        return tuple(self._text(c) for c in children if isinstance(c, Token) and c.type == "STRING")

    # -------------------------------------------------------------------------------- file level

    def start(self, children: list) -> tuple:
        return tuple(children)

    @v_args(meta=True)
    def include(self, meta: Meta, children: list) -> m.Include:
        target = children[1]
        overrides = children[2] if len(children) > 2 else ()
        if isinstance(target, Token):
            return m.Include(self._unquote(target), False, overrides, span=self._span(meta))
        return m.Include(target, True, overrides, span=self._span(meta))

    def dotted_name(self, children: list) -> str:
        return ".".join(str(c) for c in children if c.type == "NAME")

    def overrides(self, children: list) -> tuple[m.Override, ...]:
        return tuple(c for c in children if isinstance(c, m.Override))

    @v_args(meta=True)
    def override(self, meta: Meta, children: list) -> m.Override:
        return m.Override(self._name(children[0]), children[2], span=self._span(meta))

    # ----------------------------------------------------------------------------- declarations

    def _fold(self, children: list) -> dict[str, Any]:
        """Clause values by field; a clause given twice is reported and the first one kept."""
        fields: dict[str, Any] = {}
        for clause in children:
            if not isinstance(clause, _Clause):
                continue
            if clause.field in fields:
                keyword = clause.keyword
                self.diagnostics.append(
                    Diagnostic(
                        CLAUSE_TWICE,
                        f"'{keyword}' is given twice in this block",
                        self._token_span(keyword),
                        hint="keep one line; list several values on it separated by commas",
                    )
                )
                continue
            fields[clause.field] = clause.value
        return fields

    def _declaration(self, cls: type, meta: Meta, children: list) -> Any:
        name_token = children[1]
        rest = children[2:]
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title = self._text(rest[0])
        return cls(self._name(name_token), title, **self._fold(rest), span=self._span(meta))

    @v_args(meta=True)
    def playbook(self, meta: Meta, children: list) -> m.Header:
        return m.Header(self._text(children[1]), **self._fold(children[2:]), span=self._span(meta))

    @v_args(meta=True)
    def segment(self, meta: Meta, children: list) -> m.Segment:
        return self._declaration(m.Segment, meta, children)

    @v_args(meta=True)
    def priority(self, meta: Meta, children: list) -> m.Priority:
        return self._declaration(m.Priority, meta, children)

    @v_args(meta=True)
    def tool(self, meta: Meta, children: list) -> m.Tool:
        return self._declaration(m.Tool, meta, children)

    @v_args(meta=True)
    def metric(self, meta: Meta, children: list) -> m.Metric:
        return self._declaration(m.Metric, meta, children)

    @v_args(meta=True)
    def rule(self, meta: Meta, children: list) -> m.Rule:
        return self._declaration(m.Rule, meta, children)

    @v_args(meta=True)
    def barrier(self, meta: Meta, children: list) -> m.Barrier:
        return self._declaration(m.Barrier, meta, children)

    @v_args(meta=True)
    def waiver(self, meta: Meta, children: list) -> m.Waiver:
        return self._declaration(m.Waiver, meta, children)

    @v_args(meta=True)
    def intervention(self, meta: Meta, children: list) -> m.Intervention:
        return self._declaration(m.Intervention, meta, children)

    @v_args(meta=True)
    def param(self, meta: Meta, children: list) -> m.Param:
        return m.Param(
            self._name(children[1]), self._name(children[2]), children[4], span=self._span(meta)
        )

    # ---------------------------------------------------------------------------------- clauses

    def _clause(self, field: str, children: list, value: Any) -> _Clause:
        return _Clause(field, value, children[0])

    def platform(self, c: list) -> _Clause:
        return self._clause("platform", c, self._text(c[1]))

    def cadence(self, c: list) -> _Clause:
        return self._clause("cadence", c, self._name(c[1]))

    def launch(self, c: list) -> _Clause:
        return self._clause("launch", c, m.Period(str(c[1]), span=self._token_span(c[1])))

    def critical_mass(self, c: list) -> _Clause:
        return self._clause("critical_mass", c, c[1])

    def forecast(self, c: list) -> _Clause:
        return self._clause("forecast_by", c, self._names(c[2:]))

    def effort(self, c: list) -> _Clause:
        return self._clause("effort", c, c[1])

    def members(self, c: list) -> _Clause:
        return self._clause("members", c, c[1])

    def collaboration(self, c: list) -> _Clause:
        return self._clause("collaboration", c, self._name(c[1]))

    def likelihood(self, c: list) -> _Clause:
        return self._clause("likelihood", c, self._name(c[1]))

    def managers(self, c: list) -> _Clause:
        return self._clause("managers", c, self._texts(c[1:]))

    def match(self, c: list) -> _Clause:
        return self._clause("match", c, c[1])

    def dimensions(self, c: list) -> _Clause:
        return self._clause("dimensions", c, self._names(c[1:]))

    def for_segments(self, c: list) -> _Clause:
        return self._clause("segments", c, self._names(c[1:]))

    def weight(self, c: list) -> _Clause:
        return self._clause("weight", c, c[1])

    def serves(self, c: list) -> _Clause:
        return self._clause("serves", c, self._names(c[1:]))

    def needs(self, c: list) -> _Clause:
        return self._clause("needs", c, self._texts(c[1:]))

    def has(self, c: list) -> _Clause:
        return self._clause("has", c, self._texts(c[1:]))

    def unit(self, c: list) -> _Clause:
        return self._clause("unit", c, self._name(c[1]))

    def value(self, c: list) -> _Clause:
        return self._clause("value", c, c[1])

    @v_args(meta=True)
    def when(self, meta: Meta, c: list) -> _Clause:
        sustained = c[2] if len(c) > 2 else None
        return self._clause("when", c, m.Condition(c[1], sustained, span=self._span(meta)))

    def sustained(self, c: list) -> m.Quantity:
        return c[1]

    @v_args(meta=True)
    def clear(self, meta: Meta, c: list) -> _Clause:
        sustained = c[3] if len(c) > 3 else None
        return self._clause("clear", c, m.Condition(c[2], sustained, span=self._span(meta)))

    @v_args(meta=True)
    def scope(self, meta: Meta, c: list) -> _Clause:
        by = next((i for i, t in enumerate(c) if isinstance(t, Token) and t.type == "BY"), len(c))
        segments, dimensions = (tuple(self._name(t) for t in part
                                      if isinstance(t, Token) and t.type == "NAME")
                                for part in (c[1:by], c[by + 1:]))
        return self._clause("scope", c, m.Scope(segments, dimensions, span=self._span(meta)))

    @v_args(meta=True)
    def selection(self, meta: Meta, c: list) -> _Clause:
        """`for reps, agents by geography = DE, "North America"`: segments before `by`, the
        dimension and its values after."""
        return self._clause("scope", c, self._selected(meta, c, 1))

    def _selected(self, meta: Meta, c: list, first: int) -> m.Selection:
        """The segments from `c[first]` to `by`, the dimension and its values after."""
        by = next((i for i, t in enumerate(c) if t.type == "BY"), len(c))
        segments = self._names(c[first:by])
        dimension = self._name(c[by + 1]) if by < len(c) else None
        values = tuple(self._dimension_value(t) for t in c[by + 3:] if t.type != "COMMA")
        return m.Selection(segments, dimension, values, span=self._span(meta))

    def intervention_from(self, c: list) -> _Clause:
        return self._clause("starts", c, m.Period(str(c[1]), span=self._token_span(c[1])))

    def intervention_to(self, c: list) -> _Clause:
        return self._clause("ends", c, m.Period(str(c[1]), span=self._token_span(c[1])))

    def intervention_kind(self, c: list) -> _Clause:
        return self._clause("kind", c, self._name(c[1]))

    def intervention_measure(self, c: list) -> _Clause:
        return self._clause("measure", c, self._name(c[1]))

    def intervention_expect(self, c: list) -> _Clause:
        return self._clause("expect", c, self._name(c[1]))

    @v_args(meta=True)
    def intervention_comparison(self, meta: Meta, c: list) -> _Clause:
        return self._clause("comparison", c, self._selected(meta, c, 2))

    def _dimension_value(self, token: Token) -> m.Text:
        """A dimension value as the data spells it: `DE`, `42` or `"North America"`."""
        if token.type == "STRING":
            return self._text(token)
        return m.Text(str(token), span=self._token_span(token))

    def until(self, c: list) -> _Clause:
        return self._clause("until", c, m.Period(str(c[1]), span=self._token_span(c[1])))

    def reason(self, c: list) -> _Clause:
        return self._clause("reason", c, self._text(c[1]))

    def owner(self, c: list) -> _Clause:
        return self._clause("owner", c, self._text(c[1]))

    def action(self, c: list) -> _Clause:
        # `do KIND "message"` sets two fields; the message clause is folded separately
        return _Clause("kind", (self._name(c[1]), self._text(c[2])), c[0])

    def using(self, c: list) -> _Clause:
        return self._clause("using", c, self._name(c[1]))

    def level(self, c: list) -> _Clause:
        return self._clause("level", c, self._name(c[1]))

    def severity(self, c: list) -> _Clause:
        return self._clause("severity", c, self._name(c[1]))

    def minimum(self, c: list) -> _Clause:
        return self._clause("minimum", c, c[1])

    def remedy(self, c: list) -> _Clause:
        return self._clause("remedy", c, self._text(c[1]))

    def message(self, c: list) -> _Clause:
        return self._clause("message", c, self._text(c[1]))

    # ------------------------------------------------------------------------------ expressions

    @v_args(meta=True)
    def quantity(self, meta: Meta, c: list) -> m.Quantity:
        unit = m.UNIT_ALIASES[str(c[1])] if len(c) > 1 else ""
        return m.Quantity(self._number(c[0]), unit, span=self._span(meta), text=str(c[0]))

    def _number(self, token: Token) -> float:
        """The value of a NUMBER token. One too large for a float (it would read as infinity),
        or so close to 0 that it would read as 0, is reported at the token (AP305) rather than
        calculated with as a different value."""
        amount = float(token)
        if math.isinf(amount):
            problem, hint = "is too large to calculate with", "numbers go up to about 1.8e308"
        elif amount == 0 and token.strip("0.") != "":
            problem, hint = "is too close to 0 to calculate with", "write 0 if 0 is meant"
        else:
            return amount
        # such a number has over 300 digits: its start and its length say which one it is
        self.diagnostics.append(Diagnostic(
            OUT_OF_RANGE, f"the number {token[:12]}... ({len(token)} characters) {problem}",
            self._token_span(token),
            hint=f"{hint}; check for a typo",
        ))
        return amount

    @v_args(meta=True)
    def text(self, meta: Meta, c: list) -> m.String:
        return m.String(self._unquote(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def ref(self, meta: Meta, c: list) -> m.Ref:
        return m.Ref(str(c[0]), span=self._span(meta))

    @v_args(meta=True)
    def call(self, meta: Meta, c: list) -> m.Call:
        args = tuple(a for a in c[2:-1] if not isinstance(a, Token))
        before = any(isinstance(a, Token) and a.type == "BEFORE" for a in c)
        return m.Call(str(c[0]), args, span=self._span(meta), before=before)

    def atom(self, c: list) -> Any:
        return c[1]  # ( expr )

    @v_args(meta=True)
    def negative(self, meta: Meta, c: list) -> m.Negative:
        return m.Negative(c[1], span=self._span(meta))

    @v_args(meta=True)
    def arithmetic(self, meta: Meta, c: list) -> m.Arithmetic:
        return m.Arithmetic(str(c[1]), c[0], c[2], span=self._span(meta))

    @v_args(meta=True)
    def compare(self, meta: Meta, c: list) -> m.Compare:
        return m.Compare(str(c[1]), c[0], c[2], span=self._span(meta))

    @v_args(meta=True)
    def membership(self, meta: Meta, c: list) -> m.Membership:
        negated = len(c) == 4
        return m.Membership(c[0], c[-1], negated, span=self._span(meta))

    def list(self, c: list) -> tuple:
        return tuple(x for x in c if not isinstance(x, Token))

    @v_args(meta=True)
    def logical(self, meta: Meta, c: list) -> m.Logical:
        return m.Logical(str(c[1]), c[0], c[2], span=self._span(meta))

    @v_args(meta=True)
    def negation(self, meta: Meta, c: list) -> m.Not:
        return m.Not(c[1], span=self._span(meta))


def _split_actions(item: Any) -> Any:
    """`do KIND "message"` arrives as one clause; store the kind and the message apart."""
    if isinstance(item, m.Rule) and isinstance(item.kind, tuple):
        kind, message = item.kind
        return attrs.evolve(item, kind=kind, message=item.message or message)
    return item


def build_file(tree: Tree, path: str) -> tuple[m.SourceFile, list[Diagnostic]]:
    """The model of one parsed file, and the clause problems found while building it."""
    builder = Builder(path)
    return finish(builder.transform(tree), builder)


def finish(items: tuple, builder: Builder) -> tuple[m.SourceFile, list[Diagnostic]]:
    """The file's model from the items its builder made (after `transform`, or during an inline
    parse), and what the builder found."""
    return m.SourceFile(builder.path, tuple(_split_actions(i) for i in items)), builder.diagnostics
