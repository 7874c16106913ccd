"""On the Yammer case study's data: a barrier by location names no country below the floor.

Before groups had their own sizes, a location carried its segment's 8,606 members, so with
`minimum 30 members` a location barrier named Pakistan with 2 active users and Hong Kong with 4.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from attacker import run

from adoptplan.report.render import FORMATS

pytestmark = pytest.mark.needs("yammer")

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("ADOPTPLAN_YAMMER_DATA")
            or REPOSITORY.parent / "shared" / "data" / "yammer")
EXAMPLE = REPOSITORY / "examples" / "yammer"
MINIMUM = 30
BARRIER = f"""
barrier quiet_location "A location goes quiet" {{
  when     active_count < 1000
  in       all by location
  minimum  {MINIMUM} members
  severity medium
  remedy   "Ask the people in {{group}} what keeps them away"
}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, dict[tuple[str, str, str], float]]:
    """The example playbook with a barrier by location, its weekly metrics, and each location's
    size per (week, segment, location) as the build wrote it."""
    folder = tmp_path_factory.mktemp("yammer-locations")
    playbook = folder / "yammer.adopt"
    playbook.write_text(EXAMPLE.joinpath("yammer.adopt").read_text(encoding="utf-8") + BARRIER,
                        encoding="utf-8")
    metrics = folder / "metrics"
    code, output = run("metrics", "build", "--events", str(DATA / "yammer_events.csv.gz"),
                       "--events", str(DATA / "yammer_emails.csv"), "--people",
                       str(DATA / "yammer_users.csv"), "--playbook", str(playbook),
                       "--mapping", str(EXAMPLE / "mapping.toml"), "--period", "week",
                       "--since", "2014-05-05", "-o", str(metrics))
    assert code == 0, output
    sizes = {}
    for path in sorted(metrics.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                if row["location"]:
                    sizes[(row["period"], row["segment"], row["location"])] = float(
                        row["members"])
    return playbook, metrics, sizes


def test_a_location_s_members_are_the_people_seen_there_not_the_segment(built):
    _, _, sizes = built
    assert sizes[("2014-W32", "international", "Hong Kong")] < 10
    assert max(sizes.values()) < 8606


def test_a_location_barrier_names_no_country_below_the_floor(built):
    playbook, metrics, sizes = built
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--at",
                       "2014-W32", "--format", "json")
    assert code == 0, output
    result = json.loads(output)
    named = {(f["segment"], f["dimensions"][0]["value"]) for f in result["findings"]
             if f["rule"] == "quiet_location"}
    assert named, "the barrier fires for the large locations"
    for segment, location in named:  # at or above the floor at every week it was seen
        seen = [sizes[(w, segment, location)] for w in result["periods"]
                if (w, segment, location) in sizes]
        assert min(seen) >= MINIMUM, (segment, location)
    small = {location for (_, _, location), size in sizes.items() if size < MINIMUM}
    large_everywhere = {location for _, location in named}
    hidden = small - large_everywhere
    assert {"Hong Kong", "Pakistan"} <= hidden
    for fmt in FORMATS:
        _, text = run("evaluate", str(playbook), "--metrics", str(metrics), "--at",
                         "2014-W32", "--format", fmt)
        shown = [location for location in hidden if f"location={location}" in text
                 or f"in {location}" in text]
        assert shown == [], fmt
