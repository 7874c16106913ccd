"""Every code of metrics import and build (AP7xx): its wrong example raises it, its right one
gives no finding at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from adoptplan import ingest
from adoptplan.codes.ingest import (
    EXAMPLE_EVENTS,
    EXAMPLE_EXPORT,
    EXAMPLE_PEOPLE,
    EXAMPLE_PLAYBOOK,
    INGEST_CODES,
    example_role,
)
from adoptplan.diagnostics import InputError


def findings(folder: Path, example: str) -> list:
    """Run the example setup with `example` in place of its input; every finding it gives."""
    role = example_role(example)
    files = {"playbook": EXAMPLE_PLAYBOOK, "people": EXAMPLE_PEOPLE}
    if role in files:
        files[role] = example
    (folder / "rollout.adopt").write_text(files["playbook"], encoding="utf-8")
    (folder / "people.csv").write_text(files["people"], encoding="utf-8")
    (folder / "activity-2026-11-08.csv").write_text(EXAMPLE_EXPORT, encoding="utf-8")
    try:
        if role in ("events", "mapping"):
            (folder / "events.csv").write_text(
                example if role == "events" else EXAMPLE_EVENTS, encoding="utf-8")
            mapping = None
            if role == "mapping":
                mapping = folder / "mapping.toml"
                mapping.write_text(example, encoding="utf-8")
            result = ingest.build_metrics([folder / "rollout.adopt"], folder / "people.csv",
                                          [folder / "events.csv"], mapping, progress=False)
        else:
            exports = [folder / "activity-2026-11-08.csv"]
            if role == "export":
                exports.append(folder / "example.csv")
                exports[-1].write_text(example, encoding="utf-8")
            result = ingest.import_metrics("viva-engage", exports, [folder / "rollout.adopt"],
                                           folder / "people.csv")
    except InputError as error:
        return list(error.diagnostics)
    return list(result.warnings)


def test_codes_are_the_ingest_range_in_order_and_unique():
    names = [c.code for c in INGEST_CODES]
    assert names == sorted(set(names))
    assert all(name.startswith("AP7") for name in names)
    assert all(c.title and c.explanation and c.severity in ("error", "warning")
               for c in INGEST_CODES)


@pytest.mark.parametrize("code", INGEST_CODES, ids=lambda c: c.code)
def test_wrong_example_gives_its_code_with_its_severity(tmp_path, code):
    found = [d for d in findings(tmp_path, code.wrong) if d.code == code.code]
    assert found, f"{code.code}: the wrong example gave no {code.code}"
    assert {d.severity for d in found} == {code.severity}


@pytest.mark.parametrize("code", INGEST_CODES, ids=lambda c: c.code)
def test_right_example_gives_no_finding_at_all(tmp_path, code):
    assert findings(tmp_path, code.right) == []
