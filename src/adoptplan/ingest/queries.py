"""The SQL of `metrics build`: the templates of sql/ filled in for one playbook and mapping.

The templates hold the logic; this module only writes the parts that depend on the playbook (its
dimensions and segments) and the mapping (which event names mean what). The result is plain SQL
in DuckDB's dialect, which DuckDB runs here and engines/dialects.py writes for Spark SQL,
BigQuery, Snowflake or PostgreSQL.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from adoptplan.ingest.mapping import ROLES, Settings
from adoptplan.ingest.setup import UNKNOWN, Breakdown

STATEMENTS: tuple[str, ...] = ("values", "facts", "reach", "snapshot")
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
    answering: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)  # count -> e-mails
    sent: tuple[str, ...] = ()  # the e-mails an answer (an open, a click) may answer

    @classmethod
    def of(cls, settings: Settings, breakdowns: Mapping[str, Breakdown],
           segment_dimensions: Mapping[str, tuple[str, ...]], reach: bool,
           managers: bool) -> Plan:
        ordered = [breakdowns[name] for name in sorted(breakdowns)]
        return cls(
            {role: settings.patterns(role) for role in ROLES}, dict(settings.counts),
            tuple(b for b in ordered if b.source != "event"),
            tuple(b for b in ordered if b.source == "event"),
            dict(segment_dimensions), reach, managers, dict(settings.answering),
            settings.sent if settings.answering else ())

    @property
    def dimensions(self) -> tuple[Breakdown, ...]:
        return tuple(sorted((*self.person_dimensions, *self.event_dimensions),
                            key=lambda b: b.name))

    @property
    def event_ages(self) -> tuple[Breakdown, ...]:
        """The ages counted at each event: step 1 gives each event its bucket."""
        return tuple(b for b in self.person_dimensions if _at_event(b))

    def any_role(self, name: str = "e.event_name") -> str:
        patterns = [p for names in (*self.roles.values(), *self.counts.values()) for p in names]
        return event_condition(patterns, name)

    def patterns(self) -> list[str]:
        """Every event name pattern the build reads: roles, counts and the e-mails answered."""
        return [p for names in (*self.roles.values(), *self.counts.values()) for p in names] \
            + list(self.sent)


def _at_event(breakdown: Breakdown) -> bool:
    return breakdown.dimension is not None and breakdown.dimension.at_event


def column(breakdown: Breakdown) -> str:
    """The internal column of a dimension: `dim_` + its name, never an SQL keyword."""
    return "dim_" + re.sub(r"[^a-z0-9_]", "_", breakdown.name.lower())


def since_column(breakdown: Breakdown) -> str:
    return "since_" + column(breakdown)[4:]


def count_column(metric: str) -> str:
    return "count_" + metric


def _class_lookup(breakdown: Breakdown) -> str:
    """The class of each distinct value of an event column, decided once per value."""
    dimension = breakdown.dimension
    assert dimension is not None
    value = "LOWER(TRIM(v.value))"
    cases = "".join(f"\n      WHEN {event_condition(patterns, value)} THEN {literal(label)}"
                    for label, patterns in dimension.classes)
    return (f",\n{column(breakdown)}_classes AS (\n  SELECT\n    v.value,\n    CASE\n"
            f"      WHEN {value} = '' THEN {literal(UNKNOWN)}{cases}\n"
            f"      ELSE {literal(dimension.other)}\n    END AS label\n"
            f"  FROM {values_table(breakdown)} v\n)")


def values_table(breakdown: Breakdown) -> str:
    return f"adoptplan_values_{column(breakdown)[4:]}"


def values_sql(plan: Plan, source: str = "adoptplan_events") -> str:
    """Step 0: the distinct event names, and the distinct values of each event column the
    mapping puts in classes. A build here makes them from its first scan (`source`)."""
    lines = [
        "-- adoptplan metrics build, step 0: the distinct event names and the distinct values",
        "-- of each event column put in classes, so step 1 decides what each means once.",
        f"CREATE TABLE adoptplan_event_names AS SELECT DISTINCT event_name FROM {source}"]
    for breakdown in plan.event_dimensions:
        if _classed(breakdown):
            lines[-1] += ";"
            lines.append(f"CREATE TABLE {values_table(breakdown)} AS SELECT DISTINCT "
                         f"{identifier(breakdown.column)} AS value FROM {source}")
    return "\n".join(lines)


def classed_columns(plan: Plan) -> list[str]:
    """The event columns whose values the mapping puts in classes."""
    return sorted({b.column for b in plan.event_dimensions if _classed(b)})


def _classed(breakdown: Breakdown) -> bool:
    return breakdown.dimension is not None and bool(breakdown.dimension.classes)


def _event_value(breakdown: Breakdown) -> str:
    """An event column's value (its class, when the mapping gives classes); `unknown` if empty."""
    if _classed(breakdown):
        return f"COALESCE({column(breakdown)}_classes.label, {literal(UNKNOWN)})"
    raw = f"e.{identifier(breakdown.column)}"
    return f"COALESCE(NULLIF(TRIM({raw}), ''), {literal(UNKNOWN)})"


def _age_value(breakdown: Breakdown, day: str = "c.period_end_day") -> str:
    """The bucket of a person's age on `day` (the end of the period, or the day of an event),
    from a day number column."""
    since = f"p.{since_column(breakdown)}"
    age = f"{day} - {since}"
    dimension = breakdown.dimension
    assert dimension is not None and dimension.is_age
    lines = [f"WHEN {since} IS NULL OR {age} < 0 THEN {literal(UNKNOWN)}"]
    lines += [f"WHEN {age} < {days} THEN {literal(label)}"
              for days, label in zip(dimension.days, dimension.labels)]
    body = "\n      ".join(lines)
    return f"CASE\n      {body}\n      ELSE {literal(dimension.labels[-1])}\n    END"


def _sent_roles(plan: Plan, name: str) -> str:
    """Step 1's role columns for answers: whether a name is an e-mail answers may answer
    (`sent_email`), and one of those a count's answers must answer."""
    if not plan.answering:
        return ""
    flags = [("sent_email", plan.sent), *((f"sent_{count_column(metric)}", patterns)
                                          for metric, patterns in plan.answering.items())]
    return "".join(f",\n    CASE WHEN {event_condition(patterns, name)} THEN 1 ELSE 0 END AS "
                   f"{flag}" for flag, patterns in flags)


def _answered(plan: Plan) -> str:
    """Each event with when the last e-mail answers may answer, and the last of each count's
    e-mails, were sent to its person, at or before it (a running maximum per person)."""
    if not plan.answering:
        return ""
    window = ("OVER (\n      PARTITION BY e.person_id ORDER BY e.occurred_at\n"
              "      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\n    )")
    lasts = [("sent_email", "last_sent"), *((f"sent_{count_column(m)}", f"last_{count_column(m)}")
                                           for m in plan.answering)]
    columns = "".join(f",\n    MAX(CASE WHEN r.{flag} = 1 THEN e.occurred_at END) {window}"
                      f" AS {name}" for flag, name in lasts)
    return (",\nanswered AS (\n"
            "  -- each event with when the last e-mail an answer may answer was sent to its\n"
            "  -- person, at or before it, and the last e-mail of each count that counts answers\n"
            f"  SELECT\n    e.*{columns}\n  FROM adoptplan_events e\n"
            "  JOIN roles r ON r.event_name = e.event_name\n"
            "  WHERE e.person_id IS NOT NULL AND (r.counted = 1 OR r.sent_email = 1)\n)")


def _event_count(plan: Plan, metric: str) -> str:
    """A count's column in step 1: the event's, and for a count of answers only when the last
    e-mail sent before it is one the count answers."""
    name = count_column(metric)
    if metric not in plan.answering:
        return f"r.{name}"
    return (f"CASE WHEN e.last_{name} = e.last_sent THEN r.{name} ELSE 0 END AS {name}")


def facts_sql(plan: Plan) -> str:
    name = "LOWER(TRIM(n.event_name))"
    conditions = {role: event_condition(patterns, name) for role, patterns in plan.roles.items()}
    counts = [count_column(c) for c in plan.counts]
    names = [column(b) for b in (*plan.event_dimensions, *plan.event_ages)]
    classed = [b for b in plan.event_dimensions if _classed(b)]
    people = ("\n  LEFT JOIN adoptplan_people p ON p.person_id = e.person_id"
              if plan.event_ages else "")
    return template("facts").substitute(
        counted=plan.any_role(name),
        role_counts="".join(
            f",\n    CASE WHEN {event_condition(patterns, name)} THEN 1 ELSE 0 END AS "
            f"{count_column(metric)}" for metric, patterns in plan.counts.items())
        + _sent_roles(plan, name),
        value_classes="".join(_class_lookup(b) for b in classed) + _answered(plan),
        events="answered" if plan.answering else "adoptplan_events",
        event_dimensions="".join(f"\n    {_event_value(b)} AS {column(b)},"
                                 for b in plan.event_dimensions)
        + "".join(f"\n    {_age_value(b, 'c.day_number')} AS {column(b)},"
                  for b in plan.event_ages),
        event_counts="".join(f",\n    {_event_count(plan, m)}" for m in plan.counts),
        class_joins="".join(
            f"\n  LEFT JOIN {column(b)}_classes ON {column(b)}_classes.value = "
            f"e.{identifier(b.column)}" for b in classed) + people,
        dimension_columns="".join(f"\n  {n}," for n in names),
        count_sums="".join(f",\n  CAST(SUM({c}) AS INTEGER) AS {c}" for c in counts),
        dimension_group="".join(f", {n}" for n in names),
        **conditions)


def reach_sql(plan: Plan) -> str:
    name = "LOWER(TRIM(e.event_name))"
    return template("reach").substitute(
        post=event_condition(plan.roles["post"], name),
        read=event_condition(plan.roles["read"], name),
        react=event_condition(plan.roles["react"], name))


def _event_breakdown(plan: Plan, breakdown: Breakdown) -> str:
    dim = column(breakdown)
    counts = [count_column(n) for n in plan.counts]
    inner = "".join(f", SUM({c}) AS {c}" for c in counts)
    outer = "".join(f",\n    SUM(f.{c}) AS {c}" for c in counts)
    facts = (
        f"(\n    SELECT period_index, person_id, {dim}, MAX(active) AS active, "
        f"SUM(posts) AS posts,\n      SUM(reads) AS reads, SUM(likes) AS likes, "
        f"SUM(files_shared) AS files_shared{inner}\n"
        f"    FROM adoptplan_facts\n    GROUP BY period_index, person_id, {dim}\n  )")
    if [column(b) for b in (*plan.event_dimensions, *plan.event_ages)] == [dim]:
        facts = "adoptplan_facts"  # one row per period, person and value already (step 1)
    return (
        f",\nby_{dim} AS (\n"
        f"  -- the breakdown by {breakdown.name}, a column of the events: a person counts once\n"
        f"  -- per value they were seen with; its members are the people seen with it\n"
        f"  SELECT\n    f.period_index,\n    p.segment,\n    f.{dim},\n"
        f"    COUNT(*) AS seen,\n    SUM(f.active) AS active_count,\n    SUM(f.posts) AS posts,\n"
        f"    SUM(f.reads) AS reads,\n    SUM(f.likes) AS likes,\n"
        f"    SUM(f.files_shared) AS files_shared,\n"
        f"    SUM(f.posts * p.organic) AS organic_content{outer}\n"
        f"  FROM {facts} f\n"
        f"  JOIN adoptplan_people p ON p.person_id = f.person_id\n"
        f"  GROUP BY f.period_index, p.segment, f.{dim}\n)")


def _event_rows(plan: Plan, breakdown: Breakdown) -> str:
    dim = column(breakdown)
    dimensions = "".join(f", d.{dim}" if b is breakdown else ", NULL"
                         for b in plan.dimensions)
    whole = "".join(f" AND w.{column(b)} IS NULL" for b in plan.person_dimensions)
    counts = "".join(f", d.{count_column(n)}" for n in plan.counts)
    return (
        f"\n  UNION ALL\n  SELECT\n    d.period_index,\n    d.segment{dimensions},\n"
        f"    d.seen, d.active_count, d.posts, d.reads, d.likes, d.files_shared,\n"
        f"    d.organic_content, NULL, NULL, NULL, NULL{counts}\n"
        f"  FROM by_{dim} d\n"
        f"  JOIN by_person w ON w.period_index = d.period_index AND w.segment = d.segment"
        f"{whole}")


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


def _reach_source(plan: Plan) -> str:
    """Each person's activity, and with reach data also the authors who were only read."""
    if not plan.reach:
        return "person_period a"
    counts = "".join(f",\n      COALESCE(x.{c}, 0) AS {c}" for c in
                     ("active", "posts", "reads", "likes", "files_shared",
                      *(count_column(n) for n in plan.counts)))
    return ("(\n    SELECT\n      COALESCE(x.period_index, r.period_index) AS period_index,\n"
            f"      COALESCE(x.person_id, r.author_id) AS person_id{counts},\n"
            "      r.reached\n    FROM person_period x\n"
            "    FULL OUTER JOIN adoptplan_reach r\n"
            "      ON r.period_index = x.period_index AND r.author_id = x.person_id\n  ) a")


def _dimension_list(plan: Plan, keep: Breakdown | None, prefix: str, only_plain: bool) -> str:
    """The person dimension columns of one branch of `measures`: its own, NULL for the others."""
    cells = []
    for b in plan.person_dimensions:
        if b is keep or (only_plain and b.source == "person"):
            cells.append(f"{prefix}{column(b)}" if b is not keep else f"{prefix}value")
        else:
            cells.append("NULL")
    first = [f"{c} AS {column(b)}" if c == "NULL" else c
             for c, b in zip(cells, plan.person_dimensions)]
    return "".join(f",\n    {c}" for c in first)


def _age_members(plan: Plan, breakdown: Breakdown) -> str:
    """Members (and their managers) by age: the age depends on the period, so people are
    counted period by period."""
    zeros = "".join(", 0" for _ in plan.counts)
    managers = ("COUNT(DISTINCT m.manager_id),\n    COUNT(DISTINCT x.person_id)"
                if plan.managers else "0,\n    0")
    join = ("\n  LEFT JOIN person_period x\n    ON x.period_index = m.period_index"
            " AND x.person_id = m.manager_id AND x.active = 1") if plan.managers else ""
    return (f"\n  UNION ALL\n  SELECT\n    m.period_index,\n    m.segment"
            f"{_dimension_list(plan, breakdown, 'm.', False)},\n    COUNT(*),\n    {managers},\n"
            f"    0, 0, 0, 0, 0, 0, NULL, NULL{zeros}\n"
            f"  FROM (\n    SELECT\n      c.period_index,\n      p.segment,\n"
            f"      NULLIF(p.manager_id, '') AS manager_id,\n"
            f"      {_age_value(breakdown)} AS value\n"
            f"    FROM adoptplan_people p\n    CROSS JOIN periods c\n"
            f"    WHERE p.joined_day <= c.period_end_day\n  ) m{join}\n"
            f"  GROUP BY m.period_index, m.segment, m.value")


def _event_age_activity(plan: Plan, breakdown: Breakdown) -> str:
    """The activity of an age counted at each event (step 1 gave each event its bucket): a
    person counts once in every bucket they were active in during the period; their members
    stay those of `_age_members`, by the age at the period's end."""
    counts = [count_column(n) for n in plan.counts]
    inner = "".join(f", SUM({c}) AS {c}" for c in counts)
    outer = "".join(f",\n    SUM(f.{c})" for c in counts)
    return (f"\n  UNION ALL\n  SELECT\n    f.period_index,\n    p.segment"
            f"{_dimension_list(plan, breakdown, 'f.', False)},\n    0, 0, 0,\n"
            f"    SUM(f.active),\n    SUM(f.posts),\n    SUM(f.reads),\n    SUM(f.likes),\n"
            f"    SUM(f.files_shared),\n    SUM(f.posts * p.organic),\n    NULL,\n    NULL"
            f"{outer}\n"
            f"  FROM (\n    SELECT period_index, person_id, {column(breakdown)} AS value, "
            f"MAX(active) AS active,\n      SUM(posts) AS posts, SUM(reads) AS reads, "
            f"SUM(likes) AS likes, SUM(files_shared) AS files_shared{inner}\n"
            f"    FROM adoptplan_facts\n    GROUP BY period_index, person_id, "
            f"{column(breakdown)}\n  ) f\n"
            f"  JOIN adoptplan_people p ON p.person_id = f.person_id\n"
            f"  GROUP BY f.period_index, p.segment, f.value")


def _manager_parts(plan: Plan) -> tuple[str, str]:
    """The managers of each group's members, from the first period one of them counts; and
    their rows of `measures` (a manager is active when they did anything counted)."""
    if not plan.managers:
        return "", ""
    plain = [column(b) for b in plan.person_dimensions if b.source == "person"]
    sets = ", ".join(f"({k})" for k in [
        "segment, manager_id", *(f"segment, {n}, manager_id" for n in plain)])
    keys = "".join(f", {n}" for n in plain)
    starts = (f"\nmanager_starts AS (\n"
              f"  -- each manager of the members of a segment, and of each part of it, from the\n"
              f"  -- first period one of them counts\n"
              f"  SELECT\n    segment{keys},\n    manager_id,\n"
              f"    MIN(first_index) AS first_index\n  FROM starts\n"
              f"  WHERE manager_id IS NOT NULL\n  GROUP BY GROUPING SETS ({sets})\n),")
    zeros = "".join(", 0" for _ in plan.counts)
    dimensions = _dimension_list(plan, None, "s.", True)
    # the managers counted from each first period on (few rows, as `joined`), then the active
    # ones from their activity: never a row per manager and period
    rows = (f"\n  UNION ALL\n  SELECT\n    c.period_index,\n    s.segment{dimensions},\n"
            f"    0,\n    s.managers,\n    0,\n    0, 0, 0, 0, 0, 0, NULL, NULL{zeros}\n"
            f"  FROM (\n    SELECT segment{keys}, first_index, COUNT(*) AS managers\n"
            f"    FROM manager_starts\n    GROUP BY segment{keys}, first_index\n  ) s\n"
            f"  JOIN periods c ON s.first_index <= c.period_index\n"
            f"  UNION ALL\n  SELECT\n    x.period_index,\n    s.segment{dimensions},\n"
            f"    0,\n    0,\n    COUNT(*),\n    0, 0, 0, 0, 0, 0, NULL, NULL{zeros}\n"
            f"  FROM manager_starts s\n  JOIN person_period x\n"
            f"    ON x.person_id = s.manager_id AND x.active = 1"
            f" AND s.first_index <= x.period_index\n"
            f"  GROUP BY x.period_index, s.segment{''.join(f', s.{n}' for n in plain)}")
    return starts, rows


def snapshot_sql(plan: Plan, output_names: bool = True) -> str:
    """The final SELECT; `output_names` names dimension and count columns as the playbook does."""
    person = plan.person_dimensions
    values = "".join(
        f",\n    {_age_value(b) if b.source == 'age' else 'p.' + column(b)} AS {column(b)}"
        for b in person)
    plain = [column(b) for b in person if b.source == "person"]
    counts = [count_column(c) for c in plan.counts]

    def named(inner: str, outer: str) -> str:
        return f"{inner} AS {identifier(outer)}" if output_names else inner

    manager_starts, manager_rows = _manager_parts(plan)
    return template("snapshot").substitute(
        reach_input=", adoptplan_reach (step 1b)" if plan.reach else "",
        count_sums="".join(f",\n    CAST(SUM({c}) AS INTEGER) AS {c}" for c in counts),
        start_dimensions="".join(f",\n    p.{n}" for n in plain),
        start_group="".join(f", p.{n}" for n in plain),
        plain_columns="".join(f",\n    {n}" for n in plain),
        joined_sets=", ".join(f"({k})" for k in [
            "first_index, segment", *(f"first_index, segment, {n}" for n in plain)]),
        manager_starts=manager_starts,
        person_dimensions=values,
        activity_counts="".join(f",\n    a.{c}" for c in counts),
        reach_columns=(",\n    CASE WHEN a.posts > 0 OR a.reached IS NOT NULL THEN 1 ELSE 0 END"
                       " AS author,\n    a.reached") if plan.reach else "",
        activity_source=_reach_source(plan),
        joined_columns=_dimension_list(plan, None, "j.", True),
        zero_counts="".join(f", 0 AS {c}" for c in counts),
        age_members="".join(_age_members(plan, b) for b in person if b.source == "age")
        + "".join(_event_age_activity(plan, b) for b in plan.event_ages),
        manager_measures=manager_rows,
        person_columns="".join(f",\n    {column(b)}" for b in person),
        activity_columns="".join(
            f",\n    {column(b)}" if not _at_event(b) else f",\n    NULL AS {column(b)}"
            for b in person),
        reach_sums="SUM(author),\n    SUM(COALESCE(reached, 0))" if plan.reach else
        "NULL,\n    NULL",
        count_totals="".join(f",\n    SUM({c})" for c in counts),
        activity_sets=", ".join(f"({k})" for k in [
            "period_index, segment", *(f"period_index, segment, {column(b)}" for b in person
                                       if not _at_event(b))]),
        measure_counts="".join(f",\n    SUM({c}) AS {c}" for c in counts),
        event_breakdowns="".join(_event_breakdown(plan, b) for b in plan.event_dimensions),
        all_dimension_columns="".join(
            f", {column(b)}" if b.source != "event" else f", NULL AS {column(b)}"
            for b in plan.dimensions),
        count_columns="".join(f", {c}" for c in counts),
        event_rows="".join(_event_rows(plan, b) for b in plan.event_dimensions),
        partition_dimensions="".join(f", r.{column(b)}" for b in plan.dimensions),
        segment_dimensions=_segment_filter(plan),
        output_dimensions="".join(f",\n  {named(column(b), b.name)}" for b in plan.dimensions),
        social_reach="\n  CAST(1 AS DOUBLE) * reached / NULLIF(authors, 0) AS social_reach,"
        if plan.reach else "",
        managers=(",\n  managers,\n  CAST(100 AS DOUBLE) * managers_active_count"
                  " / NULLIF(managers, 0) AS managers_active") if plan.managers else "",
        count_outputs="".join(f",\n  {named(count_column(c), c)}" for c in plan.counts),
        order_dimensions="".join(f", {column(b)}" for b in plan.dimensions),
    )


def statements(plan: Plan) -> list[tuple[str, str]]:
    """Every statement of a build, named, in the order to run them."""
    found = [("values", values_sql(plan)), ("facts", facts_sql(plan))]
    if plan.reach:
        found.append(("reach", reach_sql(plan)))
    found.append(("snapshot", snapshot_sql(plan)))
    return found
