"""The method library as a reader sees it: a library playbook by its name, with line numbers,
and a rule or barrier found by its name (`adoptplan show`, `adoptplan explain NAME`).

Findings of library rules are located as `method.barriers:28`; `show method.barriers` prints
the file those line numbers are in.
"""

from __future__ import annotations

import attrs

from adoptplan import model as m
from adoptplan.diagnostics import did_you_mean
from adoptplan.load import Loaded, library_file, library_names, library_root, load

SUFFIX = ".adopt"


class UnknownName(LookupError):
    """No library playbook, rule or barrier of that name; the message says what there is (for a
    rule: the closest name's did-you-mean, or nothing)."""


def library_text(name: str) -> str:
    """The text of library playbook `name` (`method.barriers`). Raises UnknownName."""
    names = library_names()
    if name not in names:
        hint = did_you_mean(name, names)
        raise UnknownName(f"there is no library playbook '{name}'"
                          + (f": {hint}" if hint else "") + f" (library playbooks: "
                          f"{', '.join(names)})")
    return library_file(name).read_text(encoding="utf-8")


def numbered(text: str, first: int = 1, last: int | None = None) -> str:
    """Lines `first`..`last` of `text`, each after its number: `28 | barrier ...`."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    last = len(lines) if last is None else min(last, len(lines))
    width = len(str(last))
    return "".join(f"{number:>{width}} | {lines[number - 1]}".rstrip() + "\n"
                   for number in range(first, last + 1))


@attrs.frozen
class Found:
    """A rule or barrier found by name: where, and its lines as written."""

    declaration: m.Rule | m.Barrier
    lines: str


def _everything() -> Loaded:
    """Every library playbook, loaded as a playbook that includes them all."""
    root = library_root()
    return load([root.joinpath(*name.split(".")).with_suffix(SUFFIX) for name in library_names()])


def find_rule(name: str, loaded: Loaded | None = None) -> Found:
    """The rule or barrier called `name` in `loaded` (its own and the library playbooks it
    includes), else in the method library: `explain hesitant_to_share playbooks/` finds the
    library's barrier whether the team's playbook includes it or not.

    Raises UnknownName with the closest name of either."""
    library = _everything()
    rules, sources = _rules(library), dict(library.sources)
    if loaded is not None:  # the playbook's own wins over a library namesake
        rules.update(_rules(loaded))
        sources.update(loaded.sources)
    if name not in rules:
        raise UnknownName(did_you_mean(name, rules) or "")
    return _found(rules[name], sources[rules[name].span.path])


def _rules(loaded: Loaded) -> dict[str, m.Rule | m.Barrier]:
    """The rules and barriers of a loaded playbook, by name."""
    return {d.name.text: d for d in loaded.playbook.declarations()
            if isinstance(d, (m.Rule, m.Barrier))}


def _found(found: m.Rule | m.Barrier, text: str) -> Found:
    """A declaration with its lines, numbered as in its file."""
    lines = text.split("\n")
    last = found.span.end_line  # the span runs on to the next declaration: end at its `}`
    while last > found.span.line and lines[last - 1].strip() != "}":
        last -= 1
    return Found(found, numbered(text, found.span.line, last))


def describe(found: Found) -> str:
    """`method.barriers:20: barrier hesitant_to_share "Hesitant to share files"`, its lines,
    and how to read the whole file."""
    kind = "barrier" if isinstance(found.declaration, m.Barrier) else "rule"
    span = found.declaration.span
    head = f"{span.path}:{span.line}: {kind} {found.declaration.name.text}"
    more = (f"\nthe whole playbook: adoptplan show {span.path}\n"
            if m.is_library_path(span.path) else "")
    return f"{head}\n\n{found.lines}{more}"
