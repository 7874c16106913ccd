"""What the builds on every engine share: the rollout playbook, a hostile events file, the Yammer inputs, and how two builds'
snapshots are compared (counts exactly, ratios to 1e-9)."""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
YAMMER = Path(os.environ.get("ADOPTPLAN_YAMMER_DATA")
              or REPOSITORY.parent / "shared" / "data" / "yammer")
EXAMPLE = REPOSITORY / "examples" / "yammer"

PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps {
  match department == "Customer Service"
  by    country, device_class, tenure
}

segment field {
  match department == "Field Service"
  by    location
}
"""
PEOPLE = """person_id,department,country,manager_id,joined
1.0,Customer Service,DE,9.0,2026-01-01
2,Customer Service,DE,9,2026-11-05
Ana@Contoso.com,Customer Service,FR,9,2026-10-20
4.00,Field Service,US,8,2020-01-01
5,Field Service,US,8,
8,Management,US,,2019-01-01
9,Management,DE,,2019-01-01
"""
MAPPING = """[people]
joined = "joined"

[events]
post  = ["post", "reply_*"]
read  = ["view_*"]
react = ["like", "re?ct"]
share = ["upload"]

[counts]
searches = ["search_*%"]
odd      = ["100%_done"]

[organic]
exclude = ["ana@contoso.com"]

[dimensions.device_class]
column = "device"
[dimensions.device_class.classes]
phone    = ["iphone*", "pixel ?"]
computer = ["laptop", "desk_*"]

[dimensions.tenure]
since = "joined"
days  = [30]
"""
HEADER = ("user_id", "occurred_at", "event_name", "device", "location", "message_id")
EVENTS = [
    # ids as floats, zoned and naive times, empty fields, names with LIKE's own wildcards
    ("1.0", "2026-11-02T10:00:00+02:00", "post", "iPhone 12", "Berlin", "m1"),
    ("2", "2026-11-02 23:30:00-03:00", "view_inbox", "Pixel 7", "Berlin", "m1"),
    ("ANA@contoso.com", "2026-11-03 08:00:00", "Like", "", "Paris", "m1"),
    (" 1 ", "2026-11-03T09:00:00Z", "search_x%", "Laptop", "", ""),
    ("1.000", "2026-11-03 09:30:00", "searchXx", "laptop", "Berlin", ""),
    ("2.0", "2026-11-04 10:00", "100%_done", "Desk_1", "Berlin", ""),
    ("2.0", "2026-11-04 10:05:00", "100%Xdone", "Desk_1", "Berlin", ""),
    ("Ana@Contoso.COM", "2026-11-04 11:00:00.250", "reply_all", "pixel 8", "Paris", "m2"),
    ("2", "2026-11-04 12:00:00", "react", "Desk-1", "Berlin", "m2"),
    ("", "2026-11-04 09:00:00", "post", "Laptop", "Berlin", ""),
    ("4.0", "", "post", "Laptop", "Denver", ""),
    ("4.0", "not a time", "post", "Laptop", "Denver", ""),
    ("4.0", "9999-12-31 00:00:00", "post", "Laptop", "Denver", ""),
    ("4.0", "2026-11-06 13:00:00", "upload", "Laptop", "Denver", ""),
    ("4", "2026-11-09 00:30:00+01:00", "post", "", "Denver", "m3"),
    ("5.0", "2026-11-07 09:00:00", "view_post", "iPad", "Denver", "m3"),
    ("99.0", "2026-11-05 10:00:00", "post", "Laptop", "", ""),
    ("9", "2026-11-10 08:00:00", "view_post", "Laptop", "Berlin", "m3"),
    ("8.0", "2026-11-11 09:00:00", "signup", "Laptop", "Denver", ""),
    ("1", "2026-11-12 09:00:00", "reply_one", "iPhone 13", "Berlin", "m4"),
]


def write_hostile(folder: Path) -> dict:
    """The hostile case in `folder`; the arguments of ingest.build_metrics for it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(EVENTS)
    (folder / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (folder / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    return {"playbooks": [folder / "rollout.adopt"], "people": folder / "people.csv",
            "events": [folder / "events.csv"], "mapping": folder / "mapping.toml",
            "progress": False}


def yammer() -> dict:
    """The Yammer example's build, as examples/yammer/README.md runs it."""
    import datetime as dt

    return {"playbooks": [EXAMPLE / "yammer.adopt"], "people": YAMMER / "yammer_users.csv",
            "events": [YAMMER / "yammer_events.csv.gz", YAMMER / "yammer_emails.csv"],
            "mapping": EXAMPLE / "mapping.toml", "period": "week",
            "since": dt.date(2014, 5, 5), "progress": False}


def as_table(rows) -> dict:
    """Snapshot rows by (period, segment, dimensions)."""
    return {(r.period, r.segment, r.dimensions): dict(r.values) for r in rows}


def differences(expected: dict, got: dict) -> list[str]:
    """Where two snapshot tables differ: rows one lacks, counts not equal, ratios beyond 1e-9."""
    found = [f"only in one: {key}" for key in set(expected) ^ set(got)]
    for key in sorted(set(expected) & set(got)):
        for metric in sorted(set(expected[key]) | set(got[key])):
            want, have = expected[key].get(metric), got[key].get(metric)
            if want is None or have is None:
                same = want is None and have is None
            else:
                same = math.isclose(want, have, rel_tol=1e-9, abs_tol=1e-9)
            if not same:
                found.append(f"{key} {metric}: expected {want}, got {have}")
    return found
