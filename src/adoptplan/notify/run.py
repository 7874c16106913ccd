"""`adoptplan notify`: read a result, decide what is new since the last notification, render it
for each target, deliver it, and remember what was sent."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import attrs

from adoptplan.notify import email, messages, slack, state, teams
from adoptplan.notify.deliver import DeliveryError, Policy, Refused, post_json
from adoptplan.notify.messages import Known, Message
from adoptplan.report import jsontext
from adoptplan.report.json_read import ResultError, read_result

TARGETS = ("teams", "slack", "email")
WEBHOOKS = {"teams": teams.payload, "slack": slack.payload}
REDACTED = "[redacted]"


class NotifyError(Exception):
    """The notification cannot be made: a bad result, target or state file (exit 2)."""


@attrs.frozen
class Outcome:
    """How many messages a run delivered, and what it could not deliver (then it exits 2)."""

    sent: int = 0
    failures: tuple[str, ...] = ()


@attrs.frozen
class Target:
    name: str
    settings: Mapping
    secret: str | None  # the webhook URL, or the SMTP password

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret, and a URL's path and query on their own (the token in them)."""
        if not self.secret:
            return ()
        parts = urlsplit(self.secret)
        tail = parts.path + (f"?{parts.query}" if parts.query else "")
        return (self.secret, tail) if len(tail) >= 8 else (self.secret,)

    def deliver(self, message: Message, policy: Policy, attach: Path | None) -> None:
        if self.name == "email":
            email.send(self._mail(message, attach), self.settings, self.secret, policy)
        else:
            post_json(self.secret or "", WEBHOOKS[self.name](message), policy)

    def preview(self, message: Message, attach: Path | None) -> str:
        if self.name == "email":
            return email.preview(self._mail(message, attach))
        return jsontext.dumps(WEBHOOKS[self.name](message))

    def _mail(self, message: Message, attach: Path | None) -> EmailMessage:
        """The mail; an address it cannot hold or an attachment it cannot read is Refused."""
        try:
            return email.build(message, self.settings, attach)
        except OSError as error:
            raise Refused(f"cannot read the attachment {attach}: "
                          f"{error.strerror or error}") from None
        except ValueError as error:
            raise Refused(f"cannot write the mail: {error}") from None


def notify(result: Path, settings: Mapping, *, previous: Path | None = None,
           chosen: Sequence[str] = (), dry_run: bool = False, state_path: Path | None = None,
           attach: Path | None = None, home: Path = Path("."),
           environ: Mapping[str, str] = os.environ, policy: Policy = Policy(),
           echo: Callable[[str], None] = print) -> Outcome:
    """Notify each target of the result's new or escalated alerts and its digest.

    `settings` is the configuration's [notify] table, `home` its file's folder (where the state
    file is kept by default, so a run from a sub-folder shares it). Raises NotifyError when the
    result, the targets or the state file cannot be used; delivery failures are the Outcome's
    failures.
    """
    targets = _targets(settings, chosen, environ, dry_run)
    document, findings = _read(result)
    attach = attach or _path(settings.get("email", {}).get("attach"))
    path = state_path or _path(settings.get("state")) or home / state.DEFAULT
    try:
        memory = state.load(path, document["playbook"])
    except state.StateError as error:
        raise NotifyError(str(error)) from None
    before = (messages.known_from(*_read(previous)) if previous is not None
              else memory.known_before(document["period"]) or Known())
    found = messages.build(document, findings, before)
    secrets = [secret for target in targets for secret in target.secrets]

    def say(text: str) -> None:
        echo(redact(text, secrets))

    if dry_run:
        try:
            for target in targets:
                for message in found:
                    if not memory.was_sent(target.name, message.key):
                        shown = target.preview(message, attach)
                        say(f"--- {target.name}: {message.key}\n{shown}")
        except Refused as error:
            raise NotifyError(redact(f"{target.name}: {error}", secrets)) from None
        return Outcome()
    sent, failures = 0, []
    try:
        for target in targets:
            count, failure = _send(target, found, memory, policy, attach, say)
            sent += count
            if failure:
                failures.append(redact(failure, secrets))
        memory.remember(messages.known_from(document, findings))
    except OSError as error:
        raise NotifyError(f"cannot write the state file {path}: "
                          f"{error.strerror or error}") from None
    return Outcome(sent, tuple(failures))


def _send(target: Target, found: Sequence[Message], memory: state.State, policy: Policy,
          attach: Path | None, say: Callable[[str], None]) -> tuple[int, str | None]:
    """Deliver what this target was not sent yet, in order: how many were sent, and on a
    failure the reason (the rest waits for the next run, so the order stays)."""
    waiting = [m for m in found if not memory.was_sent(target.name, m.key)]
    for done, message in enumerate(waiting):
        try:
            target.deliver(message, policy, attach)
        except DeliveryError as error:
            left = len(waiting) - done
            return done, (f"{target.name}: {error}; {left} message{'s' if left != 1 else ''} "
                          "not sent (run the same command again to send them)")
        memory.mark_sent(target.name, message.key)
        say(f"{target.name}: sent {message.title}")
    if not waiting:
        say(f"{target.name}: nothing new to send")
    return len(waiting), None


def _targets(settings: Mapping, chosen: Sequence[str], environ: Mapping[str, str],
             dry_run: bool) -> list[Target]:
    names = list(dict.fromkeys(chosen)) or [name for name in TARGETS if name in settings]
    if not names:
        raise NotifyError("no notification target: add [notify.teams], [notify.slack] or "
                          "[notify.email] to adoptplan.toml (see docs/notify.md)")
    found = []
    for name in names:
        if name not in settings:
            raise NotifyError(f"{name} is not configured: add [notify.{name}] to adoptplan.toml "
                              "(see docs/notify.md)")
        table = settings[name]
        variable = table.get("password_env" if name == "email" else "url_env")
        secret = environ.get(variable) if variable else None
        if variable and not secret and not dry_run:
            what = "password" if name == "email" else "webhook URL"
            raise NotifyError(f"{name}: the environment variable {variable} is not set (it holds "
                              f"the {what}; secrets are never read from files)")
        found.append(Target(name, table, secret))
    return found


def _read(path: Path):
    try:
        return read_result(path)
    except ResultError as error:
        raise NotifyError(str(error)) from None


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret replaced, longest first (a URL before a token inside it)."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
