"""`param NAME = "text"` in an `.adopt-test` file gives a text param its value, as the playbook's
`param NAME text = "..."` does: quoted text read with the test file's escapes (AP816 for an unknown
one), and AP819 when the kind of value does not fit the param (quoted for a number, bare for text).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adoptplan import exitcodes
from adoptplan.cli import cli

PILOT = """
param pilot_region text = "Nordics"

rule pilot_workshop "Reps of the pilot region" {
  when     active_members < 50%
  in       reps by geography
  do       educate "Pilot in {pilot_region} ({geography}) to {priority}"
  using    expert_qna
  priority medium
}
"""
MESSAGE = "Pilot in {region} (DE) to Protect the brand through exemplary service"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A folder made by `adoptplan init`, its playbook with a text param used in a message."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "repo").exit_code == exitcodes.OK
    playbook = tmp_path / "repo" / "playbooks" / "rollout.adopt"
    playbook.write_text(playbook.read_text(encoding="utf-8") + PILOT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    assert run("check", "playbooks").exit_code == exitcodes.OK
    return tmp_path / "repo"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def adopt_test(*lines: str, message: str | None = None) -> Result:
    """Run one test of the pilot rule for reps in DE with `lines` added; `message` is what its
    expect line wants (any message when None)."""
    expect = "expect action pilot_workshop/reps/geography=DE medium"
    if message is not None:
        expect += ' "' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = "\n".join([
        'playbook "../playbooks/rollout.adopt"', "", "test pilot {", "  from 2026-W41",
        "  series reps/geography=DE active_members 35% 30%", *(f"  {line}" for line in lines),
        f"  {expect}", "  others allowed", "}", "",
    ])
    Path("tests/pilot.adopt-test").write_text(text, encoding="utf-8")
    return run("test", "tests/pilot.adopt-test")


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------- the value given


def test_without_the_param_the_message_holds_the_default(repo):
    assert adopt_test(message=MESSAGE.format(region="Nordics")).exit_code == exitcodes.OK
    assert adopt_test(message=MESSAGE.format(region="Iberia")).exit_code == exitcodes.FINDINGS


def test_a_quoted_value_reaches_the_message(repo):
    given = 'param pilot_region = "Iberia"'
    result = adopt_test(given, message=MESSAGE.format(region="Iberia"))
    assert result.exit_code == exitcodes.OK, result.output
    assert "PASS pilot" in result.stdout
    failed = adopt_test(given, message=MESSAGE.format(region="Nordics"))
    assert failed.exit_code == exitcodes.FINDINGS
    assert (f"expected: {MESSAGE.format(region='Nordics')}\n"
            f"        got:      {MESSAGE.format(region='Iberia')}\n") in failed.stdout


@pytest.mark.parametrize("written, region", [
    (r'"South \"Iberia\""', 'South "Iberia"'),  # the escapes of any quoted text of a test file
    (r'"C:\\pilots"', "C:\\pilots"),
    ('"Team #1"', "Team #1"),  # a `#` inside quotes is text, not a comment
    ('"  spaced  "', "  spaced  "),
    ('""', ""),
])
def test_quoted_text_reads_as_elsewhere_in_a_test_file(repo, written, region):
    result = adopt_test(f"param pilot_region = {written}", message=MESSAGE.format(region=region))
    assert result.exit_code == exitcodes.OK, result.output


def test_a_quoted_value_gives_the_same_findings_as_the_playbook_default(repo):
    """As the playbook would take it: the same text as default or as override, same message."""
    playbook = repo / "playbooks" / "rollout.adopt"
    playbook.write_text(playbook.read_text(encoding="utf-8").replace('"Nordics"', '"Iberia"'),
                        encoding="utf-8")
    assert adopt_test(message=MESSAGE.format(region="Iberia")).exit_code == exitcodes.OK
    assert adopt_test('param pilot_region = "Nordics"',
                      message=MESSAGE.format(region="Nordics")).exit_code == exitcodes.OK


# ------------------------------------------------------------------------------- what is refused


def test_an_unknown_escape_is_ap816_at_its_backslash(repo):
    result = adopt_test(r'param pilot_region = "North\nern"', message="anything")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "tests/pilot.adopt-test:6:30: error[AP816]: '\\n' is not an escape in quoted text" \
        in result.stderr
    assert_no_traceback(result)


def test_a_bare_value_for_a_text_param_is_ap819(repo):
    result = adopt_test("param pilot_region = Iberia")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert ("tests/pilot.adopt-test:6:24: error[AP819]: pilot_region is a text param, but "
            "`Iberia` is not quoted text") in result.stderr
    assert 'hint: write it in quotes: "Iberia"' in result.stderr
    assert_no_traceback(result)


def test_a_bare_number_for_a_text_param_is_ap819(repo):
    result = adopt_test("param pilot_region = 35%")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "error[AP819]: pilot_region is a text param, but `35%`" in result.stderr


@pytest.mark.parametrize("param, kind", [
    ("active_floor", "percent"),  # the starter's own param
    ("educate_floor", "percent"),  # one of the method library's
])
def test_a_quoted_value_for_a_number_param_is_ap819(repo, param, kind):
    result = adopt_test(f'param {param} = "40%"')
    assert result.exit_code == exitcodes.BAD_INPUT
    assert (f'tests/pilot.adopt-test:6:{len(param) + 12}: error[AP819]: {param} is a {kind} '
            'param, but `"40%"` is text') in result.stderr
    assert_no_traceback(result)


def test_an_unterminated_quoted_value_is_a_syntax_error_not_a_traceback(repo):
    result = adopt_test('param pilot_region = "Iberia')
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "this text is never closed" in result.stderr
    assert_no_traceback(result)
