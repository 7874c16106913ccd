"""metrics import: every quirk of real exports (export-formats.md) read into the right numbers."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from adoptplan import ingest
from adoptplan.diagnostics import InputError
from adoptplan.ingest.exports import _slack_window

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps {
  match department == "Customer Service" and job_family in ["Agent", "Senior agent"]
  by    geography
}

segment field {
  match department == "Field Service"
  by    device
}
"""
SLACK = "Northwind Member Analytics Prior 7 Days - Nov 15, 2026.csv"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    shutil.copy(FIXTURES / "people.csv", tmp_path / "people.csv")
    return tmp_path


def run(folder: Path, platform: str, *names: str, **options) -> ingest.Ingested:
    paths = [FIXTURES / n if (FIXTURES / n).exists() else folder / n for n in names]
    return ingest.import_metrics(platform, paths, [folder / "rollout.adopt"],
                                 folder / "people.csv", **options)


def rows_of(result, period: str, segment: str) -> dict:
    """The rows of a segment in a period by their dimensions ((): the whole segment)."""
    return {r.dimensions: r.values for r in result.rows
            if r.period == period and r.segment == segment}


def people_where(**wanted) -> set[str]:
    with (FIXTURES / "people.csv").open(newline="", encoding="utf-8") as stream:
        return {row["person_id"] for row in csv.DictReader(stream)
                if all(row[k] in v for k, v in wanted.items())}


def errors_of(call) -> list:
    with pytest.raises(InputError) as raised:
        call()
    return list(raised.value.diagnostics)


# ------------------------------------------------------------------------------ Viva Engage


def test_two_weekly_reports_make_a_history_counted_as_plain_python_does(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-08.csv",
                 "viva-activity-2026-11-15.csv")
    assert result.quality.periods == ["2026-W45", "2026-W46"]
    reps = people_where(Department={"Customer Service"}, **{"Job family": {"Agent",
                                                                          "Senior agent"}})
    # independently: active when the last activity is in the week or anything was counted
    active, posts = set(), 0
    with (FIXTURES / "viva-activity-2026-11-08.csv").open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            user = row["User Principal Name"].lower()
            if user not in reps:
                continue
            counts = [int(row[c] or 0) for c in ("Posted Count", "Read Count", "Liked Count")]
            if "2026-11-02" <= row["Last Activity Date"] <= "2026-11-08" or any(counts):
                active.add(user)
            posts += counts[0]
    whole = rows_of(result, "2026-W45", "reps")[()]
    assert whole["members"] == len(reps) == 10
    assert whole["active_count"] == len(active) == 6
    assert whole["posts"] == posts == 9
    assert whole["active_members"] == pytest.approx(60.0)
    assert whole["posts_per_member"] == pytest.approx(0.9)


def test_upn_case_bom_crlf_and_empty_counts(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-08.csv")
    de = rows_of(result, "2026-W45", "reps")[(("geography", "DE"),)]
    # P04@Northwind.Example (mixed case, empty Liked Count) is p04, an agent in DE
    assert de["likes"] == 10 + 0 + 2 + 2  # p03 10, p04 empty, p05 and p07 2 each
    assert any("empty counts read as 0" in note for note in result.quality.notes)


def test_deleted_users_and_people_outside_the_directory_are_left_out_and_reported(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-08.csv")
    (item,) = result.quality.inputs
    assert (item.rows, item.used, dict(item.skipped)) == (21, 20, {"deleted or deactivated": 1})
    assert result.quality.not_in_directory_examples == ("guest@partner.example",)
    assert result.quality.not_in_segment == 3  # p01 and p02 (managers), p14 (a team lead)


def test_growth_is_taken_from_the_week_before(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-08.csv",
                 "viva-activity-2026-11-15.csv")
    before = rows_of(result, "2026-W45", "reps")[()]
    after = rows_of(result, "2026-W46", "reps")[()]
    assert before["organic_content_growth"] is None
    expected = 100 * (after["organic_content"] - before["organic_content"]) / \
        before["organic_content"]
    assert after["organic_content_growth"] == pytest.approx(expected)


def test_admin_centre_labels_read_like_graph_headers(folder):
    result = run(folder, "viva-engage", "viva-activity-admin-labels.csv")
    assert result.quality.periods == ["2026-W47"]
    assert rows_of(result, "2026-W47", "reps")[()]["posts"] == 2  # p03 and p04


def test_device_usage_gives_the_device_breakdown_from_yes_and_no(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-15.csv",
                 "viva-devices-2026-11-15.csv")
    field = rows_of(result, "2026-W46", "field")
    with (FIXTURES / "viva-devices-2026-11-15.csv").open(newline="", encoding="utf-8-sig") as f:
        used = [r for r in csv.DictReader(f)
                if r["User Principal Name"] in people_where(Department={"Field Service"})]
    web = sum(r["Used Web"] == "Yes" for r in used)
    iphone = sum(r["Used iPhone"] == "Yes" for r in used)
    assert field[(("device", "computer"),)]["active_count"] == web
    assert field[(("device", "phone"),)]["active_count"] == iphone
    assert field[()]["members"] == 7
    # a device's own size, the people seen with it: the privacy floor reads it
    assert field[(("device", "phone"),)]["members"] == iphone == 3
    assert field[(("device", "computer"),)]["members"] == web
    assert field[(("device", "phone"),)].get("posts") is None  # not known per device


def test_no_device_export_leaves_the_device_breakdown_out_with_a_warning(folder):
    result = run(folder, "viva-engage", "viva-activity-2026-11-15.csv")
    assert [w.code for w in result.warnings] == ["AP717"]
    assert all(r.dimensions == () for r in result.rows if r.segment == "field")


def test_concealed_names_are_an_error_that_says_how_to_turn_concealment_off(folder):
    (found,) = errors_of(lambda: run(folder, "viva-engage", "viva-concealed.csv"))
    assert (found.code, found.span.line, found.span.column) == ("AP703", 2, 12)
    assert "adminReportSettings.displayConcealedNames" in found.hint
    assert "report_hash" in found.hint


def test_concealed_names_map_through_a_report_hash_column(folder):
    people = (folder / "people.csv").read_text(encoding="utf-8").splitlines()
    hashes = {3: "77E5979DD60BA6EAA53E814DBEEEFA5F", 4: "0A5BE4F0D4A3C1E2B9F8D7C6B5A49382"}
    people = [line + "," + ("report_hash" if k == 0 else hashes.get(k, ""))
              for k, line in enumerate(people)]
    (folder / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    result = run(folder, "viva-engage", "viva-concealed.csv")
    assert rows_of(result, "2022-W45", "reps")[()]["active_count"] == 1


def test_a_groups_report_is_not_a_per_user_export(folder):
    (folder / "groups.csv").write_text(
        "\ufeffReport Refresh Date,Group Display Name,Is Deleted,Owner Principal Name,"
        "Last Activity Date,Group Type,Office 365 Connected,Member Count,Posted Count,"
        "Read Count,Liked Count,Report Period\n"
        "2022-11-10,7D3654B07E126BBD0D18174368FC243F,False,,,public,No,3,,,,7\n",
        encoding="utf-8")
    (found,) = errors_of(lambda: run(folder, "viva-engage", "groups.csv"))
    assert (found.code, found.message) == (
        "AP714", "this is the groups activity report, not a per-user export")


def test_a_missing_count_column_is_named_with_the_closest_header(folder):
    (folder / "x.csv").write_text(
        "Report Refresh Date,User Principal Name,Posted Count,Read Count,Likes Count,"
        "Report Period\n2026-11-15,p03@northwind.example,1,2,3,7\n", encoding="utf-8")
    (found,) = errors_of(lambda: run(folder, "viva-engage", "x.csv"))
    assert found.code == "AP702"
    assert found.message == ("expected the column 'Liked Count' of the Viva Engage activity "
                             "user detail in the header")
    assert found.hint == "did you mean 'likes_count'?"


@pytest.mark.parametrize(("cell", "column"), [("lots", 7), ("2026-13-45", 6)])
def test_a_cell_that_is_not_a_count_or_a_date_is_pinned_on_its_cell(folder, cell, column):
    values = ["2026-11-15", "p03@northwind.example", "P", "Active", "", "2026-11-12", "1", "2",
              "3", "E3", "7"]
    values[column - 1] = cell
    text = (FIXTURES / "viva-activity-2026-11-15.csv").read_text(encoding="utf-8-sig")
    (folder / "x.csv").write_text(text.splitlines()[0] + "\n" + ",".join(values) + "\n",
                                  encoding="utf-8")
    (found,) = errors_of(lambda: run(folder, "viva-engage", "x.csv"))
    assert (found.code, found.span.line) == ("AP704", 2)
    assert found.message.endswith(f"got '{cell}'")


def test_reports_without_dates_take_them_from_the_options(folder):
    text = ("Username,Posted,Read,Liked,Last activity date (UTC)\n"
            "p03@northwind.example,1,2,3,2026-11-12\n")
    (folder / "x.csv").write_text(text, encoding="utf-8")
    (found,) = errors_of(lambda: run(folder, "viva-engage", "x.csv"))
    assert (found.code, found.hint) == (
        "AP712", "give the report's last day and length: --report-end 2026-04-17 "
                 "--report-days 30")
    result = run(folder, "viva-engage", "x.csv", report_end=dt.date(2026, 11, 15),
                 report_days=7)
    assert rows_of(result, "2026-W46", "reps")[()]["active_count"] == 1


def test_a_30_day_report_is_a_month_or_a_warning_for_weeks(folder):
    text = (FIXTURES / "viva-activity-2026-11-15.csv").read_text(encoding="utf-8-sig")
    (folder / "x.csv").write_text(text.replace(",7\n", ",30\n"), encoding="utf-8")
    weekly = run(folder, "viva-engage", "x.csv")
    assert [w.code for w in weekly.warnings if w.code == "AP720"] == ["AP720"]
    monthly = run(folder, "viva-engage", "x.csv", period="month")
    assert monthly.quality.periods == ["2026-11"]
    assert [p.period for p in monthly.quality.partial] == ["2026-11"]  # 10-17 to 11-15


def test_two_reports_of_one_week_are_an_error(folder):
    shutil.copy(FIXTURES / "viva-activity-2026-11-15.csv", folder / "again.csv")
    found = errors_of(lambda: run(folder, "viva-engage", "viva-activity-2026-11-15.csv",
                                  "again.csv"))
    assert [d.code for d in found] == ["AP713"]


# ----------------------------------------------------------------------------------- Teams


def test_teams_older_files_with_fewer_columns_and_is_deleted(folder):
    (folder / "teams.csv").write_text(
        "Report Refresh Date,User Principal Name,Last Activity Date,Is Deleted,"
        "Team Chat Message Count,Private Chat Message Count,Post Messages,Reply Messages,"
        "Report Period\n"
        "2026-11-15,p03@northwind.example,2026-11-13,False,1,2,3,4,7\n"
        "2026-11-15,p04@northwind.example,,False,,,,,7\n"
        "2026-11-15,p05@northwind.example,2026-11-10,True,9,9,9,9,7\n", encoding="utf-8")
    result = run(folder, "teams", "teams.csv")
    reps = rows_of(result, "2026-W46", "reps")[()]
    assert (reps["active_count"], reps["posts"], reps["chat_messages"]) == (1, 7, 3)
    assert dict(result.quality.inputs[0].skipped) == {"deleted or deactivated": 1}


def test_teams_full_export(folder):
    result = run(folder, "teams", "teams-2026-11-15.csv")
    assert rows_of(result, "2026-W46", "reps")[()]["members"] == 10


# ----------------------------------------------------------------------------------- Slack


def test_slack_dates_come_from_the_file_name():
    assert _slack_window(SLACK) == (dt.date(2026, 11, 15), 7)
    assert _slack_window("W Member Analytics Mar 17, 2025 - Apr 17, 2026.csv") == (
        dt.date(2026, 4, 17), 397)
    assert _slack_window("members.csv") is None


def test_slack_members_by_email_with_days_active_per_device(folder):
    result = run(folder, "slack", SLACK)
    field = rows_of(result, "2026-W46", "field")
    with (FIXTURES / SLACK).open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["Email"] in people_where(Department={"Field Service"})]
    assert field[()]["active_count"] == sum(int(r["Days active"]) > 0 for r in rows)
    assert field[(("device", "computer"),)]["active_count"] == sum(
        int(r["Days active (Desktop)"]) > 0 for r in rows)
    reps = rows_of(result, "2026-W46", "reps")[()]
    assert reps["files_shared"] == 1  # p05's upload


def test_slack_accounts_deactivated_before_the_report_are_left_out(folder):
    result = run(folder, "slack", SLACK)
    assert dict(result.quality.inputs[0].skipped) == {"deleted or deactivated": 1}


def test_a_slack_file_given_as_viva_engage_says_which_platform_it_is(folder):
    (found,) = errors_of(lambda: run(folder, "viva-engage", SLACK))
    assert (found.code, found.hint) == ("AP714", "import it with --from slack")
