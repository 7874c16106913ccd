"""The small tables of a build as CSV, to run the same build on a warehouse.

`metrics build --sql-out DIR` (engines/sqlout.py) writes the statements filled in for the
playbook and mapping, and the people, directory and calendar tables in the form made here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence


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
    """The calendar with its days as dates, and as day numbers (days since 1970-01-01) for
    an age counted at each event."""

    epoch = dt.date(1970, 1, 1)
    days = [(epoch + dt.timedelta(days=int(n))).isoformat() for n in columns["day_number"]]
    rest = {k: v for k, v in columns.items() if k != "day_number"}
    return table_csv({"day": days, **rest, "day_number": columns["day_number"]})
