"""The metrics loader: CSV (long and wide) and JSON files into a History, problems as findings."""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.metrics import check_used_metrics, load_metrics, period_kind
from adoptplan.metrics.build import LIMIT
from adoptplan.model import Span
from adoptplan.report.diagnostics import render_json, render_text
from adoptplan.snapshot import Group

UNITS = {name: metric.unit for name, metric in STANDARD_METRICS.items()}
SEGMENTS = ("engineers", "reps")

WIDE = """period,segment,geography,active_members,posts,members
2026-W06,reps,DE,45,12,100
2026-W05,reps,DE,42%,10,100
2026-W05,reps,,40,30,300
2026-W05,engineers,FR,,7,50
"""

LONG = """period,segment,geography,metric,value,members
2026-W05,reps,DE,active_members,42%,100
2026-W05,reps,DE,posts,10,100
2026-W06,reps,DE,active_members,45,100
2026-W06,reps,DE,posts,12,100
2026-W05,reps,,active_members,40,300
2026-W05,reps,,posts,30,300
2026-W05,engineers,FR,posts,7,50
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(folder: Path, files: dict[str, str | bytes], segments=SEGMENTS, units=UNITS):
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return load_metrics([folder / name for name in files], units, segments)


def codes(loaded) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in loaded.diagnostics]


def as_lists(history) -> dict[str, list]:
    return {name: [[None if math.isnan(v) else v for v in row] for row in array.tolist()]
            for name, array in history.values.items()}


def test_wide_csv_becomes_sorted_columnar_history(folder):
    loaded = load(folder, {"w.csv": WIDE})
    history = loaded.history
    assert loaded.diagnostics == ()
    assert history.period_kind == "week"
    assert history.periods == ("2026-W05", "2026-W06")
    assert [g.label() for g in history.groups] == [
        "engineers/geography=FR", "reps", "reps/geography=DE"]
    assert as_lists(history) == {
        "active_members": [[None, None], [0.40, None], [0.42, 0.45]],
        "members": [[50.0, None], [300.0, None], [100.0, 100.0]],
        "posts": [[7.0, None], [30.0, None], [10.0, 12.0]],
    }
    assert history.values["posts"].dtype == np.float64
    assert history.group_index()[Group("reps", (("geography", "DE"),))] == 2
    assert history.period_index("2026-W06") == 1
    assert loaded.sources == {"w.csv": WIDE}


def test_long_csv_and_json_give_the_same_history_as_wide(folder):
    wide = load(folder, {"w.csv": WIDE}).history
    long = load(folder, {"l.csv": LONG})
    assert long.diagnostics == ()
    json_rows = """{"rows": [
      {"period": "2026-W05", "segment": "reps", "dimensions": {"geography": "DE"},
       "active_members": "42%", "posts": 10, "members": 100},
      {"period": "2026-W06", "segment": "reps", "geography": "DE", "active_members": 45,
       "posts": 12, "members": 100},
      {"period": "2026-W05", "segment": "reps", "active_members": 40, "posts": 30,
       "members": 300, "geography": null},
      {"period": "2026-W05", "segment": "engineers", "dimensions": {"geography": "FR"},
       "posts": 7, "members": 50}
    ]}"""
    from_json = load(folder, {"j.json": json_rows})
    assert from_json.diagnostics == ()
    for other in (long.history, from_json.history):
        assert (other.periods, other.groups) == (wide.periods, wide.groups)
        assert as_lists(other) == as_lists(wide)


def test_a_folder_is_read_recursively_in_order_and_a_file_given_twice_once(folder):
    (folder / "data" / "2026").mkdir(parents=True)
    (folder / "data" / "a.csv").write_text("period,segment,posts\n2026-W05,reps,1\n")
    (folder / "data" / "2026" / "b.json").write_text(
        '[{"period": "2026-W06", "segment": "reps", "posts": 2}]')
    (folder / "data" / "notes.txt").write_text("not metrics")
    loaded = load_metrics([folder / "data", folder / "data" / "a.csv"], UNITS, SEGMENTS)
    assert loaded.diagnostics == ()
    assert list(loaded.sources) == ["data/2026/b.json", "data/a.csv"]
    assert as_lists(loaded.history) == {"posts": [[1.0, 2.0]]}


def test_missing_path_raises_and_empty_folder_is_a_finding(folder):
    with pytest.raises(FileNotFoundError):
        load_metrics([folder / "nowhere"], UNITS, SEGMENTS)
    (folder / "empty").mkdir()
    loaded = load_metrics([folder / "empty"], UNITS, SEGMENTS)
    assert codes(loaded) == [("AP601", 1, 1)]


def test_bom_and_crlf_are_read_silently(folder):
    plain = load(folder, {"a.csv": WIDE}).history
    loaded = load(folder, {"b.csv": b"\xef\xbb\xbf" + WIDE.replace("\n", "\r\n").encode()})
    assert loaded.diagnostics == ()
    assert as_lists(loaded.history) == as_lists(plain)
    assert loaded.sources["b.csv"] == WIDE


@pytest.mark.parametrize("text, expected", [
    ("", [("AP601", 1, 1)]),
    ("\n\n", [("AP601", 1, 1)]),
    ("period,segment,posts\n", [("AP601", 1, 1)]),
    ("[]", [("AP601", 1, 1)]),
])
def test_empty_files(folder, text, expected):
    name = "e.json" if text.startswith("[") else "e.csv"
    assert codes(load(folder, {name: text})) == expected


def test_missing_columns_with_did_you_mean_and_separator_hint(folder):
    loaded = load(folder, {"a.csv": "Period,segment,posts\n2026-W05,reps,1\n"})
    (finding,) = loaded.diagnostics
    assert (finding.code, finding.message, finding.hint) == (
        "AP602", "expected a column 'period' in the header", "did you mean 'Period'?")
    assert (finding.span.column, finding.span.end_column) == (1, 21)
    loaded = load(folder, {"b.csv": "Period;segment;posts\n2026-W05;reps;1\n"})
    assert {d.hint for d in loaded.diagnostics} == {"did you mean 'Period'?"}, \
        "a file with semicolons is read as one with commas (European spreadsheets)"
    loaded = load(folder, {"c.csv": "period,segment,geography\n2026-W05,reps,DE\n"})
    assert [d.message for d in loaded.diagnostics] == [
        "expected columns 'metric' and 'value', or a column named after a metric"]


def test_header_columns_without_name_or_repeated(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts,,posts\n2026-W05,reps,1,,2\n"})
    assert codes(loaded) == [("AP602", 1, 22), ("AP602", 1, 23)]
    assert loaded.diagnostics[1].hint == "the first is column 3"
    assert as_lists(loaded.history) == {"posts": [[1.0]]}


def test_bad_cells_are_findings_at_the_cell_and_the_rest_loads(folder):
    text = ("period,segment,active_members,posts\n"
            '2026-W05,"reps, EMEA",abc,1\n'
            "2026-W05,reps,inf,-2\n"
            "2026-W06,reps,142,5%\n"
            "2026-W07,reps,1,1,1\n")
    loaded = load(folder, {"a.csv": text}, segments=("reps, EMEA", "reps"))
    found = [(d.code, d.span.line, d.span.column, d.span.end_column) for d in loaded.diagnostics]
    assert found == [
        ("AP603", 2, 23, 26),
        ("AP604", 3, 15, 18),
        ("AP607", 3, 19, 21),
        ("AP606", 4, 15, 18),
        ("AP603", 4, 19, 21),
        ("AP602", 5, 19, 20),
    ]
    messages = [d.message for d in loaded.diagnostics]
    assert messages[0] == "expected a number in column 'active_members', got 'abc'"
    assert messages[3] == ("expected a percentage from 0% to 100% in column 'active_members', "
                           "got '142'")
    assert loaded.diagnostics[4].hint == "'posts' is a count, not a percentage"
    assert messages[5] == "expected 4 cells as in the header, got 5"
    assert as_lists(loaded.history) == {"active_members": [[None, None], [None, None]],
                                        "posts": [[None, None], [1.0, None]]}
    assert json.loads(render_json(loaded.diagnostics))["errors"] == 6  # plain ints in spans


def test_growth_percentages_may_leave_0_to_100(folder):
    loaded = load(folder, {"a.csv": "period,segment,organic_content_growth\n"
                                    "2026-W05,reps,-20\n2026-W06,reps,150%\n"})
    assert loaded.diagnostics == ()
    assert as_lists(loaded.history) == {"organic_content_growth": [[-0.2, 1.5]]}


def test_the_renderer_shows_the_row_and_underlines_the_cell(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts\n2026-W05,reps,many\n"})
    assert render_text(loaded.diagnostics[0], loaded.sources) == (
        "a.csv:2:15: error[AP603]: expected a number in column 'posts', got 'many'\n"
        "2 | 2026-W05,reps,many\n"
        "                  ^^^^")


def test_lines_stay_right_after_a_quoted_cell_spanning_lines(folder):
    text = 'period,segment,note,posts\n2026-W05,reps,"two\nlines",1\n2026-W06,reps,x,bad\n'
    loaded = load(folder, {"a.csv": text})
    assert codes(loaded) == [("AP603", 4, 17)]
    assert [g.label() for g in loaded.history.groups] == [
        "reps/note=two\nlines", "reps/note=x"]


def test_a_cell_spanning_lines_across_chunks_is_read_whole(folder, monkeypatch):
    monkeypatch.setattr("adoptplan.metrics.csv_source.CHUNK_ROWS", 2)
    text = ('period,segment,note,posts\n2026-W01,reps,a,1\n2026-W02,reps,"b, c",2\n'
            '2026-W03,reps,"d\ne",3\n2026-W04,reps,f,x\n2026-W05,reps,g,5\n')
    loaded = load(folder, {"a.csv": text})
    assert codes(loaded) == [("AP603", 6, 17)]
    assert [g.label() for g in loaded.history.groups] == [
        "reps/note=a", "reps/note=b, c", "reps/note=d\ne", "reps/note=f", "reps/note=g"]
    assert np.nansum(loaded.history.values["posts"]) == 11


def test_blank_lines_and_empty_rows_are_skipped(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts\n\n2026-W05,reps,1\n,,\n  \n"})
    assert loaded.diagnostics == ()
    assert as_lists(loaded.history) == {"posts": [[1.0]]}


def test_empty_cells_are_missing_values_not_errors(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts,likes\n2026-W05,reps,,2\n"})
    assert loaded.diagnostics == ()
    assert as_lists(loaded.history) == {"likes": [[2.0]], "posts": [[None]]}


def test_rows_without_a_segment_or_metric_name(folder):
    loaded = load(folder, {"a.csv": "period,segment,metric,value\n2026-W05,,posts,1\n"
                                    "2026-W05,reps,,1\n"})
    assert [(d.code, d.span.line, d.span.column, d.message) for d in loaded.diagnostics] == [
        ("AP602", 2, 10, "expected a segment name in column 'segment', got an empty cell"),
        ("AP602", 3, 15, "expected a metric name in column 'metric', got an empty cell"),
    ]


@pytest.mark.parametrize("period, hint", [
    ("2026-w5", "did you mean '2026-W05'?"),
    ("2026-1", "did you mean '2026-01'?"),
    ("2025-W53", None),
    ("2026-02-30", None),
    ("last week", None),
])
def test_invalid_periods(folder, period, hint):
    loaded = load(folder, {"a.csv": f"period,segment,posts\n{period},reps,1\n"})
    (finding,) = loaded.diagnostics
    assert (finding.code, finding.span.column, finding.hint) == ("AP609", 1, hint)
    assert "2026-W05" in finding.message and f"got '{period}'" in finding.message


def test_periods_of_two_kinds_never_mix(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts\n2026-W05,reps,1\n",
                           "b.csv": "period,segment,posts\n2026-02,reps,1\n"})
    (finding,) = loaded.diagnostics
    assert (finding.code, finding.span.path) == ("AP609", "b.csv")
    assert "this history has ISO weeks (from 2026-W05) and cannot mix in months" in finding.message
    assert loaded.history.periods == ("2026-W05",)


def test_the_stray_file_of_another_kind_is_the_one_reported(folder):
    """One monthly file among weekly ones is read first (`2026-11` sorts before `2026-W45`), yet
    it is the one in the wrong: the history has the kind most files start with."""
    weekly = {f"2026-W{w}.csv": f"period,segment,posts\n2026-W{w},reps,1\n2026-W{w},ops,2\n"
              for w in (45, 46, 47)}
    files = {"2026-11.csv": "period,segment,posts\n2026-11,reps,1\n2026-11,ops,2\n", **weekly}
    loaded = load(folder, files, segments=("reps", "ops"))
    assert {(d.code, Path(d.span.path).name) for d in loaded.diagnostics} == {
        ("AP609", "2026-11.csv")}
    assert "this history has ISO weeks (from 2026-W45)" in loaded.diagnostics[0].message
    assert loaded.history.periods == ("2026-W45", "2026-W46", "2026-W47")


def test_on_a_tie_the_first_file_read_sets_the_kind(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts\n2026-02,reps,1\n",
                           "b.csv": "period,segment,posts\n2026-W05,reps,1\n"})
    assert [(d.code, d.span.path) for d in loaded.diagnostics] == [("AP609", "b.csv")]
    assert loaded.history.periods == ("2026-02",)


def test_a_value_given_twice_points_at_the_first_even_in_another_file(folder):
    loaded = load(folder, {"a.csv": "period,segment,posts\n2026-W05,reps,1\n",
                           "b.csv": "period,segment,metric,value\n2026-W06,reps,posts,3\n"
                                    "2026-W05,reps,posts,2\n"})
    (finding,) = loaded.diagnostics
    assert (finding.code, finding.span.path, finding.span.line, finding.span.column) == (
        "AP605", "b.csv", 3, 21)
    assert finding.message == "'posts' of reps in 2026-W05 is given twice"
    assert finding.hint == "first given on line 2 of a.csv"
    assert json.loads(render_json(loaded.diagnostics))["diagnostics"][0]["line"] == 3
    assert as_lists(loaded.history) == {"posts": [[1.0, 3.0]]}


def test_long_rows_repeat_members_freely_but_not_differently(folder):
    same = load(folder, {"a.csv": "period,segment,metric,value,members\n"
                                  "2026-W05,reps,posts,1,10\n2026-W05,reps,likes,2,10\n"})
    assert same.diagnostics == ()
    assert as_lists(same.history)["members"] == [[10.0]]
    other = load(folder, {"b.csv": "period,segment,metric,value,members\n"
                                   "2026-W05,reps,posts,1,10\n2026-W05,reps,likes,2,11\n"})
    assert codes(other) == [("AP605", 3, 23)]


def test_unknown_segment_is_a_warning_once_per_file_with_did_you_mean(folder):
    loaded = load(folder, {"a.csv": "period,segment,geography,posts\n2026-W05,rep,DE,1\n"
                                    "2026-W05,rep,FR,1\n2026-W05,sales,FR,1\n"})
    assert [(d.code, d.severity, d.span.line, d.hint) for d in loaded.diagnostics] == [
        ("AP608", "warning", 2, "did you mean 'reps'?"),
        ("AP608", "warning", 4, "the playbook's segments: engineers, reps"),
    ]
    assert len(loaded.history.groups) == 3


def test_findings_past_the_limit_are_counted_in_one(folder):
    rows = "".join(f"2026-W05,s{i},x\n" for i in range(LIMIT + 10))
    loaded = load(folder, {"a.csv": "period,segment,posts\n" + rows},
                  segments=[f"s{i}" for i in range(LIMIT + 10)])
    assert len(loaded.diagnostics) == LIMIT + 1
    assert loaded.diagnostics[-1].message.endswith("(and 9 more like this in this file)")
    assert loaded.diagnostics[-1].span.line == LIMIT + 2


def test_not_utf8_is_a_finding(folder):
    loaded = load(folder, {"a.csv": b"period,segment,posts\n2026-W05,r\xe9ps,1\n"})
    (finding,) = loaded.diagnostics
    assert (finding.code, finding.span.line, finding.span.column) == ("AP611", 2, 11)
    assert loaded.history.periods == ()


@pytest.mark.parametrize("text, expected", [
    ('[{"period": "2026-W05",}]', ("AP611", 1, 24)),
    ('{"data": []}', ("AP611", 1, 1)),
    ('[{"period": "2026-W05", "segment": "reps", "posts": 1},\n 42]', ("AP611", 2, 2)),
    ('[{"period": "2026-W05", "segment": "reps",\n  "dimensions": [1]}]', ("AP611", 2, 17)),
])
def test_json_that_is_not_rows(folder, text, expected):
    assert codes(load(folder, {"a.json": text})) == [expected]


def test_json_cells_are_pointed_at_exactly(folder):
    text = """[
  {"period": "2026-W05", "segment": "reps", "posts": 1},
  {"period": "2026-W05", "segment": "reps",
   "dimensions": {"geography": "DE"}, "posts": true, "likes": -1},
  {"period": "2026-W05", "likes": 1}
]"""
    loaded = load(folder, {"a.json": text})
    found = [(d.code, d.span.line, d.span.column, d.span.end_column) for d in loaded.diagnostics]
    assert found == [("AP603", 4, 48, 52), ("AP607", 4, 63, 65), ("AP602", 5, 3, 37)]


def test_json_values_of_every_type(folder):
    text = ('[{"period": "2026-W05", "segment": "reps", "team": [1, 2], "posts": NaN},\n'
            ' {"period": "2026-W05", "segment": "reps", "team": 7, "posts": 1e999},\n'
            ' {"period": "2026-W05", "segment": "reps", "team": null, "posts": [3]},\n'
            ' {"period": "2026-W06", "segment": "reps", "likes": 12, "reads": null}]')
    loaded = load(folder, {"a.json": text})
    assert [(d.code, d.span.line) for d in loaded.diagnostics] == [
        ("AP604", 1), ("AP604", 2), ("AP603", 3)]
    assert [g.label() for g in loaded.history.groups] == ["reps", "reps/team=7", "reps/team=[1, 2]"]
    assert as_lists(loaded.history)["likes"] == [[None, 12.0], [None, None], [None, None]]
    assert as_lists(loaded.history)["reads"] == [[None, None], [None, None], [None, None]]


def test_used_metrics_missing_from_the_data(folder):
    loaded = load(folder, {"a.csv": "period,segment,active_membrs,posts\n2026-W05,reps,4,1\n"})
    span = Span("p.adopt", 3, 12, 3, 26)
    used = {"posts": span, "active_members": span, "reads": span}
    found = check_used_metrics(loaded.history, used)
    assert [(d.code, d.severity, d.span, d.message) for d in found] == [
        ("AP610", "warning", span,
         "the playbook uses metric 'active_members' but the metrics data never has it"),
        ("AP610", "warning", span,
         "the playbook uses metric 'reads' but the metrics data never has it"),
    ]
    assert found[0].hint == "did you mean 'active_membrs'?"  # a numeric column: a metric
    assert found[1].hint == "the metrics have: active_membrs, posts"


@pytest.mark.parametrize("text, kind", [
    ("2026-W05", "week"), ("2026-W53", "week"), ("2026-01", "month"), ("2026-01-31", "date"),
    ("2024-02-29", "date"), ("2025-W53", None), ("2026-W5", None), ("2026-w05", None),
    ("2026-13", None), ("2026-1-5", None), (" 2026-01", None), ("", None),
])
def test_period_kind(text, kind):
    assert period_kind(text) == kind


def test_loading_metrics_does_not_import_numpy_until_used():
    code = ("import sys, adoptplan.metrics, adoptplan.snapshot; "
            "print('numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# -------------------------------------------------------- AP612: percentages written as ratios

RATIO_HEAD = "period,segment,active_members,managers_active\n"


@pytest.mark.parametrize(("files", "warned"), [
    ({"a.csv": RATIO_HEAD + "2026-W01,reps,0.31,42\n2026-W02,reps,0.35,44\n"},
     [("a.csv", 2, 15)]),  # the first value of the metric whose values all lie in 0-1
    ({"a.csv": RATIO_HEAD + "2026-W01,reps,0.31,42\n",
      "b.csv": RATIO_HEAD + "2026-W02,reps,35,44\n"}, []),  # another file has 35: percentages
    ({"a.csv": RATIO_HEAD + "2026-W01,reps,0.31,42\n2026-W02,reps,0.4%,44\n"}, []),  # `%` said
    ({"a.csv": RATIO_HEAD + "2026-W01,reps,0,42\n"}, []),  # zero alone: nothing to tell
    ({"a.csv": "period,segment,organic_content_growth\n2026-W01,reps,0.5\n"}, []),  # growth
])
def test_percentages_all_between_0_and_1_are_warned_about_once(tmp_path, files, warned):
    loaded = load(tmp_path, files)
    found = [(Path(d.span.path).name, d.span.line, d.span.column)
             for d in loaded.diagnostics if d.code == "AP612"]
    assert found == warned
    assert all(d.severity == "warning" for d in loaded.diagnostics)
