"""Intervention checks: the treated group and its comparison exist and do not overlap, the metric
it should move and its kind are known, and it ran over real periods of the playbook's cadence."""

from __future__ import annotations

from collections.abc import Iterator

from adoptplan import catalogue
from adoptplan import model as m
from adoptplan import periods as p
from adoptplan.codes.semantic import (
    BAD_COMPARISON,
    INTERVENTION_PERIODS,
    UNKNOWN_ACTION_KIND,
    UNKNOWN_DIMENSION,
    UNKNOWN_METRIC,
    UNKNOWN_SEGMENT,
)
from adoptplan.diagnostics import ERROR, Diagnostic, did_you_mean


def _unknown(code: str, what: str, name: m.Name, known: list[str]) -> Diagnostic:
    return Diagnostic(code, f"there is no {what} '{name.text}'", name.span, ERROR,
                      did_you_mean(name.text, known))


def iter_intervention_names(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """Segments, dimensions, the measured metric and the kind, each one the playbook knows."""
    segments = {s.name.text: s for s in playbook.segments}
    metrics = [*catalogue.STANDARD_METRICS, *(x.name.text for x in playbook.metrics)]
    for intervention in playbook.interventions:
        for selection in (intervention.scope, intervention.comparison):
            if selection is None:
                continue
            for name in selection.segments:
                if name.text not in segments:
                    yield _unknown(UNKNOWN_SEGMENT, "segment", name, list(segments))
            dimension = selection.dimension
            declared = {d.text for s in selection.segments if s.text in segments
                        for d in segments[s.text].dimensions}
            if dimension is not None and dimension.text not in declared:
                yield _unknown(UNKNOWN_DIMENSION, "dimension of these segments", dimension,
                               sorted(declared))
        if intervention.measure is not None and intervention.measure.text not in metrics:
            yield _unknown(UNKNOWN_METRIC, "metric", intervention.measure, metrics)
        if intervention.kind is not None and intervention.kind.text not in m.ACTION_KINDS:
            yield _unknown(UNKNOWN_ACTION_KIND, "action kind", intervention.kind,
                           list(m.ACTION_KINDS))


def iter_intervention_periods(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """`from` and `to` are real periods of the playbook's cadence, `from` not after `to`."""
    header = playbook.header
    cadence = header.cadence.text if header and header.cadence else None
    wanted = {"weekly": "week", "monthly": "month"}.get(cadence or "")
    for intervention in playbook.interventions:
        good = []
        for period in (intervention.starts, intervention.ends):
            if period is None:
                continue
            problem = p.period_problem(period.text)
            kind = None if problem else p.kind_of(period.text)
            if problem is None and wanted is not None and kind != wanted:
                problem = f"the playbook's cadence is {cadence}, so a period is a {wanted}"
            if problem is not None:
                yield Diagnostic(INTERVENTION_PERIODS, f"'{period.text}' is not a period this "
                                 f"intervention can run in: {problem}", period.span, ERROR,
                                 "write a week like 2026-W41 (weekly) or a month like 2026-10")
            else:
                good.append(period)
        if len(good) == 2 and p.ordinal(good[0].text) > p.ordinal(good[1].text):
            yield Diagnostic(INTERVENTION_PERIODS, f"the intervention ends in {good[1].text}, "
                             f"before it starts in {good[0].text}", good[1].span, ERROR,
                             "swap `from` and `to`")


def iter_comparisons(playbook: m.Playbook) -> Iterator[Diagnostic]:
    """One treated segment; a comparison that does not include the treated group."""
    for intervention in playbook.interventions:
        treated = intervention.scope
        if treated is None:
            continue
        if len(treated.segments) != 1:
            yield Diagnostic(BAD_COMPARISON, "an intervention treats one segment, or some groups "
                             "of one", treated.span, ERROR,
                             "declare one intervention per segment")
            continue
        other = intervention.comparison
        if other is None:
            continue
        same_segment = treated.segments[0].text in {s.text for s in other.segments}
        values = {v.value for v in treated.values}
        overlap = same_segment and (
            treated.dimension is None or other.dimension is None
            or (other.dimension.text == treated.dimension.text
                and values & {v.value for v in other.values}))
        if overlap:
            yield Diagnostic(BAD_COMPARISON, "the comparison includes the treated group: an "
                             "effect against itself is always 0", other.span, ERROR,
                             "compare with other groups, e.g. `compare to reps by geography = "
                             "AT, CH`")


CHECKS = (iter_intervention_names, iter_intervention_periods, iter_comparisons)
