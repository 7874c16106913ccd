"""`by device, geography`: one rule or barrier watches each breakdown of its segments."""

from adoptplan import api
from adoptplan.engine.explain import explain
from adoptplan.fmt import format_text
from adoptplan.load import load_text

from support.engine import HEADER, history, ids, rule, run

TWO = HEADER.replace("  by            geography\n", "  by            geography, device\n")
DROP = rule("drop", "active_members < 30%", scope="reps by geography, device",
            message="Workshop for {group}")
DATA = history({
    "reps/geography=DE": {"active_members": [0.5] * 7 + [0.2]},
    "reps/geography=FR": {"active_members": [0.5] * 8},
    "reps/device=phone": {"active_members": [0.5] * 7 + [0.1]},
    "reps/device=computer": {"active_members": [0.5] * 8},
})


def test_each_breakdown_is_watched_in_one_declaration():
    assert sorted(ids(run(TWO + DROP, DATA))) == ["drop/reps/device=phone",
                                                  "drop/reps/geography=DE"]


def test_it_is_the_same_as_writing_the_rule_once_per_breakdown():
    twice = (rule("drop", "active_members < 30%", scope="reps by geography")
             + rule("drop_device", "active_members < 30%", scope="reps by device"))
    found = [f.id.replace("drop_device/", "drop/") for f in run(TWO + twice, DATA).findings]
    assert sorted(found) == sorted(ids(run(TWO + DROP, DATA)))


def test_check_accepts_it_and_names_a_dimension_no_segment_has():
    assert not [d for d in api.check_text(TWO + DROP).diagnostics if d.severity == "error"]
    wrong = TWO + DROP.replace("geography, device", "geography, devise")
    (error,) = [d for d in api.check_text(wrong).diagnostics if d.code == "AP211"]
    assert "'devise'" in error.message and "did you mean 'device'?" in error.hint


def test_a_dimension_placeholder_needs_a_single_breakdown():
    named = TWO + DROP.replace("Workshop for {group}", "Workshop in {device}")
    assert "AP207" in [d.code for d in api.check_text(named).diagnostics]


def test_the_formatter_keeps_every_dimension():
    assert "in       reps by geography, device\n" in format_text(TWO + DROP).after


def test_explain_finds_the_breakdown_of_the_group():
    book = load_text(TWO + DROP).playbook
    assert explain(book, DATA, "drop/reps/device=phone").outcome == "fired"
