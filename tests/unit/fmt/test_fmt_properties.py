"""Properties of `fmt` over generated playbooks, and robustness of load/check/CLI under mutation.

Playbooks are generated as model values, then written out in a deliberately untidy way (random
spacing, clause order, unit spellings, extra brackets, escapes, blank lines and comments), so
each example checks the generator, the parser and the formatter against one another.
"""

from __future__ import annotations

import collections
import random
import re
import string
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoptplan import api
from adoptplan import model as m
from adoptplan.cli import cli
from adoptplan.diagnostics import Diagnostic, has_errors
from adoptplan.fmt import canonical_number, format_source, format_text
from adoptplan.numbers import source as format_number
from adoptplan.syntax import parse_text
from adoptplan.syntax.comments import comments
from adoptplan.syntax.parser import keywords

from support.parsing import both_roads

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = [ROOT / "tests" / "fixtures" / "fmt" / "rollout.adopt",
           *sorted((ROOT / "playbooks").rglob("*.adopt"))]
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RESERVED = set(keywords().values()) | set(m.UNIT_ALIASES)
CANONICAL_UNITS = ("", "%", "pp", "periods", "weeks", "months", "hours", "members")
SPELLINGS = collections.defaultdict(list)
for _spelling, _canonical in sorted(m.UNIT_ALIASES.items()):
    SPELLINGS[_canonical].append(_spelling)

# ------------------------------------------------------------------------------- model values

names = st.one_of(
    st.sampled_from(["reps", "agents", "geo", "active_members", "posts", "x", "Rate_2", "_tmp"]),
    st.builds(str.__add__, st.sampled_from(string.ascii_letters + "_"),
              st.text(string.ascii_letters + string.digits + "_", max_size=7)).filter(
        lambda n: n not in RESERVED),
)
free_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"), max_size=12
)
number_texts = st.one_of(
    st.integers(0, 10**7).map(str),
    st.floats(0, 1e12, allow_nan=False, allow_infinity=False).map(abs).map(format_number),
    # more digits than a float keeps: fmt must write every one of them back
    st.builds("{}.{}".format, st.integers(0, 10**6), st.text("0123456789", min_size=16,
                                                             max_size=40)),
    # tiny ones, written out in full (below about 1e-323 a float reads 0: that is AP305)
    st.builds("0.{}{}".format, st.integers(0, 300).map("0".__mul__),
              st.text("0123456789", min_size=1, max_size=30)),
    st.integers(10**16, 10**308).map(str),  # 10**308 is still below the largest float
)
"""A number literal as written: short and long decimals, huge whole numbers."""


def _quantity(text: str, unit: str) -> m.Quantity:
    return m.Quantity(float(text), unit, text=text)


quantities = st.builds(_quantity, number_texts, st.sampled_from(CANONICAL_UNITS))
model_names = st.builds(m.Name, names)
model_texts = st.builds(m.Text, free_text)


def _opt(strategy):
    return st.none() | strategy


def _tuple(strategy, min_size=1):
    return st.lists(strategy, min_size=min_size, max_size=3).map(tuple)


def _extend(children):
    return st.one_of(
        st.builds(m.Call, names, _tuple(children, 0)),
        st.builds(m.Negative, children),
        st.builds(m.Arithmetic, st.sampled_from("+-*/"), children, children),
        st.builds(m.Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children,
                  children),
        st.builds(m.Membership, children, _tuple(children, 0), st.booleans()),
        st.builds(m.Logical, st.sampled_from(["and", "or"]), children, children),
        st.builds(m.Not, children),
    )


exprs = st.recursive(
    st.one_of(quantities, st.builds(m.String, free_text), st.builds(m.Ref, names)),
    _extend,
    max_leaves=8,
)
conditions = st.builds(m.Condition, exprs, _opt(quantities))
scopes = st.builds(m.Scope, _tuple(model_names, 0), _tuple(model_names, 0))

headers = st.builds(
    m.Header, model_texts, _opt(model_texts), _opt(model_names),
    _opt(st.builds(m.Period, st.sampled_from(["2026-W40", "2026-10", "2026-10-05"]))),
    _opt(quantities), _opt(quantities), forecast_by=_tuple(model_names, 0),
)  # `minimum N members` (the privacy floor) is left out: its quantity is always people
segments = st.builds(
    m.Segment, model_names, _opt(model_texts), _opt(quantities), _opt(model_names),
    _opt(model_names), _tuple(model_texts, 0), _opt(exprs), _tuple(model_names, 0),
    _opt(quantities),
)
priorities = st.builds(m.Priority, model_names, _opt(model_texts), _tuple(model_names, 0),
                       _opt(quantities), _tuple(model_texts, 0))
tools = st.builds(m.Tool, model_names, _opt(model_texts), _tuple(model_names, 0),
                  _tuple(model_texts, 0), _tuple(model_texts, 0))
metrics = st.builds(m.Metric, model_names, _opt(model_texts), _opt(model_names), _opt(exprs))
params = st.builds(m.Param, model_names, model_names, exprs)


@st.composite
def rules(draw):
    action = draw(_opt(st.tuples(model_names, model_texts)))
    kind, message = action if action else (None, None)
    return m.Rule(draw(model_names), draw(_opt(model_texts)), draw(_opt(conditions)),
                  draw(_opt(scopes)), kind, message, draw(_opt(model_names)),
                  draw(_opt(model_names)), draw(_tuple(model_names, 0)))


barriers = st.builds(
    m.Barrier, model_names, _opt(model_texts), _opt(conditions), _opt(scopes), _opt(quantities),
    _opt(model_names), _opt(model_texts), _opt(model_texts), _opt(model_names),
    _tuple(model_names, 0), _opt(conditions),
)
dimension_values = st.one_of(model_texts, st.builds(m.Text, names),
                             st.builds(m.Text, st.integers(0, 999).map(str)))
selections = st.one_of(
    st.builds(m.Selection, _tuple(model_names, 0)),
    st.builds(m.Selection, _tuple(model_names, 0), model_names, _tuple(dimension_values)),
)
waivers = st.builds(
    m.Waiver, model_names, _opt(model_texts), _opt(selections),
    _opt(st.builds(m.Period, st.sampled_from(["2026-12-31", "2026-W52", "2026-12"]))),
    _opt(model_texts), _opt(model_texts),
)
includes = st.one_of(
    st.builds(m.Include, free_text, st.just(False)),
    st.builds(m.Include, _tuple(names).map(".".join), st.just(True),
              _tuple(st.builds(m.Override, model_names, exprs), 0)),
)
items = st.one_of(includes, headers, segments, priorities, tools, metrics, params, rules(),
                  barriers, waivers)
source_files = st.lists(items, max_size=5).map(lambda found: m.SourceFile("p.adopt", tuple(found)))

# ------------------------------------------------------------------------- untidy text writer

CLAUSES = {
    m.Header: [("platform", "platform"), ("cadence", "cadence"), ("launch", "launch"),
               ("critical_mass", "critical_mass"), ("effort", "effort"),
               ("forecast by", "forecast_by")],
    m.Segment: [("members", "members"), ("collaboration", "collaboration"),
                ("likelihood", "likelihood"), ("managers", "managers"), ("match", "match"),
                ("by", "dimensions"), ("effort", "effort")],
    m.Priority: [("for", "segments"), ("weight", "weight"), ("managers", "managers")],
    m.Tool: [("serves", "serves"), ("needs", "needs"), ("has", "has")],
    m.Metric: [("unit", "unit"), ("value", "value")],
    m.Rule: [("when", "when"), ("in", "scope"), ("do", "kind"), ("using", "using"),
             ("priority", "level"), ("serves", "serves")],
    m.Barrier: [("when", "when"), ("clear", "clear"), ("in", "scope"), ("minimum", "minimum"),
                ("severity", "severity"), ("remedy", "remedy"), ("using", "using"),
                ("message", "message"), ("serves", "serves")],
    m.Waiver: [("for", "scope"), ("until", "until"), ("reason", "reason"), ("owner", "owner")],
}
KEYWORD = {m.Header: "playbook", m.Segment: "segment", m.Priority: "priority", m.Tool: "tool",
           m.Metric: "metric", m.Rule: "rule", m.Barrier: "barrier", m.Waiver: "waive"}
BARE_VALUE = re.compile(r"[A-Za-z_]\w*|\d+")


class Untidy:
    """Writes a model as valid but untidy text, noting every comment it puts in.

    Cosmetic choices come from one seeded Random (cheap, and reproducible from the example);
    comment texts are drawn, so hypothesis can shrink them.
    """

    def __init__(self, draw):
        self.draw = draw
        self.random = random.Random(draw(st.integers(0, 2**32)))
        self.comments: list[str] = []

    def pick(self, *options):
        return self.random.choice(options)

    def chance(self, one_in: int = 2) -> bool:
        return self.random.randrange(one_in) == 0

    def space(self, required: bool = True) -> str:
        return self.pick(" ", "  ", "\t", " \f") if required else self.pick("", "", " ", "  ")

    def comment(self) -> str:
        text = ("#" + self.draw(free_text)).rstrip(" \t\f")
        self.comments.append(text)
        return text

    def line_end(self) -> str:
        """Maybe a trailing comment, then the newline, maybe blank and comment lines."""
        end = ""
        if self.chance(3):
            end += self.space() + self.comment()
        end += "\n"
        for _ in range(self.pick(0, 0, 0, 1, 2)):
            end += self.pick("\n", "  \n") if self.chance() else self.comment() + "\n"
        return end

    def text(self, value: str) -> str:
        out = []
        for char in value:
            if char in '\\"':  # the only escapes (any other is AP112)
                out.append("\\" + char)
            else:
                out.append(char)
        return '"' + "".join(out) + '"'

    def number(self, q: m.Quantity) -> str:
        """The number's digits, spelt one of the ways that mean exactly the same value."""
        canonical = canonical_number(q.text)
        whole, _, fraction = canonical.partition(".")
        options = [canonical, "0" + canonical, canonical + ("0" if fraction else ".0")]
        if whole == "0" and fraction:
            options.append("." + fraction)
        return self.pick(*options)

    def quantity(self, q: m.Quantity) -> str:
        number = self.number(q)
        if not q.unit:
            return number
        return number + self.space(required=False) + self.pick(*SPELLINGS[q.unit])

    def expr(self, e, top: bool = True) -> str:
        text = self._expr(e)
        wrap = self.chance(3) if (top or _is_atom(e)) else True
        return f"({self.space(False)}{text}{self.space(False)})" if wrap else text

    def _expr(self, e) -> str:
        s = lambda: self.space(False)
        if isinstance(e, (m.Arithmetic, m.Compare, m.Logical)):
            gap = self.space() if isinstance(e, m.Logical) else s()
            return f"{self.expr(e.left, False)}{gap}{e.op}{gap}{self.expr(e.right, False)}"
        if isinstance(e, m.Membership):
            op = f"not{self.space()}in" if e.negated else "in"
            items = ("," + s()).join(self.expr(i) for i in e.items)
            return f"{self.expr(e.operand, False)}{self.space()}{op}{s()}[{s()}{items}{s()}]"
        if isinstance(e, m.Not):
            return f"not{self.space()}{self.expr(e.operand, False)}"
        if isinstance(e, m.Negative):
            return f"-{s()}{self.expr(e.operand, False)}"
        if isinstance(e, m.Quantity):
            return self.quantity(e)
        if isinstance(e, m.String):
            return self.text(e.value)
        if isinstance(e, m.Ref):
            return e.name
        args = ("," + s()).join(self.expr(a) for a in e.args)
        return f"{e.function}{s()}({s()}{args}{s()})"

    def value(self, field: str, value, item) -> str:
        if field == "kind":
            return f"{value.text}{self.space()}{self.text(item.message.value)}"
        if isinstance(value, tuple):
            return ("," + self.space(False)).join(self.value(field, v, item) for v in value)
        if isinstance(value, m.Name):
            return value.text
        if isinstance(value, m.Text):
            return self.text(value.value)
        if isinstance(value, m.Period):
            return value.text
        if isinstance(value, m.Quantity):
            return self.quantity(value)
        if field == "clear":
            return f"when{self.space()}{self.value('', value, item)}"
        if isinstance(value, m.Condition):
            text = self.expr(value.expr)
            if value.sustained is not None:
                text += f"{self.space()}for{self.space()}{self.quantity(value.sustained)}"
            return text
        if isinstance(value, m.Scope):
            text = self.value("", value.segments, item) if value.segments else "all"
            if value.dimensions:
                text += f"{self.space()}by{self.space()}{self.value('', value.dimensions, item)}"
            return text
        if isinstance(value, m.Selection):
            text = self.value("", value.segments, item) if value.segments else "all"
            if value.dimension is not None:
                values = ("," + self.space(False)).join(self.dimension_value(v.value)
                                                        for v in value.values)
                text += (f"{self.space()}by{self.space()}{value.dimension.text}"
                         f"{self.space(False)}={self.space(False)}{values}")
            return text
        return self.expr(value)

    def dimension_value(self, value: str) -> str:
        bare = BARE_VALUE.fullmatch(value) and value.isascii() and self.chance()
        return value if bare else self.text(value)

    def block(self, item) -> str:
        head = KEYWORD[type(item)]
        if not isinstance(item, m.Header):
            head += self.space() + item.name.text
        if item.title is not None:
            head += self.space() + self.text(item.title.value)
        out = head + self.space(False) + "{" + self.line_end()
        clauses = [(k, f) for k, f in CLAUSES[type(item)] if getattr(item, f) not in (None, ())]
        self.random.shuffle(clauses)
        for keyword, field in clauses:
            value = self.value(field, getattr(item, field), item)
            out += self.space(False) + keyword + self.space() + value + self.line_end()
        return out + self.space(False) + "}" + self.line_end()

    def include(self, item: m.Include) -> str:
        out = "include" + self.space() + (item.target if item.library else self.text(item.target))
        if not item.overrides and self.chance():
            return out + self.line_end()
        out += self.space(False) + "{"
        overrides = [f"{o.name.text}{self.space(False)}={self.space(False)}{self.expr(o.value)}"
                     for o in item.overrides]
        if overrides and self.chance():
            out += self.space(False) + overrides.pop(0) + self.line_end()
        elif overrides or self.chance():
            out += self.line_end()
        for override in overrides:
            out += self.space(False) + override + self.line_end()
        return out + self.space(False) + "}" + self.line_end()

    def item(self, item) -> str:
        if isinstance(item, m.Include):
            return self.include(item)
        if isinstance(item, m.Param):
            return (f"param{self.space()}{item.name.text}{self.space()}{item.type.text}"
                    f"{self.space(False)}={self.space(False)}{self.expr(item.default)}"
                    + self.line_end())
        return self.block(item)


def _is_atom(e) -> bool:
    return isinstance(e, (m.Quantity, m.String, m.Ref, m.Call))


@st.composite
def untidy_files(draw):
    """(model, its untidy text, the comments written into it)."""
    source = draw(source_files)
    writer = Untidy(draw)
    text = "".join(writer.comment() + "\n" for _ in range(draw(st.integers(0, 2))))
    text += "".join(writer.item(item) for item in source.items)
    if writer.chance() and text.endswith("\n"):
        text = text[:-1]
    return source, text, writer.comments


def parse_items(text: str) -> tuple:
    source, problems = parse_text(text, "p.adopt")
    assert problems == []
    return source.items


def exact_numbers(node) -> list[Decimal]:
    """Every number literal's exact value as written, in model order. Models compare amounts as
    floats, which cannot tell 0.12345678901234567890123 from 0.12345678901234568: this can."""
    if isinstance(node, m.Quantity):
        assert node.text, node
        return [Decimal(node.text)]
    if isinstance(node, tuple):
        return [number for item in node for number in exact_numbers(item)]
    if attrs.has(type(node)):
        return [number for field in attrs.fields(type(node))
                for number in exact_numbers(getattr(node, field.name))]
    return []


# --------------------------------------------------------------------------------- properties


@FAST
@given(source_files)
def test_formatting_a_model_parses_back_to_the_same_model(source):
    out = format_source(source)
    parsed = parse_items(out)
    assert parsed == source.items
    assert exact_numbers(parsed) == exact_numbers(source.items)
    assert format_text(out).after == out


@FAST
@given(untidy_files())
def test_fmt_is_idempotent_keeps_meaning_and_keeps_every_comment(case):
    source, text, written = case
    assert parse_items(text) == source.items  # the generator writes what it means
    assert exact_numbers(parse_items(text)) == exact_numbers(source.items)
    result = format_text(text)
    out = result.after
    assert out is not None, result.diagnostics
    assert parse_items(out) == source.items
    assert exact_numbers(parse_items(out)) == exact_numbers(source.items)
    assert format_text(out).after == out
    assert collections.Counter(comments(out)) == collections.Counter(written)
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
    assert "\n\n\n" not in out
    assert not any(line != line.rstrip(" \t") for line in out.split("\n"))


# ----------------------------------------------------------------------------------- mutations

SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in SAMPLES]


@st.composite
def mutated_playbooks(draw):
    """A realistic playbook after a few deletions, duplications and swaps."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        if size < 2:
            break
        start = draw(st.integers(0, size - 1))
        end = draw(st.integers(start, min(size, start + 12)))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap_chars", "swap_lines"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif operation == "swap_chars" and start + 1 < size:
            text = text[:start] + text[start + 1] + text[start] + text[start + 2:]
        elif operation == "swap_lines":
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


CODE = re.compile(r"AP\d{3}")


@FAST
@given(mutated_playbooks())
def test_mutated_playbooks_only_ever_give_diagnostics(text):
    checked = api.check_text(text)
    for diagnostic in checked.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert CODE.fullmatch(diagnostic.code) and diagnostic.message
        assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1
    parsed = checked.loaded.playbook.files
    if not parsed or has_errors(checked.loaded.diagnostics):  # fmt refuses what will not parse
        result = format_text(text)
        assert result.after is None and result.diagnostics
    else:
        again = parse_items(format_source(parsed[0], text))
        assert again == parsed[0].items
        assert exact_numbers(again) == exact_numbers(parsed[0].items)


@settings(max_examples=15, deadline=None)
@given(mutated_playbooks())
def test_cli_never_prints_a_traceback_on_mutated_playbooks(text):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.adopt"
        path.write_text(text, encoding="utf-8")
        for args in (["check", str(path)], ["fmt", "--diff", str(path)], ["fmt", str(path)]):
            result = runner.invoke(cli, args)
            assert result.exit_code in (0, 1, 2), (args, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args, result.exception)
            assert "Traceback" not in result.output


@FAST
@given(st.one_of(untidy_files().map(lambda case: case[1]), mutated_playbooks()))
def test_the_inline_parse_builds_what_lark_s_tree_builds(text):
    """Generated and mutated playbooks: the same model, spans and diagnostics on both roads
    (syntax/inline.py against lark's parse and transform), or refused on both."""
    fast, slow = both_roads(text)
    assert fast == slow
