"""The Markdown renderer: a pull-request comment, escaped, summary first, under 60,000 chars."""

import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptplan.report.json_report import ordered_not_evaluated
from adoptplan.report.markdown import MAX_CHARS, escape, render_markdown, table
from adoptplan.result import BARRIER, RULE, Finding, NotEvaluated, ordered

from support.report import PATH, empty_evaluation, evaluation, huge_evaluation


def _cells(row: str) -> list[str]:
    """Split a row as GitHub (cmark-gfm) does: a backslash pair is one unit, a bare `|` splits."""
    cells, cell, chars = [], "", iter(row.strip()[1:-1])
    for char in chars:
        if char == "\\":
            cell += char + next(chars, "")
        elif char == "|":
            cells, cell = [*cells, cell], ""
        else:
            cell += char
    return [*cells, cell]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", "a \\| b"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("`x` *y* _z_ [l](u)", "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u)"),
        ("back\\|slash", "back\\\\\\|slash"),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("# not a heading ~~nor struck~~", "\\# not a heading \\~\\~nor struck\\~\\~"),
        ("ask @field-leads", "ask @&#8203;field-leads"),
        # what a reader cannot see is shown as its code: no raw control character, no text
        # reordered by a right-to-left override; a tab stays
        ("pay\u202eevil", "pay&amp;#x202E;evil"),
        ("a\x00b\x1b[31mc\x7f\td", "a&amp;#x0;b&amp;#x1B;\\[31mc&amp;#x7F;\td"),
        ("\u2066isolate\u2069", "&amp;#x2066;isolate&amp;#x2069;"),
        ("C\x9b31m \u200fmark", "C&amp;#x9B;31m &amp;#x200F;mark"),  # C1 CSI, a direction mark
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


def test_escape_outside_a_table_turns_newlines_into_spaces():
    assert escape("a\nb", " ") == "a b"


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_escaped_cells_never_break_a_table_row(texts):
    row = table(["h"] * len(texts), [[escape(t) for t in texts]]).split("\n")[2]
    assert "\n" not in row
    assert len(_cells(row)) == len(texts)
    assert not re.search(r"<(?!br>)", row)


def test_the_headline_in_words_comes_first_then_alerts_then_actions():
    text = render_markdown(evaluation(), "high")
    lines = text.split("\n")
    assert lines[0] == "## adoptplan: Customer service rollout at 2026-W48"
    assert lines[2] == (
        "**2 critical findings need attention at 2026-W48; first the barrier alert \u201cManagers "
        "discourage use\u201d for Customer service reps in APAC. 1 of 3 segments has reached "
        "critical mass (60% active); the whole network is at 41.3%. 5 findings are at or above "
        "high: the check fails.**")
    assert lines[4].startswith("2 barrier alerts (1 critical, 1 high), 6 actions")
    assert text.index("### Barrier alerts") < text.index("### Actions")
    assert text.index("### Actions") < text.index("### Progress toward critical mass")
    assert text.index("### Progress toward critical mass") < text.index("### Effort")


def test_passes_when_nothing_is_at_or_above_fail_on():
    passing = render_markdown(empty_evaluation(), "high")
    assert "Nothing is at or above high: the check passes." in passing
    assert "at or above" not in render_markdown(evaluation())


def test_user_text_is_escaped_in_cells_and_headings():
    result = evaluation()
    result = attrs.evolve(result, playbook="Roll *out* <script>", warnings=("a_b\n# c",))
    text = render_markdown(result)
    assert "## adoptplan: Roll \\*out\\* &lt;script&gt; at 2026-W48" in text
    # a finding's line is an HTML <summary>, where Markdown is not read: entities only
    assert ("Files shared | posts &lt; 5% while reps post: &lt;b&gt;hesitant&lt;/b&gt; "
            "&amp; *wary*") in text
    assert "Pilot deal rooms with `Key accounts` [2 teams]" in text
    assert "Recognise the top contributors and share" in text  # one line: the block goes on
    assert "- a\\_b \\# c" in text


def test_each_finding_folds_its_rule_id_and_evidence_and_not_evaluated_is_folded():
    result = evaluation()
    text = render_markdown(result)
    row = "| active\\_members &lt; 40% | 33.5% | 2026-W47 | 40% | -6.5pp | yes |"
    summary = text.index("<details><summary><b>critical</b> \u00b7 educate \u00b7 Customer "
                         "service reps: ")
    assert summary < text.index("Rule reps\\_inactive (playbooks/rollout.adopt:") < text.index(row)
    pending = text.index("<details><summary>Not evaluated (1)</summary>")
    assert pending < text.index("no value of organic\\_content\\_growth")
    assert text.count("</details>") == len(result.findings) + 1


def test_high_and_critical_levels_are_bold_and_waived_is_marked():
    text = render_markdown(evaluation())
    assert "<summary><b>critical</b> \u00b7 educate \u00b7 Customer service reps:" in text
    assert "<summary>medium (waived) \u00b7 educate \u00b7 Account teams:" in text


def test_small_evaluation_is_not_cut():
    text = render_markdown(evaluation())
    assert "Note:" not in text and len(text) < MAX_CHARS


def test_evidence_is_dropped_first():
    text = render_markdown(evaluation(), limit=len(render_markdown(evaluation())) - 1)
    assert "| evidence | value |" not in text
    assert "> **Note:** Evidence not shown to keep this comment short; see the json output." in text
    assert "findings not shown" not in text
    assert "baseline/engineering" in text


def test_huge_evaluation_keeps_the_highest_rows_and_says_how_many_are_cut():
    result = huge_evaluation()
    text = render_markdown(result, "high")
    assert len(text) <= MAX_CHARS
    shown = _shown_ids(text, result.findings)
    hidden = len(result.findings) - len(shown)
    assert hidden > 0
    assert f"> **Note:** {hidden} findings not shown; see the json output." in text
    assert shown == [f.id for f in result.findings[: len(shown)]]
    assert "| evidence | value |" not in text
    assert "<summary>Not evaluated (1)</summary>" in text


def test_huge_lists_beside_findings_are_cut_too():
    warnings = tuple(f"warning {n} " * 20 for n in range(900))
    result = attrs.evolve(empty_evaluation(), warnings=warnings)
    text = render_markdown(result)
    assert len(text) <= MAX_CHARS
    assert text.endswith("the rest is cut to keep this comment short; see the json output.\n")


def test_same_input_same_bytes():
    assert render_markdown(huge_evaluation(300)) == render_markdown(huge_evaluation(300))


def _finding(n: int, level: str, alert: bool, message: str = "") -> Finding:
    return Finding(
        id=f"rule_{n:05d}/team", source=BARRIER if alert else RULE, rule=f"rule_{n:05d}",
        title=f"Rule {n}", kind="remove_barrier" if alert else "educate", level=level,
        score=(n % 97) / 97, segment="team", dimensions=(),
        message=message or f"Message {n}: explain the business value to the team", path=PATH,
        line=n + 1)


def _pending(count: int) -> tuple[NotEvaluated, ...]:
    return tuple(NotEvaluated(f"pending_{n:05d}/team", f"pending_{n:05d}",
                              f"no value of organic_content_growth for team at 2026-W48 ({n})",
                              PATH, 1000 + n) for n in range(count))


def _shown_ids(text: str, findings) -> list[str]:
    return [f.id for f in findings if f"<br>id {escape(f.id)}\n" in text]


def _balanced(text: str) -> bool:
    return text.count("<details>") == text.count("</details>")


def test_critical_findings_show_before_a_long_not_evaluated_list():
    """QA: 3000 not evaluated beside 250 critical actions and 1500 high alerts showed no finding."""
    findings = [_finding(n, "critical", False) for n in range(250)]
    findings += [_finding(n, "high", True) for n in range(250, 1750)]
    result = attrs.evolve(evaluation(), findings=ordered(findings), not_evaluated=_pending(3000))
    text = render_markdown(result, "high")
    assert len(text) <= MAX_CHARS and _balanced(text)
    shown = _shown_ids(text, result.findings)
    assert shown == [f.id for f in result.findings[: len(shown)]]  # a prefix of the total order
    assert len(shown) > 250  # every critical one, then as many high alerts as fit
    assert text.index("### Barrier alerts") < text.index("### Actions")
    assert f"> **Note:** {len(findings) - len(shown)} findings not shown; see the json output." \
        in text
    assert "<details><summary>Not evaluated (3000)</summary>" in text
    assert ("3000 not shown to keep this comment short; `--format json` lists them all, "
            "`adoptplan explain ID` explains one.") in text
    assert "pending\\_00000" not in text
    assert render_markdown(result, "high") == text


def test_not_evaluated_rows_are_cut_before_any_finding():
    result = attrs.evolve(evaluation(), not_evaluated=_pending(3000))
    text = render_markdown(result)
    assert len(text) <= MAX_CHARS and _balanced(text)
    assert _shown_ids(text, result.findings) == [f.id for f in result.findings]
    assert "not shown; see the json output" not in text  # no finding left out
    rows = [n.id for n in ordered_not_evaluated(result) if f"| {escape(n.id)} |" in text]
    assert 0 < len(rows) < 3000
    assert rows == [n.id for n in ordered_not_evaluated(result)[: len(rows)]]
    assert (f"{3000 - len(rows)} more not shown; `--format json` lists them all, "
            "`adoptplan explain ID` explains one.") in text
    assert "> **Note:** Evidence not shown" in text  # evidence went first


def test_a_message_longer_than_a_comment_is_shortened_not_dropped():
    # 70,000 characters; the cut at 1,999 falls between the backslash and the `|` of a pair
    message = ("ask <b>@leads</b> " + "\\|" * 35_000)[:70_000]
    assert message[1998] == "\\"
    result = attrs.evolve(empty_evaluation(),
                          findings=(_finding(1, "high", True, message), _finding(2, "low", False)))
    text = render_markdown(result)
    assert len(text) <= MAX_CHARS
    assert _shown_ids(text, result.findings) == [f.id for f in result.findings]
    assert "findings not shown" not in text and "finding not shown" not in text
    assert ("> **Note:** 1 long cell shortened to 2,000 characters (ending in \u2026); "
            "see the json output.") in text
    line = next(line for line in text.split("\n") if line.startswith("<details><summary><b>high"))
    assert line.endswith("\u2026</summary>")  # cut before escaping: no half entity
    assert "@&#8203;leads" in line and "&lt;b&gt;" in line


def test_shortening_comes_after_not_evaluated_rows_are_given_up():
    message = "x" * 30_000  # fits whole once the "not evaluated" rows are cut
    result = attrs.evolve(empty_evaluation(), findings=(_finding(1, "high", True, message),),
                          not_evaluated=_pending(3000))
    text = render_markdown(result)
    assert len(text) <= MAX_CHARS
    assert message in text and "\u2026" not in text
    assert "more not shown" in text


def test_one_finding_left_out_is_singular():
    result = evaluation()
    limit = len(render_markdown(result))
    while "not shown; see the json output." not in render_markdown(result, limit=limit):
        limit -= 1
    text = render_markdown(result, limit=limit)
    assert "> **Note:** 1 finding not shown; see the json output." in text
    assert "1 findings" not in text
    assert "1 not shown to keep this comment short" in text  # not evaluated went before it
    assert _shown_ids(text, result.findings) == [f.id for f in result.findings[:-1]]


def test_the_trend_of_each_segment_is_a_sparkline_and_a_mermaid_chart():
    text = render_markdown(evaluation())
    # scaled from 0 to the target (60%): 31.2% is a little over half the height
    assert ("| Customer service reps | \u2582\u2582\u2582\u2583\u2583\u2583\u2584\u2584"
            "\u2584\u2584\u2585 | 31.2% | +2.2pp | +23.2pp | 60% | no |") in text
    assert "| Engineering | \u2582\u2582\u00b7\u2582\u2582\u00b7\u00b7\u2582\u2582\u2582\u00b7 | n/a |" in text
    chart = text[text.index("```mermaid"):]
    assert "xychart-beta" in chart and 'x-axis ["2026-W38", ' in chart
    assert "    line [60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60]" in chart
    assert ("Lines: blue: Customer service reps; orange: Account teams; red: Engineering; "
            "grey: critical mass (60%). A period without data repeats the value before it.") in text


@pytest.mark.parametrize("limit", range(400, 2400, 97))
def test_any_cut_stays_under_the_limit_with_details_closed(limit):
    warnings = tuple(f"warning {n} " * 20 for n in range(50))
    result = attrs.evolve(evaluation(), not_evaluated=_pending(40), warnings=warnings)
    text = render_markdown(result, limit=limit)
    assert len(text) <= limit
    assert _balanced(text)
    assert text.endswith("\n") and not text.endswith("\n\n")
