"""Groups below the minimum group size are evaluated and counted, but never named in any output."""

import numpy as np
import pytest

from adoptplan.report.render import FORMATS, render
from adoptplan.snapshot import History

from support.engine import HEADER, history, ids, outcomes, rule, run

SMALL = "Atlantis"  # a dimension value that must never reach the output


def _barrier(minimum: str = "") -> str:
    return f"""
barrier hesitant "Hesitant to share files" {{
  when     files_shared < 5
  in       reps by geography
{minimum}  severity high
  remedy   "Ask a manager in {{geography}} to share first"
  message  "Few files shared in {{group}}"
}}
"""


def _data(sizes: dict[str, float | None], **extra) -> object:
    return history(sized=False, data={
        f"reps/geography={name}": {
            "files_shared": [1] * 8,
            **({"members": [size] * 8} if size is not None else {}),
            **extra,
        }
        for name, size in sizes.items()
    })


def test_the_default_minimum_is_ten_members_and_the_next_smallest_group_is_withheld_with_it():
    """DE alone withheld beside the small group would give its values away by subtraction from
    the segment's total."""
    evaluation = run(HEADER + _barrier(), _data({"DE": 10, "FR": 40, SMALL: 9}))
    assert ids(evaluation) == ["hesitant/reps/geography=FR"]
    assert evaluation.suppressed == 2


def test_a_barrier_sets_its_own_minimum():
    evaluation = run(HEADER + _barrier("  minimum  30 members\n"),
                     _data({"DE": 30, "FR": 31, "IT": 60, SMALL: 29}))
    assert ids(evaluation) == ["hesitant/reps/geography=FR", "hesitant/reps/geography=IT"]
    assert evaluation.suppressed == 2


def test_a_rule_uses_the_default_minimum():
    data = _data({"DE": 12, "FR": 11, SMALL: 4})
    evaluation = run(HEADER + rule("few", "files_shared < 5"), data)
    assert (ids(evaluation), evaluation.suppressed) == (["few/reps/geography=DE"], 2)


def test_a_group_of_unknown_size_is_withheld_with_a_warning_that_says_how_to_give_sizes():
    evaluation = run(HEADER + _barrier("  minimum  30 members\n"), _data({"DE": None}))
    assert (ids(evaluation), evaluation.suppressed) == ([], 1)
    (warning,) = [w for w in evaluation.warnings if "group sizes" in w]
    assert warning.startswith("reps by geography has no group sizes") and "members" in warning


def test_a_whole_segment_is_named_whatever_its_size():
    data = history({"office": {"files_shared": [1] * 8, "members": [3] * 8}})
    evaluation = run(HEADER + rule("few", "files_shared < 5", scope="office"), data)
    assert (ids(evaluation), evaluation.suppressed) == (["few/office"], 0)


def test_small_groups_are_counted_by_group_whatever_their_outcome():
    """The count must not say how many of them would fire: that would answer a threshold."""
    data = history({
        "reps/geography=DE": {"files_shared": [1] * 8, "members": [50] * 8},
        "reps/geography=A1": {"files_shared": [None] * 8, "members": [5] * 8},  # unknown
        "reps/geography=A2": {"files_shared": [9] * 8, "members": [5] * 8},  # clear
        "reps/geography=A3": {"files_shared": [1] * 8, "members": [5] * 8},  # fired
    })
    evaluation = run(HEADER + _barrier(), data)
    assert evaluation.suppressed == 3
    assert evaluation.not_evaluated == ()
    assert outcomes(evaluation) == {
        "hesitant/reps/geography=DE": "fired",
        "hesitant/reps/suppressed-1": "suppressed",
        "hesitant/reps/suppressed-2": "suppressed",
        "hesitant/reps/suppressed-3": "suppressed",
    }


def _everything_about_a_small_group():
    """A small group that fires, one that is unknown, and a peer comparison that reads them."""
    data = history({
        "reps/geography=DE": {"files_shared": [1] * 8, "members": [50] * 8,
                              "active_members": [0.1] * 8},
        f"reps/geography={SMALL}": {"files_shared": [1] * 8, "members": [4] * 8,
                                    "active_members": [0.9] * 8},
        f"reps/geography={SMALL}ii": {"files_shared": [None] * 8, "members": [4] * 8,
                                      "active_members": [None] * 8},
        "reps/geography=FR": {"files_shared": [1] * 8, "members": [40] * 8,
                              "active_members": [0.5] * 8},
    })
    playbook = (HEADER + _barrier() +
                rule("behind", "active_members < peers(active_members)",
                     message="{group} in {geography} is behind at {active_members}"))
    return run(playbook, data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_small_group_is_never_named_in_any_format(fmt):
    evaluation = _everything_about_a_small_group()
    # the two small groups, whatever they fire, and FR: of the two, only Atlantis has files
    # shared, so the total minus DE and FR would be its count (the next smallest with a value)
    assert evaluation.suppressed == 3
    text = render(evaluation, fmt, "info")
    assert SMALL not in text
    assert "hesitant/reps/geography=DE" in text
    assert "behind/reps/geography=DE" in text


def test_a_small_group_is_no_peer_so_its_value_is_never_shown_as_a_median():
    """With one other peer, `peers()` of DE would be that group's own value: 77.7% of a group of
    3 printed as DE's threshold. Groups below the largest minimum of the playbook are no peers."""
    data = history({
        "reps/geography=DE": {"active_members": [0.4] * 8, "members": [100] * 8},
        f"reps/geography={SMALL}": {"active_members": [0.777] * 8, "members": [3] * 8},
    })
    evaluation = run(HEADER + rule("behind", "active_members < peers(active_members)"), data)
    assert evaluation.findings == ()
    assert evaluation.not_evaluated == ()  # DE is withheld with it: the total would tell
    for fmt in FORMATS:
        assert "77.7" not in render(evaluation, fmt)


def test_peers_leave_out_groups_below_a_barrier_s_larger_minimum():
    data = history({
        "reps/geography=DE": {"active_members": [0.4] * 8, "members": [100] * 8},
        "reps/geography=FR": {"active_members": [0.5] * 8, "members": [100] * 8},
        "reps/geography=IT": {"active_members": [0.9] * 8, "members": [20] * 8},
    })
    text = HEADER + rule("behind", "active_members < peers(active_members)")
    shown = run(text, data).findings[0].evidence[0].threshold
    assert shown == "70%"  # the median of FR and IT: IT's 20 members clear the default of 10
    hidden = run(text + _barrier("  minimum  30 members\n"), _with_files(data)).findings
    assert [f.evidence[0].threshold for f in hidden if f.rule == "behind"] == ["50%"]  # FR only


def _with_files(data):
    """The same history, with the files_shared the barrier reads."""
    values = dict(data.values)
    values["files_shared"] = np.full_like(values["members"], 9.0)
    return History(data.period_kind, data.periods, data.groups, values)
