"""The LALR tables shipped beside each grammar: current, loaded without pickle, same parses."""

from pathlib import Path

import pytest
from lark import Lark

from adoptplan.diagnostics import InputError
from adoptplan.playbook_tests import parse as tests
from adoptplan.syntax import inline, parser, tables
from adoptplan.syntax.build import Builder
from adoptplan.syntax.parser import parse_text

GRAMMARS = [
    pytest.param(parser.grammar_path(), parser.OPTIONS, id="playbook"),
    pytest.param(tests.grammar_path(), tests.OPTIONS, id="tests"),
]
PLAYBOOKS = sorted(Path(__file__).resolve().parents[3].joinpath("playbooks").rglob("*.adopt"))


@pytest.mark.parametrize(("grammar", "options"), GRAMMARS)
def test_shipped_tables_are_current(grammar, options):
    """A grammar edited without regenerating its tables would quietly cost 0.2 s per command."""
    loaded = tables._saved(tables.tables_path(grammar),
                           tables._stamp(grammar.read_text(encoding="utf-8"), options))
    assert loaded is not None, (
        f"{tables.tables_path(grammar).name} is stale: run python -m adoptplan.syntax.write_tables")


def test_parser_from_tables_parses_every_bundled_playbook_as_a_built_one():
    built = Lark(parser.grammar_path().read_text(encoding="utf-8"), **parser.OPTIONS)
    saved = parser.parser()
    assert PLAYBOOKS
    for path in PLAYBOOKS:
        text = path.read_text(encoding="utf-8")
        assert saved.parse(text) == built.parse(text), path


def test_syntax_errors_are_the_same_from_tables(monkeypatch):
    broken = 'rule r "R" {\n  when active_members < 40% and\n  in reps\n}\n'
    with pytest.raises(InputError) as from_tables:
        parse_text(broken, "p.adopt")
    monkeypatch.setattr(parser, "parser", lambda: Lark(
        parser.grammar_path().read_text(encoding="utf-8"), **parser.OPTIONS))
    with pytest.raises(InputError) as from_grammar:
        parse_text(broken, "p.adopt")
    assert str(from_tables.value.diagnostics) == str(from_grammar.value.diagnostics)


def test_stale_or_broken_tables_fall_back_to_the_grammar(tmp_path):
    grammar = tmp_path / "g.lark"
    grammar.write_text('start: "a" NAME\nNAME: /[a-z]+/\n%ignore " "\n', encoding="utf-8")
    options = {"parser": "lalr"}
    tables.tables_path(grammar).write_text(tables.dump_tables(grammar, options), encoding="utf-8")
    assert tables._saved(tables.tables_path(grammar),
                         tables._stamp(grammar.read_text(encoding="utf-8"), options)) is not None
    grammar.write_text('start: "b" NAME\nNAME: /[a-z]+/\n%ignore " "\n', encoding="utf-8")
    assert tables.load_parser(grammar, options).parse("b xy")  # edited: built from the grammar
    assert isinstance(tables.inline_tables(grammar, options), Lark)  # inline reads the whole one
    tables.tables_path(grammar).write_text("{not json", encoding="utf-8")
    assert tables.load_parser(grammar, options).parse("b xy")
    assert isinstance(tables.inline_tables(grammar, options), Lark)


def test_tagged_json_keeps_tuples_and_integer_keys():
    value = {"states": {0: {1: (0, 2)}}, "list": [(1, "a")], "__tuple__": "plain key"}
    import json

    text = json.dumps(tables._encode(value))
    assert json.loads(text, object_hook=tables._decode) == value


def _lexer(lexer: inline._Lexer) -> tuple:
    return ([p.pattern for p in lexer.patterns], lexer.ignore, lexer.newlines,
            {name: ([t.name for t in callback.scanner.terminals],
                    [p.pattern for p in callback.scanner._mres])
             for name, callback in lexer.callbacks.items()})


def test_the_inline_tables_are_what_inline_reads_of_lark_s_whole_parser():
    """The first line of the shipped tables (read on every start) prepares to the same parse
    table, rule plans, state lexers and keyword retyping as lark's parser on the second line."""
    fast = parser.fast_tables()
    assert isinstance(fast, tables.InlineTables)
    *from_fast, fast_lexers = _without_lexers(inline._prepared(fast, Builder))
    *from_lark, lark_lexers = _without_lexers(inline._prepared(parser.parser(), Builder))
    assert from_fast == from_lark
    assert fast_lexers.keys() == lark_lexers.keys()
    for state in fast_lexers:
        assert _lexer(fast_lexers[state]) == _lexer(lark_lexers[state]), state


def _without_lexers(prepared: tuple) -> tuple:
    actions, gotos, lexers, start, end, dropped, brackets = prepared
    return actions, gotos, start, end, dropped, brackets, lexers


def test_a_state_lexer_compiles_its_expression_on_first_use():
    pattern = tables.LazyPattern(r"(?P<NAME>[a-z]+)|(?P<NUMBER>\d+)", 0)
    assert pattern.match("12ab", 0).lastgroup == "NUMBER"
    assert pattern.match("12ab", 2, 3).group(0) == "a"
    assert pattern.fullmatch("ab").lastgroup == "NAME"
    assert pattern.match.__self__.pattern == pattern.pattern  # now the compiled one's own


def test_a_playbook_that_parses_needs_no_lark_parser(monkeypatch):
    """Only a refused text asks for lark's whole parser (the second line of the tables)."""
    def refused():
        raise AssertionError("lark's parser was loaded")

    monkeypatch.setattr(parser, "parser", refused)
    source, problems = parse_text('segment s "S" {\n  members 12\n}\n', "p.adopt")
    assert source.items and not problems
