"""Each barrier over groups and periods, for the HTML report's heat maps: the playbook evaluated
at every period of the history, each barrier's outcome per group kept."""

from __future__ import annotations

from collections.abc import Mapping

from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine.evaluate import evaluate
from adoptplan.engine.params import DEFAULT_MINIMUM
from adoptplan.snapshot import History


def barrier_timelines(playbook: m.Playbook, history: History, periods: tuple[str, ...],
                      shown: tuple[r.Series, ...], overrides: Mapping[str, m.Expr] | None = None,
                      floor: float = DEFAULT_MINIMUM, allow_small: bool = False,
                      ) -> tuple[r.Timeline, ...]:
    """Per barrier (in playbook order) and per group of `shown` (the groups the result's history
    may name: whole segments and groups above the privacy floor at every period), the outcome
    of its condition at each period of `periods` that the history holds.

    Hysteresis (the lifecycle replay, `--previous`) and waivers are left out: the map shows when
    the condition held.
    """
    barriers = {b.name.text: b.title.value if b.title else b.name.text for b in playbook.barriers}
    if not barriers:
        return ()
    labels = {_label(s.segment, s.dimensions): s for s in shown}
    outcomes: dict[tuple[str, str], list[str]] = {}
    known = set(history.periods)
    for index, period in enumerate(periods):
        if period not in known:
            continue
        for case in evaluate(playbook, history, period, overrides, record_cases=True,
                             floor=floor, allow_small=allow_small, replay=False).cases:
            rule, _, label = case.id.partition("/")
            if rule in barriers and label in labels and case.outcome != "suppressed":
                outcomes.setdefault((rule, label), [""] * len(periods))[index] = case.outcome
    found = []
    for rule, title in barriers.items():
        for label, series in labels.items():
            if (rule, label) in outcomes:
                found.append(r.Timeline(rule, title, series.segment, series.dimensions,
                                        tuple(outcomes[rule, label])))
    return tuple(found)


def _label(segment: str, dimensions: tuple[tuple[str, str], ...]) -> str:
    """As a case id writes a group: `reps`, `reps/geography=DE`."""
    if not dimensions:
        return segment
    return segment + "/" + ",".join(f"{name}={value}" for name, value in dimensions)
