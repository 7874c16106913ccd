"""An attacker who wants a small group's numbers out of adoptplan's outputs.

It runs the command line as a user could (`evaluate` at every week in json, `explain` on every
printed id, `--param` probes around the small groups' values) and is as strong as we can make it:
it knows every breakdown's true total and, for every group any output shows at a week, all of
that group's counts at that week. It then tries

- subtraction: a breakdown's total (when any output shows the segment's) minus every group
  shown, when that leaves one small group with a value, or bounds it to within ±1 (all counts
  are at least 0; a sum of 2 or less);
- a crossed group (device=phone,geography=XB) from its one-dimension total (geography=XB)
  minus its shown siblings there;
- differences between periods: a group shown at a later week whose earlier week was small
  (a growth or a change would give the earlier value away);
- threshold probing: two runs whose `--param` differ just below and above a small group's value,
  compared on everything said about withheld groups.

A derivation is a small group's count worked out to within ±1. `python attacker.py` prints the
figures for the generated organisations.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from organisations import COUNTS, FLOOR, WEEKS, Organisation, organisations, write

from adoptplan.cli import cli


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(arguments))
    return result.exit_code, result.output


def evaluation(playbook: Path, metrics: Path, *extra: str) -> dict:
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format",
                       "json", *extra)
    assert code in (0, 1), output
    return json.loads(output)


Cell = tuple[str, str, str, str]  # segment, dimension, value, week


def shown_cells(result: dict) -> set[Cell]:
    """Every (group, week) a json result shows something of."""
    cells: set[Cell] = set()

    def add(segment: str, dimensions: list, week: str) -> None:
        """A group's cell ("" for the segment's total; a crossed group's names joined)."""
        pairs = [(p["name"], p["value"]) if isinstance(p, dict) else tuple(p)
                 for p in dimensions]
        cells.add((segment, ",".join(n for n, _ in pairs), ",".join(v for _, v in pairs), week))

    for series in result.get("history", []):
        values = series["values"]
        for index, week in enumerate(result["periods"]):
            if any(v[index] is not None for v in values.values()):
                add(series["segment"], series["dimensions"], week)
    for finding in result["findings"]:
        weeks = {e.get("period") or finding["period"] for e in finding["evidence"]}
        for week in weeks | {finding["period"]}:
            add(finding["segment"], finding["dimensions"], week)
    for progress in result["critical_mass"]:
        if progress["active"] is not None:
            add(progress["segment"], [], result["period"])
    for item in [*result["not_evaluated"], *result["cases"]]:
        _, _, label = item["id"].partition("/")
        segment, _, rest = label.partition("/")
        if "=" in rest:
            name, _, value = rest.partition("=")
            cells.add((segment, name, value, result["period"]))
    return cells


def withheld_view(result: dict) -> tuple:
    """What a result says about withheld groups."""
    return (result["summary"]["suppressed"], result["suppressed"],
            sorted((c["id"], c["outcome"]) for c in result["cases"]
                   if c["outcome"] == "suppressed"))


def attack(organisation: Organisation, folder: Path) -> Counter:
    """Attempts and derivations against one organisation."""
    playbook, metrics = write(organisation, folder)
    figures: Counter = Counter()
    shown: set[Cell] = set()
    for week in WEEKS[1:]:
        shown |= shown_cells(evaluation(playbook, metrics, "--at", week))
    truth = organisation.truth
    small = {(b.segment, b.dimension, value, week) for b, value, week in organisation.small()}
    # a small group's cell shown outright
    for cell in small:
        figures["attempts"] += 1
        figures["derivations"] += cell in shown
    # subtraction from the breakdown's total, when some output shows the segment's
    for breakdown in organisation.breakdowns:
        for week in WEEKS[1:]:
            if (breakdown.segment, "", "", week) not in shown:
                continue
            hidden = [v for v in breakdown.sizes
                      if (breakdown.segment, breakdown.dimension, v, week) not in shown]
            for value in hidden:
                cell = (breakdown.segment, breakdown.dimension, value, week)
                if cell not in small:
                    continue
                for count in COUNTS:
                    if truth[cell][count] is None:  # the group has none: nothing to derive
                        continue
                    figures["attempts"] += 1
                    rest = [truth[(breakdown.segment, breakdown.dimension, v, week)][count]
                            for v in hidden]  # the total minus every group shown
                    rest = [r for r in rest if r is not None]
                    if len(rest) == 1 or sum(rest) <= 2:  # exact, or bounded to within ±1
                        figures["derivations"] += 1
    # a crossed group from its one-dimension total (geography=XB) minus its siblings there
    for breakdown in organisation.breakdowns:
        if len(breakdown.dimensions) < 2:
            continue
        for week in WEEKS[1:]:
            for value in breakdown.sizes:
                cell = (breakdown.segment, breakdown.dimension, value, week)
                if cell not in small:
                    continue
                for name, part in zip(breakdown.dimensions, value.split(",")):
                    index = breakdown.dimensions.index(name)
                    siblings = [v for v in breakdown.sizes
                                if v != value and v.split(",")[index] == part]
                    for _ in COUNTS:
                        figures["attempts"] += 1
                        figures["derivations"] += (
                            (breakdown.segment, name, part, week) in shown
                            and all((breakdown.segment, breakdown.dimension, v, week) in shown
                                    for v in siblings))
    # differences between periods
    for segment, dimension, value, week in small:
        for later in WEEKS[WEEKS.index(week) + 1:]:
            figures["attempts"] += 1
            figures["derivations"] += (segment, dimension, value, later) in shown
    # threshold probing: posts per member just below and just above each small group's value
    for segment, dimension, value, week in sorted(small):
        if week != WEEKS[-1]:
            continue
        counts = truth[(segment, dimension, value, week)]
        if counts["posts"] is None:
            continue
        per_member = counts["posts"] / counts["members"]
        views = [withheld_view(evaluation(playbook, metrics, "--param",
                                          f"posting_floor={per_member + step:.4f}"))
                 for step in (-0.01, 0.01)]
        figures["attempts"] += 1
        figures["derivations"] += views[0] != views[1]
    return figures


def attack_all() -> dict[str, Counter]:
    found = {}
    for organisation in organisations():
        with tempfile.TemporaryDirectory() as folder:
            found[organisation.name] = attack(organisation, Path(folder))
    return found


if __name__ == "__main__":
    total: Counter = Counter()
    for name, figures in attack_all().items():
        total.update(figures)
        print(f"{name}: {figures['attempts']} attempts, {figures['derivations']} derivations")
    print(f"all: {total['attempts']} attempts, {total['derivations']} derivations "
          f"(floor {FLOOR})")
