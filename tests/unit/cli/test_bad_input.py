"""Broken input never gives a traceback: a diagnostic with `path:line:col:` and exit 1 or 2."""

from __future__ import annotations

import gzip
import random
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan.cli import cli

POSITIONED = re.compile(r"^(?P<path>[^\s:][^:\n]*):(?P<line>\d+):(?P<column>\d+): "
                        r"(?P<severity>error|warning)\[(?P<code>AP\d{3})\]: ", re.M)
VALID = b'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n}\n'


@attrs.frozen
class Case:
    """Files to write, the path to check, and the first diagnostic expected: code, line, column."""

    name: str
    files: dict[str, bytes]
    target: str
    code: str
    line: int
    column: int
    exit_code: int = exitcodes.FINDINGS


def case(name: str, data: bytes, code: str, line: int, column: int) -> Case:
    return Case(name, {f"{name}.adopt": data}, f"{name}.adopt", code, line, column)


def nested(depth: int) -> bytes:
    return VALID + b"metric deep {\n  unit number\n  value " + b"(" * depth + b"1" + b")" * depth + b"\n}\n"


def long_sum(terms: int) -> bytes:
    return VALID + b"metric long {\n  unit number\n  value " + b" + ".join([b"1"] * terms) + b"\n}\n"


def not_chain(count: int) -> bytes:
    return VALID + b"rule r {\n  when " + b"not " * count + b"posts > 1\n  do educate \"x\"\n}\n"


BROKEN: tuple[Case, ...] = (
    case("binary", gzip.compress(VALID * 20, mtime=0), "AP101", 1, 2),
    case("nul_bytes", b"segment reps {\n  members \x00\x00\n}\n", "AP101", 2, 11),
    case("latin1", 'segment reps "Équipe" {\n}\n'.encode("latin-1"), "AP101", 1, 15),
    case("deep_brackets", nested(10_000), "AP105", 7, 72),  # the block's `{` counts too
    case("long_sum", long_sum(5_000), "AP105", 7, 267),
    case("not_chain", not_chain(3_000), "AP105", 6, 264),
    case("unterminated_title", b'segment reps "Customer service {\n  members 10\n}\n', "AP104", 1, 14),
    case("unterminated_at_end", b'segment reps {\n  managers "Dana', "AP104", 2, 12),
    case("tab_in_name", b"segment re\tps {\n  members 10\n}\n", "AP103", 1, 12),
    case("bom_error", b"\xef\xbb\xbfsegment reps {\n  membres 10\n}\n", "AP103", 2, 3),
    case("crlf_error", b"segment reps {\r\n  membres 10\r\n}\r\n", "AP103", 2, 3),
    case("cr_error", b"segment reps {\r  membres 10\r}\r", "AP103", 2, 3),
    case("unclosed_block", b"segment reps {\n  members 10\n", "AP103", 1, 14),  # at the `{`
    case("stray_character", b"segment reps @ {\n}\n", "AP102", 1, 14),
    case("include_passwd", b'include "/etc/passwd"\n', "AP108", 1, 1),
    case("include_climbs_out", b'\n\ninclude "../../x"\n', "AP108", 3, 1),
    Case(
        "include_cycle",
        {"a.adopt": VALID + b'include "b.adopt"\n', "b.adopt": b'# back to a\ninclude "a.adopt"\n'},
        "a.adopt", "AP109", 2, 1,
    ),
)


def random_bytes(seed: int) -> bytes:
    return random.Random(seed).randbytes(4_000)


TOKENS = ["segment", "rule", "when", "{", "}", "(", ")", '"', "\n", "40%", "and", "not", "in",
          "[", "]", "reps", "=", "-", "2026-W40", "include", "#", "\t", "é", ".", ",", "for"]


def random_words(seed: int) -> bytes:
    """Random sequences of the language's own words: the parser's error paths, not the decoder's."""
    rng = random.Random(seed)
    return " ".join(rng.choice(TOKENS) for _ in range(600)).encode("utf-8")


FUZZ = [("random_bytes", seed, random_bytes(seed)) for seed in (1, 2, 3, 4)]
FUZZ += [("random_words", seed, random_words(seed)) for seed in (1, 2, 3, 4)]


def write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).write_bytes(data)


def check(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def first_position(output: str) -> tuple[str, int, int, str]:
    found = POSITIONED.search(output)
    assert found, f"no `path:line:col:` diagnostic in:\n{output}"
    return found["path"], int(found["line"]), int(found["column"]), found["code"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- through CliRunner


@pytest.mark.parametrize("broken", BROKEN, ids=lambda c: c.name)
def test_broken_playbook_gives_positioned_diagnostic(folder, broken):
    write(folder, broken.files)
    result = check(broken.target)
    assert_no_traceback(result)
    assert result.exit_code == broken.exit_code, result.output
    path, line, column, code = first_position(result.output)
    assert path in broken.files
    every = {(m["code"], int(m["line"]), int(m["column"])) for m in POSITIONED.finditer(
        result.output)}  # every syntax error is reported, this one among them
    assert (broken.code, broken.line, broken.column) in every, result.output


@pytest.mark.parametrize(("kind", "seed", "data"), FUZZ, ids=[f"{k}-{s}" for k, s, _ in FUZZ])
def test_random_input_gives_positioned_error(folder, kind, seed, data):
    write(folder, {"fuzz.adopt": data})
    result = check("fuzz.adopt")
    assert_no_traceback(result)
    assert result.exit_code == exitcodes.FINDINGS, result.output
    path, line, column, code = first_position(result.output)
    assert path == "fuzz.adopt" and line >= 1 and column >= 1
    assert code.startswith("AP1")


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", b"# only a comment\n"], ids=["empty", "blank", "comment"])
def test_empty_file_is_an_error_at_line_one(folder, data):
    write(folder, {"empty.adopt": data})
    result = check("empty.adopt")
    assert_no_traceback(result)
    assert first_position(result.output) == ("empty.adopt", 1, 1, "AP111")
    assert result.exit_code == exitcodes.FINDINGS


def test_folder_without_playbooks_is_a_usage_error(folder):
    (folder / "nothing").mkdir()
    result = check("nothing")
    assert_no_traceback(result)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "no .adopt files in the folder nothing" in result.output


def test_bom_and_crlf_are_read_as_plain_text(folder):
    write(folder, {"bom.adopt": b"\xef\xbb\xbf" + VALID, "crlf.adopt": VALID.replace(b"\n", b"\r\n")})
    for name in ("bom.adopt", "crlf.adopt"):
        result = check(name)
        assert (result.exit_code, result.output) == (exitcodes.OK, "no problems found\n")


def test_crlf_error_shows_the_line_without_carriage_return(folder):
    write(folder, {"crlf.adopt": b"segment reps {\r\n  membres 10\r\n}\r\n"})
    output = check("crlf.adopt").output
    assert "2 |   membres 10\n" in output
    assert "\r" not in output


def test_missing_path_is_a_usage_error(folder):
    result = check("no/such/playbook.adopt")
    assert_no_traceback(result)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "no such file or folder: no/such/playbook.adopt" in result.output


def big_playbook(groups: int) -> bytes:
    """A valid playbook of about 5 MB: many segments, each after a long comment of notes."""
    note = "# " + "Interview notes from the kick-off with the managers of this group. " * 14
    parts = [VALID.decode(), "\n"]
    for i in range(groups):
        parts.append((note + "\n") * 6)
        parts.append(
            f'segment group_{i} "Group {i} of the support organisation" {{\n'
            f"  members       {100 + i % 900}\n  collaboration high\n  likelihood    medium\n"
            f'  managers      "Manager {i}", "Deputy {i}"\n}}\n\n'
        )
    names = ", ".join(f"group_{i}" for i in range(groups))
    parts.append(f'priority service "Exemplary service" {{\n  for {names}\n}}\n\n')
    parts.append('tool qna "Q&A with experts" {\n  serves service\n}\n')
    return "".join(parts).encode("utf-8")


def test_five_megabyte_playbook_is_checked(folder):
    data = big_playbook(900)
    assert len(data) > 5_000_000
    write(folder, {"big.adopt": data})
    result = check("big.adopt")
    assert_no_traceback(result)
    assert (result.exit_code, result.output) == (exitcodes.OK, "no problems found\n")


# --------------------------------------------------------------------- through the real program


def test_installed_program_reports_broken_files_without_traceback(tmp_path):
    """The same cases through `python -m adoptplan`, as CI runs it, from another folder."""
    targets = []
    for broken in BROKEN:
        folder = tmp_path / broken.name
        folder.mkdir()
        write(folder, broken.files)
        targets.append(str(folder / broken.target))
    run = subprocess.run(
        [sys.executable, "-m", "adoptplan", "check", *targets],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == exitcodes.FINDINGS
    reported = {(m["path"].split("/")[0], m["code"]) for m in POSITIONED.finditer(run.stdout)}
    assert reported >= {(broken.name, broken.code) for broken in BROKEN}
    assert reported - {(broken.name, broken.code) for broken in BROKEN} == {
        ("unterminated_at_end", "AP103")}, "and the block it leaves open"


def test_installed_program_missing_path_exits_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "adoptplan", "check", "missing.adopt"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert run.returncode == exitcodes.BAD_INPUT
    assert "Traceback" not in run.stderr
    assert "missing.adopt" in run.stderr
