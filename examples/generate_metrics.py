"""Generate the sample metrics history of the bundled playbook (playbooks/customer-service.adopt).

Twelve weekly snapshots (2026-W35 to 2026-W46, launch in 2026-W40) for five segments, broken
down by five geographies and two device classes, written as one wide CSV per week:

    python examples/generate_metrics.py            # writes examples/metrics/*.csv
    python examples/generate_metrics.py --out DIR --seed 7

The numbers are fictional but shaped so that every kind of action and barrier alert of the
method shows up: a geography that lags, one where files are not shared, managers who discourage
use, phones falling behind, lurkers, a team that reached critical mass and needs sustaining, a
group too small to be named, and a value that is missing (reported as not evaluated). The output
is byte-for-byte the same for the same seed; a test regenerates it and compares.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

WEEKS = [f"2026-W{week:02d}" for week in range(35, 47)]
LAUNCH = WEEKS.index("2026-W40")
GEOGRAPHIES = ("BR", "DE", "FR", "IN", "US")
DEVICES = ("desktop", "mobile")
COLUMNS = (
    "period", "segment", "geography", "device", "members", "active_members", "posts", "reads",
    "likes", "files_shared", "organic_content", "organic_content_growth", "social_reach",
    "posts_per_member", "managers_active", "questions", "questions_answered", "answer_hours",
    "escalations",
)

# members per geography (segments broken down by geography) and per device
SIZES = {
    "reps": {"BR": 100, "DE": 300, "FR": 250, "IN": 200, "US": 350},
    "team_leads": {"BR": 8, "DE": 25, "FR": 20, "IN": 12, "US": 30},
    "field_engineers": {"BR": 60, "DE": 90, "FR": 70, "IN": 40, "US": 80},
}
DEVICE_SHARE = {"reps": {"desktop": 0.8, "mobile": 0.2},
                "field_engineers": {"desktop": 0.3, "mobile": 0.7}}
WHOLE = {"reps": 1200, "team_leads": 95, "field_engineers": 340, "back_office": 260,
         "knowledge_editors": 24}

# active share before launch and at the end of the history, per segment
ADOPTION = {
    "reps": (0.18, 0.46),
    "team_leads": (0.22, 0.52),
    "field_engineers": (0.20, 0.23),
    "back_office": (0.10, 0.30),
    "knowledge_editors": (0.45, 0.72),
}


def _curve(start: float, end: float, week: int) -> float:
    """Flat before launch, then a steady climb."""
    if week < LAUNCH:
        return start
    return start + (end - start) * (week - LAUNCH + 1) / (len(WEEKS) - LAUNCH)


class Generator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def noise(self, scale: float) -> float:
        return self.random.uniform(-scale, scale)

    def row(self, segment: str, week: int, geography: str = "", device: str = "") -> dict:
        members = self.members(segment, geography, device)
        active = self.active(segment, week, geography, device)
        posts_per_member = 0.6 + 1.6 * active + self.noise(0.05)
        posts = round(members * posts_per_member)
        reads = round(posts * (18 + self.noise(2)))
        organic = round(posts * 0.85)
        row = {
            "members": members,
            "active_members": round(active * 100, 1),
            "posts": posts,
            "reads": reads,
            "likes": round(reads * 0.12),
            "files_shared": round(posts * (0.12 + self.noise(0.01))),
            "organic_content": organic,
            "organic_content_growth": round(8 + self.noise(1.5), 1),
            "social_reach": round(9 + 14 * active + self.noise(0.3), 2),
            "posts_per_member": round(posts / members, 2),
            "managers_active": round(min(0.95, active + 0.25) * 100, 1),
            "questions": round(members * 0.05 + 4),
            "questions_answered": round(members * 0.045 + 3),
            "answer_hours": round(1.2 + self.noise(0.2), 2),
            "escalations": round(members * 0.02),
        }
        self.shape(row, segment, week, geography, device)
        return row

    def members(self, segment: str, geography: str, device: str) -> int:
        if geography:
            return SIZES[segment][geography]
        if device:
            return round(WHOLE[segment] * DEVICE_SHARE[segment][device])
        return WHOLE[segment]

    def active(self, segment: str, week: int, geography: str, device: str) -> float:
        start, end = ADOPTION[segment]
        active = _curve(start, end, week) + self.noise(0.01)
        if segment == "reps" and geography == "IN":
            active = 0.19 + self.noise(0.01)  # a geography that has not started
        if segment == "field_engineers" and geography == "BR":
            active = 0.08 + self.noise(0.01)  # managers keep crews off the platform
        if segment == "field_engineers" and device == "mobile" and week >= len(WEEKS) - 3:
            active -= 0.12  # the phone app release broke sign-in for crews
        if segment == "field_engineers" and device == "desktop":
            active += 0.12
        if segment == "team_leads" and geography in ("BR", "FR") and week >= len(WEEKS) - 2:
            active -= 0.2  # a reorganisation (BR's team is too small to be named)
        return max(0.0, min(1.0, active))

    def shape(self, row: dict, segment: str, week: int, geography: str, device: str) -> None:
        """The local problems each barrier of the playbook is there to catch."""
        last = len(WEEKS) - 1
        if segment == "reps" and geography == "DE":
            row["files_shared"] = round(row["posts"] * 0.02)  # hesitant to share files
        if segment == "field_engineers" and geography == "BR":
            row["managers_active"] = 12.0
        if segment == "reps" and geography == "US":
            row["posts"] = round(row["members"] * 0.3)  # lurkers: many reads, few posts
            row["posts_per_member"] = 0.3
            row["reads"] = row["posts"] * 70
        if segment == "reps" and geography == "BR":
            row["social_reach"] = round(row["social_reach"] - 4, 2)
        if segment in ("reps", "team_leads") and not geography and not device:
            row["answer_hours"] = round(2.6 + self.noise(0.2), 2)  # questions wait
        if segment == "back_office":
            row["escalations"] = round(20 * 1.06 ** week)
            row["questions_answered"] = 40
        if segment == "knowledge_editors":
            row["organic_content_growth"] = 2.0
            if week == last:
                row["organic_content"] = round(row["organic_content"] * 0.4)
                row["questions_answered"] = round(row["questions"] * 0.6)
        if segment == "field_engineers" and not geography and not device:
            row["files_shared"] = 12
        if segment == "field_engineers" and geography == "IN" and week == last:
            row["active_members"] = ""  # the sign-in export failed: not evaluated


def snapshot(generator: Generator, week: int) -> str:
    rows = []
    for segment in sorted(WHOLE):
        rows.append(dict(segment=segment, **generator.row(segment, week)))
        for geography in GEOGRAPHIES if segment in SIZES else ():
            rows.append(dict(segment=segment, geography=geography,
                             **generator.row(segment, week, geography=geography)))
        for device in DEVICES if segment in DEVICE_SHARE else ():
            rows.append(dict(segment=segment, device=device,
                             **generator.row(segment, week, device=device)))
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({"period": WEEKS[week], **row})
    return out.getvalue()


def generate(seed: int = 7) -> dict[str, str]:
    """File name -> CSV text, one file per week."""
    generator = Generator(seed)
    return {f"{WEEKS[week]}.csv": snapshot(generator, week) for week in range(len(WEEKS))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "metrics")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.seed).items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(WEEKS)} snapshots to {args.out}")


if __name__ == "__main__":
    main()
