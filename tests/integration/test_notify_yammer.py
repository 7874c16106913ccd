"""A season of weekly notifications over the Yammer history, as a comms team's CI would run them.

Each week is evaluated with `--at` and `--previous` of the week before, then `adoptplan notify`
sends to three real local servers (Teams and Slack webhooks, an SMTP server) that fail at times:
429s and 500s it must survive, and a mail refused for good that a re-run must send. Every
newly opened or escalated barrier alert must arrive exactly once at each target, with one digest a
week, and no secret may be printed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import exitcodes
from adoptplan.cli import cli
from adoptplan.notify.messages import RANK
from adoptplan.report.json_read import read_result

from support.notify import SMTP_PASSWORD, configuration, every

pytestmark = pytest.mark.needs("yammer")

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE = REPOSITORY / "examples" / "yammer"


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture(scope="module")
def weeks(tmp_path_factory) -> list[Path]:
    """The weekly results, each evaluated with the week before as --previous (hysteresis)."""
    data = Path(os.environ.get("ADOPTPLAN_YAMMER_DATA")
                or REPOSITORY.parent / "shared" / "data" / "yammer")
    folder = tmp_path_factory.mktemp("yammer-weeks")
    built = invoke("metrics", "build", "--events", str(data / "yammer_events.csv.gz"),
                   "--events", str(data / "yammer_emails.csv"),
                   "--people", str(data / "yammer_users.csv"),
                   "--playbook", str(EXAMPLE / "yammer.adopt"),
                   "--mapping", str(EXAMPLE / "mapping.toml"), "--period", "week",
                   "--since", "2014-05-05", "-o", str(folder / "metrics"))
    assert built.exit_code == 0, built.output
    results: list[Path] = []
    for snapshot in sorted((folder / "metrics").glob("2014-W*.csv")):
        result = folder / f"{snapshot.stem}.json"
        previous = ["--previous", str(results[-1])] if results else []
        run = invoke("evaluate", str(EXAMPLE / "yammer.adopt"), "--metrics",
                     str(folder / "metrics"), "--at", snapshot.stem, "--format", "json",
                     "-o", str(result), *previous)
        assert run.exit_code == 0, run.output
        results.append(result)
    return results


def expected(weeks: list[Path]) -> set[tuple[str, str]]:
    """(period, alert id) of every alert newly open or escalated, worked out here from the
    results alone; a digest is (period, "digest")."""
    wanted, before = set(), {}
    for path in weeks:
        document, findings = read_result(path)
        now = {f.id: f.level for f in findings if f.is_alert and f.status == "open"}
        wanted |= {(document["period"], key) for key, level in now.items()
                   if key not in before or RANK[level] > RANK[before[key]]}
        wanted.add((document["period"], "digest"))
        before = now
    return wanted


PERIOD = re.compile(r"(\d{4}-W\d{2})")


def _teams(payload: dict) -> tuple[str, str]:
    body = payload["attachments"][0]["content"]["body"]
    texts = [re.sub(r"\\(.)", r"\1", b.get("text", "")) for b in body]
    if texts[0].startswith("Weekly digest"):
        return PERIOD.search(texts[0])[1], "digest"
    facts = {f["title"]: re.sub(r"\\(.)", r"\1", f["value"])
             for b in body if b["type"] == "FactSet" for f in b["facts"]}
    return PERIOD.search(texts[1])[1], facts["Id"]


def _slack(payload: dict) -> tuple[str, str]:
    title = payload["blocks"][0]["text"]["text"]
    if title.startswith("Weekly digest"):
        return PERIOD.search(title)[1], "digest"
    fields = dict(f["text"].replace("&gt;", ">").split("\n", 1)
                  for f in payload["blocks"][2]["fields"])
    return PERIOD.search(payload["blocks"][1]["text"]["text"])[1], fields["*Id*"]


def _mail(mail) -> tuple[str, str]:
    if "Weekly digest" in mail["Subject"]:
        return PERIOD.search(mail["Subject"])[1], "digest"
    text = mail.get_body(("plain",)).get_content()
    return PERIOD.search(text.splitlines()[2])[1], re.search(r"^Id: ([^\r\n]*)", text, re.M)[1]


def test_a_season_of_weekly_notifications_sends_each_new_alert_once(
        weeks, tmp_path, monkeypatch, teams_hook, slack_hook, smtp_server):
    mailbox, port = smtp_server
    (tmp_path / ".git").mkdir()
    (tmp_path / "adoptplan.toml").write_text(configuration(port), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {"TEAMS_HOOK": teams_hook.url, "SLACK_HOOK": slack_hook.url,
           "SMTP_PASSWORD": SMTP_PASSWORD}
    secrets = (teams_hook.url, slack_hook.url, "SECRET-TOKEN", SMTP_PASSWORD)
    teams_hook.plan = every(3, (500, {"Retry-After": "0"}))
    slack_hook.plan = every(4, (429, {"Retry-After": "0"}))
    mailbox.plan = lambda number: "550 mailbox full" if number in (5, 23) else None
    reruns = 0
    for week in weeks:
        run = invoke("notify", str(week), env=env)
        for text in (run.stdout, run.stderr):
            assert not any(secret in text for secret in secrets)
        if run.exit_code == exitcodes.BAD_INPUT:  # the mail refused: the next run sends it
            assert "email: SMTP 550 mailbox full" in run.stderr
            reruns += 1
            run = invoke("notify", str(week), env=env)
        assert run.exit_code == exitcodes.OK, run.output
    assert reruns == 2
    wanted = expected(weeks)
    assert sum(key == "digest" for _, key in wanted) == len(weeks)
    assert len(wanted) > 2 * len(weeks)  # the season has alerts to send, not digests only
    for target, received in (("teams", [_teams(p) for p in teams_hook.accepted]),
                             ("slack", [_slack(p) for p in slack_hook.accepted]),
                             ("email", [_mail(m) for m in mailbox.mails])):
        assert len(received) == len(set(received)), f"{target} got a duplicate"
        assert set(received) == wanted, target
    assert teams_hook.problems == slack_hook.problems == []
    assert teams_hook.requests > len(teams_hook.accepted)  # failures were injected and survived
