"""--color, -q/--quiet and -v/--verbose on every command that prints for a person: the same
three options everywhere, colour only when asked for or on a terminal, plain bytes otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adoptplan import exitcodes
from adoptplan.cli import cli

from support.ingest import COMMON, write_examples

ESC = "\x1b["
BROKEN = 'playbook "Broken" {\n  cadence weekly\n  critical_mass 60%\n}\n\nrule r "R" {\n  when bogus < 1\n  in nowhere\n  do educate "x"\n}\n'
UNFORMATTED = 'playbook  "Tidy"   {\n cadence weekly\n   critical_mass 60%\n}\n'
PRINTING = (("check",), ("fmt",), ("test",), ("diff",), ("explain",), ("show",), ("evaluate",),
            ("init",), ("notify",), ("metrics", "import"), ("metrics", "build"))


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    """What `adoptplan init` writes (playbook, metrics, tests, adoptplan.toml), made once."""
    folder = tmp_path_factory.mktemp("starter")
    assert CliRunner().invoke(cli, ["init", str(folder), "--ci", "none", "--no-hooks"]
                              ).exit_code == 0
    return folder


@pytest.fixture
def repo(starter, tmp_path, monkeypatch) -> Path:
    shutil.copytree(starter, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "COLUMNS", "TERM", "ADOPTPLAN_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "broken.adopt").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def run(*words: str) -> Result:
    return CliRunner().invoke(cli, list(words))


@pytest.mark.parametrize("command", PRINTING, ids=" ".join)
def test_every_printing_command_has_the_three_options(command):
    shown = run(*command, "--help").output
    for option in ("--color [auto|always|never]", "-q, --quiet", "-v, --verbose"):
        assert option in shown


@pytest.mark.parametrize("command", [("check", "playbooks/"), ("show", "method.barriers"),
                                     ("test", "tests/"), ("evaluate",)], ids=lambda c: c[0])
def test_quiet_and_verbose_together_are_a_usage_error(repo, command):
    result = run(*command, "-q", "-v")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "give one" in result.output


# ------------------------------------------------------------------------------------ check


def test_check_colours_levels_only_when_asked(repo):
    plain = run("check", "broken.adopt")
    assert plain.exit_code == exitcodes.FINDINGS and ESC not in plain.output
    coloured = run("check", "broken.adopt", "--color", "always").output
    assert f"{ESC}1;31merror[AP" in coloured
    assert _unstyled(coloured) == plain.output  # colour adds nothing but colour
    assert ESC not in run("check", "broken.adopt", "--color", "never").output
    assert ESC not in run("check", "broken.adopt", "--format", "json", "--color", "always").output


def test_check_quiet_is_one_line_each_and_verbose_says_where_codes_are_explained(repo):
    normal = run("check", "broken.adopt").output
    quiet = run("check", "broken.adopt", "-q")
    assert quiet.exit_code == exitcodes.FINDINGS
    lines = quiet.output.splitlines()
    assert lines and all(line.startswith("broken.adopt:") and "error[AP" in line for line in lines)
    assert len(lines) == normal.count("error[AP")
    assert "see: adoptplan explain AP" in run("check", "broken.adopt", "-v").output
    assert run("check", "playbooks/", "-q").output == ""  # clean: nothing to say


# -------------------------------------------------------------------------------------- fmt


def test_fmt_quiet_says_nothing_and_verbose_names_unchanged_files(repo):
    Path("tidy.adopt").write_text(UNFORMATTED, encoding="utf-8")
    assert run("fmt", "tidy.adopt", "--check", "-q").output == ""
    diff = run("fmt", "tidy.adopt", "--diff", "--color", "always").output
    assert f"{ESC}32m+" in diff and f"{ESC}31m-" in diff
    assert run("fmt", "tidy.adopt", "-q").output == ""
    assert run("fmt", "tidy.adopt", "-v").output == "unchanged tidy.adopt\n"
    assert run("fmt", "tidy.adopt").output == ""


# ------------------------------------------------------------------------------------- test


def test_test_quiet_shows_failures_and_counts_and_verbose_every_rule(repo):
    normal = run("test", "tests/").output
    assert normal.startswith("PASS ")
    quiet = run("test", "tests/", "-q")
    assert quiet.exit_code == exitcodes.OK
    assert "PASS" not in quiet.output and quiet.output.startswith("3 tests: 3 passed")
    assert "seen firing and clear" in run("test", "tests/", "-v").output
    assert f"{ESC}32mPASS{ESC}0m" in run("test", "tests/", "--color", "always").output


# ------------------------------------------------------------- diff, explain, show, evaluate


def test_diff_quiet_is_the_headline_and_colour_marks_levels(repo):
    assert run("evaluate", "--format", "json", "-o", "result.json").exit_code == 0
    normal = run("diff", "result.json", "result.json").output
    assert "unchanged" in normal
    quiet = run("diff", "result.json", "result.json", "-q").output
    assert quiet == normal.splitlines()[0] + "\n"
    assert ESC in run("diff", "result.json", "result.json", "--color", "always").output
    assert ESC not in normal


def test_diff_text_fits_columns(repo, monkeypatch):
    assert run("evaluate", "--format", "json", "-o", "result.json").exit_code == 0
    monkeypatch.setenv("COLUMNS", "60")
    shown = run("diff", "result.json", "result.json").output
    assert max(len(line) for line in shown.splitlines()) <= 60


def test_explain_quiet_is_the_outcome_and_verbose_adds_why_not(repo):
    assert run("evaluate", "--format", "json", "-o", "result.json").exit_code == 0
    found = json.loads(Path("result.json").read_text(encoding="utf-8"))["findings"][0]["id"]
    quiet = run("explain", found, "playbooks/", "-q")
    # the outcome, the rule and, for an open finding, since when: no message, no evidence
    lines = quiet.output.splitlines()
    assert quiet.exit_code == 0 and len(lines) == 3 and lines[2].startswith("open since ")
    assert quiet.output.startswith(f"{found}: ")
    assert "why not:" in run("explain", found, "playbooks/", "-v").output
    assert "why not:" not in run("explain", found, "playbooks/").output


def test_show_quiet_prints_the_file_without_line_numbers(repo):
    numbered = run("show", "method.barriers").output
    bare = run("show", "method.barriers", "-q").output
    assert numbered.splitlines()[0].lstrip().startswith("1 |")
    assert bare.splitlines()[0] == numbered.splitlines()[0].split("| ", 1)[1]
    assert f"{ESC}2m" in run("show", "method.barriers", "--color", "always").output


def test_evaluate_keeps_its_options(repo):
    quiet = run("evaluate", "-q").output
    assert quiet.startswith("Customer service rollout: ") and "Barrier alerts" not in quiet
    assert ESC in run("evaluate", "--color", "always").output


# ------------------------------------------------------------------ init, notify, metrics


def test_init_quiet_writes_and_says_nothing(tmp_path):
    result = run("init", str(tmp_path), "--ci", "none", "--no-hooks", "-q")
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "adoptplan.toml").is_file()
    again = run("init", str(tmp_path), "--ci", "none", "--no-hooks", "--color", "always")
    assert f"{ESC}33mleft alone{ESC}0m" in again.output


def test_notify_dry_run_still_prints_with_quiet(repo, monkeypatch):
    assert run("evaluate", "--format", "json", "-o", "result.json").exit_code == 0
    with Path("adoptplan.toml").open("a", encoding="utf-8") as config:
        config.write('\n[notify.slack]\nurl_env = "H16_SLACK_URL"\n')
    monkeypatch.setenv("H16_SLACK_URL", "https://hooks.slack.invalid/x")
    shown = run("notify", "result.json", "--dry-run", "-q")
    assert shown.exit_code == 0, shown.output
    assert "--- slack:" in shown.output  # what was asked for is never silenced


@pytest.mark.parametrize("how", ["import", "build"])
def test_metrics_quiet_says_only_what_was_written(tmp_path, monkeypatch, how):
    monkeypatch.chdir(write_examples(tmp_path))
    source = (("--from", "viva-engage", "activity.csv") if how == "import"
              else ("--events", "events.csv"))
    normal = run("metrics", how, *source, *COMMON)
    assert normal.exit_code == 0, normal.output
    assert normal.output.startswith("data quality\n")
    quiet = run("metrics", how, *source, *COMMON, "-q")
    assert quiet.exit_code == 0
    assert quiet.output.splitlines() == normal.output.splitlines()[-1:]
    assert quiet.output.startswith("wrote ")


def test_metrics_quality_report_fits_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(write_examples(tmp_path))
    monkeypatch.setenv("COLUMNS", "50")
    shown = run("metrics", "import", "--from", "viva-engage", "activity.csv", *COMMON).output
    assert max(len(line) for line in shown.splitlines()[:-1]) <= 50  # the last: the path


# ------------------------------------------------------------ a real terminal: --color auto


def _unstyled(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _in_a_terminal(words: list[str], environ: dict[str, str], columns: int = 80) -> str:
    """Run adoptplan as a person would, on a pseudo-terminal `columns` wide; what it showed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "TERM")}
    env.update({"PYTHONPATH": os.pathsep.join(sys.path), "TERM": "xterm", **environ})
    process = subprocess.Popen([sys.executable, "-m", "adoptplan", *words], stdout=follower,
                               stderr=follower, stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(("environ", "coloured"), [
    ({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_auto_colours_a_terminal_unless_told_not_to(repo, environ, coloured):
    for words in (["check", "broken.adopt"], ["test", "tests/"], ["show", "method.barriers"]):
        shown = _in_a_terminal(words, environ)
        assert (ESC in shown) is coloured, (words, shown[:200])


def test_a_terminal_80_wide_gets_a_table_80_wide(repo):
    shown = _unstyled(_in_a_terminal(["evaluate"], {}, columns=80))
    assert "segment" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


PROJECT = Path(__file__).parents[3]
EXAMPLE = [str(PROJECT / "playbooks"), "--metrics", str(PROJECT / "examples" / "metrics")]


def _words(text: str) -> set[str]:
    """Its words, a card's labels ("for:") as the table's headers ("for"); a rule is no word."""
    return {word.rstrip(":") for word in text.split() if word.strip("─")}


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_evaluate_fits_the_width_and_never_splits_a_word(repo, monkeypatch, columns):
    """Segment and metric names, sparklines, periods and ids stay whole at any width (a word
    cut in two would be a word the wide report does not have); no table line passes the
    width; prose wraps between words; the summary stays one line, as it goes to a pipe."""
    monkeypatch.setenv("COLUMNS", "1000")
    wide = run("evaluate", *EXAMPLE, "--color", "never").output
    monkeypatch.setenv("COLUMNS", str(columns))
    shown = run("evaluate", *EXAMPLE, "--color", "never").output
    summary, *rest = shown.splitlines()
    assert summary == wide.splitlines()[0]
    assert max(len(line) for line in rest) <= columns
    assert _words(shown) <= _words(wide), sorted(_words(shown) - _words(wide))
    assert "Critical mass" in shown and "knowledge_editors" in shown


def test_quiet_evaluate_is_one_line_in_a_pipe_and_wrapped_in_a_terminal(repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    piped = run("evaluate", *EXAMPLE, "-q").output
    assert piped.count("\n") == 1 and len(piped) > 60
    shown = _in_a_terminal(["evaluate", *EXAMPLE, "-q", "--color", "never"], {}, columns=60)
    assert max(len(line) for line in shown.splitlines()) <= 60
    assert " ".join(shown.split()) == piped.strip()
