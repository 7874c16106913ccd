"""Scenarios of `adoptplan notify`: alerts and digests to Teams, Slack and email, delivered by
real local servers that the steps start."""


from pytest_bdd import given, parsers, scenarios, then

from support.notify import SMTP_PASSWORD, configuration

scenarios("notifying_a_team.feature")

SECRETS = ("SECRET", SMTP_PASSWORD)


@given(parsers.parse("the team's Teams and Slack channels and mailbox, configured in \"{name}\""),
       target_fixture="channels")
def the_teams_channels(tmp_path, monkeypatch, name, teams_hook, slack_hook, smtp_server):
    mailbox, port = smtp_server
    (tmp_path / name).write_text(configuration(port), encoding="utf-8")
    monkeypatch.setenv("TEAMS_HOOK", teams_hook.url)
    monkeypatch.setenv("SLACK_HOOK", slack_hook.url)
    monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
    return {"Teams": teams_hook, "Slack": slack_hook, "mailbox": mailbox}


@given(parsers.parse('"{old}" becomes "{new}" in "{name}"'))
def an_edit(tmp_path, old, new, name):
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    old, new = old.replace('\\"', '"'), new.replace('\\"', '"')
    assert old in text, text
    path.write_text(text.replace(old, new), encoding="utf-8")


@given(parsers.parse("Slack answers every request with {status:d}"))
def slack_fails(channels, status):
    channels["Slack"].plan = lambda _number: (status, {"Retry-After": "0"})


@given("Slack is back")
def slack_is_back(channels):
    channels["Slack"].plan = lambda _number: None


@then(parsers.parse("Teams, Slack and the mailbox each received {count:d} messages"))
def each_received(channels, count):
    assert len(channels["Teams"].accepted) == count
    assert len(channels["Slack"].accepted) == count
    assert len(channels["mailbox"].mails) == count
    assert channels["Teams"].problems == channels["Slack"].problems == []


@then(parsers.parse('the last alert to Slack says "{title}" for "{group}"'))
def last_alert_to_slack(channels, title, group):
    alerts = [p for p in channels["Slack"].accepted
              if p["blocks"][0]["text"]["text"].endswith(" barrier: " + title)]
    assert alerts, channels["Slack"].accepted
    assert f"*Group*\n{group}" in [f["text"] for f in alerts[-1]["blocks"][2]["fields"]]


@then(parsers.parse('the last message to Teams says "{title}"'))
def last_to_teams(channels, title):
    body = channels["Teams"].accepted[-1]["attachments"][0]["content"]["body"]
    assert body[0]["text"].replace("\\", "") == title


@then("no output shows a secret")
def no_secret(workspace):
    result = workspace["result"]
    for text in (result.stdout, result.stderr):
        assert not any(secret in text for secret in SECRETS), text
        assert "127.0.0.1" not in text
