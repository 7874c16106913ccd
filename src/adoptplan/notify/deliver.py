"""Delivery you can trust: a JSON POST to a webhook with a timeout, and retries with backoff on
429 and 5xx that honour Retry-After; the same retry loop serves SMTP.

No error says the URL: a webhook URL is a secret (whoever has it can post to the channel), and
errors are written from the status and reason alone.
"""

from __future__ import annotations

import email.utils
import ipaddress
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

import attrs

from adoptplan.notify.text import encoded, plain

RETRIED = frozenset({408, 429, 500, 502, 503, 504})


class DeliveryError(Exception):
    """A message could not be delivered: refused, or every attempt failed."""


class Refused(DeliveryError):
    """The target answered that it will never take this message (a 4xx, a bad address)."""


class Retry(Exception):
    """This attempt failed for a reason that may pass: try again after `wait` (or the backoff)."""

    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.wait = wait


@attrs.frozen
class Policy:
    attempts: int = 5
    timeout: float = 10.0  # seconds for one request
    backoff: float = 1.0  # seconds before the second attempt, doubled after each
    longest: float = 60.0  # the longest wait, whatever Retry-After says

    def wait(self, attempt: int, asked: float | None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1, 2...)."""
        chosen = self.backoff * 2 ** (attempt - 1) if asked is None else asked
        return min(max(chosen, 0.0), self.longest)


def with_retries(attempt: Callable[[], None], policy: Policy,
                 sleep: Callable[[float], None] = time.sleep) -> None:
    """Run `attempt` until it returns; a Retry waits and tries again, up to policy.attempts.

    Raises DeliveryError (Refused as it came) when the attempts run out.
    """
    for number in range(1, policy.attempts + 1):
        try:
            attempt()
            return
        except Retry as failed:
            if number == policy.attempts:
                raise DeliveryError(f"gave up after {policy.attempts} attempts: {failed}") from None
            sleep(policy.wait(number, failed.wait))


def check_url(url: str) -> None:
    """Only https, or plain http to this machine (a local relay, a test): raises Refused."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return
    raise Refused("the URL must start with https:// (plain http only to this machine)")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def post_json(url: str, payload: object, policy: Policy,
              sleep: Callable[[float], None] = time.sleep) -> None:
    """POST `payload` as JSON; a 2xx answer is delivered. Raises DeliveryError."""
    check_url(url)
    data = encoded(payload)

    def attempt() -> None:
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "adoptplan"})
        try:
            with urllib.request.urlopen(request, timeout=policy.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            reason = f"HTTP {error.code} {plain(str(error.reason), 100)}" + _said(error)
            if error.code in RETRIED:
                raise Retry(reason, retry_after(error.headers.get("Retry-After"))) from None
            raise Refused(reason) from None
        except (urllib.error.URLError, OSError) as error:
            cause = getattr(error, "reason", None) or error
            raise Retry(f"no answer: {plain(str(getattr(cause, 'strerror', None) or cause), 200)}")\
                from None

    with_retries(attempt, policy, sleep)


def _said(error: urllib.error.HTTPError) -> str:
    """What the service said, shortened to one line (Slack answers `invalid_blocks`)."""
    try:
        text = error.read(400).decode("utf-8", "replace")
    except OSError:
        return ""
    text = " ".join(text.split())
    return f": {plain(text, 200)}" if text else ""


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date); None when absent or
    unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())
