"""`check -` and `fmt -`: a playbook from standard input, as an editor lints and formats on save."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan.cli import cli

CLEAN = 'include method.barriers\n\nsegment reps "Reps" {\n  members 1200\n}\n'
UNFORMATTED = 'segment reps "Reps" {\nmembers    1200\n}\n'
BROKEN = 'segment reps "Reps" {\n  members 1,500\n}\n'


def run(args: list[str], text: str):
    return CliRunner().invoke(cli, args, input=text.encode("utf-8"))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "playbooks").mkdir()
    return tmp_path


def test_check_reads_standard_input_with_the_library(folder):
    result = run(["check", "-"], CLEAN)
    assert result.exit_code == exitcodes.OK, result.output
    assert "<stdin>:1:1: warning[AP215]" in result.output and "error" not in result.output


@pytest.mark.parametrize(("args", "where"), [
    (["check", "-"], "<stdin>:2:11: error[AP103]"),
    (["check", "-", "--stdin-filename", "playbooks/reps.adopt"], "playbooks/reps.adopt:2:11:"),
])
def test_check_locates_findings_at_the_stdin_filename(folder, args, where):
    result = run(args, BROKEN)
    assert result.exit_code == exitcodes.FINDINGS
    assert where in result.output and "2 |   members 1,500" in result.output


def test_the_text_given_replaces_the_file_and_includes_follow_from_its_folder(folder):
    (folder / "playbooks" / "reps.adopt").write_text(BROKEN, encoding="utf-8")
    (folder / "playbooks" / "main.adopt").write_text('include "people.adopt"\n',
                                                      encoding="utf-8")
    (folder / "playbooks" / "people.adopt").write_text(UNFORMATTED, encoding="utf-8")
    text = 'include "people.adopt"\n\npriority service "Service" {\n  for reps\n}\n'
    result = run(["check", "-", "--stdin-filename", "playbooks/reps.adopt"], text)
    # reps comes from the included file (no unknown segment); the one error is the method's
    assert result.exit_code == exitcodes.FINDINGS, result.output
    assert "playbooks/reps.adopt:3:10: error[AP502]" in result.output
    assert "1 error, 1 warning" in result.output
    assert "1,500" not in result.output, "the file on disk is not read"
    missing = run(["check", "-", "--stdin-filename", "elsewhere/reps.adopt"], text)
    assert "elsewhere/reps.adopt:1:1: error[AP108]: cannot include 'people.adopt'" in missing.output
    assert "--stdin-filename" not in missing.output  # it was given: the include is simply missing


@pytest.mark.parametrize("include", ["people.adopt", "../people.adopt"])
def test_an_include_of_unnamed_standard_input_hints_at_stdin_filename(folder, include):
    (folder / "playbooks" / "people.adopt").write_text(UNFORMATTED, encoding="utf-8")
    result = run(["check", "-"], f'include "{include}"\n')
    assert result.exit_code == exitcodes.FINDINGS, result.output
    assert "<stdin>:1:1: error[AP108]" in result.output
    assert "give --stdin-filename PATH to resolve them from the file's folder" in result.output


def test_fmt_writes_the_formatted_text_to_standard_output(folder):
    result = run(["fmt", "-"], UNFORMATTED)
    assert result.exit_code == exitcodes.OK
    assert result.stdout == 'segment reps "Reps" {\n  members 1200\n}\n'
    assert run(["fmt", "-"], result.stdout).stdout == result.stdout
    assert not any(folder.rglob("*.adopt")), "nothing written"


def test_fmt_of_a_broken_playbook_writes_nothing_to_standard_output(folder):
    result = run(["fmt", "-", "--stdin-filename", "playbooks/reps.adopt"], BROKEN)
    assert result.exit_code == exitcodes.BAD_INPUT
    assert result.stdout == ""
    assert "playbooks/reps.adopt:2:11: error[AP103]" in result.stderr


@pytest.mark.parametrize(("args", "code", "said"), [
    (["fmt", "--check", "-"], exitcodes.FINDINGS, "would reformat <stdin>\n"),
    (["fmt", "--diff", "-", "--stdin-filename", "a.adopt"], exitcodes.FINDINGS, "+++ b/a.adopt"),
])
def test_fmt_check_and_diff_of_standard_input(folder, args, code, said):
    result = run(args, UNFORMATTED)
    assert result.exit_code == code and said in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["check", "-", "playbooks"], "- reads the playbook from standard input: give it alone"),
    (["fmt", "a.adopt", "-"], "- reads the playbook from standard input: give it alone"),
    (["check", "playbooks", "--stdin-filename", "a.adopt"], "--stdin-filename goes with -"),
])
def test_stdin_usage_errors(folder, args, message):
    result = run(args, CLEAN)
    assert result.exit_code == exitcodes.BAD_INPUT and message in result.stderr
