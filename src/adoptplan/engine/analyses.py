"""The method's built-in analyses: focus and effort, capability gaps, baseline, critical mass
and its forecast."""

from __future__ import annotations

import math
import re

import numpy as np

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine.forecast import forecast_series, segment_forecast
from adoptplan.engine.frame import Frame

RATING = {"low": 1, "medium": 2, "high": 3}
DEFAULT_LEVEL = "medium"


def _focus_points(segment: m.Segment) -> int:
    """Collaboration dependence x likelihood in whole rating points, 1..9 (a missing rating is medium)."""
    collaboration = RATING.get(segment.collaboration.text if segment.collaboration else "", 2)
    likelihood = RATING.get(segment.likelihood.text if segment.likelihood else "", 2)
    return collaboration * likelihood


def focus_score(segment: m.Segment) -> float:
    """How much promotion a segment deserves: collaboration dependence x likelihood, 0..1.

    The method: focus on segments whose daily work depends on collaboration and who are likely to
    use the platform; never equal effort for all. Exact (2/3, not 0.667): rounded only when shown.
    """
    return _focus_points(segment) / 9


def segment_values(playbook: m.Playbook) -> dict[str, dict[str, float]]:
    """The built-in values a segment's groups share: name -> segment -> value.

    `focus_score` ranks segments (step 1 of the method); `priority_count` is how many business
    priorities name the segment, so a rule can ask managers for one where there is none.
    """
    priorities: dict[str, int] = {}
    for priority in playbook.priorities:
        for name in {n.text for n in priority.segments}:
            priorities[name] = priorities.get(name, 0) + 1
    return {
        "focus_score": {s.name.text: focus_score(s) for s in playbook.segments},
        "priority_count": {s.name.text: float(priorities.get(s.name.text, 0))
                           for s in playbook.segments},
    }


def _analysis(id: str, title: str, kind: str, level: str, score: float, message: str,
              at: m.Span, segment: str = "", tool: str = "") -> r.Finding:
    """An action of a built-in analysis: its rule is the first part of its id; no group."""
    return r.Finding(
        id=id, source=r.ANALYSIS, rule=id.split("/")[0], title=title, kind=kind, level=level,
        score=score, segment=segment, dimensions=(), message=message, tool=tool,
        path=at.path, line=at.line,
    )


def _title(node: m.Segment | m.Priority | m.Tool) -> str:
    return node.title.value if node.title else node.name.text


def effort_shares(playbook: m.Playbook) -> tuple[tuple[r.EffortShare, ...], float | None]:
    """The header's effort shared out in proportion to focus scores, beside any planned effort."""
    header = playbook.header
    total = header.effort.amount if header and header.effort else None
    segments = playbook.segments
    points = [_focus_points(s) for s in segments]
    weight = sum(points)
    shares = []
    for segment, point in zip(segments, points):
        # whole points, so the shares are exact fractions of the total and add up to it
        recommended = total * point / weight if total and weight else 0.0
        score = point / 9
        shares.append(r.EffortShare(
            segment=segment.name.text,
            title=_title(segment),
            collaboration=segment.collaboration.text if segment.collaboration else "",
            likelihood=segment.likelihood.text if segment.likelihood else "",
            focus_score=score,
            recommended_hours=recommended,
            planned_hours=segment.effort.amount if segment.effort else None,
        ))
    ordered = sorted(shares, key=lambda s: (-s.focus_score, s.segment))
    return tuple(ordered), total


def equal_effort(playbook: m.Playbook) -> r.Finding | None:
    """A focus action when planned effort is equal across segments of unequal focus."""
    planned = [s for s in playbook.segments if s.effort is not None]
    if len(planned) < 2 or len({s.effort.amount for s in planned}) != 1:
        return None
    if len({focus_score(s) for s in planned}) == 1:
        return None
    top = max(planned, key=lambda s: (focus_score(s), s.name.text))
    names = ", ".join(s.name.text for s in planned)
    span = planned[0].effort.span
    message = (
        f"Effort is spread equally across {names} although their focus differs: move "
        f"promotion effort toward {_title(top)}, whose work depends most on collaboration "
        "and who are most likely to use the platform"
    )
    return _analysis("focus/equal-effort", "Effort is spread equally", "focus", "high",
                     focus_score(top), message, span, segment=top.name.text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def capability_gaps(playbook: m.Playbook) -> list[r.Finding]:
    """Build actions: a priority no tool serves, and a needed capability a tool does not have."""
    served = {name.text for tool in playbook.tools for name in tool.serves}
    findings = []
    for priority in playbook.priorities:
        if priority.name.text in served:
            continue
        segments = [s.text for s in priority.segments]
        message = (
            f"No tool serves \"{_title(priority)}\": agree with IT which capability would "
            "help, weigh building it against what exists, and prototype it with the segment"
        )
        findings.append(_analysis(
            f"capability-gap/{priority.name.text}", "No tool serves a business priority",
            "build", "high", _weight(priority), message, priority.span,
            segment=segments[0] if segments else "",
        ))
    for tool in playbook.tools:
        for need in tool.missing():
            score = max((_weight(p) for p in playbook.priorities
                         if p.name.text in {s.text for s in tool.serves}), default=1.0)
            message = (
                f"{_title(tool)} needs \"{need.value}\", which the platform does not have yet: "
                "build it or fill the gap with an existing capability"
            )
            findings.append(_analysis(
                f"capability-gap/{tool.name.text}/{_slug(need.value)}",
                "A needed capability is missing", "build", "medium", score, message, need.span,
                tool=_title(tool),
            ))
    return findings


def _weight(priority: m.Priority) -> float:
    return priority.weight.amount if priority.weight else 1.0


def missing_baseline(playbook: m.Playbook, frame: Frame) -> r.Finding | None:
    """A measure action when no snapshot was taken before launch."""
    header = playbook.header
    if header is None or header.launch is None or frame.launch_index > 0:
        return None
    message = (
        f"No snapshot before the launch in {header.launch.text}: measure active members %, "
        "organic content growth and average social reach first, so progress can be shown"
    )
    return _analysis("baseline/missing", "No baseline before launch", "measure", "high", 1.0,
                     message, header.launch.span)


WITHHELD_FORECAST = r.Forecast(r.UNAVAILABLE, note="withheld: the segment's only group is "
                               "below the privacy floor")


def critical_mass(playbook: m.Playbook, frame: Frame, target: float | None,
                  minimum: float | None = None) -> tuple[r.Progress, ...]:
    """Each segment's active share against the target, then the whole network weighted by size.
    A segment whose total the privacy floor `minimum` withholds (engine.disclosure: a breakdown
    of one small group) is named without values, and left out of the whole."""
    if target is None:
        return ()
    active = frame.values.get("active_members")
    members = frame.values.get("members")
    withheld = None if minimum is None else frame.small(minimum)
    progress = []
    total_active = total_members = 0.0
    for segment in playbook.segments:
        rows = frame.rows(segment.name.text, None)
        if withheld is not None and rows.size and withheld[rows[0]]:
            progress.append(r.Progress(segment.name.text, None, target, None, WITHHELD_FORECAST))
            continue
        share = size = None
        if rows.size and active is not None:
            value = float(active[rows[0], frame.t])
            share = None if value != value else value  # NaN: not known
        if rows.size and members is not None:
            value = float(members[rows[0], frame.t])
            size = None if value != value else value
        if size is None and segment.members is not None:
            size = segment.members.amount
        if share is not None and size:
            total_active += share * size
            total_members += size
        progress.append(r.Progress(segment.name.text, share, target, size,
                                   segment_forecast(frame, segment.name.text, target)))
    overall = total_active / total_members if total_members else None
    progress.append(r.Progress("(all)", overall, target, total_members or None))
    return tuple(progress)


def group_progress(playbook: m.Playbook, frame: Frame, target: float | None,
                   floor: float) -> tuple[r.Progress, ...]:
    """Each group of the header's `forecast by` dimensions, segment by segment, with its active
    share and forecast; none withheld under the privacy floor `floor`.

    A group whose members are its active people in every period (a group of an event column,
    such as a device class: its people are those seen using it) is always 100% active; its
    active people are read against its segment's members instead, so the row says what share
    of the segment is active there, as the whole segment's row does."""
    header = playbook.header
    if target is None or header is None or not header.forecast_by:
        return ()
    withheld = frame.small(floor)
    found = []
    for segment in playbook.segments:
        whole = frame.rows(segment.name.text, None)
        declared = {d.text for d in segment.dimensions}
        for dimension in (d.text for d in header.forecast_by if d.text in declared):
            rows = sorted(frame.rows(segment.name.text, dimension).tolist(),
                          key=lambda row: frame.groups[row].dimensions)
            for row in (row for row in rows if not withheld[row]):
                shares = group_shares(frame, row, int(whole[0]) if whole.size else None)
                if shares is None:
                    continue
                now = float(shares[frame.t])
                found.append(r.Progress(
                    segment.name.text, None if math.isnan(now) else now, target,
                    _value(frame, "members", row),
                    forecast_series(frame.periods, shares[: frame.t + 1], target),
                    frame.groups[row].dimensions,
                    tuple(None if math.isnan(v) else float(v) for v in shares[: frame.t + 1])))
    return tuple(found)


def group_shares(frame: Frame, row: int, whole: int | None) -> np.ndarray | None:
    """A group's active share per period (see group_progress); None without the metrics."""
    active = frame.values.get("active_members")
    members, count = frame.values.get("members"), frame.values.get("active_count")
    if members is not None and count is not None and whole is not None:
        both = np.isfinite(members[row]) & np.isfinite(count[row])
        if both.any() and bool((members[row][both] == count[row][both]).all()):
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(members[whole] > 0, count[row] / members[whole], np.nan)
    return None if active is None else np.asarray(active[row], dtype=float)


def _value(frame: Frame, metric: str, row: int) -> float | None:
    values = frame.values.get(metric)
    value = math.nan if values is None else float(values[row, frame.t])
    return None if math.isnan(value) else value
