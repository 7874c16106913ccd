"""The mapping file (TOML): which event names mean post, read, react, share, and the other settings.

Everything has a default, so the file is optional; every key is checked, and a mistake is a
positioned finding (AP710) rather than a setting silently ignored.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from adoptplan.codes.ingest import BAD_MAPPING
from adoptplan.diagnostics import Diagnostic, did_you_mean
from adoptplan.files import decode, display_path, json_too_deep, read_user_file, unreadable
from adoptplan.ingest.people import normalize_id, normalize_name
from adoptplan.model import Span

ROLES: tuple[str, ...] = ("active", "post", "read", "react", "share")
DEFAULT_EVENTS: dict[str, tuple[str, ...]] = {
    "post": ("post", "reply", "comment", "send_message"),
    "read": ("read", "view"),
    "react": ("like", "react", "reaction", "like_message"),
    "share": ("share", "file_share", "file_upload"),
}
"""Event names understood without a mapping file; `active` is then every one of them."""

COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "person": ("person_id", "user_id", "userid", "user", "actor_id", "member_id", "employee_id",
               "email", "upn"),
    "time": ("timestamp", "occurred_at", "time", "event_time", "created_at", "date", "ts"),
    "event": ("event_name", "event", "action", "activity", "event_type"),
    "content": ("content_id", "message_id", "post_id", "thread_id"),
    "author": ("author_id", "content_author", "target_user_id"),
}
"""Event file columns by role: the usual names, tried in order (headers compared normalized)."""
REQUIRED_COLUMNS = ("person", "time", "event")

_SECTIONS: dict[str, tuple[str, ...]] = {
    "people": ("id", "manager", "joined"),
    "columns": tuple(COLUMN_CANDIDATES),
    "events": ROLES,
    "counts": (),
    "emails": ("sent",),
    "organic": ("exclude", "exclude_file"),
    "dimensions": (),
}
_DIMENSION_KEYS = ("column", "classes", "other", "since", "days", "labels", "at")
_COUNT_KEYS = ("events", "answering")
AGE_AT: tuple[str, ...] = ("period end", "event")
"""Where an age is counted: at the end of each period (the default), or at each event."""
_LOCATION = re.compile(r"\(at line (\d+), column (\d+)\)")


@attrs.frozen
class Dimension:
    """A dimension the mapping defines: another column's values, put in classes, or an age."""

    name: str
    column: str  # normalized name of the directory or event column it is made from
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, value patterns), in order
    other: str = "other"  # the label of values in no class
    days: tuple[int, ...] = ()  # an age: bucket edges in days, ascending
    labels: tuple[str, ...] = ()  # an age: one label per bucket
    at: str = "period end"  # an age: counted at the end of each period, or at each "event"

    @property
    def is_age(self) -> bool:
        return bool(self.days)

    @property
    def at_event(self) -> bool:
        """An age counted at each event: a person counts in every bucket they were active in."""
        return self.is_age and self.at == "event"

    def classify(self, value: str) -> str:
        """The class of one value (case-insensitive patterns with * and ?); `unknown` if empty."""
        if not value:
            return "unknown"
        if not self.classes:
            return value
        lowered = value.lower()
        for label, patterns in self.classes:
            if any(fnmatch.fnmatchcase(lowered, p.lower()) for p in patterns):
                return label
        return self.other


@attrs.frozen
class Settings:
    """Every setting of the mapping file, defaults filled in."""

    path: str = ""
    people_id: str | None = None
    manager: str | None = None
    joined: str | None = None
    columns: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)  # role -> names
    events: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)  # role -> name patterns
    counts: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)  # metric -> patterns
    # metric -> the e-mails it counts answers to: an event of the count counts only when the
    # last of `sent` sent to that person at or before it is one of these
    answering: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    sent: tuple[str, ...] = ()  # the e-mails (or notifications) an open or a click answers
    excluded_authors: frozenset[str] = frozenset()
    dimensions: Mapping[str, Dimension] = attrs.field(factory=dict)

    def patterns(self, role: str) -> tuple[str, ...]:
        """The event names of a role; without a mapping the defaults, `active` is all of them."""
        if role in self.events:
            return self.events[role]
        if self.events:  # a mapping that names some roles: the others have no events
            if role == "active":
                return tuple(p for r in ROLES[1:] for p in self.events.get(r, ()))
            return ()
        if role == "active":
            return tuple(p for names in DEFAULT_EVENTS.values() for p in names)
        return DEFAULT_EVENTS[role]




def match_names(patterns: Iterable[str], names: Iterable[str]) -> list[str]:
    """The names (sorted) matching any pattern; `*` and `?` are wildcards, case is ignored."""
    lowered = [p.lower() for p in patterns]
    return sorted(n for n in names
                  if any(fnmatch.fnmatchcase(n.strip().lower(), p) for p in lowered))


@attrs.frozen
class ReadMapping:
    mapping: Settings | None
    sources: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def read_mapping(path: Path | None) -> ReadMapping:
    """The mapping file's settings, or the defaults when `path` is None.

    Raises FileNotFoundError when the file does not exist (a usage error).
    """
    if path is None:
        return ReadMapping(Settings(), {}, ())
    if not path.is_file():
        raise FileNotFoundError(f"no such mapping file: {path}")
    shown = display_path(path)
    try:
        data = read_user_file(path, path.parent)
    except OSError as error:
        return ReadMapping(None, {shown: ""}, (unreadable(shown, error, code=BAD_MAPPING),))
    text, problems = decode(data, shown)
    if problems:
        return ReadMapping(None, {shown: text}, tuple(attrs.evolve(
            d, code=BAD_MAPPING, message=d.message.replace("a playbook", "a mapping file"),
            hint="save the mapping file as UTF-8 text") for d in problems))
    try:
        document = tomllib.loads(text)
    except RecursionError:
        offset = json_too_deep(text) or 0
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return ReadMapping(None, {shown: text}, (Diagnostic(
            BAD_MAPPING, "the mapping file is nested too deep to read",
            Span(shown, line, column, line, column + 1),
            hint='e.g. [events] then post = ["send_message"]'),))
    except tomllib.TOMLDecodeError as error:
        found = _LOCATION.search(str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        message = _LOCATION.sub("", str(error)).strip()
        return ReadMapping(None, {shown: text}, (Diagnostic(
            BAD_MAPPING, f"the mapping file is not valid TOML: {message}",
            Span(shown, line, column, line, column + 1),
            hint='e.g. [events] then post = ["send_message"]'),))
    reader = _Reader(shown, text, path.parent)
    mapping = reader.mapping(document)
    sources = {shown: text}
    if reader.diagnostics:
        return ReadMapping(None, sources, tuple(reader.diagnostics))
    return ReadMapping(mapping, sources, ())


class _Reader:
    """Checks a parsed TOML document key by key; findings point at the line of the key."""

    def __init__(self, path: str, text: str, folder: Path):
        self.path = path
        self.lines = text.split("\n")
        self.folder = folder
        self.diagnostics: list[Diagnostic] = []

    def span(self, key: str, section: str = "") -> Span:
        """The line that sets `key` (inside `[section]` when given), else line 1."""
        inside = not section
        header = re.compile(r"\s*\[+\s*" + re.escape(section) + r"[\].]")
        setting = re.compile(r"\s*" + re.escape(key) + r"\s*=")
        table = re.compile(r"\s*\[+\s*(?:[\w.]*\.)?" + re.escape(key) + r"\s*\]")
        for number, line in enumerate(self.lines, 1):
            if section and header.match(line):
                inside = True
            if inside and (setting.match(line) or table.match(line)):
                column = len(line) - len(line.lstrip()) + 1
                return Span(self.path, number, column, number, column + len(line.strip()))
        return Span(self.path, 1, 1, 1, 2)

    def report(self, message: str, key: str, section: str = "", hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(BAD_MAPPING, message, self.span(key, section), hint=hint))

    def mapping(self, document: dict[str, Any]) -> Settings:
        for section in document:
            if section not in _SECTIONS:
                self.report(f"the mapping file has no section [{section}]", section,
                            hint=did_you_mean(section, _SECTIONS)
                            or "sections: " + ", ".join(f"[{s}]" for s in _SECTIONS))
        people = self.table(document, "people")
        columns = self.table(document, "columns")
        events = self.table(document, "events")
        organic = self.table(document, "organic")
        sent = self.names(self.table(document, "emails"), "sent", "emails")
        counts, answering = self.counts(self.table(document, "counts", open_keys=True), sent)
        return Settings(
            path=self.path,
            people_id=self.text(people, "id", "people"),
            manager=self.text(people, "manager", "people"),
            joined=self.text(people, "joined", "people"),
            columns={k: self.names(columns, k, "columns") for k in COLUMN_CANDIDATES
                     if k in columns},
            events={role: self.names(events, role, "events") for role in ROLES if role in events},
            counts=counts,
            answering=answering,
            sent=sent,
            excluded_authors=self.excluded(organic),
            dimensions=self.dimensions(self.table(document, "dimensions", open_keys=True)),
        )

    def table(self, document: dict[str, Any], section: str,
              open_keys: bool = False) -> dict[str, Any]:
        value = document.get(section, {})
        if not isinstance(value, dict):
            self.report(f"[{section}] must be a table of settings", section)
            return {}
        if not open_keys:
            for key in value:
                if key not in _SECTIONS[section]:
                    self.report(f"[{section}] has no setting '{key}'", key, section,
                                hint=did_you_mean(key, _SECTIONS[section])
                                or "settings: " + ", ".join(_SECTIONS[section]))
        return value

    def text(self, table: dict[str, Any], key: str, section: str) -> str | None:
        value = table.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            self.report(f"[{section}] {key} must be a column name in quotes", key, section)
            return None
        return value

    def names(self, table: dict[str, Any], key: str, section: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report(f"[{section}] {key} must be a list of names in quotes", key, section,
                        hint=f'{key} = ["send_message", "reply"]')
            return ()
        return tuple(value)

    def counts(self, table: dict[str, Any], sent: tuple[str, ...]
               ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Each count's event names; and, for a count written as a table with `answering`,
        the e-mails whose answers it counts."""
        counted, answering = {}, {}
        for metric, value in table.items():
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", metric):
                self.report(f"'{metric}' is not a metric name", metric, "counts",
                            hint="metric names are lower case words joined by _")
                continue
            if not isinstance(value, dict):
                counted[metric] = self.names(table, metric, "counts")
                continue
            counted[metric], answered = self.answer_count(metric, value, sent)
            if "answering" in value:
                answering[metric] = answered
        return dict(sorted(counted.items())), dict(sorted(answering.items()))

    def answer_count(self, metric: str, value: dict[str, Any], sent: tuple[str, ...]
                     ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A count written as a table, `{ events = [...], answering = [...] }`: its events and
        the e-mails they answer; its findings point at the count's line."""
        example = f'{metric} = {{ events = ["email_open"], answering = ["sent_weekly_digest"] }}'
        for key in value:
            if key not in _COUNT_KEYS:
                self.report(f"[counts] {metric} has no setting '{key}'", metric, "counts",
                            hint=did_you_mean(key, _COUNT_KEYS) or example)
        if "events" not in value:
            self.report(f"[counts] {metric} needs `events = [...]`: the events it counts",
                        metric, "counts", hint=example)
        events = self.listed(value.get("events", []), metric, example)
        answered = self.listed(value.get("answering", []), metric, example)
        if "answering" in value and not sent:
            self.report(f"[counts] {metric} counts answers, but the mapping names no e-mail "
                        "they answer", metric, "counts",
                        hint='name every e-mail an open or a click may answer: [emails] then '
                             'sent = ["sent_weekly_digest", "sent_reengagement_email"]')
        elif sent:
            for pattern in answered:
                if not any(fnmatch.fnmatchcase(pattern.lower(), s.lower()) for s in sent):
                    self.report(f"[counts] {metric} answers '{pattern}', which is not one of "
                                "the e-mails [emails] sent names", metric, "counts",
                                hint=f"add it to [emails] sent, or answer one of: "
                                     f"{', '.join(sent)}")
        return events, answered

    def listed(self, value: Any, metric: str, example: str) -> tuple[str, ...]:
        """A list of names inside a count's table (a single name is a list of one)."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report(f"[counts] {metric}: events and answering are lists of names in quotes",
                        metric, "counts", hint=example)
            return ()
        return tuple(value)

    def excluded(self, organic: dict[str, Any]) -> frozenset[str]:
        ids = {normalize_id(v) for v in self.names(organic, "exclude", "organic")}
        listed = self.text(organic, "exclude_file", "organic")
        if listed is not None:
            file = self.folder / listed
            try:
                lines = read_user_file(file, self.folder).decode("utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                why = getattr(error, "strerror", None) or "not UTF-8 text"
                self.report(f"cannot read the list of excluded authors {listed}: {why}",
                            "exclude_file", "organic")
                return frozenset(ids)
            ids |= {normalize_id(line.split(",")[0]) for line in lines if line.strip()}
        return frozenset(i for i in ids if i)

    def dimensions(self, table: dict[str, Any]) -> dict[str, Dimension]:
        found = {}
        for name, settings in table.items():
            if not isinstance(settings, dict):
                self.report(f"[dimensions.{name}] must be a table", name, "dimensions")
                continue
            dimension = self.dimension(normalize_name(name), settings)
            if dimension is not None:
                found[dimension.name] = dimension
        return dict(sorted(found.items()))

    def dimension(self, name: str, settings: dict[str, Any]) -> Dimension | None:
        section = f"dimensions.{name}"
        for key in settings:
            if key not in _DIMENSION_KEYS:
                self.report(f"[{section}] has no setting '{key}'", key, section,
                            hint=did_you_mean(key, _DIMENSION_KEYS)
                            or "settings: " + ", ".join(_DIMENSION_KEYS))
        if "since" in settings:
            return self.age(name, settings, section)
        if "at" in settings:
            self.report(f"[{section}] at is for an age: it needs `since = \"...\"`", "at",
                        section, hint='since = "activated_at" then at = "event"')
        column = self.text(settings, "column", section)
        if column is None:
            self.report(f"[{section}] needs `column = \"...\"` (or `since` for an age)", name,
                        "dimensions")
            return None
        classes = settings.get("classes", {})
        if not isinstance(classes, dict):
            self.report(f"[{section}] classes must be a table of lists", "classes", section)
            classes = {}
        other = settings.get("other", "other")
        return Dimension(name, normalize_name(column),
                         tuple((label, self.names(classes, label, section + ".classes"))
                               for label in classes),
                         other if isinstance(other, str) else "other")

    def age(self, name: str, settings: dict[str, Any], section: str) -> Dimension | None:
        since = self.text(settings, "since", section)
        days = settings.get("days", [28, 91, 365])
        if not (isinstance(days, list) and days and all(isinstance(d, int) and d > 0
                                                        for d in days)
                and days == sorted(set(days))):
            self.report(f"[{section}] days must be ascending whole numbers of days", "days",
                        section, hint="days = [28, 91, 365]")
            return None
        labels = settings.get("labels") or age_labels(days)
        if not (isinstance(labels, list) and len(labels) == len(days) + 1
                and all(isinstance(label, str) for label in labels)):
            self.report(f"[{section}] labels must be {len(days) + 1} names, one per bucket",
                        "labels", section)
            return None
        at = settings.get("at", AGE_AT[0])
        if at not in AGE_AT:
            self.report(f"[{section}] at must be \"period end\" or \"event\"", "at", section,
                        hint=did_you_mean(str(at), AGE_AT)
                        or 'at = "event" counts each event at the age it was made at')
            return None
        return Dimension(name, normalize_name(since or ""), days=tuple(days),
                         labels=tuple(labels), at=at)


def age_labels(days: list[int] | tuple[int, ...]) -> list[str]:
    """`[28, 91]` -> `0-27 days`, `28-90 days`, `91+ days`."""
    edges = [0, *days]
    return [*(f"{low}-{high - 1} days" for low, high in zip(edges, days)), f"{days[-1]}+ days"]
