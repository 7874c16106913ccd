"""The method library's messages read right whatever the titles a team gives its segments and
priorities: every message is rendered with real titles (sentence case, lower case, long) through
the engine's own template filling, and checked against rules a reader would notice.

The rules:
1. a title is quoted ("the segment “Field engineers”"), so any title fits mid-sentence;
2. no capital letter mid-sentence outside quotes, but an acronym (IT, DE, Q&A);
3. a message starts with a capital letter or a quote, and ends with `.`, `?` or `!`;
4. no word twice in a row.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from adoptplan import api
from adoptplan.engine.values import fill, partial_template
from adoptplan.load import library_root

ROOT = Path(__file__).resolve().parents[3]
TITLES = ("segment", "priority", "tool")
"""The placeholders a team's titles fill."""

SEGMENTS = ("Field service engineers", "store associates",
            "Billing, returns and credit control back office in the Nordic and Baltic region")
PRIORITIES = ("Every parcel delivered on time", "fewer cases escalated to the back office",
              "Protect the brand through exemplary service in every channel, region and language")
TOOLS = ("Q&A with functional experts", "photo sharing from the van")
VALUES = {"geography": "DE", "device": "mobile", "value": "51%", "threshold": "40%",
          "critical_mass": "60%", "group": "agents/geography=DE", "team": "north"}
"""What the other placeholders are filled with: a dimension value as the data has it, numbers
as the engine writes them."""


def _library_texts() -> list[tuple[str, str]]:
    """(where, template) of every message and remedy of the library's rules and barriers."""
    found = []
    for path in sorted((library_root() / "method").glob("*.adopt")):
        playbook = api.check_text(path.read_text("utf-8"), str(path)).loaded.playbook
        for decl in (*playbook.rules, *playbook.barriers):
            for field in ("message", "remedy"):
                text = getattr(decl, field, None)
                if text is not None:
                    found.append((f"{path.stem}.{decl.name.text}.{field}", text.value))
    return found


LIBRARY = _library_texts()


def _real_titles() -> tuple[list[str], list[str]]:
    """The segment and priority titles of the example playbooks of this repository."""
    segments, priorities = set(), set()
    for path in [ROOT / "playbooks" / "customer-service.adopt",
                 *sorted((ROOT / "examples").glob("*/playbook.adopt"))]:
        playbook = api.check_text(path.read_text("utf-8"), str(path)).loaded.playbook
        segments |= {s.title.value for s in playbook.segments if s.title}
        priorities |= {p.title.value for p in playbook.priorities if p.title}
    return sorted(segments), sorted(priorities)


def _render(template: str, segment: str, priority: str, tool: str) -> str:
    titles = {"segment": segment, "priority": priority, "tool": tool}
    return fill(partial_template(template, tuple(sorted(titles.items()))), VALUES)


def _unquoted(text: str) -> str:
    """`text` with every quoted title replaced by a placeholder word."""
    return re.sub(r"\u201c[^\u201d]*\u201d", "QUOTED", text)


def problems(text: str) -> list[str]:
    """Every rule `text` breaks, in words."""
    found = []
    plain = _unquoted(text)
    if not (plain[:1].isupper() or text.startswith("\u201c")):
        found.append("does not start with a capital letter")
    if not text.rstrip("\u201d").endswith((".", "?", "!")):
        found.append("does not end with a full stop, question mark or exclamation mark")
    for sentence in re.split(r"(?<=[.?!])\s+", plain):
        for word in sentence.split()[1:]:
            bare = word.strip("()[],;:'\"")
            if bare[:1].isupper() and bare not in ("QUOTED",) and not _acronym(bare):
                found.append(f"a capital mid-sentence: {bare!r}")
    doubled = re.search(r"\b(\w+)\s+\1\b", plain, re.IGNORECASE)
    if doubled:
        found.append(f"a doubled word: {doubled.group(0)!r}")
    return found


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def test_the_library_has_messages_to_check():
    assert len(LIBRARY) >= 20


@pytest.mark.parametrize(("where", "template"), LIBRARY, ids=[w for w, _ in LIBRARY])
def test_every_title_is_quoted_in_the_template(where, template):
    for name in TITLES:
        for match in re.finditer(r"\{" + name + r"\}", template):
            before, after = template[match.start() - 1:match.start()], template[match.end():][:1]
            assert (before, after) == ("\u201c", "\u201d"), f"{where}: {{{name}}} is not quoted"


@pytest.mark.parametrize(("where", "template"), LIBRARY, ids=[w for w, _ in LIBRARY])
def test_every_library_message_reads_right_with_any_title(where, template):
    real_segments, real_priorities = _real_titles()
    segments = (*SEGMENTS, *real_segments[:4])
    priorities = (*PRIORITIES, *real_priorities[:4])
    for segment, priority, tool in itertools.product(segments, priorities, TOOLS):
        text = _render(template, segment, priority, tool)
        assert problems(text) == [], f"{where}: {text}"


@pytest.mark.parametrize(("text", "expected"), [
    ("Show how time on the platform serves Every parcel delivered on time",
     ["does not end with a full stop, question mark or exclamation mark",
      "a capital mid-sentence: 'Every'"]),
    ("Work through real cases of the the priority.", ["a doubled word: 'the the'"]),
    ("workshop for reps.", ["does not start with a capital letter"]),
    ("Share their needs with IT in DE and the \u201cBack Office\u201d.", []),
    ("\u201cField engineers\u201d is at 51% active. Ask them why?", []),
])
def test_the_rules_catch_what_a_reader_would(text, expected):
    assert problems(text) == expected
