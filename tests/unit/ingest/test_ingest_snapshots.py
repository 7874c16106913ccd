"""Snapshot files: one spelling per number, sorted rows, exactly what the metrics loader reads."""

from __future__ import annotations

import datetime as dt
import io
import time
import json

import numpy as np
import pytest

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.ingest import calendar as cal
from adoptplan.ingest.progress import Progress, wanted
from adoptplan.ingest.quality import InputFile, PartialPeriod, Quality, SmallGroup
from adoptplan.ingest.rows import Row
from adoptplan.ingest.snapshots import (
    add_growth,
    derive,
    format_value,
    snapshot_text,
    write_snapshots,
)
from adoptplan.metrics import load_metrics
from adoptplan.report.table import Layout

ROWS = [
    Row("2026-W46", "reps", (("geography", "DE"),),
        derive({"members": 3, "active_count": 1, "posts": 2})),
    Row("2026-W46", "reps", (), derive({"members": 6, "active_count": 4, "posts": 5})),
    Row("2026-W45", "reps", (), derive({"members": 6, "active_count": 2, "posts": 0})),
]


@pytest.mark.parametrize(("metric", "value", "text"), [
    ("members", 12.0, "12"),
    ("active_members", 100 * 2 / 3, "66.6667"),
    ("posts_per_member", 0.5, "0.5"),
    ("social_reach", 3.0, "3"),
    ("organic_content_growth", -1e-9, "0"),
    ("active_members", None, ""),
    ("active_members", float("nan"), ""),
])
def test_one_spelling_per_value(metric, value, text):
    assert format_value(metric, value) == text


def test_rates_follow_from_counts_and_a_zero_whole_gives_none():
    values = derive({"members": 4, "active_count": 1, "posts": 2, "managers": 0,
                     "managers_active_count": 0})
    assert values["active_members"] == 25.0
    assert values["posts_per_member"] == 0.5
    assert values["managers_active"] is None
    assert "managers_active_count" not in values
    assert derive({"members": 0, "active_count": 0})["active_members"] is None


def test_rows_are_sorted_whole_segment_first():
    text = snapshot_text(ROWS, ["geography"], ["members", "active_count", "active_members",
                                               "posts"])
    assert text == ("period,segment,geography,members,active_count,active_members,posts\n"
                    "2026-W45,reps,,6,2,33.3333,0\n"
                    "2026-W46,reps,,6,4,66.6667,5\n"
                    "2026-W46,reps,DE,3,1,33.3333,2\n")


def test_growth_only_from_the_period_right_before():
    rows = [Row(p, "s", (), {"organic_content": v}) for p, v in
            (("2026-W01", 10.0), ("2026-W02", 15.0), ("2026-W04", 30.0))]
    grown = add_growth(rows, {"2026-W01": 1, "2026-W02": 2, "2026-W04": 4})
    assert [r.values["organic_content_growth"] for r in grown] == [None, 50.0, None]


def test_written_snapshots_load_back_without_a_finding(tmp_path):
    written = write_snapshots(ROWS, ["geography"], tmp_path / "out")
    assert [p.name for p in written] == ["2026-W45.csv", "2026-W46.csv"]
    units = {name: m.unit for name, m in STANDARD_METRICS.items()}
    loaded = load_metrics([tmp_path / "out"], units, ["reps"], ["geography"])
    assert loaded.diagnostics == ()
    history = loaded.history
    assert history.periods == ("2026-W45", "2026-W46")
    whole = history.group_index()[next(g for g in history.groups if not g.dimensions)]
    assert history.values["active_members"][whole].tolist() == pytest.approx([1 / 3, 2 / 3],
                                                                            abs=1e-6)


# ---------------------------------------------------------------------------------- calendar


def test_periods_of_weeks_months_and_rolling_days():
    weeks = cal.periods(dt.date(2014, 5, 1), dt.date(2014, 5, 12), "week")
    assert [(p.label, p.partial) for p in weeks] == [
        ("2014-W18", True), ("2014-W19", False), ("2014-W20", True)]
    assert weeks[0].covered_first == dt.date(2014, 5, 1)
    months = cal.periods(dt.date(2014, 1, 31), dt.date(2014, 3, 1), "month")
    assert [p.label for p in months] == ["2014-01", "2014-02", "2014-03"]
    assert months[1].last == dt.date(2014, 2, 28)
    days = cal.periods(dt.date(2014, 7, 25), dt.date(2014, 7, 31), "day", window=7)
    assert [p.partial for p in days] == [True] * 6 + [False]
    assert cal.days_of(days[-1])[0] == dt.date(2014, 7, 25)
    assert cal.label(dt.date(2015, 1, 1), "week") == "2015-W01"
    assert cal.label(dt.date(2014, 12, 29), "week") == "2015-W01"


# ----------------------------------------------------------------------------------- quality


def quality() -> Quality:
    q = Quality("build", "week", minimum=10, periods=["2014-W18", "2014-W19"])
    q.inputs.append(InputFile("b.csv", "events", 10, 8, (("no person id", 2),)))
    q.inputs.append(InputFile("a.csv", "events", 5, 5))
    q.segment_people = {"z": 2, "a": 1}
    q.partial.append(PartialPeriod("2014-W18", "2014-04-28", "2014-05-04", "2014-05-01",
                                   "2014-05-04"))
    q.small_groups.append(SmallGroup("2014-W19", "a/country=FR", 1))
    q.look_wrong("more active people than members", 2, ["y", "x", "x"])
    q.look_wrong("nothing", 0)
    return q


def test_quality_json_is_sorted_and_stable():
    data = json.loads(quality().to_json())
    assert [i["path"] for i in data["inputs"]] == ["a.csv", "b.csv"]
    assert data["people"]["by_segment"] == {"a": 1, "z": 2}
    assert data["look_wrong"] == [{"check": "more active people than members", "count": 2,
                                   "examples": ["x", "y"]}]
    assert data["periods"]["first"] == "2014-W18"
    assert quality().to_json() == quality().to_json()


def test_quality_table_says_it_in_words():
    text = quality().render(Layout(width=200))
    assert text.startswith("data quality\n")
    assert "  events b.csv" in text and "10 rows, 8 used (no person id 2 skipped)" in text
    assert "    in segment a" in text
    assert "data covers 2014-05-01 to 2014-05-04 of 2014-04-28 to 2014-05-04" in text
    assert "looks wrong: more active people than members  2 (e.g. x, y)" in text


@pytest.mark.parametrize("width", [50, 80, 100])
def test_quality_table_fits_the_width_and_pads_no_line(width):
    text = quality().render(Layout(width=width))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)
    assert "data covers" in text and "2014-04-28" in text  # wrapped, not cut


# ---------------------------------------------------------------------------------- progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert wanted(Terminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())


def test_the_bar_draws_the_engine_s_progress_and_clears_itself(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    progress = Progress(2, stream)

    def step():  # long enough for the poller to ask once
        time.sleep(0.5)
        return 42

    assert progress.run("facts", step, lambda: 50.0) == 42
    shown = stream.getvalue()
    assert "facts (1/2)" in shown and "50%" in shown
    assert progress.run("snapshots", lambda: 7) == 7
    assert "snapshots (2/2)" in stream.getvalue()
    assert stream.getvalue().rstrip(" ").endswith(("\x1b[?25h", "\r", "\x1b[2K"))  # cleared


def test_no_bar_writes_nothing():
    stream = io.StringIO()
    assert Progress(1, stream).run("facts", lambda: np.int64(3)) == 3
    assert stream.getvalue() == ""
