"""`adoptplan notify` against real local servers: what is new is sent once to each target, in
the targets' shapes and size limits, escaped, through 429s and 500s, and no secret is printed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan import exitcodes
from adoptplan.cli import cli
from adoptplan.notify import deliver, email, messages, slack, teams
from adoptplan.notify.messages import Known, Message, Section, Seen
from adoptplan.notify.text import encoded, escaped

from support.notify import (
    SMTP_PASSWORD,
    configuration,
    every,
    failing,
    slack_problems,
    teams_problems,
)

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "evaluate" / "full.json"
SECRET = "SECRET-TOKEN-123"
PASSWORD = SMTP_PASSWORD


def result(**changes) -> dict:
    """The golden full result (2026-W48: two open alerts), with changes to its findings."""
    document = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for finding in document["findings"]:
        for key, value in changes.get(finding["id"], {}).items():
            finding[key] = value
    return document


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def built(document: dict, before: Known = Known()) -> tuple[Message, ...]:
    from adoptplan.report.json_read import findings_from_document

    return messages.build(document, findings_from_document(document), before)


APAC = "managers_discourage/reps/geography=APAC"
EMEA = "file_sharing/reps/geography=EMEA"


# ------------------------------------------------------------------------------ what is new


def test_first_run_announces_every_open_alert_then_the_digest():
    found = built(result())
    assert [m.key for m in found] == [f"2026-W48/alert/{APAC}/critical",
                                      f"2026-W48/alert/{EMEA}/high", "2026-W48/digest"]
    assert found[0].title == "Critical barrier: Managers discourage use"
    assert found[-1].title == "Weekly digest: Customer service rollout, 2026-W48"


def test_only_new_or_escalated_alerts_are_sent_and_cleared_ones_are_in_the_digest():
    before = Known("2026-W47", {APAC: Seen("critical", "old"), EMEA: Seen("medium", "emea"),
                                "gone/reps": Seen("low", "Gone: reps")}, {"reps": 0.3})
    found = built(result(), before)
    assert [m.kind for m in found] == ["alert", "digest"]
    assert found[0].summary.startswith("Escalated from medium to high at 2026-W48")
    digest = {s.heading: s.lines for s in found[-1].sections}
    assert digest["Cleared alerts"] == ("Gone: reps (was low)",)
    assert "1 new or escalated and 1 cleared since 2026-W47" in found[-1].summary
    assert any("up 1.2 points since 2026-W47" in line for line in digest["Critical mass"])


def test_the_digest_gives_each_forecast_and_each_intervention_escaped_per_target():
    """The digest says when each segment reaches critical mass at its pace and whether each
    intervention worked (the way its metric should move), in every target, as plain text."""
    digest = built(result())[-1]
    sections = {s.heading: s.lines for s in digest.sections}
    assert sections["Critical mass"][0] == (
        "reps: 31.2% active of 60% target (52% of the way); forecast 2027-W09 (2027-W06 to "
        "2027-W13)")
    assert sections["Critical mass"][2].endswith("; forecast not enough history")
    assert "forecast" not in sections["Critical mass"][3]  # the whole network has none
    assert sections["Interventions"] == (
        "Champions: EMEA <b>&</b> 100% | *live* (reps geography = EMEA, active_members, "
        "2026-W42 to 2026-W44): +6.2pp against comparison groups (95% CI +2.1 to +10.3): worked",
        "Answer templates (sales, answer_hours (expect decrease), 2026-W44 to 2026-W46): +1.5 "
        "against comparison groups (95% CI +0.4 to +2.6): made it worse",
        "Engineering videos (engineering, organic_content, 2026-W39 to 2026-W40): not enough "
        "history")
    slack_text = json.dumps(slack.payload(digest))
    assert "Champions: EMEA &lt;b&gt;&amp;&lt;/b&gt; 100% | *live*" in slack_text
    teams_text = json.dumps(teams.payload(digest))
    assert "<b>" not in teams_text and r"forecast 2027\\-W09" in teams_text
    mail = email.build(digest, {"from": "a@example.org", "to": ["b@example.org"]})
    html = mail.get_body(("html",)).get_content()
    assert "<b>&</b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html


def test_the_groups_of_forecast_by_follow_their_segment_without_its_trend():
    document = result()
    group = {**document["critical_mass"][0], "dimensions": [{"name": "device", "value": "phone"}],
             "shares": [0.1], "active": 0.1}
    document["group_progress"] = [group]
    before = Known("2026-W47", {}, {"reps": 0.3})
    lines = {s.heading: s.lines for s in built(document, before)[-1].sections}["Critical mass"]
    assert "since 2026-W47" in lines[0]
    assert lines[1].startswith("reps (device=phone): 10% active of 60% target")
    assert "since" not in lines[1] and "forecast 2027-W09" in lines[1]
    assert lines[2].startswith("sales: ")


def test_a_result_made_before_forecasts_and_interventions_still_notifies():
    document = result()
    del document["interventions"]
    for progress in document["critical_mass"]:
        progress.pop("forecast")
    sections = {s.heading: s.lines for s in built(document)[-1].sections}
    assert "Interventions" not in sections
    assert not any("forecast" in line for line in sections["Critical mass"])


def test_a_lower_level_is_no_news_and_a_waiver_silences():
    before = Known("2026-W47", {APAC: Seen("critical", "x"), EMEA: Seen("critical", "y")})
    found = built(result(**{APAC: {"status": "waived"}}), before)
    assert [m.kind for m in found] == ["digest"]
    assert "0 new or escalated and 0 cleared since 2026-W47" in found[0].summary
    assert "1 waived alert (not notified)" in found[0].summary
    assert "1 barrier alert open (1 high)" in found[0].summary


# ---------------------------------------------------------------------- shapes and escaping

HOSTILE = "<!channel> & *bold* [click](https://evil.example) <script>x</script>\x1b[31m\u202e"


def hostile_digest(lines: int) -> Message:
    return Message("2026-W48/digest", "digest", "high", HOSTILE, HOSTILE,
                   (("Group", HOSTILE),), (Section("Actions", tuple(
                       f"{HOSTILE} {n}" for n in range(lines))),))


@pytest.mark.parametrize("lines", [0, 3, 2000])
def test_teams_card_is_valid_under_28_kb_with_a_more_line(lines):
    payload = teams.payload(hostile_digest(lines))
    assert teams_problems(payload, len(encoded(payload))) == []
    texts = [e.get("text", "") for e in payload["attachments"][0]["content"]["body"]]
    shown = sum(text.startswith("\\<\\!channel\\>") for text in texts) - 2  # title, summary
    if shown < lines:
        assert texts[-1] == f"{lines - shown} more not shown; the json result lists them all"
    text = json.dumps(payload)
    assert "[click]" not in text and "\\\\[click\\\\]\\\\(https" in text
    assert "\x1b" not in text and "\u202e" not in text and "\\\\x1b" in text


@pytest.mark.parametrize("lines", [0, 3, 2000])
def test_slack_blocks_are_valid_at_most_50_with_a_more_line(lines):
    payload = slack.payload(hostile_digest(lines))
    assert slack_problems(payload, 0) == []
    shown = sum(b["type"] == "section" and b["text"]["text"].startswith("• ")
                for b in payload["blocks"] if "text" in b)
    assert len(payload["blocks"]) <= 50
    if shown < lines:
        assert payload["blocks"][-1]["elements"][0]["text"] == (
            f"{lines - shown} more not shown; the json result lists them all")
    assert "&lt;!channel&gt; &amp; *bold*" in payload["blocks"][1]["text"]["text"]


def test_a_runaway_field_is_shortened_so_the_card_still_fits():
    long = Message("k", "alert", "high", "x" * 100_000, "&" * 100_000, (("Group", "<" * 50_000),))
    card = teams.payload(long)
    assert teams_problems(card, len(encoded(card))) == []
    assert slack_problems(slack.payload(long), 0) == []


def test_email_escapes_html_and_keeps_headers_to_one_line():
    message = Message("k", "alert", "high", "Title\r\nBcc: victim@example.org", HOSTILE,
                      (("Group", HOSTILE),))
    mail = email.build(message, {"from": "a@example.org", "to": ["b@example.org"]})
    assert mail["Bcc"] is None and "\n" not in mail["Subject"]
    html = mail.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "\x1b" not in html
    assert mail.get_body(("plain",)).get_content().count("<!channel>") == 2


# ---------------------------------------------------------------------------------- delivery


def test_retry_after_is_honoured_then_delivered(teams_hook):
    teams_hook.plan = failing({1: (429, {"Retry-After": "7"}), 2: (503, {})})
    waits = []
    deliver.post_json(teams_hook.url, teams.payload(hostile_digest(1)), deliver.Policy(),
                      sleep=waits.append)
    assert waits == [7.0, 2.0]  # as asked, then the backoff of the second attempt
    assert len(teams_hook.accepted) == 1


def test_gives_up_after_the_attempts_without_saying_the_url(teams_hook):
    teams_hook.plan = lambda _number: (500, {"Retry-After": "0"})
    with pytest.raises(deliver.DeliveryError) as error:
        deliver.post_json(teams_hook.url, {}, deliver.Policy(attempts=3), sleep=lambda _s: None)
    assert str(error.value) == "gave up after 3 attempts: HTTP 500 Internal Server Error"
    assert teams_hook.requests == 3


def test_a_refusal_is_not_retried_and_says_what_the_service_said(slack_hook):
    slack_hook.plan = lambda _number: (400, {"X-Body": "invalid_blocks"})
    with pytest.raises(deliver.Refused, match="^HTTP 400 Bad Request: invalid_blocks$"):
        deliver.post_json(slack_hook.url, {"text": "no blocks"}, deliver.Policy())
    assert slack_hook.requests == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.org/hook", "ftp://x/y",
                                 "https://"])
def test_only_https_or_local_http(url):
    with pytest.raises(deliver.Refused, match="https://"):
        deliver.post_json(url, {}, deliver.Policy())


def test_retry_after_as_a_date():
    assert deliver.retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: 1445412500.0) == 10.0
    assert deliver.retry_after("soon") is None


# ------------------------------------------------------------------ the command, end to end


@pytest.fixture
def repo(tmp_path, monkeypatch, teams_hook, slack_hook, smtp_server):
    """A repository configured for the three local servers; the secrets in the environment."""
    mailbox, port = smtp_server
    (tmp_path / "adoptplan.toml").write_text(configuration(port), encoding="utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEAMS_HOOK", teams_hook.url)
    monkeypatch.setenv("SLACK_HOOK", slack_hook.url)
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    return {"teams": teams_hook, "slack": slack_hook, "mail": mailbox, "path": tmp_path}


def notify(*args: str):
    return CliRunner().invoke(cli, ["notify", *args])


def no_secret(*results) -> None:
    for run in results:
        for text in (run.stdout, run.stderr):
            assert SECRET not in text and PASSWORD not in text and "127.0.0.1" not in text


def test_sends_each_message_once_to_each_target(repo):
    write(repo["path"] / "r.json", result())
    first = notify("r.json")
    assert first.exit_code == exitcodes.OK, first.output
    again = notify("r.json")
    assert again.exit_code == exitcodes.OK
    assert "teams: nothing new to send" in again.stdout
    assert len(repo["teams"].accepted) == len(repo["slack"].accepted) == 3
    assert len(repo["mail"].mails) == 3
    assert repo["teams"].problems == repo["slack"].problems == []
    mail = repo["mail"].mails[-1]
    assert mail["Subject"] == "[adoptplan] Weekly digest: Customer service rollout, 2026-W48"
    assert mail.get_body(("plain",)) is not None and mail.get_body(("html",)) is not None
    no_secret(first, again)


def test_injected_failures_then_a_rerun_leave_no_duplicate_and_no_gap(repo):
    write(repo["path"] / "r.json", result())
    # Teams: the second message fails for good this run; Slack: 429s and 500s it survives
    repo["teams"].plan = lambda number: (500, {"Retry-After": "0"}) if number >= 2 else None
    repo["slack"].plan = every(2, (429, {"Retry-After": "0"}))
    repo["mail"].plan = lambda number: "451 try again later" if number == 1 else None
    broken = notify("r.json", "--attempts", "3")
    assert broken.exit_code == exitcodes.BAD_INPUT
    assert ("adoptplan: teams: gave up after 3 attempts: HTTP 500 Internal Server Error; "
            "2 messages not sent (run the same command again to send them)") in broken.stderr
    assert len(repo["teams"].accepted) == 1 and len(repo["slack"].accepted) == 3
    assert len(repo["mail"].mails) == 3
    repo["teams"].plan = lambda _number: None
    fixed = notify("r.json")
    assert fixed.exit_code == exitcodes.OK, fixed.output
    keys = [p["attachments"][0]["content"]["body"][0]["text"] for p in repo["teams"].accepted]
    assert len(keys) == len(set(keys)) == 3
    assert len(repo["slack"].accepted) == 3 and len(repo["mail"].mails) == 3
    no_secret(broken, fixed)


def test_the_password_reaches_the_server_and_never_the_output(repo, monkeypatch):
    write(repo["path"] / "r.json", result())
    monkeypatch.setenv("SMTP_PASSWORD", "wrong-" + PASSWORD)
    refused = notify("r.json", "--target", "email")
    assert refused.exit_code == exitcodes.BAD_INPUT
    assert "adoptplan: email: SMTP 535 5.7.8 Authentication credentials invalid" in refused.stderr
    # refused for good: not tried again (smtplib itself tries each mechanism, PLAIN and LOGIN)
    assert "gave up" not in refused.stderr
    assert set(repo["mail"].logins) == {("comms", "wrong-" + PASSWORD)}
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    sent = notify("r.json", "--target", "email")
    assert sent.exit_code == exitcodes.OK
    assert repo["mail"].logins[-1] == ("comms", PASSWORD) and len(repo["mail"].mails) == 3
    no_secret(refused, sent)


def test_a_server_that_does_not_answer_is_exit_2_without_its_url(repo, monkeypatch):
    monkeypatch.setenv("TEAMS_HOOK", f"http://127.0.0.1:1/{SECRET}")
    write(repo["path"] / "r.json", result())
    run = notify("r.json", "--target", "teams", "--attempts", "1")
    assert run.exit_code == exitcodes.BAD_INPUT
    assert "teams: gave up after 1 attempts: no answer: Connection refused" in run.stderr
    no_secret(run)


def test_dry_run_prints_payloads_sends_and_remembers_nothing(repo):
    write(repo["path"] / "r.json", result())
    run = notify("r.json", "--dry-run")
    assert run.exit_code == exitcodes.OK
    assert run.stdout.count("--- teams: ") == run.stdout.count("--- slack: ") == 3
    assert "Subject: [adoptplan] Critical barrier: Managers discourage use" in run.stdout
    assert repo["teams"].requests == repo["slack"].requests == repo["mail"].attempts == 0
    assert not (repo["path"] / ".adoptplan").exists()
    assert run.stdout == notify("r.json", "--dry-run").stdout  # deterministic
    no_secret(run)


def test_previous_result_decides_what_is_new(repo):
    write(repo["path"] / "before.json", result(**{EMEA: {"level": "medium"}}))
    write(repo["path"] / "r.json", result())
    run = notify("r.json", "--previous", "before.json", "--dry-run", "--target", "slack")
    assert run.stdout.count("--- slack: ") == 2
    assert f"--- slack: 2026-W48/alert/{EMEA}/high" in run.stdout


def test_the_attached_report_goes_with_the_mail(repo):
    write(repo["path"] / "r.json", result())
    (repo["path"] / "report.html").write_text("<html>report</html>", encoding="utf-8")
    assert notify("r.json", "--target", "email", "--attach", "report.html").exit_code == 0
    names = [part.get_filename() for part in repo["mail"].mails[0].iter_attachments()]
    assert names == ["report.html"]


@pytest.mark.parametrize("setup, args, message", [
    (lambda r, m: m.delenv("SLACK_HOOK"), ["--target", "slack"],
     "slack: the environment variable SLACK_HOOK is not set"),
    (lambda r, m: (r / "adoptplan.toml").write_text(""), [],
     "no notification target: add [notify.teams]"),
    (lambda r, m: (r / "adoptplan.toml").write_text('[notify.slack]\nurl_env = "S"\n'),
     ["--target", "teams"], "teams is not configured: add [notify.teams]"),
    (lambda r, m: (r / ".adoptplan").mkdir() or (r / ".adoptplan/notify-state.json").write_text(
        "{}"), [], ".adoptplan/notify-state.json is not an adoptplan notify state file"),
    (lambda r, m: (r / "r.json").write_text("{}"), [], "r.json: "),
])
def test_unusable_input_is_exit_2_with_a_reason(repo, monkeypatch, setup, args, message):
    write(repo["path"] / "r.json", result())
    setup(repo["path"], monkeypatch)
    run = notify("r.json", *args)
    assert run.exit_code == exitcodes.BAD_INPUT
    assert message in run.stderr
    assert "Traceback" not in run.output


def test_state_is_written_atomically_as_sorted_json(repo):
    write(repo["path"] / "r.json", result())
    notify("r.json", "--target", "slack")
    state = json.loads((repo["path"] / ".adoptplan/notify-state.json").read_text())
    mine = state["playbooks"]["Customer service rollout"]
    assert sorted(mine["periods"]["2026-W48"]["alerts"]) == [EMEA, APAC]
    assert len(mine["sent"]["slack"]) == 3
    later = copy.deepcopy(result())
    later["period"] = "2026-W49"
    write(repo["path"] / "r2.json", later)
    run = notify("r2.json", "--target", "slack")
    assert run.exit_code == exitcodes.OK
    assert len(repo["slack"].accepted) == 4  # no alert is new at 2026-W49: its digest only


def test_a_run_from_a_sub_folder_shares_the_state_beside_the_configuration(repo, monkeypatch):
    write(repo["path"] / "r.json", result())
    assert notify("r.json", "--target", "slack").exit_code == exitcodes.OK
    (repo["path"] / "reports").mkdir()
    monkeypatch.chdir(repo["path"] / "reports")
    again = notify("../r.json", "--target", "slack")
    assert again.exit_code == exitcodes.OK
    assert "slack: nothing new to send" in again.stdout
    assert not (repo["path"] / "reports" / ".adoptplan").exists()


# ----------------------------------------------------- escaping, read back as the targets read it


def _commonmark_text(source: str) -> tuple[str, set[str]]:
    """The text a CommonMark renderer shows for `source`, and the kinds of markup it found."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(source)
    kinds, shown = set(), []
    for block in tokens:
        kinds.add(block.type)
        for child in block.children or ():
            kinds.add(child.type)
            if child.type in ("text", "code_inline"):
                shown.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                shown.append("\n")
    return "".join(shown), kinds


PLAIN_MARKUP = {"paragraph_open", "inline", "paragraph_close", "text"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1, max_size=80).filter(lambda text: text.strip() == text))
def test_teams_text_shows_exactly_what_was_written_and_adds_no_markup(text):
    shown, kinds = _commonmark_text(teams.escape(text))
    assert kinds <= PLAIN_MARKUP, (text, kinds)
    assert shown == text


@pytest.mark.parametrize("text", ["*bold* _it_ `code`", "[a](https://x.example)", "# heading",
                                  "- item", "1. item", "> quote", "<b>html</b>", "&amp; &#x41;",
                                  "![img](x.png)", "***", "a\\*b", "<https://auto.example>"])
def test_teams_markup_attempts_stay_text(text):
    shown, kinds = _commonmark_text(teams.escape(text))
    assert kinds <= PLAIN_MARKUP and shown == text


def _slack_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>&ab*_", max_size=60), st.integers(min_value=2, max_value=40))
def test_slack_text_is_shortened_on_whole_escapes(text, limit):
    out = escaped(text, limit, slack.escape)
    assert len(out) <= limit and "<" not in out and ">" not in out
    if out.endswith("…"):
        assert text.startswith(_slack_unescape(out[:-1]))
    else:
        assert _slack_unescape(out) == text
