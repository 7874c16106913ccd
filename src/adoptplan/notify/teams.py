"""Microsoft Teams: a message as an Adaptive Card, for an incoming webhook or a Workflows URL.

Teams refuses a message over about 28 KB, so a long digest shows as many lines as fit and says
how many more there are. Card text is Markdown: every punctuation mark Markdown reads is
backslash-escaped, so a message cannot add a link, a list or emphasis.
"""

from __future__ import annotations

import re

from adoptplan.notify.messages import Message
from adoptplan.notify.text import encoded, escaped, fit, more_line

LIMIT = 28 * 1024
"""Bytes of the posted JSON at most."""

FIELDS = (1000, 200, 60)
"""Longest text of one field, tried in turn until the card's fixed part fits."""

CARD_VERSION = "1.4"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def escape(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def _text(text: str, field: int, **style: object) -> dict:
    return {"type": "TextBlock", "text": escaped(text, field, escape), "wrap": True, **style}


def card(message: Message, shown: int, field: int = FIELDS[0]) -> dict:
    """The webhook payload showing the first `shown` lines of the message's sections."""
    sections, hidden = message.first(shown)
    body = [
        _text(message.title, field, weight="Bolder", size="Medium"),
        _text(message.summary, field),
    ]
    if message.facts:
        body.append({"type": "FactSet", "facts": [
            {"title": escaped(name, field, escape), "value": escaped(value, field, escape)}
            for name, value in message.facts]})
    for section in sections:
        body.append(_text(section.heading, field, weight="Bolder", spacing="Medium"))
        body += [_text(line, field, spacing="None") for line in section.lines]
    if hidden:
        body.append(_text(more_line(hidden), field, isSubtle=True))
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard", "version": CARD_VERSION,
                    "msteams": {"width": "Full"}, "body": body},
    }]}


def fits(payload: dict) -> bool:
    return len(encoded(payload)) <= LIMIT


def payload(message: Message) -> dict:
    """The card with as many lines as fit in Teams's limit, fields shortened if they must be."""
    for field in FIELDS:
        if fits(card(message, 0, field)):
            return fit(lambda shown: card(message, shown, field), message.lines, fits)
    return card(message, 0, FIELDS[-1])
