"""Every placeholder of a barrier's message and remedy in every state of its alert: firing, held
open by `clear`, and cleared. A held alert says its value now and the threshold that clears it,
never the hold line's text (the `{value}`/`{threshold}` bug of issue 18)."""

from __future__ import annotations

import pytest

from support.barriers import BARRIER, COLUMNS, HEADER, RULE, by_id, evaluate, rows

DE = "file_sharing/reps/geography=DE"
TEMPLATE = ("{title} in {segment} {geography} ({group}): {value} against {threshold}; "
            "{files_shared} files of {posts} posts; ask {tool} for {priority}")
PLAYBOOK = HEADER + BARRIER.replace(
    "  in       reps", "  clear    when files_shared / posts >= 8%\n  in       reps").replace(
    '  remedy   "Publish what may be shared; ask a manager to share first"',
    f'  remedy   "Share first: {{value}} now, {{threshold}} needed"\n'
    f'  message  "{TEMPLATE}"\n  using    expert_qna') + RULE
# DE: 2 files per 100 posts (opens), 6 (held: above 5%, below 8%), 9 (clears)
METRICS = (COLUMNS + rows("2026-W39", 9, 9, 9) + rows("2026-W40", 2, 10) + rows("2026-W41", 6, 10)
           + rows("2026-W42", 9, 10))
SHARED = ("Hesitant to share files in Customer service reps DE (reps/geography=DE)",
          "ask Q&A with experts for Exemplary service")


def alert(tmp_path, at: str, previous: frozenset[str] = frozenset()):
    return by_id(evaluate(tmp_path, PLAYBOOK, METRICS, at, previous)).get(DE)


def test_firing_fills_every_placeholder_from_the_when_condition(tmp_path):
    firing = alert(tmp_path, "2026-W40")
    assert firing.message == (f"{SHARED[0]}: 2% against 5%; 2 files of 100 posts; {SHARED[1]}")
    assert firing.remedy == "Share first: 2% now, 5% needed"


@pytest.mark.parametrize("previous", [frozenset({DE}), frozenset()],
                         ids=["previous result", "replayed history"])
def test_held_says_the_value_now_and_the_clearing_threshold(tmp_path, previous):
    held = alert(tmp_path, "2026-W41", previous)
    assert held.evidence[0].value == "open since 2026-W40"
    assert held.message == (f"{SHARED[0]}: 6% against 8%; 6 files of 100 posts; {SHARED[1]}")
    assert held.remedy == "Share first: 6% now, 8% needed"
    assert "open since" not in held.message + held.remedy
    assert "held open" not in held.message + held.remedy


def test_cleared_leaves_no_alert_and_no_message(tmp_path):
    assert alert(tmp_path, "2026-W42", frozenset({DE})) is None
    assert alert(tmp_path, "2026-W42") is None  # without the previous result: the history
