"""The codes of `metrics import` and `metrics build` (AP7xx): a wrong input and a right one.

Each example is one file that takes the place of one input of a small example setup: a playbook
(it starts with `playbook`), a mapping (it starts with `[`), a people directory (it starts with
`person_id`), an events file (it starts with `person_id,timestamp`) or an export (anything else,
empty included). The other inputs are EXAMPLE_PLAYBOOK, EXAMPLE_PEOPLE and EXAMPLE_EXPORT; an
export example is imported together with EXAMPLE_EXPORT (--from viva-engage), an events file or
a mapping makes the example a build.
"""

from __future__ import annotations

from adoptplan.codes.base import Code

UNREADABLE_INPUT = "AP701"
BAD_COLUMN = "AP702"
CONCEALED_NAMES = "AP703"
BAD_VALUE = "AP704"
PERSON_TWICE = "AP705"
MISSING_MATCH_COLUMN = "AP706"
SEVERAL_SEGMENTS = "AP707"
NO_MATCH = "AP708"
BAD_MATCH = "AP709"
BAD_MAPPING = "AP710"
DIMENSION_WITHOUT_DATA = "AP711"
NO_PERIOD = "AP712"
GIVEN_TWICE = "AP713"
WRONG_EXPORT = "AP714"
VALUE_NO_ONE_HAS = "AP715"
NO_ONE_IN_SEGMENTS = "AP716"
DIMENSION_UNAVAILABLE = "AP717"
EMPTY_INPUT = "AP718"
ROW_LEFT_OUT = "AP719"
PERIOD_MISFIT = "AP720"

EXAMPLE_PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps {
  match department == "Customer Service"
  by    country
}

segment field {
  match department == "Field Service"
}
"""
EXAMPLE_PEOPLE = """person_id,department,country
ana@example.com,Customer Service,DE
ben@example.com,Customer Service,FR
eva@example.com,Field Service,DE
"""
_VIVA = ("Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,"
         "Last Activity Date,Posted Count,Read Count,Liked Count,Assigned Products,"
         "Report Period\n")
EXAMPLE_EXPORT = _VIVA + (
    "2026-11-08,ana@example.com,Ana,Active,,2026-11-06,2,30,5,E3,7\n"
    "2026-11-08,eva@example.com,Eva,Active,,,0,0,0,E3,7\n"
)
"""A Viva Engage activity user detail export of the week 2026-W45."""
EXAMPLE_EVENTS = """person_id,timestamp,event_name
ana@example.com,2026-11-03 09:00:00,post
ben@example.com,2026-11-04 10:30:00,read
eva@example.com,2026-11-05 16:45:00,like
"""


def _viva(rows: str, header: str = _VIVA) -> str:
    return header + rows


_ANA = "2026-11-15,ana@example.com,Ana,Active,,2026-11-12,{posted},30,5,E3,{days}\n"
_RIGHT_EXPORT = _viva(_ANA.format(posted=2, days=7))
_EVENTS_RIGHT = EXAMPLE_EVENTS


def _playbook(segments: str) -> str:
    return EXAMPLE_PLAYBOOK.split("segment reps")[0] + segments


INGEST_CODES: tuple[Code, ...] = (
    Code(
        UNREADABLE_INPUT, "unreadable input file",
        "A people directory, an export or an events file cannot be read: it is not UTF-8 text, "
        "holds binary data, is a broken gzip file or not Parquet. Save CSV files as UTF-8 "
        "(a byte-order mark is fine).",
        "person_id,department,country\nana@example.com,\x00\x00,DE\n",
        EXAMPLE_PEOPLE,
    ),
    Code(
        BAD_COLUMN, "missing or malformed column",
        "A file lacks a column it needs: the person id of a people directory (person_id, id, "
        "user_id, email...), the user, the counts or the report dates of an export, the person, "
        "time and event of an events file. Columns are found by name, never by position; the "
        "hint names the closest header. A row with more or fewer cells than the header is "
        "malformed too.",
        "department,country\nCustomer Service,DE\n",
        EXAMPLE_PEOPLE,
    ),
    Code(
        CONCEALED_NAMES, "concealed user names",
        "Microsoft 365 conceals user names in usage reports by default "
        "(adminReportSettings.displayConcealedNames): the user column then holds 32-character "
        "hashes that match no one in the people directory. Turn concealment off in the admin "
        "centre (Settings > Org settings > Services > Reports) and export again, or add a "
        "column report_hash to the people directory with each person's hash.",
        _viva("2026-11-15,77E5979DD60BA6EAA53E814DBEEEFA5F,4291DA7C39EE3263E97336B42734A667,"
              ",,,0,0,0,E3,7\n"),
        _RIGHT_EXPORT,
    ),
    Code(
        BAD_VALUE, "not a number, date or yes/no",
        "A count must be a whole number (an empty cell counts as 0), a date must look like "
        "2022-11-09 (or Slack's Apr 17, 2026), a device column must say Yes or No.",
        _viva(_ANA.format(posted="lots", days=7)),
        _RIGHT_EXPORT,
    ),
    Code(
        PERSON_TWICE, "person given twice",
        "Each person appears once in the people directory; only the first row of an id is "
        "used, so a second one is an error.",
        EXAMPLE_PEOPLE + "ana@example.com,Field Service,DE\n",
        EXAMPLE_PEOPLE,
    ),
    Code(
        MISSING_MATCH_COLUMN, "match on a column the directory lacks",
        "A segment's `match` names an attribute that is not a column of the people directory. "
        "Column headers are compared as lower-case words joined by `_` (`Job Family` is "
        "`job_family`); the hint names the closest column.",
        _playbook('segment reps {\n  match departmnet == "Customer Service"\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n'),
    ),
    Code(
        SEVERAL_SEGMENTS, "person in several segments",
        "Every person belongs to one segment at most, or their activity would count twice. "
        "When two segments' conditions overlap, say which one wins: add `and not (...)` with "
        "the other segment's condition to the match of the one that should not get them.",
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n\n'
                  'segment germany {\n  match country == "DE"\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n\n'
                  'segment germany {\n  match country == "DE" and not (department == '
                  '"Customer Service")\n}\n'),
    ),
    Code(
        NO_MATCH, "segment without a match",
        "A segment without a `match` condition gets no one from the people directory, so it "
        "has no snapshots.",
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n\n'
                  'segment field {\n  members 40\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n\n'
                  'segment field {\n  members 40\n  match department == "Field Service"\n}\n'),
        "warning",
    ),
    Code(
        BAD_MATCH, "match that cannot be evaluated",
        "A `match` compares attributes of the people directory with values: `==`, `!=`, `<`, "
        "`in [...]`, `and`, `or`, `not`. History functions and metrics have no meaning there.",
        _playbook('segment reps {\n  match baseline(department) == "Customer Service"\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n'),
    ),
    Code(
        BAD_MAPPING, "mistake in the mapping file",
        "The mapping file is TOML with the sections [people], [columns], [events], [counts], "
        "[organic] and [dimensions.NAME]; a section or setting it does not know, or a value of "
        "the wrong type, is an error rather than a setting silently ignored.",
        '[event]\npost = ["post"]\n',
        '[events]\npost = ["post"]\n',
    ),
    Code(
        DIMENSION_WITHOUT_DATA, "dimension without data",
        "A segment is broken down (`by`) by a name that is neither a column of the people "
        "directory, a dimension of the mapping file ([dimensions.NAME]) nor a column of the "
        "events.",
        _playbook('segment reps {\n  match department == "Customer Service"\n'
                  '  by    contry\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n'
                  '  by    country\n}\n'),
    ),
    Code(
        NO_PERIOD, "no period to report",
        "An export must say which days it covers (the columns Report Refresh Date and Report "
        "Period, or the dates in a Slack export's file name; else give --report-end and "
        "--report-days), one report per file. A build needs events the mapping counts, on days "
        "inside --since and --until.",
        "Username,Display name,User state,State change date (UTC),Last activity date (UTC),"
        "Posted,Read,Liked,Product assigned\nana@example.com,Ana,Active,,2026-11-12,2,30,5,E3\n",
        "Username,Display name,User state,State change date (UTC),Last activity date (UTC),"
        "Posted,Read,Liked,Product assigned,Report Refresh Date,Report Period\n"
        "ana@example.com,Ana,Active,,2026-11-12,2,30,5,E3,2026-11-15,7\n",
    ),
    Code(
        GIVEN_TWICE, "period or file given twice",
        "Two exports of the same kind report the same period, or one events file is named twice "
        "(however its path is spelt), so their numbers would count twice. Give one export per "
        "period (several periods make a history) and each events file once.",
        _viva("2026-11-08,ben@example.com,Ben,Active,,2026-11-04,1,3,0,E3,7\n"),
        _viva("2026-11-15,ben@example.com,Ben,Active,,2026-11-11,1,3,0,E3,7\n"),
    ),
    Code(
        WRONG_EXPORT, "not the export that was named",
        "The file is the export of another platform than --from says, or an export of totals "
        "(groups activity, user counts) rather than the per-user detail import needs.",
        "Name,What I Do,User ID,Username,Account type,Account created (UTC),Days active,"
        "Messages posted,Reactions added\nAna,,U01,ana,Member,\"Jan 6, 2020\",3,4,2\n",
        _RIGHT_EXPORT,
    ),
    Code(
        VALUE_NO_ONE_HAS, "match value no one has",
        "No one in the people directory has the value a `match` compares with: most likely a "
        "typo, or a value spelt differently in the directory. The hint names the closest value.",
        _playbook('segment reps {\n  match department == "Customer Servce"\n}\n\n'
                  'segment field {\n  match department == "Field Service"\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n\n'
                  'segment field {\n  match department == "Field Service"\n}\n'),
        "warning",
    ),
    Code(
        NO_ONE_IN_SEGMENTS, "no one in any segment",
        "No person of the people directory matches any segment, so there is nothing to report: "
        "compare the matches with the directory's values.",
        _playbook('segment reps {\n  match department == "Support"\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n'),
    ),
    Code(
        DIMENSION_UNAVAILABLE, "dimension the exports cannot give",
        "A segment is broken down by device, but none of the exports says which devices people "
        "used. Import the device usage report (Viva Engage) with the activity report, or a Slack "
        "export, whose days active per device it reads.",
        _playbook('segment reps {\n  match department == "Customer Service"\n'
                  '  by    device\n}\n'),
        _playbook('segment reps {\n  match department == "Customer Service"\n}\n'),
        "warning",
    ),
    Code(
        EMPTY_INPUT, "empty file",
        "A people directory or an export has no rows at all: the export most likely went "
        "wrong.",
        "",
        _RIGHT_EXPORT,
    ),
    Code(
        ROW_LEFT_OUT, "row left out",
        "A row of an events file cannot be read: it has more or fewer cells than the header, "
        "a timestamp that is not one, or one outside 1677-09-21 to 2262-04-11 (9999-12-31 and "
        "0001-01-01 are most often written for 'never' or 'unknown'). The row is left out and "
        "counted in the data quality report; the first few are shown.",
        EXAMPLE_EVENTS + "ben@example.com,2026-11-06 08:00:00,read,extra\n",
        _EVENTS_RIGHT,
        "warning",
    ),
    Code(
        PERIOD_MISFIT, "period that does not fit",
        "A 30-day report imported for weekly snapshots is labelled with the week of its last "
        "day, but its numbers cover 30 days: export the 7-day reports for weekly snapshots, or "
        "import with --period month. And a --period other than the playbook's cadence (week "
        "for a monthly playbook) makes the playbook's periods count weeks: `for 2 periods` then "
        "means two weeks. Without --period, import and build follow the cadence.",
        _viva(_ANA.format(posted=2, days=30)),
        _RIGHT_EXPORT,
        "warning",
    ),
)
"""AP7xx: the inputs of `metrics import` and `metrics build` cannot be used as they are."""


def example_role(text: str) -> str:
    """Which input an example stands for: playbook, mapping, people, events or export."""
    if text.startswith("playbook"):
        return "playbook"
    if text.startswith("["):
        return "mapping"
    if text.startswith("person_id,timestamp"):
        return "events"
    if text.startswith("person_id") or text.startswith("department"):
        return "people"
    return "export"
