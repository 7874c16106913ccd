"""Slack: a message as Block Kit, for an incoming webhook.

Slack shows at most 50 blocks, so a long digest shows as many lines as fit and says how many more
there are. Text is mrkdwn: `&`, `<` and `>` are escaped as Slack asks, so a message cannot
mention a channel or add a link.
"""

from __future__ import annotations

from adoptplan.notify.messages import Message
from adoptplan.notify.text import escaped, fit, more_line, plain

BLOCKS = 50
HEADER = 150  # characters of a header's plain text at most
TEXT = 3000  # of a section's text
FIELD = 2000  # of a field's text
FIELDS = 10  # fields in a section


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn(text: str, limit: int = TEXT) -> dict:
    return {"type": "mrkdwn", "text": escaped(text, limit, escape)}


def _section(text: str) -> dict:
    return {"type": "section", "text": _mrkdwn(text)}


def blocks(message: Message, shown: int) -> dict:
    """The webhook payload showing the first `shown` lines of the message's sections."""
    sections, hidden = message.first(shown)
    found = [
        {"type": "header", "text": {"type": "plain_text", "text": plain(message.title, HEADER)}},
        _section(message.summary),
    ]
    if message.facts:
        found.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*{escaped(name, 100, escape)}*\n"
                                       f"{escaped(value, FIELD - 110, escape)}"}
            for name, value in message.facts[:FIELDS]]})
    for section in sections:
        heading = {"type": "mrkdwn", "text": f"*{escaped(section.heading, 200, escape)}*"}
        found += [{"type": "divider"}, {"type": "section", "text": heading}]
        found += [_section(f"• {line}") for line in section.lines]
    if hidden:
        found.append({"type": "context", "elements": [_mrkdwn(more_line(hidden))]})
    fallback = escaped(f"{message.title}: {message.summary}", TEXT, escape)
    return {"text": fallback, "blocks": found}


def payload(message: Message) -> dict:
    return fit(lambda shown: blocks(message, shown), message.lines,
               lambda built: len(built["blocks"]) <= BLOCKS)
