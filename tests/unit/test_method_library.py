"""The method library (playbooks/method): it checks clean, each playbook parses and is formatted,
a team's playbook that includes it is checked for the team's mistakes only, and the folder that
holds it reads without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan import load as loader
from adoptplan import model as m
from adoptplan.cli import cli
from adoptplan.syntax import parse_text

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "playbooks" / "method"
FILES = sorted(LIBRARY.glob("*.adopt"))
STEPS = ("target_audience", "priorities_and_tools", "pilot", "launch_readiness", "educate",
         "barriers", "sustain", "scale")
"""One library playbook per step of the method (docs/method.md)."""

TEAM = """include method.barriers
include method.sustain {{ sustain_floor = critical_mass - 10pp }}

playbook "Contact centre" {{
  cadence       weekly
  launch        2026-W40
  critical_mass 60%
}}

segment agents "Agents" {{
  members       400
  collaboration high
  likelihood    high
  by            {dimension}
}}

priority first_contact "Resolve on first contact" {{
  for agents
}}

tool answers "Answers" {{
  serves first_contact
}}
"""


def codes(checked: api.Checked) -> list[str]:
    return [d.code for d in checked.diagnostics]


def test_the_library_has_a_playbook_for_every_step():
    assert sorted(p.stem for p in FILES) == sorted(STEPS)
    assert loader.library_names() == sorted(f"method.{step}" for step in STEPS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_library_playbook_parses_and_declares_no_segment_priority_or_tool(path):
    source, problems = parse_text(path.read_text(encoding="utf-8"), path.name)
    assert problems == []
    kinds = {type(item) for item in source.items}
    assert kinds & {m.Segment, m.Priority, m.Tool, m.Header} == set()
    assert m.Rule in kinds or m.Barrier in kinds


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_library_playbook_checks_clean_alone(path):
    checked = api.check_paths([path])
    assert checked.diagnostics == ()
    assert list(checked.loaded.sources) == [f"<library>/method/{path.name}"]


def test_the_whole_library_checks_clean_together():
    result = CliRunner().invoke(cli, ["check", "--strict", str(LIBRARY)])
    assert (result.exit_code, result.output) == (0, "no problems found\n")


def test_the_library_is_formatted():
    result = CliRunner().invoke(cli, ["fmt", "--check", str(LIBRARY)])
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ included by a team


def test_a_library_rule_by_a_dimension_no_team_segment_declares_watches_none(tmp_path):
    (tmp_path / "plan.adopt").write_text(TEAM.format(dimension="geography"), encoding="utf-8")
    checked = api.check_paths([tmp_path / "plan.adopt"])
    assert codes(checked) == []  # device_lagging runs `in all by device`: no segment has one


def test_a_team_rule_by_a_dimension_no_segment_declares_is_still_an_error(tmp_path):
    rule = ('rule r "R" {\n  when posts < 1\n  in all by device\n'
            '  do measure "Ask {segment} about {priority}"\n}\n')
    (tmp_path / "plan.adopt").write_text(TEAM.format(dimension="geography") + "\n" + rule,
                                         encoding="utf-8")
    assert codes(api.check_paths([tmp_path / "plan.adopt"])) == ["AP211"]


def test_a_team_without_a_header_is_still_told(tmp_path):
    (tmp_path / "plan.adopt").write_text("include method.scale\n", encoding="utf-8")
    assert codes(api.check_paths([tmp_path / "plan.adopt"])) == ["AP215"]


def test_an_override_of_a_param_the_library_playbook_lacks_is_reported(tmp_path):
    text = TEAM.format(dimension="device").replace("sustain_floor", "sustain_flor")
    (tmp_path / "plan.adopt").write_text(text, encoding="utf-8")
    (found,) = api.check_paths([tmp_path / "plan.adopt"]).diagnostics
    assert (found.code, found.hint) == ("AP206", "did you mean 'sustain_floor'?")


# ------------------------------------------------------------ the folder that holds it


def test_a_folder_around_the_library_is_read_without_it():
    loaded = loader.load([ROOT / "playbooks"])
    assert not [p for p in loaded.sources if p.startswith("<library>/")]
    assert loaded.sources  # the bundled playbook and what it includes


def test_the_library_folder_itself_is_read(monkeypatch, tmp_path):
    library = tmp_path / "library"
    (library / "method").mkdir(parents=True)
    (library / "method" / "one.adopt").write_text("param x number = 1\n", encoding="utf-8")
    (library / "team.adopt").write_text('segment s "S" {\n  members 10\n}\n', encoding="utf-8")
    monkeypatch.setattr(loader, "library_root", lambda: library)
    around = loader.load([library])
    assert sorted(around.sources) == [(library / "team.adopt").as_posix()]
    inside = loader.load([library / "method"])
    assert sorted(inside.sources) == ["<library>/method/one.adopt"]
