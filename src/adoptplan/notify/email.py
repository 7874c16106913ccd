"""Email: a message as multipart text and HTML (the HTML report attached when there is one),
sent over SMTP with the standard library.

Everything a playbook wrote is HTML-escaped in the HTML part, and headers never carry a line
break, so a message can neither add markup nor a header.
"""

from __future__ import annotations

import hashlib
import html
import re
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from adoptplan.notify.deliver import Policy, Refused, Retry, with_retries
from adoptplan.notify.messages import Message
from adoptplan.notify.text import plain

SUBJECT = 200
TIMEOUT = 10
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


def _header(text: str) -> str:
    return plain(_BREAKS.sub(" ", text), SUBJECT)


def text_body(message: Message) -> str:
    lines = [plain(message.title, 10_000), "", plain(message.summary, 100_000), ""]
    lines += [f"{name}: {plain(value, 100_000)}" for name, value in message.facts]
    for section in message.sections:
        lines += ["", section.heading]
        lines += [f"- {plain(line, 100_000)}" for line in section.lines]
    return "\n".join(lines) + "\n"


def _h(text: str) -> str:
    return html.escape(plain(text, 100_000), quote=True)


def html_body(message: Message) -> str:
    parts = ["<!DOCTYPE html>", '<html><body style="font-family: sans-serif">',
             f"<h2>{_h(message.title)}</h2>", f"<p>{_h(message.summary)}</p>"]
    if message.facts:
        rows = "".join(f'<tr><th style="text-align: left; padding-right: 1em">{_h(name)}</th>'
                       f"<td>{_h(value)}</td></tr>" for name, value in message.facts)
        parts.append(f"<table>{rows}</table>")
    for section in message.sections:
        items = "".join(f"<li>{_h(line)}</li>" for line in section.lines)
        parts.append(f"<h3>{_h(section.heading)}</h3><ul>{items}</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def build(message: Message, settings: Mapping, attachment: Path | None = None) -> EmailMessage:
    """The mail of one message; its Message-ID is fixed by the message's key, so a mail server
    or reader that sees it twice knows it for the same."""
    mail = EmailMessage()
    mail["Subject"] = _header(f"[adoptplan] {message.title}")
    mail["From"] = _header(settings["from"])
    mail["To"] = ", ".join(_header(address) for address in settings["to"])
    digest = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:32]
    mail["Message-ID"] = f"<{digest}@adoptplan.invalid>"
    mail.set_content(text_body(message))
    mail.add_alternative(html_body(message), subtype="html")
    if attachment is not None and attachment.is_file():
        mail.add_attachment(attachment.read_bytes(), maintype="text", subtype="html",
                            filename=attachment.name)
    return mail


def preview(mail: EmailMessage) -> str:
    """The mail as --dry-run shows it: headers and both parts, with no random MIME boundary."""
    lines = [f"{name}: {mail[name]}" for name in ("Subject", "From", "To", "Message-ID")]
    for part in mail.walk():
        if part.get_content_maintype() == "multipart":
            continue
        name = part.get_filename()
        if name:
            lines.append(f"[attached: {name}, {len(part.get_content())} characters]")
        else:
            lines += [f"[{part.get_content_type()}]", part.get_content().rstrip("\n")]
    return "\n".join(lines) + "\n"


def send(mail: EmailMessage, settings: Mapping, password: str | None, policy: Policy) -> None:
    """Send over SMTP, retrying a connection failure or a temporary (4xx) answer.

    Raises deliver.DeliveryError when the server refuses for good or the attempts run out.
    """
    if "Date" not in mail:
        mail["Date"] = formatdate(localtime=False)
    use_ssl, starttls = settings.get("ssl", False), settings.get("starttls", False)
    port = settings.get("port") or (465 if use_ssl else 587 if starttls else 25)
    timeout = settings.get("timeout", TIMEOUT)

    def attempt() -> None:
        context = ssl.create_default_context()
        try:
            client = (smtplib.SMTP_SSL(settings["host"], port, timeout=timeout, context=context)
                      if use_ssl else smtplib.SMTP(settings["host"], port, timeout=timeout))
            with client:
                if starttls:
                    client.starttls(context=context)
                if settings.get("username"):
                    client.login(settings["username"], password or "")
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            codes = sorted({code for code, _ in error.recipients.values()})
            raise _answer(codes[0], "every recipient was refused") from None
        except smtplib.SMTPResponseException as error:
            raise _answer(error.smtp_code, _said(error.smtp_error)) from None
        except (smtplib.SMTPException, OSError) as error:
            raise Retry(f"SMTP: {getattr(error, 'strerror', None) or error}") from None

    with_retries(attempt, policy)


def _said(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
    return plain(_BREAKS.sub(" ", text), 200)


def _answer(code: int, text: str) -> Exception:
    """A temporary answer (4xx) is tried again; any other is final."""
    reason = f"SMTP {code} {text}"
    return Retry(reason) if 400 <= code < 500 else Refused(reason)
