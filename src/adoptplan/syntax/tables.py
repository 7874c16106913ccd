"""A grammar's LALR tables, computed once and shipped as JSON beside it.

Building the tables takes about 0.2 s, which every command would pay on start. Lark can save a
parser, but only with pickle, which this project never loads. Lark's own serialized form is plain
data apart from tuples and integer keys, so it is written here as JSON with those two tagged, and
read back through `Lark.load`, which accepts that data as a dict.

The file records the grammar's SHA-256, the lark version and the options. When any of them differs
(the grammar was edited, lark was upgraded) the tables are built from the grammar as before, so a
stale file costs time, never correctness. Regenerate with `python -m adoptplan.syntax.write_tables`;
a test fails while a shipped file is stale.

Each parser state has a lexer of its own, one regular expression over the terminals it accepts:
about a hundred expressions, of which a playbook meets half. They are compiled on first use
(`_LazyPattern`), not all when the parser is loaded.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import BasicLexer, Scanner, TerminalDef, _create_unless

_ITEMS, _TUPLE = "__items__", "__tuple__"
FORMAT = 1


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


def _saved(path: Path, stamp: dict[str, Any]) -> Lark | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
    except (OSError, ValueError):
        return None
    if document.get("stamp") != stamp:
        return None
    parser = Lark.load({"data": document["data"], "memo": document["memo"]})
    _compile_lexers_lazily(parser)
    return parser


class _LazyPattern:
    """A compiled regular expression that compiles itself on its first match; then `match` and
    `fullmatch` are the compiled pattern's own (no call in between on the lexer's hot path)."""

    __slots__ = ("flags", "fullmatch", "match", "source")

    def __init__(self, source: str, flags: int) -> None:
        self.source, self.flags = source, flags
        self.match: Callable[..., re.Match[str] | None] = self._first_match
        self.fullmatch: Callable[..., re.Match[str] | None] = self._first_fullmatch

    def _compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.source, self.flags)
        self.match, self.fullmatch = compiled.match, compiled.fullmatch
        return compiled

    def _first_match(self, *args: Any) -> re.Match[str] | None:
        return self._compiled().match(*args)

    def _first_fullmatch(self, *args: Any) -> re.Match[str] | None:
        return self._compiled().fullmatch(*args)


class _LazyScanner(Scanner):
    """Lark's scanner with its one expression (as lark joins it) compiled on first use."""

    def _build_mres(self, terminals: list[TerminalDef], max_size: int) -> list[Any]:
        source = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
        return [_LazyPattern(source, self.g_regex_flags)] if terminals else []


def _compile_lexers_lazily(parser: Lark) -> None:
    """Give each state's lexer a `_LazyScanner`, built as lark's `BasicLexer._build_scanner`
    builds its own (which compiles at once). The saved grammar has no user callbacks."""
    lexers = getattr(parser.parser.lexer, "lexers", {})
    for basic in {id(b): b for b in lexers.values()}.values():
        if type(basic) is not BasicLexer or basic.use_bytes or basic.user_callbacks:
            continue
        terminals, basic.callback = _create_unless(basic.terminals, basic.g_regex_flags,
                                                   basic.re, basic.use_bytes)
        basic._scanner = _LazyScanner(terminals, basic.g_regex_flags, basic.re, basic.use_bytes)


def dump_tables(grammar: Path, options: dict[str, Any]) -> str:
    """The JSON text of the tables of `grammar` built with `options`."""
    text = grammar.read_text(encoding="utf-8")
    data, memo = Lark(text, **options).memo_serialize([TerminalDef, Rule])
    document = {"stamp": _stamp(text, options), "data": data, "memo": memo}
    return json.dumps(_encode(document), separators=(",", ":"), sort_keys=False) + "\n"


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
