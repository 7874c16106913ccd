"""Edge cases of the metrics loader: the quick look that picks the usual kind of period reads a
file as the full read does; AP612 needs a true fraction, not only 0s and 1s."""

from pathlib import Path

import pytest

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.metrics import load_metrics

UNITS = {name: metric.unit for name, metric in STANDARD_METRICS.items()}
SEGMENTS = ("reps", "ops")


def load(folder: Path, files: dict[str, str | bytes], segments=SEGMENTS):
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return load_metrics([folder / name for name in files], UNITS, segments)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------- the usual kind of period, from each file's first row

PLAIN = "period,segment,posts\n{p},reps,1\n{p},ops,2\n"

# ways to write a weekly file (`{p}` its period) that the full read accepts without a finding
ODD_WEEKLY = {
    "blank first line": "\n" + PLAIN,
    "blank lines of spaces first": "  \n\t\n" + PLAIN,
    "blank line after the header": "period,segment,posts\n\n{p},reps,1\n",
    "a row of empty cells first": "period,segment,posts\n,,\n{p},reps,1\n",
    "quoted header with a comma": '"note, with comma","period","segment","posts"\n'
                                  '"x",{p},"reps","1"\n',
    "quoted cell with a comma before the period": "note,period,segment,posts\n"
                                                  '"a, b",{p},reps,1\n',
    "quoted cell spanning lines before the period": 'note,period,segment,posts\n'
                                                    '"a\nb, c",{p},reps,1\n',
    "padded header and cells": " period , segment ,posts\n {p} ,reps,1\n",
    "BOM and CRLF": ("\ufeff" + PLAIN.replace("\n", "\r\n")).encode("utf-8"),
    "BOM, CRLF, blank line and quoted header": (
        '\ufeff\r\n"note, with comma","period","segment","posts"\r\n"x",{p},"reps","1"\r\n'
    ).encode("utf-8"),
}


def weekly(content: str | bytes, period: str) -> str | bytes:
    if isinstance(content, bytes):
        return content.decode("utf-8").replace("{p}", period).encode("utf-8")
    return content.replace("{p}", period)


@pytest.mark.parametrize("odd", list(ODD_WEEKLY.values()), ids=list(ODD_WEEKLY))
def test_an_odd_weekly_file_counts_towards_the_usual_kind(folder, odd):
    """Two weekly files (one written oddly) and one monthly file read first: the history is
    weekly and only the monthly file is reported. Were the odd file not counted, the tie would
    go to the first file read, the monthly one, and both weekly files would be reported."""
    files = {"2026-11.csv": PLAIN.replace("{p}", "2026-11"),
             "2026-W45.csv": PLAIN.replace("{p}", "2026-W45"),
             "2026-W46.csv": weekly(odd, "2026-W46")}
    loaded = load(folder, files)
    assert {(d.code, Path(d.span.path).name) for d in loaded.diagnostics} == {
        ("AP609", "2026-11.csv")}
    assert all("this history has ISO weeks (from 2026-W45)" in d.message
               for d in loaded.diagnostics)
    assert loaded.history.periods == ("2026-W45", "2026-W46")


@pytest.mark.parametrize("odd", list(ODD_WEEKLY.values()), ids=list(ODD_WEEKLY))
def test_an_odd_monthly_file_is_the_stray_one_among_weekly_files(folder, odd):
    """The odd file is the stray: its first period is read, and it is the one reported."""
    files = {"2026-11.csv": weekly(odd, "2026-11"),
             "2026-W45.csv": PLAIN.replace("{p}", "2026-W45"),
             "2026-W46.csv": PLAIN.replace("{p}", "2026-W46")}
    loaded = load(folder, files)
    assert loaded.diagnostics
    assert {(d.code, Path(d.span.path).name) for d in loaded.diagnostics} == {
        ("AP609", "2026-11.csv")}
    assert loaded.history.periods == ("2026-W45", "2026-W46")


def test_a_row_of_another_width_is_not_the_first_row(folder):
    """The full read sets aside a row of another width (AP602) and takes its period from the
    next: so does the quick look, and the history stays weekly."""
    odd = "period,segment,posts\n2026-11,reps\n2026-W46,reps,1\n"
    files = {"2026-11.csv": PLAIN.replace("{p}", "2026-11"),
             "2026-W45.csv": PLAIN.replace("{p}", "2026-W45"),
             "2026-W46.csv": odd}
    loaded = load(folder, files)
    assert sorted((d.code, Path(d.span.path).name, d.span.line) for d in loaded.diagnostics) == [
        ("AP602", "2026-W46.csv", 2), ("AP609", "2026-11.csv", 2), ("AP609", "2026-11.csv", 3)]
    assert loaded.history.periods == ("2026-W45", "2026-W46")


# ---------------------------------------------------- AP612: ratios need a fraction to be told

HEAD = "period,segment,active_members,managers_active\n"


def ratio_warnings(folder: Path, files: dict[str, str]) -> list[tuple[str, int, int]]:
    loaded = load(folder, files)
    assert all(d.severity == "warning" for d in loaded.diagnostics)
    return [(Path(d.span.path).name, d.span.line, d.span.column)
            for d in loaded.diagnostics if d.code == "AP612"]


@pytest.mark.parametrize("values", [
    ("0", "1"),  # a tiny group at 0% and then 1%
    ("1", "1", "0"),
    ("1",),
    ("1.0", "0.00"),  # integers, however written
])
def test_only_0s_and_1s_are_not_warned_about(folder, values):
    rows = "".join(f"2026-W0{i + 1},reps,{v},42\n" for i, v in enumerate(values))
    assert ratio_warnings(folder, {"a.csv": HEAD + rows}) == []


def test_0s_and_1s_with_a_fraction_are_warned_about_at_the_first_value(folder):
    rows = "2026-W01,reps,0,42\n2026-W02,reps,1,44\n2026-W03,reps,0.5,45\n"
    assert ratio_warnings(folder, {"a.csv": HEAD + rows}) == [("a.csv", 2, 15)]


def test_the_fraction_may_be_in_another_file_and_the_warning_stays_at_the_first(folder):
    files = {"a.csv": HEAD + "2026-W01,reps,1,42\n",
             "b.csv": HEAD + "2026-W02,reps,0.306,44\n"}
    assert ratio_warnings(folder, files) == [("a.csv", 2, 15)]


def test_the_fraction_may_be_in_a_long_file(folder):
    long = ("period,segment,metric,value\n2026-W01,reps,active_members,0\n"
            "2026-W02,reps,active_members,1\n2026-W03,reps,active_members,0.25\n")
    assert ratio_warnings(folder, {"a.csv": long}) == [("a.csv", 2, 30)]  # the value cell of the first row


def test_a_fraction_with_a_value_above_1_is_not_warned_about(folder):
    rows = "2026-W01,reps,0.5,42\n2026-W02,reps,3,44\n"
    assert ratio_warnings(folder, {"a.csv": HEAD + rows}) == []
