"""A rule's priority or a barrier's severity may name a `level` param (overridable)."""

from pathlib import Path

from click.testing import CliRunner

from adoptplan.cli import cli

PLAYBOOK = """playbook "P" {
  cadence weekly
  launch  2026-W40
}

param escalation level = critical

segment back_office "Back office" {
  members       260
  collaboration low
  likelihood    medium
}

priority fewer "Fewer escalations" {
  for back_office
}

tool qna "Q&A" {
  serves fewer
}

rule low_activity "Low activity" {
  when     active_members < 90%
  in       back_office
  do       educate "Workshop on fewer escalations with {tool}"
  using    qna
  priority escalation
}
"""
METRICS = ("period,segment,members,active_members\n2026-W39,back_office,260,20\n"
           "2026-W41,back_office,260,30\n")


def _evaluate(tmp_path: Path, *extra: str):
    (tmp_path / "p.adopt").write_text(PLAYBOOK)
    (tmp_path / "m.csv").write_text(METRICS)
    return CliRunner().invoke(cli, ["evaluate", str(tmp_path / "p.adopt"), "--metrics",
                                    str(tmp_path / "m.csv"), "--format", "json", *extra])


def test_level_param_sets_the_level(tmp_path):
    result = _evaluate(tmp_path)
    assert result.exit_code == 0, result.output
    assert '"level": "critical"' in result.output


def test_level_param_can_be_overridden(tmp_path):
    result = _evaluate(tmp_path, "--param", "escalation=low", "--fail-on", "medium")
    assert result.exit_code == 0, result.output
    assert '"level": "low"' in result.output
