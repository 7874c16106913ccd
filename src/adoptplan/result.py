"""The evaluation result: actions, barrier alerts and analyses, as frozen values ready to render.

Everything here is plain data (strings, numbers, tuples) so renderers and `diff` need nothing
else. Findings come in one documented total order: level (critical first), then score (highest
first), then id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from adoptplan.model import LEVELS

FORMAT_VERSION = 2

RULE = "rule"
BARRIER = "barrier"
ANALYSIS = "analysis"

_RANK = {level: rank for rank, level in enumerate(LEVELS)}  # level -> its index in LEVELS


@attrs.frozen
class Evidence:
    """One value a decision was made on: what, when, the threshold it met and by how much."""

    expression: str  # the predicate or value as written, e.g. "active_members < 40%"
    value: str  # the actual value, formatted with its unit, e.g. "31.2%"
    period: str = ""  # the period of the value
    threshold: str = ""  # what it was compared with, formatted
    margin: str = ""  # how far past the threshold, formatted, signed
    holds: bool | None = None  # the predicate's truth (None: not evaluated)
    # the same as numbers, for programs: in the unit shown (percent 0-100, a margin of
    # percentages in points); None when missing or not a comparison
    unit: str = ""  # of the value and threshold: percent, count, number, hours...
    number: float | None = None
    threshold_number: float | None = None
    margin_number: float | None = None


@attrs.frozen
class Lifecycle:
    """How long a rule's or barrier's finding has held, read from the history (as Prometheus
    keeps an alert's `activeAt`): the run of periods it has been open in, up to the evaluated
    one, and since when its barrier's `clear` condition alone holds it open."""

    since: str  # the first period of the run (the evaluated one for a finding new this period)
    periods: int  # how many periods the run has lasted, the evaluated one included
    held_since: str = ""  # the first period `when` no longer held and `clear` kept it open;
    # "" while `when` holds


@attrs.frozen(slots=False)
class Finding:
    """An action (from a rule or an analysis) or a barrier alert, for one segment or group.

    Without slots: a frozen class with slots sets each of its 17 fields through
    object.__setattr__, one with a __dict__ writes them there directly, which makes a finding
    about a quarter faster (for about 110 more bytes each)."""

    id: str
    source: str  # RULE, BARRIER or ANALYSIS
    rule: str
    title: str
    kind: str  # an action kind (model.ACTION_KINDS); barriers are remove_barrier
    level: str
    score: float
    segment: str
    dimensions: tuple[tuple[str, str], ...]
    message: str
    remedy: str = ""
    tool: str = ""
    path: str = ""
    line: int = 0
    period: str = ""
    evidence: tuple[Evidence, ...] = ()
    status: str = "open"  # open, or waived (see waivers)
    lifecycle: Lifecycle | None = None  # a rule's or barrier's (an analysis has none)

    @property
    def is_alert(self) -> bool:
        return self.source == BARRIER

    @property
    def level_rank(self) -> int:
        return _RANK[self.level]

    @property
    def sort_key(self) -> tuple:
        return (-self.level_rank, -self.score, self.id)


@attrs.frozen
class Cleared:
    """A barrier alert open at the period before the evaluated one that closed at it: `when`
    stopped (and its `clear` condition held, if it has one)."""

    id: str
    rule: str
    title: str
    level: str
    segment: str
    dimensions: tuple[tuple[str, str], ...]
    since: str  # the first period of the run that closed
    periods: int  # how many periods it was open
    cleared: str  # the evaluated period: the first it is no longer open
    path: str = ""
    line: int = 0


@attrs.frozen
class Previous:
    """What a previous result recorded: the period it was evaluated at and the lifecycle of each
    finding of a rule or barrier it held open (None when the file did not say, as files written
    before lifecycles did not). `evaluate --previous` continues from it instead of the replay.

    A collection of the ids it holds, so `id in previous` reads as before."""

    period: str
    open: Mapping[str, Lifecycle | None]
    playbook: str = ""  # the title of the playbook it is a result of ("" when it does not say)

    def __contains__(self, finding_id: object) -> bool:
        return finding_id in self.open

    def __iter__(self) -> Iterator[str]:
        return iter(self.open)

    def __len__(self) -> int:
        return len(self.open)


@attrs.frozen
class NotEvaluated:
    """A rule and scope whose condition could not be decided, and why (missing data)."""

    id: str
    rule: str
    reason: str
    path: str = ""
    line: int = 0


@attrs.frozen
class Case:
    """One rule or barrier evaluated for one scope, whatever came of it (for JUnit and coverage)."""

    id: str
    rule: str
    outcome: str  # "fired", "clear", "not-evaluated" or "suppressed"
    path: str = ""
    line: int = 0


@attrs.frozen
class EffortShare:
    """A segment's focus score and its share of the playbook's promotion effort."""

    segment: str
    title: str
    collaboration: str
    likelihood: str
    focus_score: float
    recommended_hours: float
    planned_hours: float | None = None


@attrs.frozen
class Forecast:
    """When a segment reaches the critical-mass target at the pace of its last periods: the
    Theil–Sen trend of its active share (one outlier week does not move it), and the range its
    slope's 95% interval gives."""

    status: str  # REACHED, ON_PACE, NOT_AT_THIS_PACE, NOT_ENOUGH_HISTORY or UNAVAILABLE
    period: str = ""  # the period the trend reaches the target (ON_PACE)
    earliest: str = ""  # at the fastest pace of the interval
    latest: str = ""  # at the slowest; "" when the slowest pace never gets there
    slope: float | None = None  # change of the active share per period (0..1 scale)
    low_slope: float | None = None
    high_slope: float | None = None
    intercept: float | None = None  # the trend's value at the first period fitted
    fitted: tuple[str, ...] = ()  # the periods the trend was fitted on
    note: str = ""  # why there is none, in words


REACHED = "reached"
ON_PACE = "on pace"
NOT_AT_THIS_PACE = "not at this pace"
NOT_ENOUGH_HISTORY = "not enough history"
UNAVAILABLE = "unavailable"


@attrs.frozen
class Progress:
    """A segment's (or the whole network's) progress toward the critical-mass target."""

    segment: str
    active: float | None  # share of members active, 0..1
    target: float  # 0..1
    members: float | None = None
    forecast: Forecast | None = None  # None for the whole network
    dimensions: tuple[tuple[str, str], ...] = ()  # a group of the segment (`forecast by`)
    shares: tuple[float | None, ...] = ()  # a group's active share per period, for its trend

    @property
    def ratio(self) -> float | None:
        return None if self.active is None or not self.target else self.active / self.target

    @property
    def reached(self) -> bool:
        return self.active is not None and self.active >= self.target


@attrs.frozen
class Effect:
    """An intervention's effect on its metric: the treated group's change from before to after,
    less the comparison groups' change over the same periods (difference in differences), with
    a 95% interval from how the difference between them varied before it started."""

    intervention: str
    title: str
    segment: str  # the treated segment
    dimensions: tuple[tuple[str, str], ...]  # the treated groups' dimension and values, or ()
    kind: str
    measure: str
    unit: str  # of the measure: an effect on a percentage is in points (shares, 0..1 scale)
    starts: str
    ends: str
    status: str  # MEASURED, NOT_STARTED, NOT_ENOUGH_HISTORY, GROUP_TOO_SMALL, ...
    verdict: str = ""  # WORKED, NO_CLEAR_EFFECT or MADE_IT_WORSE when measured
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    before: int = 0  # periods before it started that the effect is measured against
    after: int = 0  # periods from its start on
    comparison: tuple[str, ...] = ()  # the comparison groups' labels (none below the floor)
    path: str = ""
    line: int = 0
    expect: str = "increase"  # the way the measure should move for it to have worked


MEASURED = "measured"
NOT_STARTED = "not started"
GROUP_TOO_SMALL = "group too small"
COMPARISON_TOO_SMALL = "comparison groups too small"
WORKED = "worked"
NO_CLEAR_EFFECT = "no clear effect"
MADE_IT_WORSE = "made it worse"


@attrs.frozen
class Series:
    """A segment's (or a group's) headline metrics over the evaluated history, so a renderer can
    draw its trend without rereading the metrics. One value per period of `Evaluation.periods`;
    None where the data has none. Percentages are shares (0..1), as in `Progress`."""

    segment: str
    title: str  # the segment's title, as a reader knows it
    dimensions: tuple[tuple[str, str], ...]  # () for the whole segment
    metrics: tuple[tuple[str, tuple[float | None, ...]], ...]  # metric -> values, by name

    def values(self, metric: str) -> tuple[float | None, ...]:
        """The series of `metric`, () when the data has none."""
        return dict(self.metrics).get(metric, ())


@attrs.frozen
class Timeline:
    """One barrier for one group over the history: what its condition gave at each period."""

    rule: str
    title: str  # the barrier's title
    segment: str
    dimensions: tuple[tuple[str, str], ...]
    outcomes: tuple[str, ...]  # per period: "fired", "clear", "not-evaluated", or "" (no case)


@attrs.frozen
class Evaluation:
    """Everything `adoptplan evaluate` found at one period."""

    playbook: str
    period: str
    periods: tuple[str, ...]  # the history used, ascending
    findings: tuple[Finding, ...]
    not_evaluated: tuple[NotEvaluated, ...] = ()
    suppressed: int = 0  # findings about groups below the minimum group size, never named
    effort: tuple[EffortShare, ...] = ()
    effort_total: float | None = None
    critical_mass: tuple[Progress, ...] = ()
    warnings: tuple[str, ...] = ()
    cases: tuple[Case, ...] = ()
    history: tuple[Series, ...] = ()  # each segment, then its groups above the privacy floor
    launch: str = ""  # the playbook's launch period, "" when it has none
    timelines: tuple[Timeline, ...] = ()  # asked for by the html report only (see api)
    effects: tuple[Effect, ...] = ()  # one per intervention, in the playbook's order
    cleared: tuple[Cleared, ...] = ()  # barrier alerts that closed at the evaluated period, by id
    group_progress: tuple[Progress, ...] = ()  # the groups of the `forecast by` dimensions

    @property
    def alerts(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_alert)

    @property
    def actions(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_alert)

    def counts(self) -> dict[str, int]:
        """Findings per level, every level present."""
        counts = {level: 0 for level in LEVELS}
        for finding in self.findings:
            counts[finding.level] += 1
        return counts

    def at_or_above(self, level: str) -> tuple[Finding, ...]:
        """Open findings at or above `level`: what `--fail-on` counts (waived ones never do)."""
        rank = LEVELS.index(level)
        return tuple(
            f for f in self.findings if f.level_rank >= rank and f.status == "open"
        )


def ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    """The documented total order: level (highest first), score (highest first), id."""
    return tuple(sorted(findings, key=lambda f: f.sort_key))
