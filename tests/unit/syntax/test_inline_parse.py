"""The inline LALR parse (syntax/inline.py) builds what lark's tree and transformer build: the
same model with the same spans and the same clause diagnostics, and refuses what lark refuses."""

from pathlib import Path

import pytest

from adoptplan.syntax import parse_text

from support.parsing import both_roads

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(p for p in ROOT.rglob("*.adopt") if ".git" not in p.parts)

ODD_TEXTS = {
    "empty": "",
    "only a comment, no newline": "# nothing yet",
    "blank lines and comments": "\n\n# a\n\n   # b\n\n",
    "tabs and form feeds": 'segment\treps\f"Reps" {\n\tmembers\t120  # c\n}\n',
    "escapes, good and bad": 'tool t "T\\"x\\\\" {\n  needs "a\\qb", "c"\n}\n',
    "names that are keywords elsewhere": (
        'metric members {\n  unit count\n  value members + value * unit\n}\n'),
    "a clause twice": "segment s {\n  members 1\n  members 2\n}\n",
    "a number too large": "segment s {\n  members 1" + "0" * 400 + "\n}\n",
    "expressions": (
        'rule r {\n  when not (a + -b * 2 / c >= 3% or d in [1, "x"]) and e not in []\n'
        '    for 2 periods\n  in reps, agents by geography\n  do focus "m"\n}\n'),
    "functions": "param p percent = average(posts, 4 periods before) - baseline(x)\n",
    "includes": 'include "a.adopt"\ninclude method.pilot { pilot_floor = 30%, b = 2\n}\n',
    "waiver and intervention": (
        'waive w "W" {\n  for reps by geography = DE, "North America", 42\n  until 2026-12-31\n'
        '  reason "r"\n}\nintervention i {\n  for all\n  from 2026-W01\n  to 2026-W03\n'
        '  compare to agents by geography = AT\n}\n'),
    "no newline at the end": "segment s {\n  members 1\n}",
    "refused: a missing brace": "segment s {\n  members 1\n",
    "refused: an unknown character": "segment s {\n  members 1 @\n}\n",
    "refused: a keyword where a name must be": "segment for {\n}\n",
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_playbook_in_the_repository_parses_the_same_on_both_roads(path):
    fast, slow = both_roads(path.read_text(encoding="utf-8"), str(path))
    assert slow is not None
    assert fast == slow


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_texts_parse_the_same_or_are_refused_on_both_roads(text):
    fast, slow = both_roads(text)
    assert fast == slow


def test_a_refused_text_still_gets_lark_s_diagnostics_and_recovery():
    from adoptplan.diagnostics import InputError

    with pytest.raises(InputError) as refused:
        parse_text('segment s {\n  members 1 @\n}\nsegment t {\n  likelihood\n}\n', "p.adopt")
    found = [(d.code, d.span.line, d.span.column) for d in refused.value.diagnostics]
    assert found == [("AP102", 2, 13), ("AP103", 5, 13)]
