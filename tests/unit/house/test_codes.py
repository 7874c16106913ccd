"""Every diagnostic code: its wrong example reports it where expected, its right one does not."""

import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api, load
from adoptplan.cli import cli
from adoptplan.codes import all_codes, playbook_codes
from adoptplan.report.codes import render_code, render_docs

REPOSITORY = Path(__file__).resolve().parents[3]

# Where each wrong example's finding starts: (line, column). Examples start with the 4-line header.
EXPECTED: dict[str, tuple[int, int]] = {
    "AP101": (1, 1),
    "AP102": (5, 14),
    "AP103": (6, 3),
    "AP104": (5, 14),
    "AP105": (7, 72),
    "AP106": (7, 3),
    "AP111": (1, 1),
    "AP112": (5, 19),  # the backslash
    "AP107": (5, 6),  # the rule's name
    "AP108": (5, 1),  # the include
    "AP109": (5, 1),
    "AP110": (5, 1),
    "AP201": (9, 9),  # the second `reps`
    "AP202": (13, 7),  # rpes
    "AP203": (17, 10),  # reputaton
    "AP204": (12, 9),  # expert_qa
    "AP205": (6, 8),  # active_member
    "AP206": (6, 3),  # pilot_flor
    "AP207": (7, 30),  # {segmnt}
    "AP208": (8, 12),  # hihg
    "AP209": (7, 8),  # eductae
    "AP210": (2, 11),  # weakly
    "AP211": (14, 16),  # geograpy
    "AP212": (5, 8),  # questions
    "AP213": (6, 8),  # averge
    "AP214": (5, 1),  # the second `playbook`
    "AP215": (1, 1),
    "AP216": (12, 13),  # reads_per_post inside posts_per_read
    "AP217": (11, 7),  # file_sharng, the waived rule
    "AP218": (15, 14),  # the intervention ends before it starts
    "AP219": (18, 3),  # compare to the treated group
    "AP301": (6, 25),  # 40
    "AP302": (6, 8),  # the comparison
    "AP303": (6, 8),  # active_members
    "AP304": (6, 31),  # 4
    "AP305": (6, 33),  # 0 periods
    "AP306": (5, 30),  # 40
    "AP307": (4, 11),  # 3 members
    "AP401": (6, 33),  # active_members > 50%
    "AP402": (6, 8),  # the whole `or`
    "AP403": (13, 10),  # the waiver's past date
    "AP501": (5, 9),  # reps
    "AP502": (12, 10),  # reputation
    "AP503": (16, 17),  # the last equal effort
    "AP504": (23, 16),  # the message
    "AP505": (6, 9),  # the missing capability
    "AP506": (23, 16),  # the message
}

# Codes whose examples must be files on disk: bytes that are not UTF-8, includes.
ON_DISK = {"AP101", "AP108", "AP109", "AP110", "AP206"}

SHARED_SEGMENTS = "segment reps {\n  members 1200\n}\n"
LIBRARY_PILOT = (
    "param pilot_floor percent = 30%\n\n"
    'rule pilot_start "Start a pilot" {\n'
    "  when active_members < pilot_floor\n"
    '  do   pilot "Pilot with a few teams"\n'
    "}\n"
)


@pytest.fixture
def on_disk(tmp_path, monkeypatch):
    """Check an example as `root/playbook.adopt`, with a shared file, one outside, a library."""
    root = tmp_path / "root"
    (root / "shared").mkdir(parents=True)
    (root / "shared" / "segments.adopt").write_text(SHARED_SEGMENTS, encoding="utf-8")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "segments.adopt").write_text(SHARED_SEGMENTS, encoding="utf-8")
    library = tmp_path / "library" / "method"
    library.mkdir(parents=True)
    (library / "pilot.adopt").write_text(LIBRARY_PILOT, encoding="utf-8")
    monkeypatch.setattr(load, "library_root", lambda: tmp_path / "library")

    def run(text: str, encoding: str = "utf-8"):
        main = root / "playbook.adopt"
        main.write_bytes(text.encode(encoding))
        return api.check_paths([main]).diagnostics

    return run


def findings(code, text, on_disk):
    if code.code not in ON_DISK:
        return api.check_text(text).diagnostics
    return on_disk(text, "latin-1" if code.code == "AP101" else "utf-8")


CODES = list(playbook_codes().values())
IDS = [c.code for c in CODES]


def test_every_code_has_an_expected_position():
    assert sorted(EXPECTED) == sorted(playbook_codes())


@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_wrong_example_reports_its_code_where_expected(code, on_disk):
    found = findings(code, code.wrong, on_disk)
    ours = [d for d in found if d.code == code.code]
    assert ours, f"{code.code} not reported; got {[(d.code, d.message) for d in found]}"
    assert (ours[0].span.line, ours[0].span.column) == EXPECTED[code.code]
    assert {d.severity for d in ours} == {code.severity}
    other_errors = [d for d in found if d.severity == "error" and d.code != code.code]
    assert other_errors == []


@pytest.mark.parametrize("code", CODES, ids=IDS)
def test_right_example_is_free_of_its_code_and_of_errors(code, on_disk):
    found = findings(code, code.right, on_disk)
    assert [d for d in found if d.code == code.code or d.severity == "error"] == []


CODE_TABLES = ("syntax", "semantic", "metrics", "ingest", "playbook_tests")


def _code_names() -> dict[str, str]:
    """Every code's name as its table gives it (UNKNOWN_METRIC = "AP205"), by code."""
    names = {}
    for table in CODE_TABLES:
        module = importlib.import_module(f"adoptplan.codes.{table}")
        names.update({value: f"{table}.{name}" for name, value in vars(module).items()
                      if name.isupper() and isinstance(value, str)
                      and re.fullmatch(r"AP\d{3}", value)})
    return names


def _stage_sources() -> dict[Path, str]:
    source = REPOSITORY / "src" / "adoptplan"
    return {path: path.read_text(encoding="utf-8") for path in source.rglob("*.py")
            if "codes" not in path.relative_to(source).parts[:1]}


def test_codes_are_raised_by_name_never_as_bare_text():
    bare = {f"{path.name}: {code}" for path, text in _stage_sources().items()
            for code in re.findall(r'"(AP\d{3})"', text)}
    assert bare == set()


def test_every_documented_code_has_a_name_and_is_raised():
    names = _code_names()
    assert set(names) == set(all_codes()), "a code without a name, or a name without a code"
    text = "\n".join(_stage_sources().values())
    never = {code for code, name in names.items()
             if not re.search(rf"\b{name.split('.')[1]}\b", text)}
    assert never == set(), "documented but never raised"


def test_codes_have_titles_and_known_severities():
    for code in CODES:
        assert code.title and code.explanation
        assert code.severity in ("error", "warning")
        assert "{HEADER}" not in code.wrong + code.right


def test_committed_docs_are_generated_from_the_registry():
    committed = (REPOSITORY / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert committed == render_docs(), "run: python -m adoptplan.report.codes > docs/diagnostics.md"


def test_docs_hold_every_code_as_explain_prints_it():
    docs = render_docs()
    for code in CODES:
        assert f"## {code.code}: {code.title}\n\n{render_code(code)}" in docs


def test_explain_prints_a_semantic_code():
    result = CliRunner().invoke(cli, ["explain", "ap301"])
    assert result.exit_code == 0
    assert result.output == render_code(all_codes()["AP301"])
