"""The metrics model: groups and their labels, and the columnar History's lookups."""

import numpy as np
import pytest

from adoptplan.snapshot import Group, History


def test_group_labels():
    assert Group("reps").label() == "reps"
    assert Group("reps", (("geography", "DE"),)).label() == "reps/geography=DE"
    both = Group("reps", (("device", "mobile"), ("geography", "DE")))
    assert both.label() == "reps/device=mobile,geography=DE"


def test_groups_sort_by_segment_then_dimensions():
    groups = [Group("reps", (("geography", "DE"),)), Group("engineers"), Group("reps")]
    assert sorted(groups) == [Group("engineers"), Group("reps"),
                              Group("reps", (("geography", "DE"),))]


def test_history_lookups():
    values = {"posts": np.array([[1.0, np.nan]]), "active_members": np.array([[0.4, 0.5]])}
    history = History("week", ("2026-W05", "2026-W06"), (Group("reps"),), values)
    assert history.metrics() == frozenset({"posts", "active_members"})
    assert list(history.values) == ["active_members", "posts"]
    assert history.group_index() == {Group("reps"): 0}
    assert history.period_index("2026-W06") == 1
    with pytest.raises(KeyError):
        history.period_index("2026-W07")
    with pytest.raises(TypeError):
        history.values["likes"] = np.zeros((1, 2))


def test_empty_history():
    empty = History.empty()
    assert (empty.period_kind, empty.periods, empty.groups, empty.metrics()) == (
        "", (), (), frozenset())
