"""Method advice: where the playbook departs from the adoption method.

Focus on segments whose work depends on collaboration, tie promotion to their managers' business
priorities, map every priority to a tool and find capability gaps (domain/ step 1 and 2), and
educate on the business value rather than the platform's features (step 3). All warnings but
one: a priority no tool serves is an error of the plan (AP502).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from adoptplan import model as m
from adoptplan.check.index import Index
from adoptplan.check.texts import (
    placeholders,
    shares_a_word,
    significant_words,
    without_placeholders,
    words_match,
)
from adoptplan.codes.semantic import (
    CAPABILITY_GAP,
    EQUAL_EFFORT,
    FEATURES_ONLY,
    NO_BUSINESS_VALUE,
    NO_PRIORITY,
    PRIORITY_UNSERVED,
)
from adoptplan.diagnostics import ERROR, WARNING, Diagnostic

VALUE_KINDS: frozenset[str] = frozenset({"educate", "focus", "pilot", "sustain"})
"""Actions people are asked to take part in: their message must say what it is good for."""


def _unmentioned(code: str, declarations: Iterable, mentioned: set[str], message: str,
                 hint: str, severity: str = WARNING) -> Iterator[Diagnostic]:
    """A finding for each declaration no other declaration mentions; `{}` is its name."""
    for declaration in declarations:
        name = declaration.name
        if name.text not in mentioned:
            yield Diagnostic(code, message.format(name.text), name.span, severity,
                             hint.format(name.text))


def iter_segments_without_priority(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """Promotion works when tied to the managers' top priorities (AP501)."""
    named = {n.text for p in playbook.priorities for n in p.segments}
    yield from _unmentioned(
        NO_PRIORITY, Index.of(playbook).segments.values(), named,
        "segment {} has no business priority",
        "ask its managers for their top priority: priority ... {{ for {} }}",
    )


def iter_priorities_without_tool(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A segment's priority no tool serves is an error of the plan, not a silent gap (AP502):
    promotion is focused on the priorities the tools can help with."""
    served = {n.text for t in playbook.tools for n in t.serves}
    yield from _unmentioned(
        PRIORITY_UNSERVED, Index.of(playbook).priorities.values(), served,
        "no tool serves priority {}: a capability gap",
        "add `serves {}` to the tool that helps with it; a tool still to build is declared "
        "with what it `needs`, and each missing capability becomes a build action",
        ERROR,
    )


def _focus(segment: m.Segment) -> tuple[str | None, str | None]:
    return (
        segment.collaboration.text if segment.collaboration else None,
        segment.likelihood.text if segment.likelihood else None,
    )


def iter_equal_effort(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """Equal effort for unequal segments wastes it where take-up is unlikely (AP503)."""
    given = [s for s in playbook.segments if isinstance(s.effort, m.Quantity)]
    amounts = {(s.effort.amount, s.effort.unit) for s in given}
    if len(given) < 2 or len(amounts) != 1 or len({_focus(s) for s in given}) < 2:
        return
    names = ", ".join(s.name.text for s in given)
    last = given[-1]
    yield Diagnostic(
        EQUAL_EFFORT,
        f"effort is spread equally across {names}, though their collaboration and likelihood "
        "differ",
        last.effort.span, WARNING,
        "give more effort to segments whose work depends on collaboration and that are likely "
        "to use the platform",
    )


def _priorities_served(index: Index, rule: m.Rule) -> tuple[m.Priority, ...]:
    """The priorities a rule serves: named in `serves`, else those of the segments in scope."""
    named = tuple(index.priorities[n.text] for n in rule.serves if n.text in index.priorities)
    return named or index.priorities_of(index.in_scope(rule.scope))


def _value_words(priority: m.Priority) -> set[str]:
    words = significant_words(priority.name.text)
    if priority.title is not None:
        words |= significant_words(priority.title.value)
    return words


def iter_messages_without_value(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """People take a platform up when shown how it helps their business goals (AP504)."""
    index = Index.of(playbook)
    for rule in playbook.rules:
        if rule.kind is None or rule.kind.text not in VALUE_KINDS or rule.message is None:
            continue
        priorities = _priorities_served(index, rule)
        if not priorities or any(p.name == "priority" for p in placeholders(rule.message)):
            continue
        words = set().union(*(_value_words(p) for p in priorities))
        if shares_a_word(without_placeholders(rule.message.value), words):
            continue
        first = priorities[0]
        shown = f"'{first.title.value}'" if first.title else first.name.text
        yield Diagnostic(
            NO_BUSINESS_VALUE, f"the message of rule {rule.name.text} does not say which business value "
            "it serves", rule.message.span, WARNING,
            f"name it: use {{priority}}, or say what it does for {shown}",
        )


FEATURE_WORDS: frozenset[str] = frozenset(
    """
    post posts posting like likes liking reaction reactions comment comments reply replies share
    shares sharing shared upload uploads uploading file files group groups community communities
    channel channels feed feeds thread threads hashtag hashtags mention mentions poll polls
    profile profiles notification notifications button buttons mobile desktop feature features
    function functions functionality functionalities tool tools platform chat chats message
    messages inbox search wiki wikis follow following bookmark bookmarks dashboard settings
    login
    """.split()
)
"""Words that name what the platform does rather than what it does for people's work."""

FORMAT_WORDS: frozenset[str] = frozenset(
    """
    workshop workshops video videos quiz quizzes interactive training session sessions course
    courses tutorial tutorials guide guides demo demos tour tours tips learn learning show
    explain introduce introduction use using basics step steps minutes everyone team teams
    """.split()
)
"""Words of the education itself (a workshop, a video): they name neither a feature nor a value."""


def _feature_words(tool: m.Tool) -> set[str]:
    words = significant_words(tool.name.text)
    for text in (tool.title, *tool.needs, *tool.has):
        if text is not None:
            words |= significant_words(text.value)
    return words


def _names_only_features(text: m.Text, tool_words: set[str]) -> list[str] | None:
    """The feature words of a message that names nothing else, or None when it names more."""
    names = {p.name for p in placeholders(text)}
    if "priority" in names:
        return None
    words = significant_words(without_placeholders(text.value))
    features = sorted(w for w in words if w in FEATURE_WORDS
                      or any(words_match(w, t) for t in tool_words))
    if "tool" in names:
        features.insert(0, "{tool}")
    others = {w for w in words if w not in FEATURE_WORDS and w not in FORMAT_WORDS}
    if not features or others - set(features):
        return None
    return features


def iter_feature_only_education(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """Education on the tool's features rather than its value for people's work (AP506)."""
    tool_words = set().union(*(_feature_words(t) for t in playbook.tools))
    for rule in playbook.rules:
        if rule.kind is None or rule.kind.text != "educate" or rule.message is None:
            continue
        features = _names_only_features(rule.message, tool_words)
        if features is None:
            continue
        yield Diagnostic(
            FEATURES_ONLY, f"the message of rule {rule.name.text} only names features of the "
            f"platform ({', '.join(features)})", rule.message.span, WARNING,
            "say what it does for their work: use {priority}, or name the business goal, "
            "e.g. \"resolve complex customer queries faster\"",
        )


def iter_capability_gaps(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """A capability a tool needs and does not have is something to build (AP505)."""
    for tool in playbook.tools:
        for need in tool.missing():
            yield Diagnostic(
                CAPABILITY_GAP, f"tool {tool.name.text} needs \"{need.value}\" but does not have it",
                need.span, WARNING,
                "build it or choose another tool; once it exists, add it to `has`",
            )


CHECKS = (
    iter_segments_without_priority,
    iter_priorities_without_tool,
    iter_equal_effort,
    iter_messages_without_value,
    iter_capability_gaps,
    iter_feature_only_education,
)
