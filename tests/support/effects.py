"""Seeded synthetic histories for intervention effects: five geographies of one segment, the
whole network moving together, and a known effect injected into Germany from the start on."""

from __future__ import annotations

import numpy as np

from adoptplan.engine import evaluate
from adoptplan.result import Effect

from support.engine import history, playbook

WEEKS = tuple(f"2026-W{week:02d}" for week in range(30, 46))
"""Sixteen weeks; the sessions run 2026-W38 to 2026-W40, eight weeks before them."""
GEOGRAPHIES = ("AT", "CH", "DE", "FR", "IT")

PLAYBOOK = """playbook "Rollout" {
  cadence       weekly
  launch        2026-W30
  critical_mass 60%
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  by            geography
}

priority reputation "Protect the brand" {
  for    reps
}

tool qna "Q&A with experts" {
  serves reputation
}

intervention champions_de "Champion sessions in Germany" {
  for        reps by geography = DE
  from       2026-W38
  to         2026-W40
  kind       educate
  measure    active_members
COMPARE}
"""


def synthetic(seed: int, effect: float, noise: float = 0.02, members: int = 200,
              weeks: tuple[str, ...] = WEEKS, de_members: int | None = None):
    """Every geography rises with the network (a shared wobble each week, larger than the noise
    of each group); Germany gains `effect` from 2026-W38 on."""
    rng = np.random.default_rng(seed)
    network = 0.2 + 0.01 * np.arange(len(weeks)) + rng.normal(0, 0.05, len(weeks))
    start = weeks.index("2026-W38") if "2026-W38" in weeks else len(weeks)
    data = {"reps": {"active_members": list(network), "members": [1200] * len(weeks)}}
    for geo in GEOGRAPHIES:
        level = rng.normal(0, 0.05)
        values = network + level + rng.normal(0, noise, len(weeks))
        if geo == "DE":
            values[start:] += effect
        size = de_members if geo == "DE" and de_members is not None else members
        data[f"reps/geography={geo}"] = {"active_members": list(values),
                                         "members": [size] * len(weeks)}
    return history(data, weeks)


def book(compare: str = ""):
    return playbook(PLAYBOOK.replace("COMPARE", f"  compare to {compare}\n" if compare else ""))


def effect_of(data, compare: str = "", at: str | None = None) -> Effect:
    (found,) = evaluate(book(compare), data, at).effects
    return found
