"""Bounded work (issue 15): one line of input never costs minutes or gigabytes. Look-backs,
lines, series and shown texts have limits, each reported at its position; `fmt --diff` is
near linear; JSON and TOML nesting is refused before a parser recurses."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import fmt
from adoptplan.catalogue import MAX_PERIODS
from adoptplan.cli import cli
from adoptplan.files import json_lone_surrogate, json_too_deep
from adoptplan.load import MAX_LINE
from adoptplan.playbook_tests.parse import MAX_VALUES
from adoptplan.report.visible import MAX_SHOWN, one_line, visible

TEMPLATES = Path(__file__).resolve().parents[3] / "src" / "adoptplan" / "scaffold" / "templates"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    for name in ("playbooks", "metrics", "tests"):
        shutil.copytree(TEMPLATES / name, tmp_path / name)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def adoptplan(*args: str):
    return CliRunner().invoke(cli, list(args))


def add_rule(project: Path, when: str) -> None:
    with (project / "playbooks" / "rollout.adopt").open("a") as file:
        file.write(f'\nrule long "Long" {{\n  when {when}\n  in   reps\n  do   educate "x"\n}}\n')


def test_for_more_periods_than_the_limit_is_an_error_at_its_position(project):
    add_rule(project, "posts > 1 for 999999999999 periods")
    result = adoptplan("check", "playbooks")
    assert result.exit_code == 1
    assert f"error[AP305]: `for` looks back at most {MAX_PERIODS} periods" in result.output
    assert adoptplan("evaluate", "playbooks", "--metrics", "metrics").exit_code == 2


def test_a_window_over_the_limit_is_an_error_at_its_position(project):
    add_rule(project, "average(posts, 100000 periods) > 1")
    result = adoptplan("check", "playbooks")
    assert f"average() looks back 100000 periods: at most {MAX_PERIODS} periods" in result.output
    assert f"at least 1, at most {MAX_PERIODS}" in result.output


def test_a_long_look_back_costs_the_history_not_its_length(project):
    """At the limit, the work is bounded by the history's 8 weeks, not by 520 periods."""
    add_rule(project, f"posts > 1 for {MAX_PERIODS} periods")
    result = adoptplan("evaluate", "playbooks", "--metrics", "metrics")
    assert result.exit_code in (0, 1), result.output


def test_a_line_longer_than_the_limit_is_refused_before_parsing(project):
    path = project / "playbooks" / "rollout.adopt"
    path.write_text(path.read_text().replace('"Customer service reps"',
                                             '"' + "R" * 5_000_000 + '"'))
    result = adoptplan("evaluate", "playbooks", "--metrics", "metrics")
    assert result.exit_code == 2
    assert "error[AP115]: this line holds 5,000," in result.output
    assert f"playbooks/rollout.adopt:25:{MAX_LINE + 1}:" in result.output
    assert adoptplan("fmt", "--check", "playbooks").exit_code == 2


def test_a_series_of_too_many_values_is_refused_before_parsing(project):
    path = project / "tests" / "rollout.adopt-test"
    text = path.read_text().replace("active_members 35% 30%",
                                    "active_members " + " ".join(["35%"] * 1_200_000), 1)
    path.write_text(text)
    result = adoptplan("test", "tests")
    assert result.exit_code == 2
    assert f"values: a series holds at most {MAX_VALUES:,}" in result.output
    assert "error[AP804]: this line holds 1,200,000 values" in result.output


def test_a_long_text_is_shortened_on_screen_and_whole_in_json(project):
    path = project / "playbooks" / "rollout.adopt"
    path.write_text(path.read_text().replace('needs  "search by expertise"',
                                             'needs  "' + "n" * 9000 + '"', 1))
    table = adoptplan("evaluate", "playbooks", "--metrics", "metrics")
    assert "…" in table.output and table.output.count("n") < 9000  # the id and message, cut
    document = json.loads(adoptplan("evaluate", "playbooks", "--metrics", "metrics",
                                    "--format", "json").stdout)
    assert any("n" * 9000 in finding["id"] for finding in document["findings"])


def test_visible_and_one_line_escape_what_acts_on_a_terminal():
    assert visible("a\u202eb\x1bc\nd") == "a\\u202eb\\x1bc\nd"
    assert one_line("12\n\u202eevil") == "12\\n\\u202eevil"
    assert len(visible("x" * 5000)) == MAX_SHOWN


def test_bidirectional_text_in_a_message_reaches_no_terminal(project):
    path = project / "playbooks" / "rollout.adopt"
    path.write_text(path.read_text().replace('needs  "search by expertise"',
                                             'needs  "\u202eevil"', 1))
    for form in ("text", "github"):
        result = adoptplan("check", "--format", form, "playbooks")
        assert "\\u202eevil" in result.output and "\u202e" not in result.output


@pytest.mark.parametrize(("text", "deep"), [("[[1]]", None), ("[" * 65 + "]" * 65, 64),
                                            ('["[[[[", {"a": [1]}]', None)])
def test_json_depth_is_measured_outside_strings(text, deep):
    assert json_too_deep(text) == deep


def test_a_lone_surrogate_escape_is_found_a_pair_is_not():
    assert json_lone_surrogate('"\\ud800"') == 1
    assert json_lone_surrogate('"\\udc00x"') == 1
    assert json_lone_surrogate('"\\ud83d\\ude00"') is None


def test_fmt_diff_applies_and_stays_near_linear():
    """The diff of random edits turns the text before into the text after, as `patch` would."""
    rng = random.Random(15)
    for _ in range(200):
        before = [rng.choice(["}\n", "  a\n", "x\n", f"u{rng.randrange(9)}\n"])
                  for _ in range(rng.randrange(30))]
        after = list(before)
        for _ in range(rng.randrange(5)):
            at = rng.randrange(len(after) + 1)
            if rng.random() < 0.5 or not after:
                after.insert(at, rng.choice(["}\n", "y\n"]))
            else:
                del after[min(at, len(after) - 1)]
        diff = fmt.unified_diff("".join(before), "".join(after), "f.adopt")
        assert _apply(before, diff) == after


def _apply(lines: list[str], diff: str) -> list[str]:
    out, at = [], 0
    for line in diff.splitlines(keepends=True)[2:]:
        if line.startswith("@@"):
            start = int(line.split()[1].split(",")[0][1:])
            length = line.split()[1].split(",")
            begin = start - 1 if len(length) == 1 or length[1] != "0" else start
            out += lines[at:begin]
            at = begin
        elif line.startswith(" "):
            out.append(lines[at])
            at += 1
        elif line.startswith("-"):
            at += 1
        elif line.startswith("+"):
            out.append(line[1:])
    return out + lines[at:]
