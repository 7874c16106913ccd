"""The state file: what each target was sent, and what each notified period knew, so a re-run
after a partial failure sends only what was not sent and the next period knows what is new.

It is small JSON, rewritten atomically after every message delivered: a crash between two
messages loses nothing and repeats nothing. Kept per playbook, for the last KEPT periods.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import attrs

from adoptplan.files import read_user_file, write_atomic
from adoptplan.notify.messages import Known
from adoptplan.report import jsontext

VERSION = 1
KEPT = 12
DEFAULT = Path(".adoptplan") / "notify-state.json"


class StateError(Exception):
    """The state file cannot be read as one."""


@attrs.define
class State:
    """The file's content for one playbook; `save` writes it back with the others'."""

    path: Path
    playbook: str
    document: dict

    @property
    def _mine(self) -> dict:
        return self.document["playbooks"].setdefault(self.playbook, {"periods": {}, "sent": {}})

    def known_before(self, period: str) -> Known | None:
        """What the latest notified period before `period` knew; None on a first run."""
        earlier = sorted(p for p in self._mine["periods"] if p < period)
        return Known.from_data(self._mine["periods"][earlier[-1]]) if earlier else None

    def was_sent(self, target: str, key: str) -> bool:
        return key in self._mine["sent"].get(target, ())

    def mark_sent(self, target: str, key: str) -> None:
        sent = self._mine["sent"].setdefault(target, [])
        if key not in sent:
            sent.append(key)
            sent.sort()
        self.save()

    def remember(self, known: Known) -> None:
        """Record what this period knew, keeping the last KEPT periods and what was sent in
        them."""
        periods = self._mine["periods"]
        periods[known.period] = known.as_data()
        kept = sorted(periods)[-KEPT:]
        self._mine["periods"] = {p: periods[p] for p in kept}
        for target, keys in self._mine["sent"].items():
            self._mine["sent"][target] = [k for k in keys if k.split("/", 1)[0] >= kept[0]]
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, jsontext.dumps(self.document))


def load(path: Path, playbook: str) -> State:
    """The state file (an empty state when it does not exist yet). Raises StateError."""
    try:
        text = read_user_file(path).decode("utf-8")
    except FileNotFoundError:
        return State(path, playbook, {"format_version": VERSION, "playbooks": {}})
    except (OSError, UnicodeDecodeError) as error:
        raise StateError(f"cannot read the state file {path}: "
                         f"{getattr(error, 'strerror', None) or error}") from None
    try:
        document = json.loads(text)
        _check(document)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StateError(f"{path} is not an adoptplan notify state file (remove it to start "
                         "again: every open alert is then announced once more)") from None
    return State(path, playbook, document)


def _check(document: Mapping) -> None:
    if document["format_version"] != VERSION:
        raise ValueError("another version")
    for mine in document["playbooks"].values():
        for data in mine["periods"].values():
            Known.from_data(data)
        for keys in mine["sent"].values():
            if not all(isinstance(key, str) for key in keys):
                raise ValueError("a key is not text")
