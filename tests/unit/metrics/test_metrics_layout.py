"""Wide files: which columns are metrics and which are dimensions; unknown segments once."""

from adoptplan import catalogue as cat
from adoptplan.metrics import load_metrics
from adoptplan.snapshot import Group

WIDE = (
    "period,segment,geography,members,active_members,escalations,age_band\n"
    "2026-W40,ops,,100,50,7,\n"
    "2026-W40,ops,DE,40,40,3,\n"
    "2026-W40,ops,,,,,1\n"
)


def _load(tmp_path, text, dimensions=()):
    path = tmp_path / "m.csv"
    path.write_text(text)
    return load_metrics([path], {"active_members": cat.PERCENT}, ["ops"], dimensions)


def test_undeclared_numeric_column_is_a_metric_not_a_dimension(tmp_path):
    loaded = _load(tmp_path, WIDE.replace("2026-W40,ops,,,,,1\n", ""), dimensions=["geography"])
    history = loaded.history
    assert "escalations" in history.metrics()
    assert history.groups == (Group("ops"), Group("ops", (("geography", "DE"),)))
    assert history.values["escalations"][0, 0] == 7


def test_declared_dimension_stays_a_dimension_even_when_numeric(tmp_path):
    loaded = _load(tmp_path, WIDE, dimensions=["geography", "age_band"])
    assert "age_band" not in loaded.history.metrics()
    assert Group("ops", (("age_band", "1"),)) in loaded.history.groups


def test_unknown_segment_is_reported_once_per_history(tmp_path):
    for week in (40, 41):
        (tmp_path / f"{week}.csv").write_text(
            f"period,segment,members\n2026-W{week},opps,10\n2026-W{week},opps,11\n")
    loaded = load_metrics([tmp_path], {}, ["ops"])
    unknown = [d for d in loaded.diagnostics if d.code == "AP608"]
    assert len(unknown) == 1
    assert unknown[0].hint == "did you mean 'ops'?"
