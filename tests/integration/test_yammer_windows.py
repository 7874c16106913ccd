"""The Yammer case with the window functions: engagement below 85% of the four weeks before,
watched by device class and account age in one barrier (`by device_class, account_age`), and
digest click-through below the four weeks before, from the raw e-mails.

The case's answer: from the week of 2014-08-04 phone and tablet users fall away, computer users do
not, and digest readers stop clicking through; accounts older than ten weeks stop coming back, new
ones do not. The example's mapping counts account age at each event (`at = "event"`). The older accounts'
fall shows from the week after, 2014-08-11, whether age is counted at each event, at the end of
the week, at 28, 56, 70 or 91 days, or as the case's cohorts (age on 2014-09-01): in the week of
2014-08-04 both ages fell alike (10+ weeks: English 344 -> 300 active, 87%, against 85% of
329.25; under 10 weeks 404 -> 352, 87%; in active share, posts, reads and engagements per member
too), and only the older accounts went on falling (266 against 352 in 2014-W33). No threshold
that is not tuned to the data separates them in 2014-W32.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan.cli import cli

from support.yammer import EXAMPLE, weekly_build

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
  by            device_class, account_age
}

segment international "Users of other languages" {
  collaboration high
  likelihood    medium
  match         language != "english"
  by            device_class, account_age
}

priority answers "Colleagues find answers without a meeting" {
  for      english, international
}

tool mobile_app "Mobile app" {
  serves answers
}

metric digest_opens "Weekly digests opened" {
  unit count
}

metric digest_clicks "Click-throughs from a digest" {
  unit count
}

metric digest_clickthrough "Opened digests clicked through" {
  unit  percent
  value digest_clicks / digest_opens
}

rule digest_clicks_fell "Digest readers stop clicking through" {
  when     digest_clickthrough < average(digest_clickthrough, 4 periods before) - 8pp
  in       all
  do       build "Check the links and threads of the weekly digest so colleagues find answers"
  priority high
}

barrier engagement_falls "Engaged users fall below 85% of the four weeks before" {
  when     active_count < 85% * average(active_count, 4 periods before)
  in       all by device_class, account_age
  minimum  30 members
  severity high
  remedy   "Ask {group} what changed this week: the app release, the digest, the search"
  serves   answers
}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """The example's mapping with accounts split at ten weeks, and its weekly build."""
    folder = tmp_path_factory.mktemp("yammer-windows")
    mapping = (EXAMPLE / "mapping.toml").read_text(encoding="utf-8")
    assert "days  = [28, 91, 365]" in mapping
    mapping = mapping.replace("days  = [28, 91, 365]",
                              'days   = [70]\nlabels = ["under 10 weeks", "10+ weeks"]')
    (folder / "mapping.toml").write_text(mapping, encoding="utf-8")
    return weekly_build(folder, PLAYBOOK, folder / "mapping.toml")


def alerts(workspace: Path, at: str, rule: str = "engagement_falls") -> set[str]:
    result = CliRunner().invoke(cli, [
        "evaluate", str(workspace / "watch.adopt"), "--metrics", str(workspace / "metrics"),
        "--at", at, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return {f["id"].removeprefix(f"{rule}/")
            for f in json.loads(result.stdout)["findings"] if f["rule"] == rule}


def test_the_mapping_counts_age_at_each_event_and_answers_to_the_digest():
    mapping = (EXAMPLE / "mapping.toml").read_text(encoding="utf-8")
    assert 'at    = "event"' in mapping
    assert 'answering = ["sent_weekly_digest"]' in mapping


def test_check_accepts_the_playbook(workspace):
    result = CliRunner().invoke(cli, ["check", str(workspace / "watch.adopt")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("at", ["2014-W28", "2014-W29", "2014-W30", "2014-W31"])
def test_nothing_falls_before_the_week_of_august_4(workspace, at):
    assert alerts(workspace, at) == set()
    assert alerts(workspace, at, "digest_clicks_fell") == set()


@pytest.mark.parametrize("at", ["2014-08-04", "2014-08-11"])
def test_digest_readers_stop_clicking_through_from_the_week_of_august_4(workspace, at):
    assert alerts(workspace, at, "digest_clicks_fell") == {"english", "international"}


def test_phones_and_tablets_fall_from_the_week_of_august_4_computers_do_not(workspace):
    assert alerts(workspace, "2014-08-04") == {
        f"{segment}/device_class={device}"
        for segment in ("english", "international") for device in ("phone", "tablet")}


def test_older_accounts_follow_the_next_week_new_ones_and_computers_do_not(workspace):
    assert alerts(workspace, "2014-08-11") == {
        f"{segment}/{group}" for segment in ("english", "international")
        for group in ("device_class=phone", "device_class=tablet", "account_age=10+ weeks")}


def test_older_accounts_keep_falling(workspace):
    found = alerts(workspace, "2014-08-18")
    assert {"english/account_age=10+ weeks", "international/account_age=10+ weeks"} <= found
    assert not {f for f in found if "computer" in f or "under 10 weeks" in f}
