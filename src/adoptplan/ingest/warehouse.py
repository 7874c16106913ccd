"""The SQL of a build and its small tables as files, to run the same build on a warehouse.

`metrics build --sql-out DIR` writes the statements (0-values.sql, 1-facts.sql, 1b-reach.sql,
2-snapshot.sql)
filled in for the playbook and mapping, and the people and calendar tables as CSV; docs/metrics.md
says how to load them next to the events on Spark SQL or a warehouse and run the statements.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from adoptplan.files import write_atomic
from adoptplan.ingest.snapshots import Ingested

NAMES = {"values": "0-values.sql", "facts": "1-facts.sql", "reach": "1b-reach.sql",
         "snapshot": "2-snapshot.sql"}


def table_csv(columns: Mapping[str, Sequence]) -> str:
    """A table as CSV: NaN as an empty cell (SQL NULL), whole floats as integers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    for row in zip(*(list(columns[name]) for name in names)):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def calendar_csv(columns: Mapping[str, Sequence]) -> str:
    """The calendar with its days as dates (the engine stores day numbers)."""
    import datetime as dt

    epoch = dt.date(1970, 1, 1)
    days = [(epoch + dt.timedelta(days=int(n))).isoformat() for n in columns["day_number"]]
    rest = {k: v for k, v in columns.items() if k != "day_number"}
    return table_csv({"day": days, **rest})


def write_sql(ingested: Ingested, folder: Path) -> list[Path]:
    """Every statement and table of a build in `folder`. Raises OSError if it cannot write."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ingested.sql:
        path = folder / NAMES[name]
        write_atomic(path, text.rstrip() + ";\n")
        written.append(path)
    for name, columns in sorted(ingested.tables.items()):
        path = folder / f"{name}.csv"
        text = calendar_csv(columns) if name == "adoptplan_calendar" else table_csv(columns)
        write_atomic(path, text)
        written.append(path)
    return written
