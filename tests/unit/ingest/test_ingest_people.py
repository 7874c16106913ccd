"""The people directory: reading its quirks, evaluating `match`, putting people in segments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoptplan import api
from adoptplan.ingest.people import (
    Directory,
    Matcher,
    MatchError,
    normalize_id,
    normalize_name,
    read_directory,
    segment_people,
)

PEOPLE = """person_id,Department,Job Family,country,tenure_years,manager_id,on_mobile
1,Customer Service,Agent,DE,3,10,Yes
2,Customer Service,Senior agent,FR,12,10,no
3,Customer Service,Team lead,DE,9,,TRUE
4,Field Service,Engineer,US,1.5,30,No
5,Billing,Clerk,US,,30,No
10,Customer Service,Manager,DE,15,,No
"""

HEADER = 'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n}\n'


def directory_of(tmp_path: Path, text: str = PEOPLE, name: str = "people.csv",
                 encoding: str = "utf-8") -> Directory:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    read = read_directory(path)
    assert read.directory is not None, read.diagnostics
    return read.directory


def condition(text: str):
    """The `match` expression of a one-segment playbook."""
    loaded = api.check_text(HEADER + f"segment s {{\n  match {text}\n}}\n").loaded
    return loaded.playbook.segments[0].match


def matched(directory: Directory, text: str) -> list[str]:
    mask = Matcher(directory).evaluate(condition(text))
    return [directory.ids[i] for i in np.flatnonzero(mask)]


# ---------------------------------------------------------------------------------- reading


def test_ids_are_normalized_float_ids_and_emails():
    assert normalize_id(" 10522.0 ") == "10522"
    assert normalize_id("Dana.Ortiz@Contoso.com") == "dana.ortiz@contoso.com"
    assert normalize_id("1.5") == "1.5"
    assert normalize_name("Job Family") == "job_family"
    assert normalize_name("\ufeffState Change Date (UTC)") == "state_change_date_utc"


def test_reads_bom_crlf_float_ids_and_keeps_attributes_as_text(tmp_path):
    text = "\ufeffuser_id,created_at,language\r\n0.0,2013-01-01 20:59:39,english\r\n1.0,,german\r\n"
    directory = directory_of(tmp_path, text)
    assert directory.ids == ("0", "1")
    assert directory.id_column == "user_id"
    assert directory.column("language").tolist() == ["english", "german"]
    assert directory.column("created_at").tolist() == ["2013-01-01 20:59:39", ""]
    assert directory.lines == (2, 3)


def test_keys_include_emails_but_never_a_shared_one(tmp_path):
    text = "id,email\n1,A@x.com\n2,b@x.com\n3,b@x.com\n"
    keys = directory_of(tmp_path, text).keys()
    assert keys == {"1": 0, "2": 1, "3": 2, "a@x.com": 0}


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("department,country\nSales,DE\n", "AP702", 1, 1),
    ("person_id,department\n1,Sales\n1,Billing\n", "AP705", 3, 1),
    ("person_id,department\n1,Sales\n2\n", "AP702", 3, 2),
    ("person_id,department\n,Sales\n", "AP704", 2, 1),
    ("person_id,department,department\n1,a,b\n", "AP702", 1, 22),
    ("", "AP718", 1, 1),
])
def test_broken_directories_are_positioned_findings(tmp_path, text, code, line, column):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    read = read_directory(path)
    first = read.diagnostics[0]
    assert (first.code, first.span.line, first.span.column) == (code, line, column)
    assert read.directory is None


def test_a_directory_that_is_not_utf8_is_ap701(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("person_id,site\n1,Zürich\n".encode("latin-1"))
    read = read_directory(path)
    assert [d.code for d in read.diagnostics] == ["AP701"]
    assert read.diagnostics[0].span.line == 2


def test_more_than_twenty_findings_of_a_kind_are_summed_up(tmp_path):
    rows = "".join(f"{i},x\n1,y\n" for i in range(2, 40))
    path = tmp_path / "people.csv"
    path.write_text("person_id,department\n1,a\n" + rows, encoding="utf-8")
    found = read_directory(path).diagnostics
    assert len(found) == 20
    assert found[-1].message.endswith("(and 18 more like this in this file)")


TRICKY = {
    "plain": "person_id,a\n1,x\n2,y\n",
    "blank lines and misfits": "person_id,a,b\n1,x,y\n\n\n2,z\n3,q,r\n   \n4,,\n,,\n5,1,2,3\n",
    "quotes": 'person_id,a,b\n1,"x, y",3\n2,"",6\n3,  "xy",3\n4,"xy"  ,3\n5,x"y,1\n6,"a""b",2\n',
    "a cell over two lines": 'person_id,a,b\n1,"x\ny",3\n4,5,6\n',
    "an unterminated quote": 'person_id,a,b\n1,"xy,3\n4,5,6\n',
    "empty and repeated ids": "person_id,a\n1,x\n1.0,y\n,z\nA@X.com,b\na@x.COM,c\n",
    "unicode blanks": "person_id,a,b\n1,\u00a0x\u2003,y\n2,\u00c4,\u00df\n",
    "semicolons and decimal commas": "person_id;a;b\n1;2,5;x\n2;3,5;y\n",
    "a comma at the end of a line": "person_id,a,b\n1,x,y,\n2,x,y\n",
    "a comma at the end of a line and a quote": 'person_id,a,b\n1,x,y,\n2,"x",y\n',
    "one line far longer than the others": "person_id,a\n" + "".join(
        f"{i},{'x' * (100_000 if i == 50 else 1)}\n" for i in range(100)),
    "only a header": "person_id,a\n",
    "a blank line first": "\nperson_id,a\n1,2\n",
    "many findings": "person_id,a\n" + "".join(f"{i % 30},x\n" for i in range(60)),
}


def _everything(read) -> tuple:
    found = read.directory
    people = None if found is None else (
        found.ids, found.lines, found.id_column,
        {k: (v.tolist(), v.dtype.str) for k, v in found.columns.items()})
    return people, [(d.code, d.message, d.span, d.hint, d.severity) for d in read.diagnostics]


def _lines(text: str) -> list[str]:
    return text.split("\n")


FAST_READERS = ("_split_plainly", "_read_with_duckdb")
"""The readers that stand in for csv's, the reference, where they read a file as it does."""


def _read_with(path: Path, monkeypatch, readers: tuple[str, ...]) -> tuple:
    """Everything read_directory gives when only `readers` of FAST_READERS may read."""
    from adoptplan.ingest import people

    with monkeypatch.context() as patch:
        for name in FAST_READERS:
            if name not in readers:
                patch.setattr(people, name, lambda *_: None)
        return _everything(read_directory(path))


@pytest.mark.parametrize("name", list(TRICKY))
def test_fast_readers_read_a_directory_as_the_csv_module_does(tmp_path, monkeypatch, name):
    """Split lines and DuckDB read the rows (issue 21); every person, line, cell and finding is
    what Python's csv module, the reference, gives: a file a reader would read otherwise goes
    on to the next, and at last to the reference."""
    path = tmp_path / "people.csv"
    path.write_text(TRICKY[name], encoding="utf-8")
    reference = _read_with(path, monkeypatch, ())
    assert _read_with(path, monkeypatch, FAST_READERS) == reference
    assert _read_with(path, monkeypatch, ("_read_with_duckdb",)) == reference


def test_lines_are_split_only_without_a_quote_after_the_header():
    from adoptplan.ingest.people import _split_plainly

    lines = _lines('"person id",a,b\n1,x,y\n\n2,z\n,,\n3, q ,r\n')
    rows = _split_plainly(lines, 1, 3)
    assert (rows.lines, rows.misfits) == ([2, 6], [(4, 2)])
    assert [c.tolist() for c in rows.columns] == [["1", "3"], ["x", "q"], ["y", "r"]]
    assert _split_plainly(_lines('person_id,a\n1,"x"\n'), 1, 2) is None


_CELL = st.text(alphabet=st.sampled_from(list('ab1.@ ,"\n') + ["\u00a0", "\u00c4"]),
                max_size=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), max_size=8),
       blank_first=st.booleans())
def test_any_directory_is_read_as_the_csv_module_reads_it(tmp_path, monkeypatch, rows,
                                                          blank_first):
    """Lines of commas, quotes, blanks, misfits, repeated and empty ids: the readers give the
    same people, lines, columns and findings as csv's reader."""
    text = ("\n" if blank_first else "") + "person_id,a,b\n" + "\n".join(
        ",".join(row) for row in rows) + "\n"
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    reference = _read_with(path, monkeypatch, ())
    assert _read_with(path, monkeypatch, FAST_READERS) == reference
    assert _read_with(path, monkeypatch, ("_split_plainly",)) == reference


def test_duckdb_reads_regular_files_and_leaves_a_cell_over_two_lines_to_csv(tmp_path):
    from adoptplan.ingest.people import _read_with_duckdb

    regular = _lines("person_id,a\n1,x\n\n2,\"y, z\"\n")
    assert _read_with_duckdb(regular, 2).lines == [2, 4]
    assert _read_with_duckdb(_lines('person_id,a\n1,"x\ny"\n'), 2) is None


def test_the_few_bad_rows_of_a_large_directory_are_found_at_their_cells(tmp_path):
    rows = [f"u{i:05d},Sales,DE" for i in range(20_000)]
    rows[12_000] = "u12000,Sales"  # a cell short
    rows[15_000] = ",Sales,DE"  # no id
    rows[18_000] = "u00007,Billing,FR"  # seen on line 9
    path = tmp_path / "people.csv"
    path.write_text("person_id,department,country\n" + "\n".join(rows) + "\n", encoding="utf-8")
    read = read_directory(path)
    assert [(d.code, d.span.line, d.span.column) for d in read.diagnostics] == [
        ("AP702", 12_002, 13), ("AP704", 15_002, 1), ("AP705", 18_002, 1)]
    assert read.diagnostics[2].hint == "first on line 9; only that row is used"


def test_a_named_id_column_must_exist(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("person_id,mail\n1,a@x\n", encoding="utf-8")
    read = read_directory(path, id_column="email")
    assert read.diagnostics[0].code == "AP702"
    assert read.diagnostics[0].hint == "did you mean 'mail'?"


# --------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(("text", "expected"), [
    ('department == "Customer Service"', ["1", "2", "3", "10"]),
    ('department != "Customer Service"', ["4", "5"]),
    ('job_family in ["Agent", "Senior agent"]', ["1", "2"]),
    ('job_family not in ["Agent", "Senior agent", "Manager"]', ["3", "4", "5"]),
    ('country == "DE" and not (job_family == "Manager")', ["1", "3"]),
    ('country == "US" or job_family == "Team lead"', ["3", "4", "5"]),
    ("tenure_years >= 9", ["2", "3", "10"]),  # numbers as numbers: "12" > "9"
    ("tenure_years < 2", ["4"]),  # an empty cell is not a number: never less than 2
    ("tenure_years == 3", ["1"]),
    ('tenure_years == "3.0"', ["1"]),  # two texts that both read as numbers
    ("tenure_years * 12 > 100", ["2", "3", "10"]),
    ("manager_id == 10", ["1", "2"]),
    ('manager_id == ""', ["3", "10"]),
    ("on_mobile", ["1", "3"]),  # Yes/No and True/False columns are conditions
    ('country < "FR"', ["1", "3", "10"]),  # texts compare as texts
])
def test_match_conditions(tmp_path, text, expected):
    assert matched(directory_of(tmp_path), text) == expected


_ORDERS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
           ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
_WORD = st.sampled_from(["", "3", "3.0", "12", "-1", "9%", "nan", "inf", "x", "Sales", "b"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(_WORD, min_size=1, max_size=6), literal=_WORD,
       op=st.sampled_from(sorted(_ORDERS)))
def test_an_attribute_compares_with_a_text_as_the_language_says(tmp_path, cells, literal, op):
    """Where both read as numbers, as numbers; else as texts: person by person."""
    from adoptplan.ingest.people import _number

    text = "person_id,a\n" + "".join(f"{i},{cell}\n" for i, cell in enumerate(cells))
    directory = directory_of(tmp_path, text)

    def meets(cell: str) -> bool:
        both = not np.isnan(_number(cell)) and not np.isnan(_number(literal))
        return _ORDERS[op](_number(cell), _number(literal)) if both else \
            _ORDERS[op](cell, literal)

    expected = [str(i) for i, cell in enumerate(cells) if meets(cell)]
    assert matched(directory, f'a {op} "{literal}"') == expected


def test_a_column_the_directory_lacks_is_ap706_at_the_name(tmp_path):
    expr = condition('departmnet == "Billing"')
    with pytest.raises(MatchError) as raised:
        Matcher(directory_of(tmp_path)).evaluate(expr)
    found = raised.value.diagnostic
    assert (found.code, found.span.line, found.span.column) == ("AP706", 6, 9)
    assert found.hint == "did you mean 'department'?"


def test_a_history_function_in_a_match_is_ap709(tmp_path):
    with pytest.raises(MatchError) as raised:
        Matcher(directory_of(tmp_path)).evaluate(condition("baseline(tenure_years) > 2"))
    assert raised.value.diagnostic.code == "AP709"


def test_a_value_no_one_has_is_a_warning_with_the_closest_value(tmp_path):
    matcher = Matcher(directory_of(tmp_path))
    assert not matcher.evaluate(condition('department == "Custmer Service"')).any()
    (warning,) = matcher.warnings
    assert (warning.code, warning.severity) == ("AP715", "warning")
    assert warning.hint == "did you mean 'Customer Service'?"


def test_a_value_in_a_list_no_one_has_is_a_warning_too(tmp_path):
    matcher = Matcher(directory_of(tmp_path))
    matcher.evaluate(condition('country in ["DE", "Deutschland"]'))
    assert [w.message for w in matcher.warnings] == [
        'no one in the people directory has country == "Deutschland"']


# ------------------------------------------------------------------------------- segments


def segments(text: str):
    checked = api.check_text(HEADER + text)
    return checked.loaded.playbook.segments


def test_people_are_put_in_their_one_segment(tmp_path):
    found = segment_people(directory_of(tmp_path), segments(
        'segment reps {\n  match job_family in ["Agent", "Senior agent"]\n}\n'
        'segment field {\n  match department == "Field Service"\n}\n'
        'segment other {\n  members 3\n}\n'))
    assert found.segments == ("reps", "field")
    assert found.counts() == {"reps": 2, "field": 1}
    assert found.unmatched() == 3
    assert [(d.code, d.severity) for d in found.diagnostics] == [("AP708", "warning")]


def test_people_in_several_segments_are_an_error_that_says_how_to_pick_one(tmp_path):
    found = segment_people(directory_of(tmp_path), segments(
        'segment service {\n  match department == "Customer Service"\n}\n'
        'segment germany {\n  match country == "DE"\n}\n'))
    (error,) = found.diagnostics
    assert error.code == "AP707"
    assert error.message == "3 people match several segments: 'service', 'germany' (1, 10, 3)"
    assert error.span.line == 9
    assert error.hint == ("say which segment wins: to keep them in 'service', add `and not "
                          "(department == \"Customer Service\")` to the match of 'germany'")
    assert found.several == {("service", "germany"): ("1", "10", "3")}
    assert found.segment_of.tolist() == [-2, 0, -2, -1, -1, -2]


def test_excluding_the_other_segment_resolves_the_overlap(tmp_path):
    found = segment_people(directory_of(tmp_path), segments(
        'segment service {\n  match department == "Customer Service"\n}\n'
        'segment germany {\n  match country == "DE" and not (department == "Customer Service")'
        '\n}\n'))
    assert [d.code for d in found.diagnostics] == []
    assert found.counts() == {"service": 4, "germany": 0}


def test_no_one_in_any_segment_is_ap716(tmp_path):
    found = segment_people(directory_of(tmp_path), segments(
        'segment s {\n  match country == "JP"\n}\n'))
    assert [d.code for d in found.diagnostics] == ["AP715", "AP716"]
