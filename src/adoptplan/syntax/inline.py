"""LALR parsing with the model built as each rule is reduced: lark's own tables, lexers and
transformer, but no parse tree and none of lark's per-token and per-node wrappers.

Lark can apply a transformer during an LALR parse, but then gives it no positions (`v_args(meta=
True)` is refused), and its tree builder still wraps every reduction in three Python calls. This
driver reads the same parse table and the same contextual lexers (one regular expression per
parser state, keywords told from names as lark tells them) and calls the transformer's methods
with the children and positions lark would have given them after `parse` and `transform`:
`_rule`s spliced into their parent, `?rule`s with one child replaced by it, filtered tokens
(`_NL`) left out of the children but counted in the positions (`propagate_positions`).

It only ever parses text that lark would accept: at the first token lark would refuse it returns
None, and the caller asks lark's own parser for the error (and its recovery), which is rare and
worth no speed. It reads a few of lark's internals (the scanners' expressions, the parse table,
the `v_args` wrappers), as `tables` does: tests hold both roads to the same model and spans on
every playbook in the repository and on generated and mutated ones, so a lark upgrade that
changes them fails there, not in use.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

from lark import Lark, Token, Transformer
from lark.lexer import UnlessCallback
from lark.parsers.lalr_analysis import Shift
from lark.visitors import _vargs_meta

from adoptplan.syntax.tables import LazyPattern

_INLINE, _PLAIN, _META, _WRAPPED, _DEFAULT = range(5)
"""How a reduction makes its value: the children as a list to splice into the parent (`_rule`),
`method(children)`, `method(meta, children)`, the method's own lark wrapper, or `__default__`."""


class Meta:
    """The positions lark's `propagate_positions` would give a node (all the builder reads)."""

    __slots__ = ("column", "empty", "end_column", "end_line", "line")

    def __init__(self, span: tuple[int, int, int, int] | None) -> None:
        self.empty = span is None
        if span is not None:
            self.line, self.column, self.end_line, self.end_column = span


class _Lexer:
    """One state's lexer: lark's regular expressions, what it ignores and how it retypes names.

    Each expression is prefixed with the ignored terminals that hold no newline (the spaces
    between tokens), so a token and the spaces before it are one match rather than two. The
    alternatives stay lark's, in lark's order. The spaces are taken whole (an atomic group: no
    terminal starts with one, so giving some back could only find the same refusal, slowly);
    where no token follows them the text is refused, and lark's parser says why."""

    __slots__ = ("callbacks", "ignore", "newlines", "pattern", "patterns", "retyped")

    def __init__(self, basic: Any) -> None:
        scanner = basic.scanner  # built on first use; sets basic.callback
        self.ignore = basic.ignore_types
        self.newlines = basic.newline_types
        spaces = "|".join(t.pattern.to_regexp() for t in scanner.terminals
                          if t.name in self.ignore and t.name not in self.newlines)
        self.patterns = tuple(  # compiled on first use: a playbook meets few of the states
            LazyPattern(f"(?>(?:{spaces})*)(?:{mre.pattern})" if spaces else mre.pattern,
                        mre.flags)
            for mre in scanner._mres)
        self.pattern = self.patterns[0] if len(self.patterns) == 1 else None
        self.callbacks = dict(basic.callback)
        self.retyped: dict[str, str] = {}


@functools.lru_cache(maxsize=4)
def _prepared(parser: Lark, transformer_class: type
              ) -> tuple[dict, dict, dict, int, int, frozenset, dict]:
    """The parse table with each reduction's plan in place of its rule, the table's gotos,
    per-state lexers, the start and end states, the terminals no rule keeps as a child, and
    the brackets (1 for an opening one, -1 for a closing one)."""
    frontend = parser.parser
    table = frontend.parser.parser.parse_table
    plans = {rule: _plan(rule, transformer_class) for rule in parser.rules}
    lexers: dict[int, _Lexer] = {}
    by_id: dict[int, _Lexer] = {}
    for state, basic in frontend.lexer.lexers.items():
        lexers[state] = by_id.setdefault(id(basic), _Lexer(basic))
    actions = {
        state: {kind: (True, arg) if action is Shift else (False, plans[arg])
                for kind, (action, arg) in row.items() if kind.isupper()}
        for state, row in table.states.items()
    }
    gotos = {state: {kind: arg for kind, (_, arg) in row.items() if not kind.isupper()}
             for state, row in table.states.items()}
    kept = {symbol.name for rule in parser.rules for symbol in rule.expansion
            if symbol.is_term and (rule.options.keep_all_tokens or not symbol.filter_out)}
    dropped = frozenset(t.name for t in parser.terminals) - kept
    start, end = table.start_states["start"], table.end_states["start"]
    brackets = {t.name: 1 if t.pattern.value in "([{" else -1 for t in parser.terminals
                if t.pattern.type == "str" and t.pattern.value in ("(", "[", "{", ")", "]", "}")}
    return actions, gotos, lexers, start, end, dropped, brackets


Plan = tuple[int, str, "tuple[tuple[int, bool], ...] | None", bool, str, int]
"""One grammar rule, prepared: how many values it pops, the rule it reduces to, which children
it keeps and splices (None: all, as they are), whether one child stands for it, its method's
name and how that method is called."""


def _plan(rule: Any, transformer_class: type) -> Plan:
    """What lark's tree builder and `Transformer._call_userfunc` would do for this rule."""
    keep_all = rule.options.keep_all_tokens
    keep = tuple((i, not symbol.is_term and symbol.name.startswith("_"))
                 for i, symbol in enumerate(rule.expansion)
                 if keep_all or not (symbol.is_term and symbol.filter_out))
    plain = len(keep) == len(rule.expansion) and not any(expand for _, expand in keep)
    name = rule.alias or rule.options.template_source or rule.origin.name
    method = getattr(transformer_class, name, None)
    if rule.origin.name.startswith("_"):
        mode = _INLINE
    elif method is None:
        mode = _DEFAULT
    else:
        wrapper = getattr(method, "visit_wrapper", None)
        mode = _PLAIN if wrapper is None else _META if wrapper is _vargs_meta else _WRAPPED
    single = bool(rule.options.expand1 and not rule.alias)
    return (len(rule.expansion), rule.origin.name, None if plain else keep, single, name, mode)


class TooDeep(Exception):
    """Brackets nested deeper than the caller allows, at the first that goes too deep."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line, self.column = line, column


def parse(parser: Lark, text: str, transformer: Transformer, deepest: int = sys.maxsize) -> Any:
    """What `transformer.transform(parser.parse(text))` returns, or None where lark would raise
    (the caller then lets lark's parser say why); TooDeep at the first bracket nested more than
    `deepest` deep. One loop, without calls per token or rule: this is the hot path of every
    command that reads a playbook."""
    actions, gotos, lexers, start, end, dropped, brackets = _prepared(parser, type(transformer))
    depth = 0
    methods: dict[str, Callable[..., Any]] = {}
    states = [start]
    values: list[Any] = []
    spans: list[Any] = []  # (line, column, end_line, end_column) of each value, or None
    pos, line, line_start, length = 0, 1, 0, len(text)
    new_token = Token._future_new
    token: Any = None
    span: Any = None
    while True:
        # ---- the next token, by the lexer of the state the parser is in
        lexer = lexers[states[-1]]
        kind = "$END"
        while pos < length:
            if lexer.pattern is not None:
                found = lexer.pattern.match(text, pos)
            else:  # more terminals than one expression may hold groups
                found = next(filter(None, (p.match(text, pos) for p in lexer.patterns)), None)
            if found is None:
                return None
            kind = found.lastgroup
            value = found.group(kind)
            pos = found.end()
            start_pos = pos - len(value)  # after the spaces the match began with
            column = start_pos - line_start + 1
            first_line = line
            if kind in lexer.newlines:
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = start_pos + value.rindex("\n") + 1
            if kind in lexer.ignore:
                kind = "$END"
                continue
            span = (first_line, column, line, pos - line_start + 1)
            if kind in brackets:
                depth = max(0, depth + brackets[kind])
                if depth > deepest:
                    raise TooDeep(first_line, column)
            if kind in dropped and kind not in lexer.callbacks:
                token = None
            else:
                token = new_token(kind, value, start_pos, first_line, column, span[2], span[3], pos)
                if kind in lexer.callbacks:
                    token = _retype(lexer, token)
                    kind = token.type
            break
        # ---- reduce as long as the table says, then shift (or finish at the end)
        while True:
            step = actions[states[-1]].get(kind)
            if step is None:
                return None
            if step[0]:
                states.append(step[1])
                values.append(token)
                spans.append(span)
                break
            size, origin, keep, single, name, mode = step[1]
            # pop the rule's values; its position runs from its first child to its last
            if size == 1:
                popped = [values.pop()]
                reduced = spans.pop()
                states.pop()
            elif size:
                popped = values[-size:]
                places = spans[-size:]
                del values[-size:], spans[-size:], states[-size:]
                first, last = places[0], places[-1]
                if first is None or last is None:
                    first = next((p for p in places if p is not None), None)
                    last = next((p for p in reversed(places) if p is not None), None)
                reduced = None if first is None else (first[0], first[1], last[2], last[3])
            else:
                popped, reduced = [], None
            if keep is None:
                children = popped
            else:
                children = []
                for index, expand in keep:
                    if not expand:
                        children.append(popped[index])
                    elif children:
                        children += popped[index]
                    else:  # a left-recursive list grows in place, as in lark's ChildFilterLALR
                        children = popped[index]
            if mode == _INLINE or (single and len(children) == 1):
                made = children if mode == _INLINE else children[0]
            elif mode == _DEFAULT:
                made = transformer.__default__(name, children, Meta(reduced))
            else:
                method = methods.get(name)
                if method is None:
                    method = getattr(transformer, name)
                    method = methods[name] = method.base_func if mode == _META else method
                if mode == _PLAIN:
                    made = method(children)
                elif mode == _META:
                    made = method(Meta(reduced), children)
                else:
                    made = method.visit_wrapper(method, name, children, Meta(reduced))
            states.append(gotos[states[-1]][origin])
            values.append(made)
            spans.append(reduced)
            if kind == "$END" and states[-1] == end:
                return made


def _retype(lexer: _Lexer, token: Token) -> Token:
    """A name that is a keyword here becomes the keyword (lark's UnlessCallback, remembered)."""
    callback = lexer.callbacks[token.type]
    if not isinstance(callback, UnlessCallback):
        return callback(token)
    retyped = lexer.retyped.get(token)
    if retyped is None:
        retyped = lexer.retyped[str(token)] = callback.scanner.fullmatch(token) or token.type
    token.type = retyped
    return token
