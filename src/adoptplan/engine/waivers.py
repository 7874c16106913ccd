"""Waivers on findings: a finding a waiver covers is kept, marked waived, with the waiver as
evidence, so it is still seen and counted but never fails a build."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.check.waivers import until_date
from adoptplan.periods import start_date

WAIVED = "waived"


def active(waivers: Iterable[m.Waiver], period: str) -> tuple[m.Waiver, ...]:
    """The waivers that apply at `period`: it starts on or before their date (not today's date,
    so evaluating a period gives the same answer on any day)."""
    starts = start_date(period)
    return tuple(w for w in waivers if (until := until_date(w)) is not None and starts <= until)


def covers(waiver: m.Waiver, finding: r.Finding) -> bool:
    """Whether the finding is of the waived rule, in a segment named and a dimension value given."""
    if finding.source not in (r.RULE, r.BARRIER) or finding.rule != waiver.name.text:
        return False
    selection = waiver.scope or m.Selection()
    if selection.segments and finding.segment not in {s.text for s in selection.segments}:
        return False
    if selection.dimension is None:
        return True
    value = dict(finding.dimensions).get(selection.dimension.text)
    return value is not None and value in {v.value for v in selection.values}


def waiver_evidence(waiver: m.Waiver) -> r.Evidence:
    """`waived until 2026-12-31 (owner Maya Lindqvist): <reason>` in every output."""
    owner = f" (owner {waiver.owner.value})" if waiver.owner is not None else ""
    reason = waiver.reason.value if waiver.reason is not None else ""
    return r.Evidence(f"waived until {waiver.until.text}{owner}", reason, holds=True)


def apply_waivers(findings: Iterable[r.Finding], waivers: Iterable[m.Waiver],
                  period: str) -> list[r.Finding]:
    """Every finding, those covered by a waiver active at `period` marked waived (the first
    waiver in playbook order that covers it is the one shown)."""
    applying = active(waivers, period)
    if not applying:
        return list(findings)
    out = []
    for finding in findings:
        waiver = next((w for w in applying if covers(w, finding)), None)
        if waiver is not None:
            finding = attrs.evolve(finding, status=WAIVED,
                                   evidence=(*finding.evidence, waiver_evidence(waiver)))
        out.append(finding)
    return out
