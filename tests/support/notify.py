"""The servers behind the notify fixtures (tests/conftest.py), on 127.0.0.1: a webhook that checks every payload
against the Adaptive Card or Block Kit shape and its size limit and fails on cue (429 with
Retry-After, 500), and an SMTP server (aiosmtpd) that receives the mail."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.smtp import AuthResult

TEAMS_LIMIT = 28 * 1024
SLACK_BLOCKS = 50
Answer = tuple[int, dict[str, str]] | None
"""A planned failure: status and headers, or None to accept the request."""


def teams_problems(payload: object, size: int) -> list[str]:
    """What is wrong with an incoming-webhook Adaptive Card message (the basics Teams checks)."""
    problems = []
    if size > TEAMS_LIMIT:
        problems.append(f"{size} bytes, over Teams's {TEAMS_LIMIT}")
    if not isinstance(payload, dict) or payload.get("type") != "message":
        return problems + ["not a message"]
    attachments = payload.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return problems + ["not one attachment"]
    attachment = attachments[0]
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        problems.append("not an Adaptive Card")
    card = attachment.get("content", {})
    if card.get("type") != "AdaptiveCard" or card.get("version") not in ("1.2", "1.3", "1.4",
                                                                         "1.5"):
        problems.append("card type or version")
    body = card.get("body")
    if not isinstance(body, list) or not body:
        return problems + ["empty body"]
    for element in body:
        kind = element.get("type")
        if kind == "TextBlock":
            if not isinstance(element.get("text"), str) or not element["text"]:
                problems.append("TextBlock without text")
        elif kind == "FactSet":
            facts = element.get("facts")
            if not facts or not all(isinstance(f.get("title"), str)
                                    and isinstance(f.get("value"), str) for f in facts):
                problems.append("FactSet facts")
        else:
            problems.append(f"unexpected element {kind}")
    return problems


def _mrkdwn_problems(text: object, limit: int) -> list[str]:
    if not isinstance(text, dict) or text.get("type") not in ("mrkdwn", "plain_text"):
        return ["text object"]
    value = text.get("text")
    if not isinstance(value, str) or not value or len(value) > limit:
        return [f"text empty or over {limit}"]
    if text["type"] == "mrkdwn" and ("<" in value or ">" in value):
        return ["unescaped < or > in mrkdwn"]
    return []


def slack_problems(payload: object, _size: int) -> list[str]:
    """What is wrong with a Block Kit incoming-webhook message (the basics Slack checks)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        return ["no fallback text"]
    blocks = payload.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return ["no blocks"]
    problems = [f"{len(blocks)} blocks, over {SLACK_BLOCKS}"] if len(blocks) > SLACK_BLOCKS else []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            if block["text"].get("type") != "plain_text" or len(block["text"]["text"]) > 150:
                problems.append("header")
        elif kind == "section":
            if "fields" in block:
                if len(block["fields"]) > 10:
                    problems.append("over 10 fields")
                for field in block["fields"]:
                    problems += _mrkdwn_problems(field, 2000)
            else:
                problems += _mrkdwn_problems(block.get("text"), 3000)
        elif kind == "context":
            for element in block.get("elements", []):
                problems += _mrkdwn_problems(element, 3000)
        elif kind != "divider":
            problems.append(f"unexpected block {kind}")
    return problems


class Webhook:
    """A webhook on 127.0.0.1: `url`, the payloads it `accepted`, the `problems` it refused."""

    def __init__(self, check: Callable[[object, int], list[str]]):
        self.check = check
        self.accepted: list[dict] = []
        self.problems: list[str] = []
        self.requests = 0
        self.plan: Callable[[int], Answer] = lambda _number: None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhookb2/SECRET-TOKEN-123"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, headers = hook.answer(self.path, self.headers.get("Content-Type", ""),
                                              data)
                body = headers.pop("X-Body", "ok" if status < 300 else "").encode()  # its words
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                pass

        return Handler

    def answer(self, path: str, content_type: str, data: bytes) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.requests += 1
            planned = self.plan(self.requests)
            if planned is not None:
                return planned[0], dict(planned[1])
            if not path.endswith("/SECRET-TOKEN-123") or "application/json" not in content_type:
                self.problems.append(f"path or content type: {content_type}")
                return 404, {}
            payload = json.loads(data)
            problems = self.check(payload, len(data))
            if problems:
                self.problems += problems
                return 400, {}
            self.accepted.append(payload)
            return 200, {}




SMTP_USER, SMTP_PASSWORD = "comms", "hunter2-PASSWORD"


class Mailbox:
    """aiosmtpd's handler: keeps every mail and login; answers 451 (try later) on cue."""

    def __init__(self):
        self.mails: list[EmailMessage] = []
        self.logins: list[tuple[str, str]] = []
        self.attempts = 0
        self.plan: Callable[[int], str | None] = lambda _number: None

    def authenticate(self, _server, _session, _envelope, _mechanism, data) -> AuthResult:
        login = (data.login.decode(), data.password.decode())
        self.logins.append(login)
        return AuthResult(success=login == (SMTP_USER, SMTP_PASSWORD), handled=False)

    async def handle_DATA(self, _server, _session, envelope) -> str:
        self.attempts += 1
        planned = self.plan(self.attempts)
        if planned:
            return planned
        self.mails.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]



def failing(statuses: dict[int, Answer]) -> Callable[[int], Answer]:
    """A plan: request number -> the failure to answer it with (others are accepted)."""
    return lambda number: statuses.get(number)


def every(nth: int, answer: Answer) -> Callable[[int], Answer]:
    """A plan that fails every `nth` request once."""
    return lambda number: answer if number % nth == 0 else None


def configuration(smtp_port: int) -> str:
    """An adoptplan.toml naming the three targets; the secrets in TEAMS_HOOK, SLACK_HOOK and
    SMTP_PASSWORD."""
    return f"""
[notify.teams]
url_env = "TEAMS_HOOK"

[notify.slack]
url_env = "SLACK_HOOK"

[notify.email]
host = "127.0.0.1"
port = {smtp_port}
from = "adoptplan@example.org"
to = ["comms@example.org"]
username = "{SMTP_USER}"
password_env = "SMTP_PASSWORD"
"""
