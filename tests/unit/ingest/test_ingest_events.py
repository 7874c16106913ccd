"""metrics build: raw events aggregated by DuckDB into snapshot rows, checked with plain Python."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np
import pytest

from adoptplan import ingest
from adoptplan.diagnostics import InputError
from adoptplan.ingest import queries
from adoptplan.ingest.setup import prepare
from adoptplan.ingest.tally import Activity, tally

from support.engines import PLAYBOOK

PEOPLE = """person_id,department,country,manager_id,joined
1.0,Customer Service,DE,9,2026-01-01
2.0,Customer Service,DE,9,2026-11-05
3.0,Customer Service,FR,9,2026-10-20
4.0,Field Service,US,8,2020-01-01
5.0,Field Service,US,8,
8.0,Management,US,,2019-01-01
9.0,Management,DE,,2019-01-01
"""
MAPPING = """[people]
joined = "joined"

[events]
post  = ["post"]
read  = ["view_*"]
react = ["like"]
share = ["upload"]

[counts]
searches = ["search"]

[organic]
exclude = ["3"]

[dimensions.device_class]
column = "device"
[dimensions.device_class.classes]
phone    = ["iphone*", "pixel*"]
computer = ["laptop"]

[dimensions.tenure]
since = "joined"
days  = [30]
"""
EVENTS = [
    # person, timestamp, event, device, location, content, author
    ("1.0", "2026-11-02 08:00:00", "post", "iPhone 12", "Berlin", "m1", ""),
    ("1.0", "2026-11-02 09:00:00", "view_inbox", "Laptop", "Berlin", "", ""),
    ("2.0", "2026-11-03 10:00:00", "view_post", "iPhone 12", "Berlin", "m1", ""),
    ("3.0", "2026-11-03 11:00:00", "like", "Pixel 7", "Paris", "m1", ""),
    ("3.0", "2026-11-04 11:00:00", "post", "Laptop", "Paris", "m2", ""),
    ("9.0", "2026-11-05 12:00:00", "view_inbox", "Laptop", "Berlin", "", ""),
    ("4.0", "2026-11-06 13:00:00", "upload", "Laptop", "Denver", "", ""),
    ("4.0", "2026-11-07 13:00:00", "search", "Laptop", "Denver", "", ""),
    ("1.0", "2026-11-10 08:00:00", "like", "", "", "", "3.0"),
    ("7.0", "2026-11-10 09:00:00", "post", "Laptop", "", "", ""),
    ("5.0", "2026-11-11 09:00:00", "signup", "Laptop", "Denver", "", ""),
]
HEADER = ("user_id", "occurred_at", "event_name", "device", "location", "message_id",
          "author_id")


def events_csv(rows=EVENTS, header=HEADER, newline="\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "events.csv").write_text(events_csv(), encoding="utf-8", newline="")
    return tmp_path


def build(folder: Path, *events: str, **options) -> ingest.Ingested:
    mapping = options.pop("mapping", folder / "mapping.toml")
    return ingest.build_metrics([folder / "rollout.adopt"], folder / "people.csv",
                                [folder / e for e in events or ("events.csv",)], mapping,
                                progress=False, **options)


def table(result) -> dict:
    return {(r.period, r.segment, r.dimensions): r.values for r in result.rows}


def errors_of(call) -> list:
    with pytest.raises(InputError) as raised:
        call()
    return list(raised.value.diagnostics)


# ---------------------------------------------------------------------------------- numbers


def test_the_whole_segment_week_by_week(folder):
    rows = table(build(folder))
    reps = rows[("2026-W45", "reps", ())]
    # members: 1 and 3 joined before the end of the week, 2 on 2026-11-05 (inside it)
    assert reps["members"] == 3
    assert reps["active_count"] == 3  # 1, 2 and 3 did something counted
    assert (reps["posts"], reps["reads"], reps["likes"]) == (2, 2, 1)
    assert reps["organic_content"] == 1  # 3's post is not organic (excluded author)
    assert reps["active_members"] == pytest.approx(100.0)
    assert reps["managers"] == 1 and reps["managers_active"] == pytest.approx(100.0)
    field = rows[("2026-W45", "field", ())]
    assert (field["members"], field["active_count"], field["files_shared"]) == (1, 1, 1)
    assert field["searches"] == 1  # a count the mapping adds
    assert field["managers_active"] == 0  # 8 did nothing
    later = rows[("2026-W46", "reps", ())]
    assert (later["active_count"], later["likes"]) == (1, 1)
    assert later["organic_content_growth"] == pytest.approx(-100.0)


def test_breakdowns_by_person_event_column_classes_and_age(folder):
    rows = table(build(folder))
    assert rows[("2026-W45", "reps", (("country", "DE"),))]["members"] == 2
    assert rows[("2026-W45", "reps", (("country", "FR"),))]["posts"] == 1
    phone = rows[("2026-W45", "reps", (("device_class", "phone"),))]
    assert (phone["active_count"], phone["members"]) == (3, 3)  # 1, 2 and 3 on phones
    computer = rows[("2026-W45", "reps", (("device_class", "computer"),))]
    # an event value's own size, the people seen with it (1 and 3), not the segment's 3
    assert (computer["active_count"], computer["members"]) == (2, 2)
    assert rows[("2026-W45", "field", (("location", "Denver"),))]["members"] == 1
    assert rows[("2026-W46", "reps", (("device_class", "unknown"),))]["active_count"] == 1
    # tenure at the end of the week (2026-11-08): 2 and 3 joined less than 30 days before
    assert rows[("2026-W45", "reps", (("tenure", "0-29 days"),))]["members"] == 2
    assert rows[("2026-W45", "reps", (("tenure", "30+ days"),))]["members"] == 1
    assert rows[("2026-W45", "field", (("location", "Denver"),))]["files_shared"] == 1
    assert not any(d for (_, s, d) in rows if s == "field" and d and d[0][0] != "location")


def test_social_reach_from_content_ids_and_authors(folder):
    rows = table(build(folder))
    # 1 posted m1, read by 2 and liked by 3: reach 2; 3 posted m2, read by no one: reach 0
    assert rows[("2026-W45", "reps", ())]["social_reach"] == pytest.approx(1.0)
    # in W46 1 liked 3's content (author_id): 3 reached 1 person, and is the only author
    assert rows[("2026-W46", "reps", ())]["social_reach"] == pytest.approx(1.0)


def test_the_quality_report_of_a_build(folder):
    result = build(folder)
    quality = result.quality
    (item,) = quality.inputs
    assert (item.rows, item.used, dict(item.skipped)) == (
        11, 10, {"event the mapping does not count": 1})
    assert (quality.people_active, quality.not_in_directory) == (6, 1)  # 5 only signed up
    assert quality.not_in_directory_examples == ("7",)
    assert quality.not_in_segment == 1  # 9, a manager
    assert quality.periods == ["2026-W45", "2026-W46"]
    assert [p.period for p in quality.partial] == ["2026-W46"]
    assert "events the mapping does not count: signup (1)" in quality.notes


def test_rolling_windows_of_days(folder):
    rows = table(build(folder, period="day", window=7))
    # 2026-11-08 covers 11-02 to 11-08: everyone of W45
    assert rows[("2026-11-08", "reps", ())]["active_count"] == 3
    # 2026-11-10 covers 11-04 to 11-10: 3 (post on 11-04) and 1 (like on 11-10)
    assert rows[("2026-11-10", "reps", ())]["active_count"] == 2


def test_months_and_since_until(folder):
    result = build(folder, period="month")
    assert result.quality.periods == ["2026-11"]
    import datetime as dt

    clipped = build(folder, since=dt.date(2026, 11, 9))
    assert clipped.quality.periods == ["2026-W46"]


# ---------------------------------------------------------------------------------- formats


def test_gzip_and_parquet_give_the_same_rows(folder):
    import duckdb

    (folder / "events.csv.gz").write_bytes(gzip.compress(
        (folder / "events.csv").read_bytes(), mtime=0))
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{folder / 'events.csv'}', all_varchar = true)) "
                f"TO '{folder / 'events.parquet'}' (FORMAT parquet)")
    con.close()
    plain = table(build(folder))
    assert table(build(folder, "events.csv.gz")) == plain
    assert table(build(folder, "events.parquet")) == plain


def test_several_files_with_other_column_names(folder):
    first, second = EVENTS[:5], EVENTS[5:]
    (folder / "a.csv").write_text(events_csv(first), encoding="utf-8")
    renamed = [(p, t, e) for p, t, e, *_ in second]
    (folder / "b.csv").write_text(events_csv(renamed, ("person_id", "timestamp", "action"),
                                             "\n"), encoding="utf-8")
    rows = table(build(folder, "a.csv", "b.csv"))
    assert rows[("2026-W45", "field", ())]["files_shared"] == 1
    assert rows[("2026-W45", "reps", (("device_class", "phone"),))]["active_count"] == 3


def test_utc_offsets_are_converted_and_naive_times_taken_as_utc(folder):
    rows = [("1.0", "2026-11-09T00:30:00+02:00", "post", "", "", "", "")]
    (folder / "zoned.csv").write_text(events_csv(rows), encoding="utf-8")
    result = build(folder, "zoned.csv")
    assert result.quality.periods == ["2026-W45"]  # 2026-11-08 22:30 UTC


def test_a_row_that_cannot_be_read_is_left_out_with_a_warning(folder):
    text = events_csv() + "1.0,not a time,post,,,,\r\n2.0,2026-11-03 10:00:00,post\r\n"
    (folder / "events.csv").write_text(text, encoding="utf-8", newline="")
    result = build(folder)
    found = [(w.code, w.span.line) for w in result.warnings]
    assert found == [("AP719", 13), ("AP719", 14)]
    (item,) = result.quality.inputs
    assert dict(item.skipped)["unreadable row"] == 2


def test_a_missing_column_is_an_error_on_the_header(folder):
    (folder / "events.csv").write_text("user_id,when,event_name\n1,2026-11-02,post\n",
                                       encoding="utf-8")
    (found,) = errors_of(lambda: build(folder))
    assert (found.code, found.span.line, found.span.column) == ("AP702", 1, 1)
    assert found.message.startswith("expected a time column (timestamp, occurred_at")
    assert found.hint == 'name it under [columns] in the mapping: time = "..."'


def test_a_broken_gzip_file_is_ap701(folder):
    (folder / "events.csv.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    (found,) = errors_of(lambda: build(folder, "events.csv.gz"))
    assert (found.code, found.message) == (
        "AP701", "cannot read this events file: a broken gzip file")


def test_events_the_mapping_never_names_are_ap712(folder):
    (folder / "mapping.toml").write_text('[events]\npost = ["publish"]\n', encoding="utf-8")
    text = PLAYBOOK.replace("  by    country, device_class, tenure\n", "")
    (folder / "rollout.adopt").write_text(text, encoding="utf-8")
    (found,) = errors_of(lambda: build(folder))
    assert found.code == "AP712"
    assert found.hint.startswith("the events are named: like, post, search, signup, upload")


def test_a_dimension_found_nowhere_is_ap711_at_the_playbook(folder):
    (folder / "mapping.toml").write_text('[people]\njoined = "joined"\n', encoding="utf-8")
    found = errors_of(lambda: build(folder))
    assert {(d.code, d.span.line) for d in found} == {("AP711", 8)}
    assert {d.message for d in found} == {
        "no column 'device_class' for the dimension 'device_class' in the people directory, "
        "the mapping's [dimensions] or the activity data",
        "no column 'tenure' for the dimension 'tenure' in the people directory, the mapping's "
        "[dimensions] or the activity data"}


# ------------------------------------------------------------------------- one set of formulas


def test_import_formulas_agree_with_the_sql(folder):
    """The tally of metrics import and sql/snapshot.sql give the same numbers for the same
    activity: each person's counts in a week."""
    (folder / "rollout.adopt").write_text(
        PLAYBOOK.replace("by    country, device_class, tenure", "by    country, tenure")
                .replace("  by    location\n", ""), encoding="utf-8")
    built = build(folder)
    setup = prepare([folder / "rollout.adopt"], folder / "people.csv", folder / "mapping.toml")
    from adoptplan.ingest.setup import resolve

    breakdowns, _ = resolve(setup, ())
    position = {person: k for k, person in enumerate(setup.people.ids)}
    directory = setup.directory.index()
    activity = Activity.empty(len(setup.people), len(setup.directory))
    roles = {"post": "posts", "view_inbox": "reads", "view_post": "reads", "like": "likes",
             "upload": "files_shared", "search": "searches"}
    for person, when, event, *_ in EVENTS:
        person = person.split(".")[0]
        if not ("2026-11-02" <= when[:10] <= "2026-11-08") or event not in roles:
            continue
        if person in directory:
            activity.directory_active[directory[person]] = True
        if person in position:
            activity.active[position[person]] = True
            activity.add(roles[event], position[person], 1.0)
    for name in ("posts", "reads", "likes", "files_shared", "searches"):
        activity.counts.setdefault(name, np.zeros(len(setup.people)))
    import datetime as dt

    from adoptplan.ingest.setup import day_number

    tallied = {(r.segment, r.dimensions): r.values for r in
               tally(setup, breakdowns, "2026-W45", day_number(dt.date(2026, 11, 8)), activity)}
    sql = {(r.segment, r.dimensions): r.values for r in built.rows if r.period == "2026-W45"}
    assert set(tallied) == set(sql)
    for key, values in tallied.items():
        for metric, value in values.items():
            assert sql[key][metric] == pytest.approx(value), (key, metric)


# ------------------------------------------------------------------------------- elsewhere


def test_the_sql_runs_on_its_own_from_the_files_it_writes(folder, tmp_path):
    """What a warehouse does: load the tables and the raw events, run the files in order, get
    the same snapshot (the staging in SQL, not DuckDB's CSV reader, normalizes ids and times)."""
    import duckdb

    from adoptplan.ingest.engines import dialects

    result = build(folder)
    written = ingest.write_sql(result, tmp_path / "sql")
    assert [p.name for p in written] == [
        "0-staging.sql", "0-values.sql", "1-facts.sql", "1b-reach.sql", "2-snapshot.sql",
        "3-quality.sql", "adoptplan_calendar.csv", "adoptplan_directory.csv",
        "adoptplan_people.csv", "README.md"]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    sql = tmp_path / "sql"
    text = "{'person_id': 'VARCHAR', 'manager_id': 'VARCHAR'}"
    for name, types in (("adoptplan_people", text), ("adoptplan_calendar", "{}"),
                        ("adoptplan_directory", "{'person_id': 'VARCHAR'}")):
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{sql}/{name}.csv', "
                    f"header = true, types = {types})")
    con.execute(f"CREATE TABLE adoptplan_raw_events AS SELECT 0 AS source, user_id AS person_id, "
                f"occurred_at, event_name, device, location, message_id AS content_id, "
                f"author_id FROM read_csv('{folder / 'events.csv'}', all_varchar = true, "
                f"header = true)")
    for _ in range(2):  # a second run replaces what the first made
        for path in written[:4]:
            con.execute(path.read_text(encoding="utf-8"))
    names = [d[0] for d in con.execute(written[4].read_text(encoding="utf-8")).description]
    records = con.fetchall()
    got = {}
    for record in records:
        values = dict(zip(names, record))
        key = (values.pop("period"), values.pop("segment"), tuple(sorted(
            (d, values.pop(d)) for d in result.dimensions if values[d] is not None)))
        got[key] = {k: v for k, v in values.items() if k not in result.dimensions}
    assert got.keys() == table(result).keys()
    for key, values in table(result).items():
        assert got[key] == pytest.approx(values, rel=1e-12, nan_ok=True), key
    for statement in dialects.split_script(written[5].read_text(encoding="utf-8")):
        con.execute(statement)  # the quality queries run too


def test_sql_identifiers_and_event_conditions():
    assert queries.identifier("device") == "device"
    assert queries.identifier("group") == '"group"'
    assert queries.event_condition(["Login", "search_*", "it's"]) == (
        "e.event_name IN ('it''s', 'login') OR e.event_name LIKE 'search\\_%' ESCAPE '\\'")
    assert queries.event_condition([]) == "1 = 0"


def test_the_events_are_read_in_one_pass(folder, monkeypatch):
    """Staged once: the first scan and step 1 read what was staged, not the file again (issue
    21), so emptying the file after staging changes nothing."""
    from adoptplan.ingest import events

    expected = table(build(folder))
    read = events.Build._read

    def then_empty(self, files, columns, plan):
        read(self, files, columns, plan)
        (folder / "events.csv").write_text(events_csv(rows=[]), encoding="utf-8")

    monkeypatch.setattr(events.Build, "_read", then_empty)
    assert table(build(folder)) == expected


def test_one_event_column_is_counted_from_the_facts_as_step_one_left_them(folder, tmp_path):
    """With one event dimension step 1 already gives a row per period, person and value, so
    step 2 reads its facts as they are rather than grouping them again: the rows of the
    segment broken down by it are those of a build with a second event dimension, which
    groups the facts by each."""
    both = table(build(folder))
    (folder / "rollout.adopt").write_text(PLAYBOOK.replace("  by    location\n", ""),
                                          encoding="utf-8")
    one = build(folder)
    snapshot = ingest.write_sql(one, tmp_path / "sql")[4].read_text(encoding="utf-8")
    assert "  FROM adoptplan_facts f\n" in snapshot
    assert {k: v for k, v in table(one).items() if k[1] == "reps"} == \
        {k: v for k, v in both.items() if k[1] == "reps"}


def test_running_out_of_memory_is_a_message_not_a_traceback(folder, monkeypatch):
    from click.testing import CliRunner

    from adoptplan.cli import cli
    from adoptplan.ingest import events

    monkeypatch.setattr(events, "MEMORY_LIMIT", "1KB")
    result = CliRunner().invoke(cli, [
        "metrics", "build", "--events", str(folder / "events.csv"), "--people",
        str(folder / "people.csv"), "--playbook", str(folder / "rollout.adopt"), "--mapping",
        str(folder / "mapping.toml"), "-o", str(folder / "out")])
    assert result.exit_code == 2
    assert "the build ran out of memory" in result.output
    assert "--since and --until" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
