"""Method advice: focus, business priorities, capability gaps, education on value (warnings),
and a priority no tool serves (an error of the plan)."""

import pytest
from test_check import found

from adoptplan.check.texts import shares_a_word, significant_words, words_match


def method(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in found(text) if d.code.startswith("AP5")]


def segment(name: str, collaboration: str = "high", likelihood: str = "high",
            effort: str = "") -> str:
    lines = [f"collaboration {collaboration}", f"likelihood {likelihood}"]
    lines += [f"effort {effort}"] if effort else []
    return f"segment {name} {{\n" + "".join(f"  {x}\n" for x in lines) + "}\n\n"


PRIORITY = 'priority reputation "Protect the brand through exemplary service" {\n  for reps\n}\n\n'
TOOL = "tool qna {\n  serves reputation\n}\n\n"


def test_a_segment_with_a_priority_served_by_a_tool_gets_no_advice():
    assert method(segment("reps") + PRIORITY + TOOL) == []


def test_segment_without_priority_and_priority_without_tool():
    assert method(segment("reps") + segment("hq") + PRIORITY) == [
        ("AP501", "segment hq has no business priority"),
        ("AP502", "no tool serves priority reputation: a capability gap"),
    ]


def test_advice_is_given_once_for_a_duplicate_declaration():
    assert [c for c, _ in method(segment("hq") + segment("hq"))] == ["AP501"]


@pytest.mark.parametrize("efforts, advised", [
    ((("high", "high", "100 hours"), ("low", "medium", "100 hours")), True),
    ((("high", "high", "100 hours"), ("low", "medium", "40 hours")), False),
    ((("high", "high", "100 hours"), ("high", "high", "100 hours")), False),  # equal focus
    ((("high", "high", "100 hours"), ("low", "medium", "")), False),  # one effort only
])
def test_equal_effort_across_unequal_segments(efforts, advised):
    text = "".join(segment(f"s{i}", c, lk, e) for i, (c, lk, e) in enumerate(efforts))
    assert ("AP503" in [c for c, _ in method(text)]) is advised


def rule(kind: str, message: str, *more: str) -> str:
    lines = ["when posts < 3", f'do {kind} "{message}"', *more]
    return "rule r {\n" + "".join(f"  {x}\n" for x in lines) + "}\n"


@pytest.mark.parametrize("kind, message, advised", [
    ("educate", "Workshop: how to post in groups", True),
    ("educate", "Workshop: {priority}", False),
    ("educate", "Workshop: protect our brand", False),
    ("focus", "Answer questions fast for exemplary customer service", False),
    ("pilot", "Pilot the app with two teams", True),
    ("sustain", "Share the reputational wins", False),
    ("measure", "Count the posts", False),  # not an action people take part in
    ("build", "Build a bot", False),
])
def test_messages_name_the_business_value(kind, message, advised):
    text = segment("reps") + PRIORITY + TOOL + rule(kind, message, "in reps")
    assert ("AP504" in [c for c, _ in method(text)]) is advised


def test_serves_narrows_the_priorities_a_message_may_name():
    other = 'priority speed "Close the books faster" {\n  for reps\n}\n\n'
    tools = "tool ledger {\n  serves speed\n}\n\n"
    text = segment("reps") + PRIORITY + other + TOOL + tools
    assert "AP504" not in [c for c, _ in method(text + rule("educate", "Close books faster"))]
    narrowed = rule("educate", "Close books faster", "serves reputation")
    assert "AP504" in [c for c, _ in method(text + narrowed)]


def test_rules_of_segments_without_priority_are_left_to_ap501():
    assert [c for c, _ in method(segment("reps") + rule("educate", "Meet more"))] == ["AP501"]


def test_a_priority_no_tool_serves_is_an_error_of_the_plan():
    (d,) = [d for d in found(segment("reps") + PRIORITY) if d.code == "AP502"]
    assert d.severity == "error"
    assert (d.span.line, d.span.column) == (10, 10)  # after the header and the segment


@pytest.mark.parametrize("message, features", [
    ("Workshop: how to post in groups", "groups, post"),
    ("Post more", "post"),
    ("Learn to use {tool}", "{tool}"),
    ("How-to videos: sharing files from the mobile app", "files, mobile, sharing"),
    ("Try the Q&A with experts", "experts"),  # words of the tool's title
    ("Workshop: how to post in groups to protect the brand", None),
    ("Workshop for {segment}: how the platform helps {priority}", None),
    ("Workshop: resolve complex customer queries with {tool}", None),
    ("Workshop for {segment}", None),  # names no feature either: AP504's concern
])
def test_an_education_message_that_only_names_features(message, features):
    tool = 'tool qna "Q&A with experts" {\n  serves reputation\n}\n\n'
    text = segment("reps") + PRIORITY + tool + rule("educate", message, "using qna")
    found_ = [m for c, m in method(text) if c == "AP506"]
    expected = [] if features is None else [
        f"the message of rule r only names features of the platform ({features})"]
    assert found_ == expected


def test_only_education_messages_are_judged_for_features():
    text = segment("reps") + PRIORITY + TOOL + rule("pilot", "Pilot posting in groups")
    assert "AP506" not in [c for c, _ in method(text)]


def test_capability_gaps_point_at_each_missing_capability():
    text = ('tool qna {\n  serves reputation\n'
            '  needs "Search by expertise", "answers  within an hour"\n'
            '  has "search by EXPERTISE"\n}\n\n') + segment("reps") + PRIORITY
    (d,) = [d for d in found(text) if d.code == "AP505"]
    assert d.message == 'tool qna needs "answers  within an hour" but does not have it'
    assert (d.span.line, d.span.column) == (7, 32)


def test_significant_words_and_matching():
    assert significant_words("Protect the brand through exemplary service") == {
        "protect", "brand", "exemplary", "service"
    }
    assert significant_words("close_faster") == {"close", "faster"}
    assert words_match("customer", "customers") and words_match("brand", "brands")
    assert not words_match("serve", "service")
    assert shares_a_word("Our Brand matters", {"brand"})
    assert not shares_a_word("with their help", {"with", "their"})
