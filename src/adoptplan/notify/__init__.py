"""Notifications: barrier alerts and the period's digest delivered to Teams, Slack and email.

A wing over the json result: `messages` builds neutral messages, `teams`, `slack` and `email`
render them for their target, `deliver` sends them with retries, `state` remembers what was sent,
and `run` ties them together for `adoptplan notify` (docs/notify.md).
"""

from adoptplan.notify.run import NotifyError, Outcome, notify

__all__ = ["NotifyError", "Outcome", "notify"]
