"""Every metrics code (AP6xx): its wrong example raises it, its right example raises nothing."""

from pathlib import Path

import pytest

from adoptplan.catalogue import STANDARD_METRICS
from adoptplan.codes.metrics import (
    EXAMPLE_LOOK_BACKS,
    EXAMPLE_SCOPES,
    EXAMPLE_SEGMENTS,
    EXAMPLE_USES,
    LONGER_THAN_HISTORY,
    METRICS_CODES,
)
from adoptplan.expressions import LookBack
from adoptplan.metrics import (
    check_look_backs,
    check_scopes_have_rows,
    check_used_metrics,
    load_metrics,
)
from adoptplan.model import Span

UNITS = {name: metric.unit for name, metric in STANDARD_METRICS.items()}
USED_AT = Span("playbook.adopt", 5, 9, 5, 23)


def findings(folder: Path, text: str, code: str = "") -> list:
    path = folder / ("example.json" if text.startswith(("[", "{")) else "example.csv")
    path.write_text(text, encoding="utf-8")
    loaded = load_metrics([path], UNITS, EXAMPLE_SEGMENTS)
    used = {name: USED_AT for name in EXAMPLE_USES}
    scopes = {scope: USED_AT for scope in EXAMPLE_SCOPES}
    look_backs = [LookBack(n, USED_AT, text, True) for n, text in EXAMPLE_LOOK_BACKS
                  if code == LONGER_THAN_HISTORY]
    return [*loaded.diagnostics, *check_used_metrics(loaded.history, used),
            *check_scopes_have_rows(loaded.history, scopes),
            *check_look_backs(loaded.history, look_backs)]


def test_codes_are_the_metrics_range_in_order_and_unique():
    names = [c.code for c in METRICS_CODES]
    assert names == sorted(set(names))
    assert all(name.startswith("AP6") for name in names)
    assert all(c.title and c.explanation for c in METRICS_CODES)


@pytest.mark.parametrize("code", METRICS_CODES, ids=lambda c: c.code)
def test_wrong_example_gives_its_code_with_its_severity(tmp_path, code):
    found = [d for d in findings(tmp_path, code.wrong, code.code) if d.code == code.code]
    assert found, f"{code.code}: the wrong example gave no {code.code}"
    assert {d.severity for d in found} == {code.severity}


@pytest.mark.parametrize("code", METRICS_CODES, ids=lambda c: c.code)
def test_right_example_gives_no_finding_at_all(tmp_path, code):
    assert findings(tmp_path, code.right, code.code) == []
