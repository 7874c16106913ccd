"""The table renderer: a summary line first, then alerts, actions, effort and progress."""

import attrs

from adoptplan.report.render import render
from adoptplan.report.table import Layout, render_table, summary_line

from support.report import empty_evaluation, evaluation

WIDE = Layout(width=400)


def test_first_line_is_the_one_line_summary():
    first = render_table(evaluation(), "high", WIDE).split("\n")[0]
    assert first == (
        "Customer service rollout: 2 barrier alerts (1 critical, 1 high), "
        "6 actions (1 critical, 2 high, 2 medium, 1 low) at 2026-W48; 1 waived; "
        "1 not evaluated; 3 suppressed groups; 5 at or above high"
    )


def test_summary_of_an_empty_evaluation_says_so_in_the_singular_and_plural():
    expected = "Quiet playbook: 0 barrier alerts, 0 actions at 2026-11"
    assert summary_line(empty_evaluation()) == expected
    assert render_table(empty_evaluation()) == summary_line(empty_evaluation()) + "\n"


def test_sections_come_in_order_alerts_first():
    text = render_table(evaluation())
    titles = ["Barrier alerts\n", "Actions\n", "Not evaluated\n",
              "Effort in hours (200 to share out)\n", "Critical mass (", "Warnings\n"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)


def test_actions_keep_the_total_order_and_show_kind_and_evidence():
    text = render_table(evaluation(), layout=WIDE)
    actions = text[text.index("Actions\n"):text.index("Not evaluated\n")]
    ids = ["reps_inactive/reps", "gap/expert_qna/answers-within-an-hour", "sales_pilot/sales",
           "sales_qna/sales", "engineering_sustain/engineering", "baseline/engineering"]
    assert [actions.index(i) for i in ids] == sorted(actions.index(i) for i in ids)
    assert "medium (waived)" in actions
    assert "active_members < 40% for 2 periods:" in actions
    assert "(+1 more)" in actions


def test_effort_and_critical_mass_rows():
    text = render_table(evaluation(), layout=WIDE)
    sales = "sales        medium         high          0.6        53.33      n/a"
    assert sales in text
    assert ("reps         \u2582\u2582\u2582\u2583\u2583\u2583\u2584\u2584\u2584\u2584\u2585"
            "   31.2%  +2.2pp  +23.2pp     60%  no") in text


def test_tables_fit_the_width_given_and_wrap_the_message():
    for width in (60, 80, 120):
        text = render_table(evaluation(), "high", Layout(width=width, terminal=True))
        assert max(len(line) for line in text.split("\n")) <= width
        piped = render_table(evaluation(), "high", Layout(width=width)).split("\n")
        assert piped[0] == summary_line(evaluation(), "high")  # one line in a pipe
        assert max(len(line) for line in piped[1:]) <= width
    assert "Customer service rollout: 2 barrier alerts" in render_table(evaluation())


def test_levels_are_coloured_only_when_asked_and_quiet_says_the_summary_alone():
    coloured = render_table(evaluation(), layout=Layout(color=True))
    assert "\x1b[1;31mcritical\x1b[0m" in coloured
    assert "\x1b[" not in render_table(evaluation())
    quiet = render_table(evaluation(), "high", Layout(width=400, quiet=True))
    assert quiet == summary_line(evaluation(), "high") + "\n"


def test_verbose_lists_every_evidence_line():
    verbose = render_table(evaluation(), layout=Layout(width=400, verbose=True))
    assert "(+1 more)" not in verbose and "(+1 more)" in render_table(evaluation(), layout=WIDE)


def test_no_line_ends_in_whitespace():
    assert all(line == line.rstrip() for line in render_table(evaluation()).split("\n"))


def test_the_one_line_evidence_is_a_comparison_that_held():
    """Of `a < 1 or b < 1`, the summary shows the branch the finding fired on, not the first."""
    from adoptplan.report.json_report import evidence_short
    from adoptplan.result import Evidence

    failed = Evidence("a < 1", "3", "2026-W08", "1", "-2", False)
    held = Evidence("b < 1", "0", "2026-W08", "1", "1", True)
    first = evaluation().findings[0]
    assert evidence_short(attrs.evolve(first, evidence=(failed, held))) == \
        "b < 1: 0 at 2026-W08 (threshold 1, margin 1) (+1 more)"
    # none holds (an analysis's notes): the first
    assert evidence_short(attrs.evolve(first, evidence=(failed,))) == \
        "a < 1: 3 at 2026-W08 (threshold 1, margin -2)"


def test_nothing_in_user_text_acts_on_the_terminal():
    """An escape sequence, a backspace or a right-to-left override in a message is shown as its
    code, never sent raw to the terminal; a tab stays."""
    first = evaluation().findings[0]
    odd = attrs.evolve(first, message="red\x1b[31m over\x08written pay\u202eevil\tok")
    text = render_table(attrs.evolve(evaluation(), findings=(odd,),
                                     playbook="Roll\u202eout", warnings=("w\x07",)), layout=WIDE)
    assert "\x1b" not in text and "\x08" not in text and "\u202e" not in text
    assert "\x07" not in text
    assert "red\\x1b[31m over\\x08written pay\\u202eevil" in text
    assert text.startswith("Roll\\u202eout: ")
    assert "- w\\x07" in text


def test_c1_controls_and_direction_marks_are_shown_as_codes_too():
    from adoptplan.report.table import visible

    assert visible("C\x9b31m \u200e\u061c") == "C\\x9b31m \\u200e\\u061c"


def _without_effort():
    plain = evaluation()
    shares = tuple(attrs.evolve(s, recommended_hours=0.0, planned_hours=None) for s in plain.effort)
    return attrs.evolve(plain, effort=shares, effort_total=None)


def test_a_playbook_that_declares_no_effort_has_no_effort_table():
    undeclared = _without_effort()
    assert "Effort" not in render_table(undeclared, layout=WIDE)
    assert "Effort" not in render(undeclared, "markdown")
    assert "<h2>Effort" not in render(undeclared, "html")
    planned_only = attrs.evolve(undeclared, effort=(
        attrs.evolve(undeclared.effort[0], planned_hours=40.0), *undeclared.effort[1:]))
    assert "Effort in hours\n" in render_table(planned_only, layout=WIDE)
