"""Groups met again in later chunks and files are the same groups; the column names count too."""

import numpy as np
import pytest

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.metrics import load_metrics
from adoptplan.snapshot import Group

UNITS = {name: metric.unit for name, metric in STANDARD_METRICS.items()}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return load_metrics([folder / name for name in files], UNITS, ("reps", "leads"))


def test_a_group_in_every_chunk_is_one_group_with_every_period(folder, monkeypatch):
    monkeypatch.setattr("adoptplan.metrics.csv_source.CHUNK_ROWS", 2)
    rows = [f"2026-W0{week},{segment},{geo},{week}"
            for week in range(1, 5) for segment, geo in (("reps", "DE"), ("leads", ""))]
    loaded = load(folder, {"a.csv": "period,segment,geography,posts\n" + "\n".join(rows) + "\n"})
    assert loaded.diagnostics == ()
    assert loaded.history.groups == (Group("leads"), Group("reps", (("geography", "DE"),)))
    assert loaded.history.values["posts"].tolist() == [[1, 2, 3, 4], [1, 2, 3, 4]]


def test_the_same_cell_text_under_another_dimension_is_another_group(folder):
    loaded = load(folder, {
        "a.csv": "period,segment,geography,posts\n2026-W01,reps,DE,1\n",
        "b.csv": "period,segment,device,posts\n2026-W01,reps,DE,2\n",
    })
    assert loaded.history.groups == (Group("reps", (("device", "DE"),)),
                                     Group("reps", (("geography", "DE"),)))
    assert np.array_equal(loaded.history.values["posts"], [[2.0], [1.0]])


def test_an_unknown_segment_is_reported_once_across_chunks(folder, monkeypatch):
    monkeypatch.setattr("adoptplan.metrics.csv_source.CHUNK_ROWS", 1)
    text = "period,segment,posts\n2026-W01,rep,1\n2026-W02,rep,2\n2026-W03,rep,3\n"
    loaded = load(folder, {"a.csv": text})
    assert [(d.code, d.span.line) for d in loaded.diagnostics] == [("AP608", 2)]
    assert loaded.history.values["posts"].tolist() == [[1, 2, 3]]
