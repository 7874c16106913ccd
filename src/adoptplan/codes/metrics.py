"""Documentation of the metrics codes (AP6xx): what each means, a wrong file and a right one.

Examples are whole metrics files: JSON when they start with `[` or `{`, else CSV. They are read
as if by a playbook that declares the segments EXAMPLE_SEGMENTS and reads the metrics
EXAMPLE_USES, with the standard metric catalogue.
"""

from __future__ import annotations

from adoptplan.codes.base import Code

EMPTY_METRICS = "AP601"
BAD_COLUMN = "AP602"
NOT_A_NUMBER = "AP603"
NOT_FINITE_NUMBER = "AP604"
VALUE_TWICE = "AP605"
PERCENT_OUT_OF_RANGE = "AP606"
NEGATIVE_COUNT = "AP607"
UNKNOWN_SEGMENT = "AP608"
NOT_A_PERIOD = "AP609"
MISSING_METRIC = "AP610"
UNREADABLE_METRICS = "AP611"
RATIOS_AS_PERCENTAGES = "AP612"
NO_ROWS = "AP613"
LONGER_THAN_HISTORY = "AP614"

EXAMPLE_SEGMENTS: tuple[str, ...] = ("engineers", "reps")
EXAMPLE_USES: tuple[str, ...] = ("active_members",)
EXAMPLE_SCOPES: tuple[tuple[str, str], ...] = (("reps", ""),)
"""What the example playbook's rules read: (segment, breakdown dimension or "")."""
EXAMPLE_LOOK_BACKS: tuple[tuple[int, str], ...] = ((3, "`for 3 periods`"),)
"""AP614's examples only: the example playbook's rule must hold `for 3 periods`."""

_HEAD = "period,segment,active_members\n"

METRICS_CODES: tuple[Code, ...] = (
    Code(
        EMPTY_METRICS, "empty metrics file",
        "A metrics file (or folder) has no rows: it is empty, has only a header, or a folder holds "
        "no .csv or .json file. An empty export usually means the export went wrong.",
        "",
        _HEAD + "2026-W05,reps,42\n",
    ),
    Code(
        BAD_COLUMN, "missing or malformed column",
        "A metrics file needs the columns `period` and `segment`, then either `metric` and "
        "`value` (long form) or one column per metric (wide form). Other columns are dimensions "
        "such as `geography`. Every column needs a name, once; every row has as many cells as "
        "the header; a row needs a segment (and a metric name in long form).",
        "period,active_members\n2026-W05,42\n",
        _HEAD + "2026-W05,reps,42\n",
    ),
    Code(
        NOT_A_NUMBER, "not a number",
        "A metric's cell must be a number, such as `42` or `3.5`; a percentage may end in `%`. "
        "Leave a cell empty when the value is missing.",
        _HEAD + "2026-W05,reps,forty-two\n",
        _HEAD + "2026-W05,reps,42\n",
    ),
    Code(
        NOT_FINITE_NUMBER, "not a finite number",
        "`NaN` and infinity are not values. Leave the cell empty when a value is missing: the "
        "engine then reports the rules that need it as not evaluated.",
        _HEAD + "2026-W05,reps,NaN\n",
        _HEAD + "2026-W05,reps,\n",
    ),
    Code(
        VALUE_TWICE, "value given twice",
        "The same metric for the same period, segment and dimension values appears twice, in one "
        "file or across the files of a history. Only the first is kept; the hint names its line.",
        _HEAD + "2026-W05,reps,42\n2026-W05,reps,44\n",
        _HEAD + "2026-W05,reps,42\n2026-W06,reps,44\n",
    ),
    Code(
        PERCENT_OUT_OF_RANGE, "percentage out of range",
        "A percentage metric is written from 0 to 100, with or without `%` (42 and 42% both mean "
        "42%). A value outside 0-100% is a mistake in the export; a share written as a ratio "
        "(0.42) is read as 0.42%. Growth metrics (names ending in `_growth`) may be negative or "
        "above 100%.",
        _HEAD + "2026-W05,reps,142\n",
        _HEAD + "2026-W05,reps,42%\n",
    ),
    Code(
        NEGATIVE_COUNT, "negative count",
        "A count (members, posts, likes...) cannot be below zero.",
        "period,segment,active_members,posts\n2026-W05,reps,42,-3\n",
        "period,segment,active_members,posts\n2026-W05,reps,42,3\n",
    ),
    Code(
        UNKNOWN_SEGMENT, "segment the playbook does not know",
        "The data has a segment no playbook declares. Its rows are loaded, but no rule reads "
        "them; often the segment is misspelt, and the hint names the closest declared one.",
        _HEAD + "2026-W05,rep,42\n",
        _HEAD + "2026-W05,reps,42\n",
        "warning",
    ),
    Code(
        NOT_A_PERIOD, "not a period",
        "Periods are canonical ISO weeks (`2026-W05`), months (`2026-01`) or dates "
        "(`2026-01-31`), and one history uses one kind of them: weekly and monthly metrics "
        "belong in different folders.",
        _HEAD + "2026-w5,reps,42\n",
        _HEAD + "2026-W05,reps,42\n",
    ),
    Code(
        MISSING_METRIC, "metric missing from the data",
        "A rule or barrier reads a metric that no metrics file has, so it can never be "
        "evaluated. The warning points at the playbook; the hint names the closest metric or "
        "column the data has.",
        "period,segment,posts\n2026-W05,reps,12\n",
        "period,segment,active_members,posts\n2026-W05,reps,42,12\n",
        "warning",
    ),
    Code(
        UNREADABLE_METRICS, "unreadable metrics file",
        "The file cannot be read: it is not UTF-8 text, not valid JSON, or its JSON is not a "
        'list of row objects (or `{"rows": [...]}`). So is a file, or a folder of the history, '
        "that the user running adoptplan has no permission to read (or to list and enter): an "
        "error, never passed over in silence, since its periods would be missing.",
        '[{"period": "2026-W05", "segment": "reps", "active_members": 42,}]\n',
        '[{"period": "2026-W05", "segment": "reps", "active_members": 42}]\n',
    ),
    Code(
        RATIOS_AS_PERCENTAGES, "percentages written as ratios",
        "Every value of a percentage metric in the history is between 0 and 1, at least one "
        "strictly between (values of only 0 and 1 may well be 0% and 1%), and none is written "
        "with `%`: most likely an export wrote shares as ratios (0.42 for 42%), which "
        "are read as 0.42%, so every threshold fires. Multiply by 100, or add `%`. A metric that "
        "really stays under 1% can keep its values: write one of them with `%` (0.4%).",
        _HEAD + "2026-W05,reps,0.42\n2026-W06,reps,0.45\n",
        _HEAD + "2026-W05,reps,42\n2026-W06,reps,45\n",
        "warning",
    ),
    Code(
        NO_ROWS, "segment or breakdown without data",
        "A segment the playbook declares, or the breakdown of a segment a rule or barrier reads "
        "(`in reps by geography`), matches no row of the metrics at all: every rule about it is "
        "not evaluated, and a run that finds nothing is not a green check. Check the segment's "
        "spelling in the data, or the dimension column's name. `evaluate "
        "--fail-on-not-evaluated` turns it into exit 1.",
        "period,segment,active_members\n2026-W05,engineers,42\n",
        _HEAD + "2026-W05,reps,42\n",
        "warning",
    ),
    Code(
        LONGER_THAN_HISTORY, "look-back longer than the history",
        "A rule or barrier holds `for N periods`, or a history function looks back N periods "
        "(`average(posts, N periods)`), and N is more than the periods the metrics hold: the "
        "condition can never hold, or the value never be known, so the rule is never decided. "
        "`evaluate` warns at the look-back (here the rule says `for 3 periods`); it goes away as "
        "the history grows. `check` has no history: it refuses only look-backs over 520 periods "
        "(AP305).",
        _HEAD + "2026-W05,reps,42\n2026-W06,reps,44\n",
        _HEAD + "2026-W05,reps,42\n2026-W06,reps,44\n2026-W07,reps,45\n",
        "warning",
    ),
)
"""AP6xx: the metrics data is missing, malformed or does not fit the playbook."""
