"""The method library (playbooks/method): it checks clean, each playbook parses and is formatted,
a team's playbook that includes it is checked for the team's mistakes only, the folder that holds
it reads without it, and the three example organisations (examples/<org>) show every step and
every barrier firing, their committed histories and actions.md regenerated and compared."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan import load as loader
from adoptplan import model as m
from adoptplan.cli import cli
from adoptplan.syntax import parse_text

ROOT = Path(__file__).resolve().parents[3]
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
    assert list(checked.loaded.sources) == [f"method.{path.stem}"]


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
    assert not [p for p in loaded.sources if m.is_library_path(p)]
    assert loaded.sources  # the bundled playbook and what it includes


def test_a_copy_of_the_playbooks_folder_is_read_without_its_copy_of_the_library(tmp_path):
    """As when `playbooks/` of a checkout is copied, or read by a package installed from it."""
    import shutil

    copy = tmp_path / "playbooks"
    shutil.copytree(ROOT / "playbooks", copy)
    loaded = loader.load([copy])
    assert not [d for d in loaded.diagnostics if d.severity == "error"], loaded.diagnostics
    assert sorted(Path(p).relative_to(copy).as_posix() for p in loaded.sources) == [
        "customer-service.adopt", "shared/support-desk-metrics.adopt"]


def test_a_method_folder_of_a_teams_own_playbooks_is_read(tmp_path):
    (tmp_path / "method").mkdir()
    (tmp_path / "method" / "our_rollout.adopt").write_text(
        'segment s "S" {\n  members 10\n}\n', encoding="utf-8")
    loaded = loader.load([tmp_path])
    assert [Path(p).name for p in loaded.sources] == ["our_rollout.adopt"]


def test_the_library_folder_itself_is_read(monkeypatch, tmp_path):
    library = tmp_path / "library"
    (library / "method").mkdir(parents=True)
    (library / "method" / "one.adopt").write_text("param x number = 1\n", encoding="utf-8")
    (library / "team.adopt").write_text('segment s "S" {\n  members 10\n}\n', encoding="utf-8")
    monkeypatch.setattr(loader, "library_root", lambda: library)
    around = loader.load([library])
    assert sorted(around.sources) == [(library / "team.adopt").as_posix()]
    inside = loader.load([library / "method"])
    assert sorted(inside.sources) == ["method.one"]


# ------------------------------------------------------------------------------- examples

EXAMPLES = ("fernway-stores", "harbour-contact", "meridian-engineering")


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_org_metrics", ROOT / "examples" / "generate_org_metrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _evaluate(org: str, fmt: str) -> str:
    folder = f"examples/{org}"
    result = CliRunner().invoke(cli, ["evaluate", folder, "--metrics", f"{folder}/metrics",
                                      "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def findings() -> dict[str, list[dict]]:
    """Each example's findings, evaluated from the repository's root as the docs show."""
    with contextlib.chdir(ROOT):
        return {org: json.loads(_evaluate(org, "json"))["findings"] for org in EXAMPLES}


def test_the_examples_are_the_generators_organisations():
    assert sorted(_generator().ORGS) == sorted(EXAMPLES)
    assert sorted(p.name for p in (ROOT / "examples").iterdir()
                  if (p / "playbook.adopt").is_file()) == sorted(EXAMPLES)


def test_the_committed_histories_are_what_the_generator_writes():
    for org, files in _generator().generate().items():
        folder = ROOT / "examples" / org / "metrics"
        committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.csv")}
        assert sorted(committed) == sorted(files), org
        for name, text in files.items():
            assert committed[name] == text, (
                f"{org}/{name} differs: run python examples/generate_org_metrics.py --actions")


@pytest.mark.parametrize("org", EXAMPLES)
def test_the_committed_actions_are_a_fresh_evaluation(org, monkeypatch):
    monkeypatch.chdir(ROOT)
    committed = (ROOT / "examples" / org / "actions.md").read_text(encoding="utf-8")
    assert _evaluate(org, "markdown") == committed, (
        f"examples/{org}/actions.md is stale: run python examples/generate_org_metrics.py "
        "--actions and review the diff")


@pytest.mark.parametrize("org", EXAMPLES)
def test_each_example_includes_the_library_and_checks_clean(org):
    checked = api.check_paths([ROOT / "examples" / org])
    assert codes(checked) == []
    assert any(i.library for i in checked.loaded.playbook.includes)


def test_every_barrier_of_the_catalogue_fires_in_an_example(findings):
    catalogue = [b.name.text for b in _library_file("barriers").items if isinstance(b, m.Barrier)]
    assert len(catalogue) == 7
    fired = {f["rule"] for org in EXAMPLES for f in findings[org] if f["alert"]}
    assert set(catalogue) - fired == set()


@pytest.mark.parametrize("step", STEPS)
def test_every_step_fires_in_an_example(step, findings):
    fired = {f["rule"] for org in EXAMPLES for f in findings[org]
             if f["path"] == f"method.{step}"}
    assert fired, f"no rule of method.{step} fires in any example"


def test_every_library_rule_fires_in_an_example_or_a_feature(findings):
    fired = {f["rule"] for org in EXAMPLES for f in findings[org]}
    features = "\n".join(p.read_text(encoding="utf-8")
                         for p in (ROOT / "features" / "method").glob("*.feature"))
    for path in FILES:
        for item in parse_text(path.read_text(encoding="utf-8"), path.name)[0].items:
            if isinstance(item, (m.Rule, m.Barrier)):
                name = item.name.text
                assert name in fired or f'"{name}/' in features, name


def _library_file(step: str) -> m.SourceFile:
    path = LIBRARY / f"{step}.adopt"
    return parse_text(path.read_text(encoding="utf-8"), path.name)[0]


# ----------------------------------------------------------------------------- docs/method.md

GUIDE = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
PARAM = re.compile(r"^param (\w+) (\w+) = (.+?)\s*(?:#.*)?$", re.M)


def test_the_guide_shows_every_param_with_its_type_and_default():
    for path in FILES:
        for name, kind, default in PARAM.findall(path.read_text(encoding="utf-8")):
            assert f"| `{name}` | {kind} | {default} |" in GUIDE, (path.name, name)


def test_the_guide_names_every_rule_and_barrier_of_the_library():
    for path in FILES:
        for item in parse_text(path.read_text(encoding="utf-8"), path.name)[0].items:
            if isinstance(item, (m.Rule, m.Barrier)):
                assert f"`{item.name.text}`" in GUIDE, item.name.text


def test_the_guides_team_playbook_checks_without_errors(tmp_path):
    blocks = re.findall(r"^```adopt\n(.*?)^```$", GUIDE, re.S | re.M)
    assert len(blocks) == 2
    for index, text in enumerate(blocks):
        assert parse_text(text, f"block{index}.adopt")[1] == []
    (tmp_path / "plan.adopt").write_text(blocks[1], encoding="utf-8")
    assert codes(api.check_paths([tmp_path / "plan.adopt"])) == []


def test_a_teams_own_method_folder_with_a_library_file_name_is_read(tmp_path):
    """Only a true copy of the library (name and text) is left out of a folder."""
    (tmp_path / "method").mkdir()
    (tmp_path / "method" / "barriers.adopt").write_text(
        'segment s "S" {\n  members 10\n}\n', encoding="utf-8")
    loaded = loader.load([tmp_path])
    assert [Path(p).name for p in loaded.sources] == ["barriers.adopt"]
