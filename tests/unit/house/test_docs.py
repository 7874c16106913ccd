"""The language guide: every ```adopt example parses, and every construct has an example."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from adoptplan import api, catalogue, exitcodes
from adoptplan import model as m
from adoptplan.diagnostics import InputError
from adoptplan.report.diagnostics import render_texts
from adoptplan.syntax import parse_text
from adoptplan.syntax.parser import keywords, parser

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "language.md"
README = ROOT / "README.md"
FENCE = re.compile(r"^```adopt\n(.*?)^```$", re.S | re.M)


@attrs.frozen
class Example:
    path: Path
    line: int  # of the opening fence
    text: str

    @property
    def label(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def shown(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    def in_place(self) -> str:
        """The example on its own lines of the document, so positions are the document's."""
        return "\n" * self.line + self.text


def examples(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    return [
        Example(path, text.count("\n", 0, found.start()) + 1, found.group(1))
        for found in FENCE.finditer(text)
    ]


GUIDE_EXAMPLES = examples(GUIDE)
ALL_EXAMPLES = GUIDE_EXAMPLES + examples(README)


def parsed(example: Example) -> m.SourceFile:
    """The example's model; a syntax error fails the test with the rendered diagnostic."""
    sources = {example.shown: example.in_place()}
    try:
        source, problems = parse_text(example.in_place(), example.shown)
    except InputError as error:
        pytest.fail(render_texts(error.diagnostics, sources))
    assert problems == [], render_texts(problems, sources)
    return source


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: e.label)
def test_example_parses(example):
    parsed(example)


def test_guide_and_readme_have_examples():
    assert GUIDE_EXAMPLES
    assert examples(README), "README's tour of the language shows a playbook"


# ---------------------------------------------------------------- one example per construct


def grammar_constructs() -> set[str]:
    """Every node name a parse tree can hold: grammar rules and aliases that are not inlined."""
    names = set()
    for rule in parser().rules:
        name = str(rule.alias or rule.origin.name)
        inlined = rule.options.expand1 and rule.alias is None and len(rule.expansion) == 1
        if not name.startswith("_") and not inlined:
            names.add(name)
    return names


def tree_names(examples: list[Example]) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The node names, token types and (type, text) of tokens the examples use."""
    nodes, types, tokens = set(), set(), set()
    for example in examples:
        tree = parser().parse(example.text)
        nodes |= {str(t.data) for t in tree.iter_subtrees()}
        for token in tree.scan_values(lambda v: hasattr(v, "type")):
            types.add(token.type)
            tokens.add((token.type, str(token)))
    return nodes, types, tokens


def model_nodes(value: object):
    """Every model node below `value`, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from model_nodes(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from model_nodes(item)


def guide_nodes() -> list[object]:
    return [n for e in GUIDE_EXAMPLES for n in model_nodes(parsed(e))]


def test_every_grammar_rule_has_an_example():
    nodes, _, _ = tree_names(GUIDE_EXAMPLES)
    assert grammar_constructs() - nodes == set()


def test_every_keyword_has_an_example():
    _, types, _ = tree_names(GUIDE_EXAMPLES)
    assert set(keywords()) - types == set()


def test_every_unit_spelling_has_an_example():
    _, _, tokens = tree_names(GUIDE_EXAMPLES)
    written = {text.replace(" ", "") for kind, text in tokens if kind == "QUANTITY_UNIT"}
    assert set(m.UNIT_ALIASES) - written == set()


def test_every_period_form_has_an_example():
    _, _, tokens = tree_names(GUIDE_EXAMPLES)
    periods = [text for kind, text in tokens if kind == "PERIOD"]
    for form in (r"\d{4}-W\d{2}", r"\d{4}-\d{2}", r"\d{4}-\d{2}-\d{2}"):
        assert any(re.fullmatch(form, p) for p in periods), form


def test_every_history_function_has_an_example():
    used = {n.function for n in guide_nodes() if isinstance(n, m.Call)}
    assert set(catalogue.FUNCTIONS) - used == set()


def test_library_and_relative_includes_and_overrides_have_examples():
    includes = [n for n in guide_nodes() if isinstance(n, m.Include)]
    assert {i.library for i in includes} == {True, False}
    assert any(i.library and i.overrides for i in includes)


def test_sustained_conditions_negated_membership_and_scopes_have_examples():
    nodes = guide_nodes()
    assert any(isinstance(n, m.Condition) and n.sustained for n in nodes)
    assert any(isinstance(n, m.Membership) and n.negated for n in nodes)
    assert any(isinstance(n, m.Membership) and not n.negated for n in nodes)
    assert any(isinstance(n, m.Scope) and n.dimension for n in nodes)
    assert any(isinstance(n, m.Segment) and n.match and n.dimensions for n in nodes)
    assert any(isinstance(n, m.Metric) and n.value for n in nodes)
    assert any(isinstance(n, m.Metric) and n.unit and not n.value for n in nodes)


def test_every_operator_has_an_example():
    nodes = guide_nodes()
    ops = {n.op for n in nodes if isinstance(n, (m.Arithmetic, m.Compare, m.Logical))}
    assert {"+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"} - ops == set()
    assert any(isinstance(n, m.Negative) for n in nodes)
    assert any(isinstance(n, m.Not) for n in nodes)


def test_every_standard_metric_is_used_in_an_example():
    used = {n.name for n in guide_nodes() if isinstance(n, m.Ref)}
    assert set(catalogue.STANDARD_METRICS) - used == set()
    assert set(catalogue.BUILTIN_VALUES) - used == set()


def test_every_enumeration_value_has_an_example():
    nodes = guide_nodes()
    rules = [n for n in nodes if isinstance(n, m.Rule)]
    barriers = [n for n in nodes if isinstance(n, m.Barrier)]
    segments = [n for n in nodes if isinstance(n, m.Segment)]
    headers = [n for n in nodes if isinstance(n, m.Header)]
    levels = {r.level.text for r in rules if r.level} | {b.severity.text for b in barriers if b.severity}
    assert set(m.LEVELS) - levels == set()
    assert set(m.ACTION_KINDS) - {r.kind.text for r in rules if r.kind} == set()
    ratings = {s.collaboration.text for s in segments if s.collaboration}
    ratings |= {s.likelihood.text for s in segments if s.likelihood}
    assert set(m.RATINGS) - ratings == set()
    assert set(m.CADENCES) - {h.cadence.text for h in headers if h.cadence} == set()
    params = {n.type.text for n in nodes if isinstance(n, m.Param)}
    assert set(m.PARAM_TYPES) - params == set()
    units = {n.unit.text for n in nodes if isinstance(n, m.Metric) and n.unit}
    assert set(catalogue.METRIC_UNITS) - units == set()


# ------------------------------------------------------------------- tables match the code

GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")


@pytest.mark.parametrize("metric", catalogue.STANDARD_METRICS.values(), ids=lambda s: s.name)
def test_standard_metric_table_matches_catalogue(metric):
    assert f"| `{metric.name}` | {metric.unit} | {metric.description} |" in GUIDE_TEXT


@pytest.mark.parametrize("function", catalogue.FUNCTIONS.values(), ids=lambda f: f.name)
def test_function_table_matches_catalogue(function):
    assert f"| `{function.signature}` | {function.description} |" in GUIDE_TEXT


def test_levels_and_kinds_tables_match_the_model():
    assert " < ".join(f"{level}" for level in m.LEVELS) in GUIDE_TEXT
    for level in m.LEVELS:
        assert f"| `{level}` |" in GUIDE_TEXT
    for kind in m.ACTION_KINDS:
        assert f"| `{kind}` |" in GUIDE_TEXT


@pytest.mark.parametrize("name", ["OK", "FINDINGS", "BAD_INPUT"])
def test_exit_code_table_matches_exitcodes(name):
    assert f"\n| {getattr(exitcodes, name)} | " in GUIDE_TEXT


def test_readme_links_the_guide():
    assert "docs/language.md" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", [GUIDE_EXAMPLES[0], *examples(README)], ids=lambda e: e.label)
def test_whole_playbook_examples_check_without_errors(example):
    checked = api.check_text(example.in_place(), example.shown)
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert errors == [], render_texts(errors, checked.loaded.sources)
