"""Small playbooks and hand-built histories for the engine tests: a few groups, a few weeks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from adoptplan import api
from adoptplan import model as m
from adoptplan.engine import evaluate
from adoptplan.engine.evaluate import Evaluator
from adoptplan.engine.frame import build_frame
from adoptplan.engine.params import resolve_params
from adoptplan.periods import kind_of
from adoptplan.result import Evaluation, Finding
from adoptplan.snapshot import Group, History
from adoptplan.syntax import parse_expression

WEEKS = tuple(f"2026-W{week:02d}" for week in range(1, 9))
"""Eight weeks; the playbooks below launch in the third (2026-W03)."""

HEADER = """playbook "Rollout" {
  cadence       weekly
  launch        2026-W03
  critical_mass 60%
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  by            geography
}

segment office "Back office" {
  members       200
  collaboration low
  likelihood    medium
}

priority reputation "Protect the brand" {
  for    reps
  weight 3
}

priority escalations "Fewer escalations" {
  for office
}

tool qna "Q&A with experts" {
  serves reputation, escalations
}
"""
"""Two segments, reps broken down by geography, every priority served: no analysis findings."""

Series = Sequence[float | None]


def playbook(text: str) -> m.Playbook:
    """A playbook that checks without errors (warnings are fine)."""
    checked = api.check_text(text)
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert errors == [], errors
    return checked.loaded.playbook


def group(label: str) -> Group:
    """`reps` or `reps/geography=DE` (the label a finding id ends with) as a Group."""
    segment, _, dimensions = label.partition("/")
    pairs = tuple(sorted(tuple(part.split("=", 1)) for part in dimensions.split(",") if part))
    return Group(segment, pairs)


SIZE = 100
"""The members of a group whose data gives none: real snapshots size every group, and a group of
unknown size is withheld."""


def history(data: Mapping[str, Mapping[str, Series]], periods: Sequence[str] = WEEKS,
            sized: bool = True) -> History:
    """Group label -> metric -> one value per period (None is missing; percentages as ratios).

    `sized`: a part of a segment without `members` has `SIZE` of them at every period."""
    if sized:
        data = {label: series if "/" not in label or "members" in series
                else {**series, "members": [SIZE] * len(periods)}
                for label, series in data.items()}
    groups = sorted(group(label) for label in data)
    metrics = sorted({name for series in data.values() for name in series})
    values = {}
    for name in metrics:
        column = np.full((len(groups), len(periods)), np.nan)
        for row, one in enumerate(groups):
            series = data[one.label()].get(name)
            if series is not None:
                assert len(series) == len(periods), (one.label(), name)
                column[row] = [np.nan if v is None else v for v in series]
        values[name] = column
    return History(kind_of(periods[0]), tuple(periods), tuple(groups), values)


def run(text: str, data: History, at: str | None = None,
        overrides: Mapping[str, str] | None = None) -> Evaluation:
    """Evaluate playbook text on a history; overrides as `--param` would give them."""
    exprs = {name: parse_expression(value) for name, value in (overrides or {}).items()}
    return evaluate(playbook(text), data, at, exprs)


def compute(text: str, data: History, expression: str, label: str,
            at: str | None = None) -> float:
    """The value of one expression for one group at `at` (default: the latest period)."""
    book = playbook(text)
    launch = book.header.launch.text if book.header and book.header.launch else None
    frame = build_frame(data, at or data.periods[-1], launch)
    evaluator = Evaluator(book, frame, resolve_params(book, {}))
    node = evaluator.compiler.compile(parse_expression(expression))
    row = [g.label() for g in frame.groups].index(label)
    return float(node.at(np.array([row], dtype=np.intp), frame.t)[0])


def ids(evaluation: Evaluation) -> list[str]:
    return [f.id for f in evaluation.findings]


def finding(evaluation: Evaluation, finding_id: str) -> Finding:
    found = [f for f in evaluation.findings if f.id == finding_id]
    assert len(found) == 1, ids(evaluation)
    return found[0]


def outcomes(evaluation: Evaluation) -> dict[str, str]:
    """Case id -> fired, clear, not-evaluated or suppressed."""
    return {case.id: case.outcome for case in evaluation.cases}


def rule(name: str, when: str, scope: str = "reps by geography", level: str = "high",
         message: str = "Workshop for {segment}", kind: str = "educate") -> str:
    """A rule declaration to append to HEADER."""
    return f"""
rule {name} "{name}" {{
  when     {when}
  in       {scope}
  do       {kind} "{message}"
  using    qna
  priority {level}
}}
"""
