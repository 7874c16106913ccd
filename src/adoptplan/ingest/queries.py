"""The SQL of `metrics build`: the templates of sql/ filled in for one playbook and mapping.

The templates hold the logic; this module only writes the parts that depend on the playbook (its
dimensions and segments) and the mapping (which event names mean what). The result is plain SQL
that DuckDB runs here and a warehouse (Spark SQL, BigQuery, Snowflake...) can run as it is.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

import attrs

from adoptplan.ingest.mapping import ROLES, Settings
from adoptplan.ingest.setup import UNKNOWN, Breakdown

STATEMENTS: tuple[str, ...] = ("facts", "reach", "snapshot")
"""The statements in the order they run; `reach` only when the events say whose content is read."""
_SAFE = re.compile(r"[a-z_][a-z0-9_]*")
_RESERVED = frozenset({
    "all", "and", "as", "by", "case", "cast", "create", "cross", "date", "day", "distinct",
    "else", "end", "from", "full", "group", "having", "in", "inner", "interval", "join", "left",
    "like", "limit", "month", "not", "null", "on", "or", "order", "outer", "right", "select",
    "table", "then", "time", "timestamp", "to", "union", "user", "using", "when", "where",
    "window", "with", "year",
})


def identifier(name: str) -> str:
    """A column name as SQL: bare when it is a plain word, else in double quotes."""
    if _SAFE.fullmatch(name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def template(name: str) -> string.Template:
    text = resources.files("adoptplan.ingest").joinpath(f"sql/{name}.sql").read_text("utf-8")
    return string.Template(text)


def event_condition(patterns: Iterable[str], column: str = "e.event_name") -> str:
    """A condition on a lower-case column: exact names with IN, wildcards (`*`, `?`) with LIKE."""
    exact = sorted({p.lower() for p in patterns if not any(c in p for c in "*?")})
    wild = sorted({p.lower() for p in patterns if any(c in p for c in "*?")})
    parts = []
    if exact:
        parts.append(f"{column} IN ({', '.join(literal(p) for p in exact)})")
    for pattern in wild:
        like = re.sub(r"([\\%_])", r"\\\1", pattern).replace("*", "%").replace("?", "_")
        parts.append(f"{column} LIKE {literal(like)} ESCAPE '\\'")
    return " OR ".join(parts) if parts else "1 = 0"


@attrs.frozen
class Plan:
    """What the SQL needs to know: event roles, extra counts, dimensions and who has them."""

    roles: Mapping[str, tuple[str, ...]]  # role -> event name patterns
    counts: Mapping[str, tuple[str, ...]]  # extra metric -> event name patterns
    person_dimensions: tuple[Breakdown, ...]  # values per person (or their age per period)
    event_dimensions: tuple[Breakdown, ...]  # values per event
    segment_dimensions: Mapping[str, tuple[str, ...]]  # segment -> its dimension names
    reach: bool  # the events have a content_id or author_id column
    managers: bool  # the directory says who manages whom

    @classmethod
    def of(cls, settings: Settings, breakdowns: Mapping[str, Breakdown],
           segment_dimensions: Mapping[str, tuple[str, ...]], reach: bool,
           managers: bool) -> Plan:
        ordered = [breakdowns[name] for name in sorted(breakdowns)]
        return cls(
            {role: settings.patterns(role) for role in ROLES}, dict(settings.counts),
            tuple(b for b in ordered if b.source != "event"),
            tuple(b for b in ordered if b.source == "event"),
            dict(segment_dimensions), reach, managers)

    @property
    def dimensions(self) -> tuple[Breakdown, ...]:
        return tuple(sorted((*self.person_dimensions, *self.event_dimensions),
                            key=lambda b: b.name))

    def any_role(self) -> str:
        patterns = [p for names in (*self.roles.values(), *self.counts.values()) for p in names]
        return event_condition(patterns)


def column(breakdown: Breakdown) -> str:
    """The internal column of a dimension: `dim_` + its name, never an SQL keyword."""
    return "dim_" + re.sub(r"[^a-z0-9_]", "_", breakdown.name.lower())


def since_column(breakdown: Breakdown) -> str:
    return "since_" + column(breakdown)[4:]


def count_column(metric: str) -> str:
    return "count_" + metric


def _event_value(breakdown: Breakdown) -> str:
    """An event column's value, put in the mapping's classes; `unknown` when empty."""
    raw = f"LOWER(TRIM(e.{identifier(breakdown.column)}))"
    value = f"COALESCE(NULLIF({raw}, ''), {literal(UNKNOWN)})"
    dimension = breakdown.dimension
    if dimension is None or not dimension.classes:
        return f"COALESCE(NULLIF(TRIM(e.{identifier(breakdown.column)}), ''), {literal(UNKNOWN)})"
    cases = "".join(f"\n      WHEN {event_condition(patterns, raw)} THEN {literal(label)}"
                    for label, patterns in dimension.classes)
    return (f"CASE\n      WHEN {value} = {literal(UNKNOWN)} THEN {literal(UNKNOWN)}{cases}\n"
            f"      ELSE {literal(dimension.other)}\n    END")


def _age_value(breakdown: Breakdown) -> str:
    """The bucket of a person's age at the end of the period, from a day number column."""
    since = f"p.{since_column(breakdown)}"
    age = f"c.period_end_day - {since}"
    dimension = breakdown.dimension
    assert dimension is not None and dimension.is_age
    lines = [f"WHEN {since} IS NULL OR {age} < 0 THEN {literal(UNKNOWN)}"]
    lines += [f"WHEN {age} < {days} THEN {literal(label)}"
              for days, label in zip(dimension.days, dimension.labels)]
    body = "\n      ".join(lines)
    return f"CASE\n      {body}\n      ELSE {literal(dimension.labels[-1])}\n    END"


def facts_sql(plan: Plan) -> str:
    conditions = {role: event_condition(patterns) for role, patterns in plan.roles.items()}
    dimensions = "".join(f"\n  {_event_value(b)} AS {column(b)}," for b in plan.event_dimensions)
    counts = "".join(
        f",\n  SUM(CASE WHEN {event_condition(patterns)} THEN 1 ELSE 0 END) AS {count_column(name)}"
        for name, patterns in plan.counts.items())
    group = "".join(f", {column(b)}" for b in plan.event_dimensions)
    return template("facts").substitute(
        event_dimensions=dimensions, counts=counts, any_role=plan.any_role(), event_group=group,
        **conditions)


def reach_sql(plan: Plan) -> str:
    return template("reach").substitute(
        post=event_condition(plan.roles["post"]), read=event_condition(plan.roles["read"]),
        react=event_condition(plan.roles["react"]))


def _sums(prefix: str, names: Sequence[str], source: str) -> str:
    return "".join(f",\n    SUM({source}{prefix}{name}) AS {prefix}{name}" for name in names)


def _event_breakdown(plan: Plan, breakdown: Breakdown) -> str:
    dim = column(breakdown)
    counts = [count_column(n) for n in plan.counts]
    inner_counts = "".join(f", SUM({c}) AS {c}" for c in counts)
    outer_counts = "".join(f",\n    SUM(f.{c}) AS {c}" for c in counts)
    return (
        f",\nby_{dim} AS (\n"
        f"  -- the breakdown by {breakdown.name}, a column of the events: a person counts once\n"
        f"  -- per value they were seen with\n"
        f"  SELECT\n    f.period,\n    p.segment,\n    f.{dim},\n"
        f"    SUM(f.active) AS active_count,\n    SUM(f.posts) AS posts,\n"
        f"    SUM(f.reads) AS reads,\n    SUM(f.likes) AS likes,\n"
        f"    SUM(f.files_shared) AS files_shared,\n"
        f"    SUM(f.posts * p.organic) AS organic_content{outer_counts}\n"
        f"  FROM (\n    SELECT period, person_id, {dim}, MAX(active) AS active, "
        f"SUM(posts) AS posts,\n      SUM(reads) AS reads, SUM(likes) AS likes, "
        f"SUM(files_shared) AS files_shared{inner_counts}\n"
        f"    FROM adoptplan_facts\n    GROUP BY period, person_id, {dim}\n  ) f\n"
        f"  JOIN adoptplan_people p ON p.person_id = f.person_id\n"
        f"  GROUP BY f.period, p.segment, f.{dim}\n)")


def _event_rows(plan: Plan, breakdown: Breakdown) -> str:
    dim = column(breakdown)
    dimensions = "".join(f", d.{dim}" if b is breakdown else ", NULL"
                         for b in plan.dimensions)
    whole = "".join(f" AND w.{column(b)} IS NULL" for b in plan.person_dimensions)
    counts = "".join(f", d.{count_column(n)}" for n in plan.counts)
    return (
        f"\n  UNION ALL\n  SELECT\n    d.period,\n    d.segment{dimensions},\n"
        f"    w.members, d.active_count, d.posts, d.reads, d.likes, d.files_shared,\n"
        f"    d.organic_content, NULL, NULL, NULL, NULL{counts}\n"
        f"  FROM by_{dim} d\n"
        f"  JOIN by_person w ON w.period = d.period AND w.segment = d.segment{whole}")


def _segment_filter(plan: Plan) -> str:
    """A breakdown only for the segments that ask for it (`by` in the playbook), and only its
    values someone has."""
    parts = []
    for breakdown in plan.dimensions:
        wanting = sorted(s for s, names in plan.segment_dimensions.items()
                         if breakdown.name in names)
        segments = ", ".join(literal(s) for s in wanting) or "NULL"
        parts.append(f"(r.{column(breakdown)} IS NULL OR r.segment IN ({segments}))")
    if plan.dimensions:  # a value no one has, or an event value no one was active with
        whole = " AND ".join(f"r.{column(b)} IS NULL" for b in plan.dimensions)
        person = " AND ".join(f"r.{column(b)} IS NULL" for b in plan.event_dimensions) or "1 = 1"
        parts.append(f"({whole} OR r.active_count > 0 OR ({person} AND r.members > 0))")
    return "\n    AND ".join(parts) or "1 = 1"


def snapshot_sql(plan: Plan, output_names: bool = True) -> str:
    """The final SELECT; `output_names` names dimension and count columns as the playbook does."""
    person = plan.person_dimensions
    person_values = "".join(
        f",\n    {_age_value(b) if b.source == 'age' else 'p.' + column(b)} AS {column(b)}"
        for b in person)
    sets = ["p.period, p.segment", *(f"p.period, p.segment, {column(b)}" for b in person)]
    counts = list(plan.counts)
    person_columns = "".join(f",\n    {column(b)}" for b in person)
    all_columns = "".join(f", {column(b)}" if b.source != "event" else f", NULL AS {column(b)}"
                          for b in plan.dimensions)
    partition = "".join(f", r.{column(b)}" for b in plan.dimensions)

    def named(inner: str, outer: str) -> str:
        return f"{inner} AS {identifier(outer)}" if output_names else inner

    outputs = "".join(f",\n  {named(column(b), b.name)}" for b in plan.dimensions)
    reach = ("SUM(CASE WHEN COALESCE(a.posts, 0) > 0 OR r.reached IS NOT NULL THEN 1 ELSE 0 END)"
             " AS authors,\n    SUM(COALESCE(r.reached, 0)) AS reached") if plan.reach else \
        "CAST(NULL AS INTEGER) AS authors,\n    CAST(NULL AS INTEGER) AS reached"
    return template("snapshot").substitute(
        reach_input=", adoptplan_reach (step 1b)" if plan.reach else "",
        person_dimensions=person_values,
        count_sums=_sums("", [count_column(c) for c in counts], ""),
        person_dimension_columns=person_columns,
        reach_sums=reach,
        count_totals="".join(f",\n    SUM(COALESCE(a.{count_column(c)}, 0)) AS {count_column(c)}"
                             for c in counts),
        reach_join=("\n  LEFT JOIN adoptplan_reach r ON r.period = p.period"
                    " AND r.author_id = p.person_id") if plan.reach else "",
        grouping_sets=", ".join(f"({s})" for s in sets),
        event_breakdowns="".join(_event_breakdown(plan, b) for b in plan.event_dimensions),
        all_dimension_columns=all_columns,
        count_columns="".join(f", {count_column(c)}" for c in counts),
        event_rows="".join(_event_rows(plan, b) for b in plan.event_dimensions),
        partition_dimensions=partition,
        segment_dimensions=_segment_filter(plan),
        output_dimensions=outputs,
        social_reach="\n  1.0 * reached / NULLIF(authors, 0) AS social_reach," if plan.reach else "",
        managers=(",\n  managers,\n  100.0 * managers_active_count / NULLIF(managers, 0)"
                  " AS managers_active") if plan.managers else "",
        count_outputs="".join(f",\n  {named(count_column(c), c)}" for c in counts),
        order_dimensions="".join(f", {column(b)}" for b in plan.dimensions),
    )


def statements(plan: Plan) -> list[tuple[str, str]]:
    """Every statement of a build, named, in the order to run them."""
    found = [("facts", facts_sql(plan))]
    if plan.reach:
        found.append(("reach", reach_sql(plan)))
    found.append(("snapshot", snapshot_sql(plan)))
    return found
