"""Rebuild the Yammer example: weekly snapshots from the case-study data, evaluated at 2014-W32.

    python examples/yammer/make_example.py                  # writes examples/yammer/evaluation.md
    python examples/yammer/make_example.py --metrics DIR    # keeps the snapshots in DIR too

The data is read from ../shared/data/yammer/ beside the repository (or the folder
ADOPTPLAN_YAMMER_DATA names, as the tests read it) and never copied into it. The
output is byte-for-byte the same on every run; tests/integration/test_yammer.py rebuilds it and
compares it with the committed evaluation.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
DATA = Path(os.environ.get("ADOPTPLAN_YAMMER_DATA")
            or REPOSITORY.parent / "shared" / "data" / "yammer")
SINCE = dt.date(2014, 5, 5)
"""The first Monday of the data: the partial week before it would show a false jump."""
AT = "2014-W32"
"""The week engagement fell."""


def build(folder: Path):
    """The weekly snapshots of the example in `folder`: what `metrics build` writes."""
    from adoptplan import ingest

    result = ingest.build_metrics(
        [HERE / "yammer.adopt"], DATA / "yammer_users.csv",
        [DATA / "yammer_events.csv.gz", DATA / "yammer_emails.csv"], HERE / "mapping.toml",
        period="week", since=SINCE, progress=False)
    ingest.write(result, folder)
    return result


def evaluation(folder: Path) -> str:
    """The markdown evaluation of the example playbook against the snapshots in `folder`."""
    from adoptplan import api
    from adoptplan.report.render import render

    prepared = api.prepare([HERE / "yammer.adopt"], [folder])
    return render(api.evaluate_prepared(prepared, AT), "markdown")


DEVICES = ("phone", "tablet", "computer")
TABLE_START = "<!-- device table: made by make_example.py -->"
TABLE_END = "<!-- end of the device table -->"


def device_table(rows) -> str:
    """Weekly active members by device class, July and August 2014, both segments together.

    A person counts once per device class they used in the week, so the classes add up to more
    than the people engaged; the share is of all members (activated accounts) that week.
    """
    weeks: dict[str, dict[str, float]] = {}
    for row in rows:
        if not "2014-W27" <= row.period <= "2014-W35":
            continue
        week = weeks.setdefault(row.period, {"members": 0.0, "engaged": 0.0})
        named = dict(row.dimensions)
        if not named:
            week["members"] += row.values["members"]
            week["engaged"] += row.values["active_count"]
        elif named.get("device_class") in DEVICES:
            week[named["device_class"]] = week.get(named["device_class"], 0.0) + \
                row.values["active_count"]
    lines = ["| week | first day | phone | tablet | computer | engaged users | members |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for period, week in sorted(weeks.items()):
        monday = dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        cells = [f"{int(week.get(d, 0))} ({100 * week.get(d, 0) / week['members']:.1f}%)"
                 for d in DEVICES]
        lines.append(f"| {period} | {monday.isoformat()} | {' | '.join(cells)} | "
                     f"{int(week['engaged'])} | {int(week['members'])} |")
    return "\n".join(lines) + "\n"


def with_table(readme: str, table: str) -> str:
    """The README with the device table between its markers replaced."""
    before, rest = readme.split(TABLE_START + "\n", 1)
    _, after = rest.split(TABLE_END, 1)
    return f"{before}{TABLE_START}\n{table}{TABLE_END}{after}"


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--metrics", type=Path, default=None,
                        help="keep the snapshots in this folder")
    args = parser.parse_args(argv)
    os.chdir(REPOSITORY)  # paths in the evaluation are shown relative to the repository
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.metrics or Path(temporary)
        result = build(folder)
        (HERE / "evaluation.md").write_text(evaluation(folder), encoding="utf-8")
    readme = HERE / "README.md"
    readme.write_text(with_table(readme.read_text(encoding="utf-8"), device_table(result.rows)),
                      encoding="utf-8")
    print(f"wrote {HERE / 'evaluation.md'} and the device table of {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
