"""What a playbook change changed, clause by clause, and one row per rule across a breakdown."""

from __future__ import annotations

import attrs
import pytest

from adoptplan import api
from adoptplan.diff import compare
from adoptplan.diff.clauses import clause_changes
from adoptplan.diff.render import render_markdown, rows
from adoptplan.result import Finding

BASE = """playbook "Rollout" {
  cadence weekly
}

segment reps "Reps" {
  members 800
  by      geography
}

metric post_rate "Posts per reader" {
  unit  number
  value posts / reads
}

param floor percent = 40%

rule quiet "Reps are quiet" {
  when     active_members < floor for 2 periods
  in       reps
  do       educate "Workshop"
  priority high
}

rule sparse "Few posts" {
  when     post_rate < 0.02
  in       reps
  do       educate "Ask a first question"
  priority low
}

barrier lurkers "Reps read but never post" {
  when     reads > 50 * posts
  clear    when reads < 40 * posts
  in       reps by geography
  minimum  30 members
  severity high
  remedy   "Invite reps to ask their first question"
}
"""


def changes(tmp_path, before: str, after: str) -> dict:
    playbooks = []
    for name, text in (("before", before), ("after", after)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p.adopt").write_text(text, encoding="utf-8")
        playbooks.append(api.check_paths([tmp_path / name / "p.adopt"]).loaded.playbook)
    return dict(clause_changes(*playbooks))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("percent = 40%", "percent = 50%", {"quiet": ("threshold floor 40% → 50%",)}),
    ("for 2 periods", "for 3 periods", {"quiet": ("for 2 → 3 periods",)}),
    ("floor for 2 periods", "floor", {"quiet": ("for 2 periods removed",)}),
    ("< 0.02", "<= 0.02", {"sparse": ("when post_rate < 0.02 → post_rate <= 0.02",)}),
    ("reads < 40 * posts", "reads < 30 * posts", {"lurkers": ("clear threshold 40 → 30",)}),
    ("severity high", "severity critical", {"lurkers": ("severity high → critical",)}),
    ("minimum  30 members", "minimum  50 members",
     {"lurkers": ("minimum 30 members → 50 members",)}),
    ("priority low", "priority medium", {"sparse": ("priority low → medium",)}),
    ("in       reps by geography", "in       reps", {"lurkers": ("in reps by geography → reps",)}),
    ("rule sparse", "rule fewer", {"fewer": ("rule added",), "sparse": ("rule removed",)}),
    ("value posts / reads", "value posts / (reads + 1)",
     {}),  # a derived metric's formula is not a clause of the rule; no threshold moved
])
def test_each_clause_change_is_named(tmp_path, old, new, expected):
    assert old in BASE
    assert changes(tmp_path, BASE, BASE.replace(old, new)) == expected


def test_a_comment_or_a_moved_line_changes_nothing(tmp_path):
    after = "# the rollout\n\n" + BASE.replace("rule quiet", "# quiet reps\nrule quiet")
    assert changes(tmp_path, BASE, after) == {}


def finding(geography: str, status_level: str = "high", **changes) -> Finding:
    made = Finding(id=f"lurkers/reps/geography={geography}", source="barrier", rule="lurkers",
                   title="Reps read but never post", kind="remove_barrier", level=status_level,
                   score=0.5, segment="reps", dimensions=(("geography", geography),),
                   message=f"Lurking in {geography}", path="p.adopt", line=3)
    return attrs.evolve(made, **changes)


def test_one_rule_across_a_breakdown_is_one_row():
    after = [finding(g) for g in ("DE", "FR", "IN", "US")] + [finding("ES", "low")]
    entries = compare.classify(after, {compare.PLAYBOOK: []})
    diff = compare.Diff(entries, {compare.PLAYBOOK: "the playbook change (against main)"},
                        "2026-W46", clauses={"lurkers": ("barrier added",)})
    grouped = rows(diff.entries, diff)
    assert [row.group() for row in grouped] == ["reps in DE, FR, IN and US", "reps (geography=ES)"]
    assert grouped[0].message() == "Reps read but never post"  # each message names its group
    assert grouped[1].message() == "Lurking in ES"
    comment = render_markdown(diff)
    assert comment.count("| **high** | reps in DE, FR, IN and US |") == 1
    assert "new by the playbook change (against main): barrier added" in comment


def test_unchanged_high_alerts_stay_in_sight_and_the_rest_fold():
    same = [finding("DE"), finding("FR", "low")]
    diff = compare.Diff(compare.classify(same, {compare.DATA: same}), {compare.DATA: "data"},
                        "2026-W46")
    comment = render_markdown(diff)
    assert "### Still open: high and critical barrier alerts (1)" in comment
    assert "<details><summary>Unchanged (1)</summary>" in comment
    assert comment.index("geography=DE") < comment.index("<details>") < comment.index(
        "geography=FR")


def test_a_segment_crossing_the_critical_mass_either_way_gets_a_line():
    from adoptplan.result import Progress

    before = [Progress("reps", 0.653, 0.6), Progress("agents", 0.5, 0.6), Progress("ops", 0.7, 0.6)]
    after = [Progress("reps", 0.48, 0.6), Progress("agents", 0.62, 0.6), Progress("ops", 0.65, 0.6)]
    assert compare.crossed_mass(before, after, "new data") == (
        "agents reached the critical mass: 50% → 62% (target 60%) by new data",
        "reps fell below the critical mass: 65.3% → 48% (target 60%) by new data")


@pytest.mark.parametrize(("rule", "span"), [
    ("reps_inactive", "`reps_inactive`"),
    ("a*b*", "`a*b*`"),
    ("tick`s", "``tick`s``"),
    ("`edge", "`` `edge ``"),
    ("<b>bold</b>", "`<b>bold</b>`"),
    ("rtl\u202eevil\x1b[31m", "`rtl\\u202eevil\\x1b[31m`"),
])
def test_a_rule_name_in_a_code_span_is_shown_as_written(rule, span):
    """GitHub prints a backslash inside a code span literally: `reps\\_inactive` was shown."""
    diff = compare.Diff((), {compare.PLAYBOOK: "the playbook change"}, "2026-W46",
                        clauses={rule: ("threshold active_floor 40% → 25%",)})
    comment = render_markdown(diff)
    assert f"- {span}: threshold active\\_floor 40% → 25%\n" in comment  # outside: escaped
