"""metrics build and import on odd inputs: the playbook's cadence, timestamps far out, a file
named twice, absurd counts, outputs that cannot be written. Through the CLI as a user runs it,
or the ingest API where the CLI adds nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from adoptplan import ingest
from adoptplan.codes.ingest import EXAMPLE_EVENTS, EXAMPLE_EXPORT, EXAMPLE_PLAYBOOK
from adoptplan.ingest.quality import FAR_DAYS, bulk_of
from adoptplan.report.terminal import Layout

from support.ingest import COMMON, run, write_examples

MONTHLY = EXAMPLE_PLAYBOOK.replace("cadence weekly", "cadence monthly").replace(
    "launch  2026-W40", "launch  2026-10")
FAR = "periods far outside the bulk of the data"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_examples(tmp_path)
    Path("monthly.adopt").write_text(MONTHLY, encoding="utf-8")
    return tmp_path


def build(events: str = "events.csv", playbook: str = "rollout.adopt", **options):
    return ingest.build_metrics([Path(playbook)], Path("people.csv"), [Path(events)],
                                progress=False, **options)


def report() -> dict:
    return json.loads(Path("metrics", "data-quality.json").read_text(encoding="utf-8"))


def with_row(name: str, row: str) -> str:
    Path(name).write_text(EXAMPLE_EVENTS + row, encoding="utf-8")
    return name


# ------------------------------------------------------------------------ period and cadence


def test_a_build_without_period_follows_a_monthly_cadence(folder):
    result = build(playbook="monthly.adopt")
    assert result.quality.periods == ["2026-11"]
    assert result.quality.period == "month"
    assert result.warnings == ()


def test_a_build_without_period_follows_a_weekly_cadence(folder):
    result = build()
    assert result.quality.periods == ["2026-W45"]
    assert result.warnings == ()


@pytest.mark.parametrize("period", ["week", "day"])
def test_a_period_other_than_the_cadence_is_a_warning_at_the_cadence(folder, period):
    result = build(playbook="monthly.adopt", period=period)
    (warning,) = result.warnings
    assert (warning.code, warning.severity) == ("AP720", "warning")
    assert (warning.span.path, warning.span.line) == ("monthly.adopt", 2)
    assert warning.message == (f"--period {period} gives snapshots by {period}, but the "
                               "playbook's cadence is monthly")
    assert f"count {period}s, not months" in warning.hint


def test_the_cadence_period_given_is_no_warning(folder):
    assert build(playbook="monthly.adopt", period="month").warnings == ()


def test_an_import_warns_of_a_period_other_than_the_cadence_too(folder):
    result = ingest.import_metrics("viva-engage", [Path("activity.csv")],
                                   [Path("monthly.adopt")], Path("people.csv"), period="week")
    assert [(w.code, w.span.line) for w in result.warnings] == [("AP720", 2)]
    assert result.quality.periods == ["2026-W45"]


def test_the_warning_shows_on_the_command_line(folder):
    result = run("metrics", "build", "--events", "events.csv", "--period", "week",
                 "--people", "people.csv", "--playbook", "monthly.adopt", "-o", "metrics")
    assert result.exit_code == 0, result.output
    assert "monthly.adopt:2:11: warning[AP720]: --period week gives snapshots by week, but " \
           "the playbook's cadence is monthly" in result.output


# -------------------------------------------------------------------------------- timestamps


@pytest.mark.parametrize("stamp", ["9999-12-31 23:59:59", "0001-01-01 00:00:00",
                                   "10000-01-01 00:00:00", "2262-04-12 00:00:00"])
def test_a_timestamp_out_of_range_is_a_row_left_out(folder, stamp):
    with_row("events.csv", f"ana@example.com,{stamp},post\n")
    result = run("metrics", "build", "--events", "events.csv", *COMMON)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (f"events.csv:5:1: warning[AP719]: this row is left out: its timestamp {stamp} lies "
            "outside 1677-09-21 to 2262-04-11") in result.output
    (events,) = [i for i in report()["inputs"] if i["kind"] == "events"]
    assert (events["rows"], events["used"]) == (4, 3)
    assert events["skipped"] == {"timestamp out of range": 1}
    assert report()["periods"]["first"] == "2026-W45" == report()["periods"]["last"]


def test_a_timestamp_that_is_no_timestamp_is_still_unreadable(folder):
    with_row("events.csv", "ana@example.com,soon,post\n")
    result = build()
    (warning,) = result.warnings
    assert warning.message.startswith("this row cannot be read and is left out")
    assert "TIMESTAMP_NS" not in warning.message
    assert dict(result.quality.inputs[-1].skipped) == {"unreadable row": 1}


def test_an_offset_timestamp_out_of_range_is_left_out_with_a_warning_at_its_column(folder):
    Path("zoned.csv").write_text(
        "person_id,timestamp,event_name\n"
        "ana@example.com,2026-11-03 09:00:00+01:00,post\n"
        "ben@example.com,9999-12-31 23:59:59+00:00,read\n", encoding="utf-8")
    result = build("zoned.csv")
    (warning,) = result.warnings
    assert (warning.code, warning.span.line, warning.span.column) == ("AP719", 1, 11)
    assert warning.message == ("1 row is left out: a timestamp in column 'timestamp' lies "
                               "outside 1677-09-21 to 2262-04-11")
    assert dict(result.quality.inputs[-1].skipped) == {"timestamp out of range": 1}
    assert result.quality.periods == ["2026-W45"]


def test_a_parquet_timestamp_out_of_range_is_left_out_with_a_warning(folder):
    import duckdb

    with_row("big.csv", "ana@example.com,9999-12-31 23:59:59,post\n")
    con = duckdb.connect()
    con.execute("COPY (SELECT person_id, CAST(timestamp AS TIMESTAMP) AS timestamp, event_name "
                "FROM read_csv('big.csv', all_varchar = true)) TO 'big.parquet' "
                "(FORMAT parquet)")
    con.close()
    result = build("big.parquet")
    assert [(w.code, w.span.line) for w in result.warnings] == [("AP719", 1)]
    assert dict(result.quality.inputs[-1].skipped) == {"timestamp out of range": 1}
    assert result.quality.periods == ["2026-W45"]


def test_only_rows_out_of_range_is_an_error_that_shows_them(folder):
    Path("events.csv").write_text("person_id,timestamp,event_name\n"
                                  "ana@example.com,9999-12-31 23:59:59,post\n", encoding="utf-8")
    result = run("metrics", "build", "--events", "events.csv", *COMMON)
    assert result.exit_code == 2
    assert "error[AP712]" in result.output
    assert "events.csv:2:1: warning[AP719]: this row is left out" in result.output
    assert not Path("metrics").exists()


def test_a_stray_row_decades_before_the_data_is_listed_as_looking_wrong(folder):
    with_row("events.csv", "ana@example.com,1970-01-01 00:00:00,post\n")
    result = build(period="month")
    periods = result.quality.periods
    assert (periods[0], periods[-1], len(periods)) == ("1970-01", "2026-11", 683)
    (finding,) = [f for f in result.quality.findings if f.check == FAR]
    assert (finding.count, finding.examples) == (682, ("1970-01 (1 event)",))
    assert ("the bulk of the events runs from 2026-11-03 to 2026-11-05: --since 2026-11-03 "
            "--until 2026-11-05 builds only it") in result.quality.notes
    assert f"looks wrong: {FAR}" in result.quality.render(Layout(width=200))


def test_since_leaves_the_stray_row_out_and_the_finding_with_it(folder):
    with_row("events.csv", "ana@example.com,1970-01-01 00:00:00,post\n")
    result = build(period="month", since=dt.date(2026, 11, 3))
    assert result.quality.periods == ["2026-11"]
    assert not [f for f in result.quality.findings if f.check == FAR]


def test_data_without_stray_rows_has_no_such_finding(folder):
    result = build()
    assert not [f for f in result.quality.findings if f.check == FAR]
    assert result.quality.notes == []


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_bulk_is_cut_only_at_a_gap_far_and_longer_than_it():
    year = {day("2025-01-01") + dt.timedelta(days=k): 10 for k in range(0, 365, 3)}
    assert bulk_of(year) == (day("2025-01-01"), max(year))
    stray = {**year, day("1970-01-01"): 1}
    assert bulk_of(stray) == (day("2025-01-01"), max(year))
    # 200 days before a year of data: nearer than the year is long, so not far outside
    near = {**year, day("2024-06-15"): 1}
    assert bulk_of(near) == (day("2024-06-15"), max(year))
    # both ends, one after the other
    both = {**stray, day("2100-01-01"): 2}
    assert bulk_of(both) == (day("2025-01-01"), max(year))


def test_the_bulk_is_not_cut_when_the_sides_weigh_the_same_or_the_gap_is_short():
    even = {day("2020-01-01"): 5, day("2026-01-01"): 5}
    assert bulk_of(even) == (day("2020-01-01"), day("2026-01-01"))
    short = {day("2026-01-01"): 1, day("2026-01-01") + dt.timedelta(days=FAR_DAYS): 9}
    assert bulk_of(short) == (day("2026-01-01"), day("2026-01-01") + dt.timedelta(days=90))
    assert bulk_of({day("2026-01-01"): 3}) == (day("2026-01-01"), day("2026-01-01"))


# ------------------------------------------------------------------------- a file named twice


@pytest.mark.parametrize("second", ["events.csv", "./events.csv", "absolute", "link.csv"])
def test_an_events_file_named_twice_is_ap713_and_nothing_is_written(folder, second):
    os.symlink("events.csv", "link.csv")
    second = str(folder / "events.csv") if second == "absolute" else second
    result = run("metrics", "build", "--events", "events.csv", "--events", second, *COMMON)
    assert result.exit_code == 2
    assert "error[AP713]: this events file is given twice" in result.output
    assert "its events would count twice" in result.output
    assert not Path("metrics").exists()


def test_two_files_with_the_same_events_are_not_the_same_file(folder):
    Path("copy.csv").write_text(EXAMPLE_EVENTS, encoding="utf-8")
    result = ingest.build_metrics([Path("rollout.adopt")], Path("people.csv"),
                                  [Path("events.csv"), Path("copy.csv")], progress=False)
    reps = next(r for r in result.rows if r.segment == "reps" and not r.dimensions)
    assert reps.values["posts"] == 2


# ------------------------------------------------------------------------- --since and --until


@pytest.mark.parametrize(("words", "message"), [
    (("--since", "2026-12-01"), "no events on or after 2026-12-01"),
    (("--until", "2026-01-31"), "no events on or before 2026-01-31"),
    (("--since", "2026-12-01", "--until", "2026-12-31"), "no events from 2026-12-01 to 2026-12-31"),
])
def test_no_events_in_the_days_asked_for_says_which_days(folder, words, message):
    result = run("metrics", "build", "--events", "events.csv", *words, *COMMON)
    assert result.exit_code == 2
    assert f"error[AP712]: {message}\n" in result.output
    assert "None" not in result.output
    assert "hint: the events the mapping counts run from 2026-11-03 to 2026-11-05" in result.output


# ------------------------------------------------------------------------------ export counts


def export_with(posted: str) -> str:
    Path("odd.csv").write_text(EXAMPLE_EXPORT.replace(",2,30,5,", f",{posted},30,5,"),
                               encoding="utf-8")
    return "odd.csv"


@pytest.mark.parametrize("posted", ["1" + "0" * 43, "1e400", str(2 ** 53 + 2)])
def test_a_count_too_large_to_hold_is_an_error_like_infinity(folder, posted):
    result = run("metrics", "import", "--from", "viva-engage", export_with(posted), *COMMON)
    assert result.exit_code == 2
    assert f"error[AP704]: expected a count in column 'Posted Count', got '{posted}'" \
        in result.output
    assert not Path("metrics").exists()


def test_a_count_above_one_a_second_looks_wrong_in_the_quality_report(folder):
    result = run("metrics", "import", "--from", "viva-engage", export_with("604801"), *COMMON)
    assert result.exit_code == 0, result.output
    (finding,) = report()["look_wrong"]
    assert finding == {"check": "counts above one a second of the report's days", "count": 1,
                       "examples": ["odd.csv:2 Posted Count"]}


def test_a_count_of_one_a_second_is_no_finding(folder):
    result = run("metrics", "import", "--from", "viva-engage", export_with("604800"), *COMMON)
    assert result.exit_code == 0, result.output
    assert report()["look_wrong"] == []


# ---------------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("blocked", ["sql", "sql/inside"])
def test_an_output_that_cannot_be_written_stops_the_build_before_anything(folder, blocked):
    Path("sql").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(ingest.BuildFailed) as raised:
        build(outputs=(Path("metrics"), Path(blocked)))
    why = "it is a file, not a folder" if blocked == "sql" else "sql is a file, not a folder"
    assert str(raised.value) == f"cannot write to {blocked}: {why}"
    assert not Path("metrics").exists()


def test_outputs_that_can_be_written_or_are_none_let_the_build_run(folder):
    result = build(outputs=(Path("metrics/new/deeper"), None))
    assert result.quality.periods == ["2026-W45"]
    assert not Path("metrics").exists()  # checked, not made


# -------------------------------------------------------------------- the same on the command line


def test_the_command_without_period_follows_a_monthly_cadence(folder):
    result = run("metrics", "build", "--events", "events.csv", "--people", "people.csv",
                 "--playbook", "monthly.adopt", "-o", "metrics")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("metrics").glob("*.csv")) == ["2026-11.csv"]
    assert "cadence" not in result.output  # nothing to warn of


def test_the_command_with_a_sql_out_that_is_a_file_writes_nothing(folder):
    Path("sql").write_text("a file, not a folder", encoding="utf-8")
    result = run("metrics", "build", "--events", "events.csv", *COMMON, "--sql-out", "sql")
    assert result.exit_code == 2
    assert "cannot write to sql: it is a file, not a folder" in result.output
    assert "Traceback" not in result.output
    assert not Path("metrics").exists()


def test_a_window_needs_day_periods_whether_given_or_from_the_cadence(folder):
    given = run("metrics", "build", "--events", "events.csv", *COMMON, "--period", "week",
                "--window", "7")
    assert given.exit_code == 2 and "--window applies to --period day" in given.output
    cadence = run("metrics", "build", "--events", "events.csv", *COMMON, "--window", "7")
    assert cadence.exit_code == 2
    assert "--window applies to --period day, and the snapshots are by week" in cadence.output
    day = run("metrics", "build", "--events", "events.csv", *COMMON, "--period", "day",
              "--window", "7")
    assert day.exit_code == 0, day.output


def test_an_output_inside_a_folder_that_cannot_be_entered_is_one_line(folder, monkeypatch):
    locked = Path("locked")
    real_exists = Path.exists

    def exists(self: Path, *args, **kwargs) -> bool:
        if locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    result = run("metrics", "build", "--events", "events.csv", "--people", "people.csv",
                 "--playbook", "rollout.adopt", "-o", "locked/out")
    assert result.exit_code == 2
    assert result.output == "adoptplan: cannot write to locked/out: permission denied\n"
