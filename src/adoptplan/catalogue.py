"""What the language knows without being told: standard metrics, units, history functions.

Shared by the checks (names and units) and the engine (evaluation), so both agree on what
`active_members` or `change(x, 4 periods)` means.
"""

from __future__ import annotations

from adoptplan.model import frozen

# Unit kinds of values. A bare number literal is NUMBER_LITERAL until it meets a unit: it may stand
# for a count or a plain number, never for a percentage (`40` where `40%` was meant).
PERCENT = "percent"
POINTS = "pp"
COUNT = "count"
NUMBER = "number"
PERIODS = "periods"
HOURS = "hours"
TEXT = "text"
BOOL = "bool"
NUMBER_LITERAL = "literal"

MAX_PERIODS = 520
"""The longest look-back a playbook may write (`for N periods`, a history function's window):
ten years of weeks. A longer one could never be met by a real history, and would only cost time."""

METRIC_UNITS: tuple[str, ...] = (PERCENT, COUNT, NUMBER, HOURS)
"""Units a `metric` declaration may give."""

LITERAL_UNITS: dict[str, str] = {
    "": NUMBER_LITERAL,
    "%": PERCENT,
    "pp": POINTS,
    "periods": PERIODS,
    "weeks": PERIODS,
    "months": PERIODS,
    "hours": HOURS,
    "members": COUNT,
}
"""The unit kind of a quantity literal, by its canonical unit spelling."""


@frozen
class StandardMetric:
    name: str
    unit: str
    description: str


STANDARD_METRICS: dict[str, StandardMetric] = {
    m.name: m
    for m in (
        StandardMetric("members", COUNT, "people in the group"),
        StandardMetric("active_members", PERCENT, "share of members active in the period"),
        StandardMetric("active_count", COUNT, "members active in the period"),
        StandardMetric("organic_content", COUNT, "posts and replies not made by comms or bots"),
        StandardMetric(
            "organic_content_growth", PERCENT, "growth of organic content over the previous period"
        ),
        StandardMetric(
            "social_reach", NUMBER, "average distinct people reached per author (social reach)"
        ),
        StandardMetric("posts", COUNT, "posts and replies"),
        StandardMetric("reads", COUNT, "messages read"),
        StandardMetric("likes", COUNT, "likes and reactions"),
        StandardMetric("files_shared", COUNT, "files shared"),
        StandardMetric("posts_per_member", NUMBER, "posts per member"),
        StandardMetric("managers_active", PERCENT, "share of the group's managers active"),
    )
}

BUILTIN_VALUES: dict[str, str] = {
    "critical_mass": PERCENT,
    "periods_since_launch": PERIODS,
    "focus_score": NUMBER,
    "priority_count": COUNT,
}
"""Names an expression may use that come from the playbook header, the evaluation period, and
the segment: `focus_score` (its collaboration dependence times its likelihood, 0 to 1) and
`priority_count` (how many business priorities name it)."""


@frozen
class Function:
    """A history function: its arguments' kinds and how its result's unit follows the metric's."""

    name: str
    signature: str
    description: str
    needs_periods: bool  # second argument is a number of periods
    result: str  # "same", "change" (pp for percent, else same) or a unit kind
    window: bool = False  # reads N periods at once: `N periods before` leaves this one out


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("baseline", "baseline(metric)", "the last value before the launch", False, "same"),
        Function(
            "previous", "previous(metric, N periods)", "the value N periods ago", True, "same"
        ),
        Function(
            "change",
            "change(metric, N periods)",
            "the difference from N periods ago (percentage points for a percentage)",
            True,
            "change",
        ),
        Function(
            "growth", "growth(metric, N periods)", "the relative growth over N periods", True,
            PERCENT,
        ),
        Function(
            "average",
            "average(metric, N periods)",
            "the rolling mean over the last N periods, this one included; "
            "`average(metric, N periods before)` is the mean of the N periods before this one",
            True,
            "same",
            window=True,
        ),
        Function(
            "max",
            "max(metric, N periods)",
            "the highest value over the last N periods, this one included; "
            "`max(metric, N periods before)` leaves this one out",
            True,
            "same",
            window=True,
        ),
        Function(
            "min",
            "min(metric, N periods)",
            "the lowest value over the last N periods, this one included; "
            "`min(metric, N periods before)` leaves this one out",
            True,
            "same",
            window=True,
        ),
        Function(
            "peers",
            "peers(metric)",
            "the median of the peer groups in the same breakdown (other geographies of the "
            "segment, or the other segments); a group below the playbook's largest minimum "
            "group size is no peer, since a median of few groups could show its value",
            False,
            "same",
        ),
        Function("peak", "peak(metric)", "the highest value so far", False, "same"),
        Function(
            "anomaly",
            "anomaly(metric, N periods)",
            "how unusual this period's value is against the group's own N periods before it: "
            "a robust z-score, (value - their median) / (1.4826 x their median absolute "
            "deviation); at least 3 periods",
            True,
            NUMBER,
        ),
        Function(
            "measured_before_launch",
            "measured_before_launch(metric)",
            "how many periods before the launch have a value of the metric (0 when none: "
            "never missing)",
            False,
            PERIODS,
        ),
    )
}


ANOMALY_MINIMUM = 3
"""anomaly() needs at least this many earlier periods: a spread of fewer says nothing."""


def result_unit(function: Function, metric_unit: str) -> str:
    """The unit of a history function's result, given its metric's unit."""
    if function.result == "same":
        return metric_unit
    if function.result == "change":
        return POINTS if metric_unit == PERCENT else metric_unit
    return function.result


UNBOUNDED_SUFFIX = "_growth"
"""A growth is a percentage that may be negative or above 100% (organic_content_growth)."""
