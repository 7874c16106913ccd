"""The Yammer drop of August 2014 as alert lifecycles (issue 18): a barrier on "below 80% of the
four weeks before" would fire a week or two only, as the trailing average takes in the drop; its
clearing condition ("back to 90% of the best of the eight weeks before") holds it open, and the
replay of the history says since when with no `--previous` file. Kept week by week, a chain of
`--previous` results says exactly the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan.cli import cli
from adoptplan.engine import evaluate

from support.yammer import weekly_build

pytestmark = pytest.mark.needs("yammer")


PLAYBOOK = """playbook "Yammer engagement watch" {
  platform      "Yammer"
  cadence       weekly
  launch        2014-W20
}

segment english "English-speaking users" {
  collaboration high
  likelihood    high
  match         language == "english"
  by            device_class
}

segment international "Users of other languages" {
  collaboration high
  likelihood    medium
  match         language != "english"
  by            device_class
}

priority answers "Colleagues find answers without a meeting" {
  for      english, international
}

tool mobile_app "Mobile app" {
  serves answers
}

barrier engagement_falls "Engaged users fall below 80% of the four weeks before" {
  when     active_count < 80% * average(active_count, 4 periods before)
  clear    when active_count >= 90% * max(active_count, 8 periods before)
  in       all by device_class
  minimum  30 members
  severity high
  remedy   "Ask {group} what changed: the app release, the digest, the search"
  serves   answers
}
"""
TABLET = "engagement_falls/international/device_class=tablet"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("yammer-lifecycle")
    return weekly_build(folder, PLAYBOOK)


def evaluated(workspace: Path, at: str, *extra: str) -> dict:
    result = CliRunner().invoke(cli, [
        "evaluate", str(workspace / "watch.adopt"), "--metrics", str(workspace / "metrics"),
        "--at", at, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def lifecycles(document: dict) -> dict[str, tuple[str, int, str]]:
    return {f["id"].removeprefix("engagement_falls/"): (
        f["lifecycle"]["since"], f["lifecycle"]["periods"], f["lifecycle"]["held_since"])
        for f in document["findings"] if f["rule"] == "engagement_falls"}


def test_the_drop_is_open_since_its_first_week_without_a_previous_file(workspace):
    """Tablets fall from 2014-W32, phones from 2014-W33; computers never. By 2014-W35 `when` no
    longer holds for the international tablets (the average has taken in the drop) and clear
    holds them open, still since 2014-W32."""
    assert lifecycles(evaluated(workspace, "2014-W35")) == {
        "english/device_class=phone": ("2014-W33", 3, "2014-W35"),
        "english/device_class=tablet": ("2014-W32", 4, ""),
        "international/device_class=phone": ("2014-W33", 3, "2014-W34"),
        "international/device_class=tablet": ("2014-W32", 4, "2014-W35"),
    }
    assert lifecycles(evaluated(workspace, "2014-W31")) == {}


def test_the_condition_alone_loses_the_drop_the_replay_keeps(workspace):
    prepared = api.prepare([workspace / "watch.adopt"], [workspace / "metrics"])
    alone = evaluate(prepared.checked.loaded.playbook, prepared.history, "2014-W35",
                     replay=False)
    assert TABLET not in {f.id for f in alone.findings}


def test_week_by_week_with_previous_results_says_the_same(workspace, tmp_path):
    periods = evaluated(workspace, "2014-W35")["periods"]
    last = None
    for week in periods:
        kept = tmp_path / f"{week}.json"
        chained = evaluated(workspace, week, *(["--previous", str(last)] if last else []))
        kept.write_text(json.dumps(chained), encoding="utf-8")
        replayed = evaluated(workspace, week)
        assert (chained["findings"], chained["cleared"]) == (
            replayed["findings"], replayed["cleared"]), week
        last = kept
    assert lifecycles(chained)["international/device_class=tablet"] == ("2014-W32", 4,
                                                                        "2014-W35")
