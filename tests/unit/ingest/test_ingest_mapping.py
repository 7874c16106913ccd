"""The mapping file: defaults, every setting, and mistakes as positioned AP710 findings."""

from __future__ import annotations

import pytest

from adoptplan.ingest.mapping import Dimension, age_labels, match_names, read_mapping


def mapping_of(tmp_path, text: str):
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return read_mapping(path)


def test_no_file_means_the_usual_event_names():
    settings = read_mapping(None).mapping
    assert settings.patterns("post") == ("post", "reply", "comment", "send_message")
    assert "like" in settings.patterns("active") and "view" in settings.patterns("active")


def test_a_mapping_names_roles_and_active_defaults_to_all_of_them(tmp_path):
    settings = mapping_of(tmp_path, '[events]\npost = ["send_message"]\nread = "view_inbox"\n'
                          ).mapping
    assert settings.patterns("post") == ("send_message",)
    assert settings.patterns("read") == ("view_inbox",)
    assert settings.patterns("share") == ()
    assert settings.patterns("active") == ("send_message", "view_inbox")


def test_every_setting_is_read(tmp_path):
    (tmp_path / "comms.csv").write_text("42.0\nBot@Example.com,x\n", encoding="utf-8")
    settings = mapping_of(tmp_path, """
[people]
id = "user_id"
manager = "boss"
joined = "activated_at"

[columns]
person = "actor"
event = ["event_name", "action"]

[counts]
digest_opens = ["email_open"]

[organic]
exclude = ["7"]
exclude_file = "comms.csv"

[dimensions.device_class]
column = "Device"
other = "elsewhere"
[dimensions.device_class.classes]
phone = ["iphone*", "nexus 5"]

[dimensions.account_age]
since = "activated_at"
days = [7, 30]
""").mapping
    assert (settings.people_id, settings.manager, settings.joined) == (
        "user_id", "boss", "activated_at")
    assert settings.columns == {"person": ("actor",), "event": ("event_name", "action")}
    assert settings.counts == {"digest_opens": ("email_open",)}
    assert settings.excluded_authors == {"7", "42", "bot@example.com"}
    device = settings.dimensions["device_class"]
    assert (device.column, device.other) == ("device", "elsewhere")
    assert [device.classify(v) for v in ("iPhone 5", "nexus 5", "macbook", "")] == [
        "phone", "phone", "elsewhere", "unknown"]
    age = settings.dimensions["account_age"]
    assert (age.days, age.labels) == ((7, 30), ("0-6 days", "7-29 days", "30+ days"))


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[event]\npost = ["x"]\n', 1, "the mapping file has no section [event]"),
    ('[events]\npots = ["x"]\n', 2, "[events] has no setting 'pots'"),
    ('[events]\npost = [1, 2]\n', 2, "[events] post must be a list of names in quotes"),
    ('[people]\nid = 3\n', 2, "[people] id must be a column name in quotes"),
    ('\n[dimensions.age]\nsince = "x"\ndays = [30, 7]\n', 4,
     "[dimensions.age] days must be ascending whole numbers of days"),
    ('[dimensions.d]\nclasses = {a = ["x"]}\n', 1,
     '[dimensions.d] needs `column = "..."` (or `since` for an age)'),
    ('[organic]\nexclude_file = "missing.csv"\n', 2,
     "cannot read the list of excluded authors missing.csv: No such file or directory"),
    ('[events\npost = 1\n', 1, "the mapping file is not valid TOML: Expected ']' at the end "
                               "of a table declaration"),
])
def test_mistakes_are_findings_on_their_line(tmp_path, text, line, message):
    read = mapping_of(tmp_path, text)
    assert read.mapping is None
    (found,) = read.diagnostics
    assert (found.code, found.span.line, found.message) == ("AP710", line, message)



def test_counts_of_answers_and_an_age_at_each_event_are_read(tmp_path):
    settings = mapping_of(tmp_path, """
[emails]
sent = ["sent_weekly_digest", "sent_reengagement_*"]

[counts]
opens         = ["email_open"]
digest_opens  = { events = ["email_open"], answering = ["sent_weekly_digest"] }

[counts.nudge_clicks]
events    = "email_clickthrough"
answering = "sent_reengagement_email"

[dimensions.account_age]
since = "activated_at"
at    = "event"
""").mapping
    assert settings.sent == ("sent_weekly_digest", "sent_reengagement_*")
    assert settings.counts == {"digest_opens": ("email_open",),
                               "nudge_clicks": ("email_clickthrough",),
                               "opens": ("email_open",)}
    assert settings.answering == {"digest_opens": ("sent_weekly_digest",),
                                  "nudge_clicks": ("sent_reengagement_email",)}
    assert settings.dimensions["account_age"].at_event
    assert read_mapping(None).mapping.answering == {}


def test_an_age_is_counted_at_the_end_of_each_period_unless_told(tmp_path):
    age = mapping_of(tmp_path, '[dimensions.age]\nsince = "joined"\n').mapping.dimensions["age"]
    assert (age.at, age.at_event) == ("period end", False)


SENT = '[emails]\nsent = ["sent_digest"]\n\n[counts]\n'


@pytest.mark.parametrize(("text", "line", "column", "message", "hint"), [
    ('[counts]\nopens = ["open"]\ndigest = { events = ["open"], answering = ["sent_x"] }\n',
     3, 1, "[counts] digest counts answers, but the mapping names no e-mail they answer",
     ('name every e-mail an open or a click may answer: [emails] then sent = '
      '["sent_weekly_digest", "sent_reengagement_email"]')),
    (SENT + '  digest = { events = ["open"], answering = ["sent_nudge"] }\n', 5, 3,
     "[counts] digest answers 'sent_nudge', which is not one of the e-mails [emails] sent names",
     "add it to [emails] sent, or answer one of: sent_digest"),
    (SENT + 'digest = { events = ["open"], answerin = ["sent_digest"] }\n', 5, 1,
     "[counts] digest has no setting 'answerin'", "did you mean 'answering'?"),
    (SENT + 'digest = { answering = ["sent_digest"] }\n', 5, 1,
     "[counts] digest needs `events = [...]`: the events it counts",
     'digest = { events = ["email_open"], answering = ["sent_weekly_digest"] }'),
    (SENT + 'digest = { events = ["open"], answering = [1] }\n', 5, 1,
     "[counts] digest: events and answering are lists of names in quotes",
     'digest = { events = ["email_open"], answering = ["sent_weekly_digest"] }'),
    ('[emails]\nsend = ["sent_digest"]\n', 2, 1, "[emails] has no setting 'send'",
     "did you mean 'sent'?"),
    ('[emails]\nsent = "sent_digest"\n[dimensions.age]\nsince = "joined"\nat = "events"\n', 5,
     1, '[dimensions.age] at must be "period end" or "event"', "did you mean 'event'?"),
    ('[dimensions.age]\nsince = "joined"\nat = "start"\n', 3, 1,
     '[dimensions.age] at must be "period end" or "event"',
     'at = "event" counts each event at the age it was made at'),
    ('[dimensions.device]\ncolumn = "device"\nat = "event"\n', 3, 1,
     '[dimensions.device] at is for an age: it needs `since = "..."`',
     'since = "activated_at" then at = "event"'),
])
def test_mistakes_in_answers_and_ages_are_findings_at_their_key(tmp_path, text, line, column,
                                                                message, hint):
    read = mapping_of(tmp_path, text)
    assert read.mapping is None
    (found,) = read.diagnostics
    assert (found.code, found.span.line, found.span.column) == ("AP710", line, column)
    assert found.span.path.endswith("mapping.toml")
    assert (found.message, found.hint) == (message, hint)


def test_the_closest_setting_is_the_hint(tmp_path):
    (found,) = mapping_of(tmp_path, '[people]\njoin = "x"\n').diagnostics
    assert found.hint == "did you mean 'joined'?"


def test_patterns_match_names_case_blind_with_wildcards():
    names = ["search_click_result_1", "search_run", "Login", "view_inbox"]
    assert match_names(["search_click_*", "login"], names) == ["Login", "search_click_result_1"]


def test_age_labels_and_classes():
    assert age_labels([28, 91, 365]) == ["0-27 days", "28-90 days", "91-364 days", "365+ days"]
    plain = Dimension("team", "team")
    assert plain.classify("Blue") == "Blue"
