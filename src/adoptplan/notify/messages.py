"""Neutral messages from an `evaluate --format json` result: one per newly opened or escalated
barrier alert, and the digest of the period (with each segment's forecast to critical mass and
each intervention's effect). The targets (Teams, Slack, email) render them.

"New" is measured against what the last notification knew (`Known`): the open alerts and the
critical-mass shares of the previous result, from `--previous` or the state file. A waived alert
is silent: it is neither announced nor counted as open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from adoptplan.model import LEVELS
from adoptplan.report.json_read import effects_from_document, forecast_from_data
from adoptplan.report.json_report import evidence_short, number, percent, scope_text
from adoptplan.report.readable import effect_words, forecast_words, measure_words, treated_words
from adoptplan.result import Finding

RANK = {level: rank for rank, level in enumerate(LEVELS)}
ALERT = "alert"
DIGEST = "digest"


@attrs.frozen
class Seen:
    """An open alert as the last notification knew it."""

    level: str
    label: str  # its title and group, to name it once it has cleared


@attrs.frozen
class Known:
    """What the last notification knew: its period, open alerts, critical-mass shares."""

    period: str | None = None
    alerts: Mapping[str, Seen] = attrs.field(factory=dict)
    active: Mapping[str, float | None] = attrs.field(factory=dict)  # segment -> active share

    def as_data(self) -> dict:
        return {"period": self.period,
                "alerts": {key: {"level": seen.level, "label": seen.label}
                           for key, seen in sorted(self.alerts.items())},
                "active": dict(sorted(self.active.items()))}

    @classmethod
    def from_data(cls, data: Mapping) -> Known:
        return cls(data["period"],
                   {key: Seen(seen["level"], seen["label"]) for key, seen in data["alerts"].items()},
                   dict(data["active"]))


@attrs.frozen
class Section:
    heading: str
    lines: tuple[str, ...]


@attrs.frozen
class Message:
    """One notification, before any target's markup: raw text that each target escapes."""

    key: str  # stable across runs: what the state file remembers as sent
    kind: str  # ALERT or DIGEST
    level: str  # the alert's level; for a digest the highest open alert's ("info" when none)
    title: str
    summary: str
    facts: tuple[tuple[str, str], ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def lines(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    def first(self, shown: int) -> tuple[tuple[Section, ...], int]:
        """The sections cut to their first `shown` lines in all, and how many lines are not
        shown (a target with a size limit shows as many as fit)."""
        kept, left = [], shown
        for section in self.sections:
            if left <= 0:
                break
            kept.append(Section(section.heading, section.lines[:left]))
            left -= len(section.lines)
        return tuple(kept), self.lines - min(shown, self.lines)


def open_alerts(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Barrier alerts that are open (not waived), in the result's total order."""
    return tuple(f for f in findings if f.is_alert and f.status == "open")


def label(finding: Finding) -> str:
    return f"{finding.title}: {scope_text(finding)}" if finding.segment else finding.title


def known_from(document: Mapping, findings: Sequence[Finding]) -> Known:
    """What a result, once notified, leaves known for the next notification."""
    alerts = {f.id: Seen(f.level, label(f)) for f in open_alerts(findings)}
    active = {p["segment"]: p["active"] for p in document["critical_mass"]}
    return Known(document["period"], alerts, active)


def build(document: Mapping, findings: Sequence[Finding], before: Known) -> tuple[Message, ...]:
    """The alert messages (new or escalated since `before`) in the result's order, then the
    digest of the period."""
    changed = [f for f in open_alerts(findings) if _is_news(f, before)]
    alerts = tuple(_alert(document, f, before.alerts.get(f.id)) for f in changed)
    return (*alerts, _digest(document, findings, before, changed))


def _is_news(finding: Finding, before: Known) -> bool:
    seen = before.alerts.get(finding.id)
    return seen is None or RANK[finding.level] > RANK.get(seen.level, -1)


def _alert(document: Mapping, finding: Finding, seen: Seen | None) -> Message:
    period = document["period"]
    change = (f"New at {period}" if seen is None
              else f"Escalated from {seen.level} to {finding.level} at {period}")
    facts = [("Group", scope_text(finding)), ("Level", finding.level)]
    facts += [("Remedy", finding.remedy)] if finding.remedy else []
    evidence = evidence_short(finding)
    facts += [("Evidence", evidence)] if evidence else []
    facts += [("Playbook", document["playbook"]), ("Id", finding.id)]
    return Message(
        key=f"{period}/{ALERT}/{finding.id}/{finding.level}", kind=ALERT, level=finding.level,
        title=f"{finding.level.capitalize()} barrier: {finding.title}",
        summary=change + _said(finding), facts=tuple(facts))


def _digest(document: Mapping, findings: Sequence[Finding], before: Known,
            changed: Sequence[Finding]) -> Message:
    period = document["period"]
    alerts = open_alerts(findings)
    actions = [f for f in findings if not f.is_alert and f.status == "open"]
    waived = sum(f.is_alert and f.status == "waived" for f in findings)
    current = {f.id for f in findings if f.is_alert}  # a waived alert is silenced, not cleared
    cleared = [seen for key, seen in sorted(before.alerts.items()) if key not in current]
    sections = [
        Section("New or escalated alerts", tuple(_alert_line(f) for f in changed)),
        Section("Cleared alerts", tuple(f"{s.label} (was {s.level})" for s in cleared)),
        Section("Critical mass", tuple(_progress_line(p, before)
                                       for p in _progress_in_order(document))),
        Section("Actions", tuple(_action_line(f) for f in actions)),
        Section("Interventions", tuple(
            f"{e.title} ({treated_words(e)}, {measure_words(e)}, {e.starts} to {e.ends}): "
            f"{effect_words(e)}" for e in effects_from_document(document))),
    ]
    since = f" since {before.period}" if before.period else ""
    headline = (f"{_count(len(alerts), 'barrier alert')} open ({_levels(alerts)}), "
                f"{len(changed)} new or escalated and {len(cleared)} cleared{since}; "
                f"{_count(len(actions), 'action')} ({_levels(actions)})")
    if waived:
        headline += f"; {_count(waived, 'waived alert')} (not notified)"
    level = max((f.level for f in alerts), key=RANK.__getitem__, default=LEVELS[0])
    return Message(
        key=f"{period}/{DIGEST}", kind=DIGEST, level=level,
        title=f"{_cadence(period)} digest: {document['playbook']}, {period}",
        summary=headline, facts=(("Playbook", document["playbook"]), ("Period", period)),
        sections=tuple(s for s in sections if s.lines))


def _alert_line(finding: Finding) -> str:
    return f"{finding.level}: {label(finding)}{_said(finding)}"


def _said(finding: Finding) -> str:
    """The message after a colon, unless it only repeats the title."""
    return f": {finding.message}" if finding.message != finding.title else ""


def _action_line(finding: Finding) -> str:
    where = f" ({scope_text(finding)})" if finding.segment else ""
    return f"{finding.level} {finding.kind}: {finding.message}{where}"


def _progress_in_order(document: Mapping) -> list[Mapping]:
    """Each segment's critical-mass row, then its groups' (`forecast by`), then the network's."""
    groups = document.get("group_progress", [])
    rows = []
    for progress in document["critical_mass"]:
        rows.append(progress)
        rows += [g for g in groups if g["segment"] == progress["segment"] != "(all)"]
    return rows


def _progress_line(progress: Mapping, before: Known) -> str:
    """A segment's (or a group's) active share against the target, its trend since the last
    digest (a segment's), and its forecast."""
    active, target = progress["active"], progress["target"]
    group = "".join(f" ({d['name']}={d['value']})" for d in progress.get("dimensions", ()))
    line = f"{progress['segment']}{group}: {percent(active)} active of {percent(target)} target"
    if progress["ratio"] is not None:
        line += f" ({percent(progress['ratio'], 0)} of the way"
        line += ", reached)" if progress["reached"] else ")"
    earlier = None if group else before.active.get(progress["segment"])
    if active is not None and earlier is not None:
        points = (active - earlier) * 100
        trend = ("no change" if round(points, 2) == 0 else
                 f"{'up' if points > 0 else 'down'} {number(abs(points), 1)} points")
        line += f", {trend} since {before.period}"
    forecast = forecast_words(forecast_from_data(progress.get("forecast")))
    return line + (f"; forecast {forecast}" if forecast else "")


def _levels(findings: Sequence[Finding]) -> str:
    counts = {level: sum(f.level == level for f in findings) for level in reversed(LEVELS)}
    shown = [f"{count} {level}" for level, count in counts.items() if count]
    return ", ".join(shown) or "none"


def _count(amount: int, noun: str) -> str:
    return f"{amount} {noun}" + ("" if amount == 1 else "s")


def _cadence(period: str) -> str:
    if re.fullmatch(r"\d{4}-W\d{2}", period):
        return "Weekly"
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return "Monthly"
    return "Daily" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period) else "Period"
