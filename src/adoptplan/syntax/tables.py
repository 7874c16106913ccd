"""A grammar's LALR tables, computed once and shipped as JSON beside it.

Building the tables takes about 0.2 s, which every command would pay on start. Lark can save a
parser, but only with pickle, which this project never loads. Lark's own serialized form is plain
data apart from tuples and integer keys, so it is written here as JSON with those two tagged, and
read back through `Lark.load`, which accepts that data as a dict.

The file has two lines. The first holds the stamp and what `syntax/inline.py` parses with (the
parse table, each state's lexer expression, the rules): small, plain JSON that `inline_tables`
turns into lark's own rule and table objects in a few milliseconds, with each state's regular
expression compiled on its first match (a playbook meets about half of them). The second line is
lark's whole parser, read by `load_parser` only when lark's own parser is needed: to say why a
text is refused, for the language server's completions, for the playbook-test language. Reading
and building it costs a command more than its checks do.

The stamp records the grammar's SHA-256, the lark version and the options. When any of them
differs (the grammar was edited, lark was upgraded) the tables are built from the grammar as
before, so a stale file costs time, never correctness. Regenerate with
`python -m adoptplan.syntax.write_tables`; a test fails while a shipped file is stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import lark
from lark import Lark
from lark.grammar import NonTerminal, Rule, RuleOptions, Terminal
from lark.lexer import PatternRE, PatternStr, TerminalDef, UnlessCallback
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift

_ITEMS, _TUPLE = "__items__", "__tuple__"
FORMAT = 2


def tables_path(grammar: Path) -> Path:
    """`grammar/adoptplan.lark` -> `grammar/adoptplan.tables.json`."""
    return grammar.with_suffix(".tables.json")


def _stamp(text: str, options: dict[str, Any]) -> dict[str, Any]:
    """What the tables were made from: when it differs, they are not used."""
    return {
        "format": FORMAT,
        "grammar_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "lark": lark.__version__,
        "options": {name: options[name] for name in sorted(options)},
    }


def load_parser(grammar: Path, options: dict[str, Any]) -> Lark:
    """The parser for `grammar`: from its saved tables when they are current, else built."""
    text = grammar.read_text(encoding="utf-8")
    saved = _saved(tables_path(grammar), _stamp(text, options))
    return saved if saved is not None else Lark(text, **options)


def inline_tables(grammar: Path, options: dict[str, Any]) -> InlineTables | Lark:
    """What `inline.parse` reads for `grammar`: the first line of its saved tables when they are
    current, else the whole parser (which it reads the same way)."""
    path = tables_path(grammar)
    try:
        with path.open(encoding="utf-8") as stream:
            head = json.loads(stream.readline())
    except (OSError, ValueError):
        head = None
    stamp = _stamp(grammar.read_text(encoding="utf-8"), options)
    if not isinstance(head, dict) or head.get("stamp") != stamp or "inline" not in head:
        return load_parser(grammar, options)
    return InlineTables.from_data(head["inline"])


def _saved(path: Path, stamp: dict[str, Any]) -> Lark | None:
    try:
        head, _, rest = path.read_text(encoding="utf-8").partition("\n")
        if json.loads(head).get("stamp") != stamp:
            return None
        document = json.loads(rest, object_hook=_decode)
    except (OSError, ValueError, AttributeError):
        return None
    return Lark.load({"data": document["data"], "memo": document["memo"]})


def dump_tables(grammar: Path, options: dict[str, Any]) -> str:
    """The text of the tables of `grammar` built with `options`: the stamp and the inline
    parser's tables on the first line, lark's whole parser on the second."""
    text = grammar.read_text(encoding="utf-8")
    built = Lark(text, **options)
    data, memo = built.memo_serialize([TerminalDef, Rule])
    head: dict[str, Any] = {"stamp": _stamp(text, options)}
    try:
        head["inline"] = _inline_data(built)
    except (AttributeError, ValueError):  # not an LALR parser with a contextual text lexer
        pass
    return (json.dumps(head, separators=(",", ":")) + "\n"
            + json.dumps(_encode({"data": data, "memo": memo}), separators=(",", ":")) + "\n")


def _encode(value: Any) -> Any:
    """Lark's serialized data as JSON values: tuples and dicts with non-text keys tagged."""
    if isinstance(value, dict):
        if all(type(key) is str for key in value) and not {_ITEMS, _TUPLE} & set(value):
            return {key: _encode(item) for key, item in value.items()}
        return {_ITEMS: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, str):
        return str(value)  # a lark Token is text with extra attributes it does not need here
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise TypeError(f"cannot save a {type(value).__name__} in the parser tables")


def _decode(value: dict[str, Any]) -> Any:
    if len(value) == 1 and _TUPLE in value:
        return tuple(value[_TUPLE])
    if len(value) == 1 and _ITEMS in value:
        return {key: item for key, item in value[_ITEMS]}
    return value


# ------------------------------------------------------------------ the inline parser's tables


def _inline_data(built: Lark) -> dict[str, Any]:
    """What `InlineTables.from_data` reads, taken from a parser lark has built: rules by index,
    each state's actions (a state to shift to, or -1 - the index of the rule to reduce by), and
    each distinct state lexer's expressions as lark joins them."""
    frontend = built.parser
    table = frontend.parser.parser.parse_table
    index = {rule: number for number, rule in enumerate(built.rules)}
    lexers: list[dict[str, Any]] = []
    numbered: dict[int, int] = {}
    for basic in frontend.lexer.lexers.values():
        if id(basic) not in numbered:
            numbered[id(basic)] = len(lexers)
            lexers.append(_lexer_data(basic))
    return {
        "terminals": [[t.name, t.pattern.type, t.pattern.value, sorted(t.pattern.flags),
                       t.pattern.raw, t.priority] for t in built.terminals],
        "rules": [[r.origin.name, [[s.name, s.is_term, getattr(s, "filter_out", False)]
                                   for s in r.expansion], r.order, r.alias,
                   [r.options.keep_all_tokens, r.options.expand1, r.options.priority,
                    r.options.template_source, list(r.options.empty_indices)]]
                  for r in built.rules],
        "states": [[state, {kind: arg if action is Shift else -1 - index[arg]
                            for kind, (action, arg) in row.items()}]
                   for state, row in table.states.items()],
        "start": table.start_states, "end": table.end_states,
        "flags": built.lexer_conf.g_regex_flags,
        "lexers": lexers,
        "state_lexers": [[state, numbered[id(basic)]]
                         for state, basic in frontend.lexer.lexers.items()],
    }


def _lexer_data(basic: Any) -> dict[str, Any]:
    scanner = basic.scanner  # built on first use; sets basic.callback
    if basic.use_bytes or not all(isinstance(c, UnlessCallback) for c in basic.callback.values()):
        raise ValueError("only text lexers whose callbacks retype keywords are saved")
    return {"scanner": _scanner_data(scanner),
            "ignore": sorted(basic.ignore_types), "newlines": sorted(basic.newline_types),
            "unless": {name: _scanner_data(callback.scanner)
                       for name, callback in sorted(basic.callback.items())}}


def _scanner_data(scanner: Any) -> dict[str, list[str]]:
    """A scanner's terminals by name, in its order, and its expressions as lark joined them."""
    return {"terminals": [t.name for t in scanner.terminals],
            "patterns": [p.pattern for p in scanner._mres]}


class InlineTables:
    """The parts of a `Lark` parser that `inline.parse` reads, under lark's names (`rules`,
    `terminals`, `parser.parser.parser.parse_table`, `parser.lexer.lexers`), made of lark's own
    rule, terminal and table objects."""

    def __init__(self, rules: list[Rule], terminals: list[TerminalDef], table: IntParseTable,
                 lexers: dict[int, SimpleNamespace]) -> None:
        self.rules = rules
        self.terminals = terminals
        self.parser = SimpleNamespace(
            parser=SimpleNamespace(parser=SimpleNamespace(parse_table=table)),
            lexer=SimpleNamespace(lexers=lexers))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InlineTables:
        rules = [_rule(*fields) for fields in data["rules"]]
        states = {state: {kind: (Shift, arg) if arg >= 0 else (Reduce, rules[-1 - arg])
                          for kind, arg in row.items()} for state, row in data["states"]}
        terminals = [_terminal(*fields) for fields in data["terminals"]]
        by_name = {t.name: t for t in terminals}
        made = [_state_lexer(lexer, by_name, data["flags"]) for lexer in data["lexers"]]
        return cls(rules, terminals, IntParseTable(states, data["start"], data["end"]),
                   {state: made[number] for state, number in data["state_lexers"]})


def _rule(origin: str, expansion: list, order: int, alias: str | None, options: list) -> Rule:
    symbols = [Terminal(name, filter_out) if is_term else NonTerminal(name)
               for name, is_term, filter_out in expansion]
    keep_all, expand1, priority, template, empty = options
    return Rule(NonTerminal(origin), symbols, order, alias,
                RuleOptions(keep_all, expand1, priority, template, tuple(empty)))


def _terminal(name: str, kind: str, value: str, flags: list[str], raw: str | None,
              priority: int) -> TerminalDef:
    pattern = (PatternStr if kind == "str" else PatternRE)(value, flags, raw)
    return TerminalDef(name, pattern, priority)


def _state_lexer(data: dict[str, Any], terminals: dict[str, TerminalDef],
                 flags: int) -> SimpleNamespace:
    """A state's lexer as inline reads lark's `BasicLexer`: its scanner, what it ignores, which
    terminals may hold a line break, and the names it retypes as keywords."""
    return SimpleNamespace(
        scanner=_Scanner(data["scanner"], terminals, flags),
        ignore_types=frozenset(data["ignore"]), newline_types=frozenset(data["newlines"]),
        callback={name: UnlessCallback(_Scanner(scanner, terminals, flags))
                  for name, scanner in data["unless"].items()})


class _Scanner:
    """Lark's `Scanner` as inline reads it: its terminals, its expressions (`_mres`), each
    compiled on first use, and `fullmatch`, which names the keyword a name is."""

    __slots__ = ("_mres", "terminals")

    def __init__(self, data: dict[str, list[str]], terminals: dict[str, TerminalDef],
                 flags: int) -> None:
        self.terminals = [terminals[name] for name in data["terminals"]]
        self._mres = [LazyPattern(pattern, flags) for pattern in data["patterns"]]

    def fullmatch(self, text: str) -> str | None:
        for pattern in self._mres:
            found = pattern.fullmatch(text)
            if found:
                return found.lastgroup
        return None


class LazyPattern:
    """A regular expression compiled on its first match; then `match` and `fullmatch` are the
    compiled pattern's own (nothing in between on the lexer's hot path). `pattern` and `flags`
    are named as `re.Pattern` names them."""

    __slots__ = ("flags", "fullmatch", "match", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self.match: Callable[..., re.Match[str] | None] = self._first_match
        self.fullmatch: Callable[..., re.Match[str] | None] = self._first_fullmatch

    def _compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        self.match, self.fullmatch = compiled.match, compiled.fullmatch
        return compiled

    def _first_match(self, *args: Any) -> re.Match[str] | None:
        return self._compiled().match(*args)

    def _first_fullmatch(self, *args: Any) -> re.Match[str] | None:
        return self._compiled().fullmatch(*args)
