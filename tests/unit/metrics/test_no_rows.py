"""AP613: a segment, or a breakdown a rule reads, that matches no row of the metrics is warned
about; `in all by X` reads only the segments declared `by X`."""

from __future__ import annotations

from adoptplan import api

PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W01
}

segment reps "Reps" {
  members 800
  by      geography
}

segment office "Back office" {
  members 80
}

segment leads "Leads" {
  members 40
  by      team
}

rule quiet "Quiet" {
  when     active_members < 40%
  in       all by geography
  do       educate "Workshop"
  priority high
}

rule leads_quiet "Quiet leads" {
  when     active_members < 40%
  in       leads by team
  do       educate "Workshop"
  priority low
}
"""


def warnings(tmp_path, metrics: str) -> list[str]:
    (tmp_path / "p.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "m.csv").write_text(metrics, encoding="utf-8")
    prepared = api.prepare([tmp_path / "p.adopt"], [tmp_path / "m.csv"])
    return [f"{d.span.line}: {d.message}" for d in prepared.warnings if d.code == "AP613"]


def test_each_segment_and_breakdown_without_rows_is_named_where_the_playbook_says_it(tmp_path):
    metrics = "period,segment,active_members\n2026-W05,reps,42\n2026-W05,leads,42\n"
    assert warnings(tmp_path, metrics) == [
        "11: segment 'office' matches no rows of the metrics",
        "22: segment 'reps' by geography matches no rows of the metrics",
        "29: segment 'leads' by team matches no rows of the metrics",
    ]


def test_metrics_for_everything_read_warn_nothing(tmp_path):
    metrics = ("period,segment,geography,team,active_members\n2026-W05,reps,DE,,42\n"
               "2026-W05,office,,,42\n2026-W05,leads,,north,42\n")
    assert warnings(tmp_path, metrics) == []


def test_a_run_keeps_the_text_of_the_metrics_files_a_finding_points_into_only(tmp_path):
    (tmp_path / "p.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.csv").write_text(
        "period,segment,geography,team,active_members\n2026-W05,reps,DE,,42\n"
        "2026-W05,office,,,42\n2026-W05,leads,,north,42\n", encoding="utf-8")
    (tmp_path / "m" / "b.csv").write_text(
        "period,segment,active_members\n2026-W06,ghosts,42\n", encoding="utf-8")
    prepared = api.prepare([tmp_path / "p.adopt"], [tmp_path / "m"])
    cited = [d.span.path for d in prepared.warnings if d.span.path.endswith(".csv")]
    assert [path.rsplit("/", 2)[-2:] for path in cited] == [["m", "b.csv"]]
    assert sorted(prepared.sources) == sorted([cited[0], str(tmp_path / "p.adopt")])
