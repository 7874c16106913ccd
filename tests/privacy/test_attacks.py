"""The attacker's suite: no output lets a group below the privacy floor be named or worked out."""

from __future__ import annotations

import json
import re

import pytest
from attacker import attack, evaluation, run
from organisations import organisations, write

from adoptplan.report.render import FORMATS

ORGANISATIONS = {o.name: o for o in organisations()}


@pytest.mark.parametrize("name", sorted(ORGANISATIONS))
def test_the_attacker_derives_nothing(name, tmp_path):
    figures = attack(ORGANISATIONS[name], tmp_path)
    assert figures["attempts"] > 40
    assert figures["derivations"] == 0, figures


VENDORED = re.compile(r"<script[^>]*>.{20000,}?</script>", re.DOTALL)
"""The html report's vendored chart library: its minified names are not groups."""


def _named(text: str, values: set[str]) -> list[str]:
    text = VENDORED.sub("", text)
    return sorted(v for v in values if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text))


def _printed_ids(result: dict) -> list[str]:
    ids = {f["id"] for f in result["findings"]} | {n["id"] for n in result["not_evaluated"]}
    ids |= {c["id"] for c in result["cases"] if c["outcome"] != "suppressed"}
    return sorted(ids)


@pytest.mark.parametrize("name", sorted(ORGANISATIONS))
def test_no_small_group_is_named_in_any_format_nor_by_explain(name, tmp_path):
    organisation = ORGANISATIONS[name]
    playbook, metrics = write(organisation, tmp_path)
    small = organisation.small_values()
    for fmt in FORMATS:
        code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format", fmt)
        assert code in (0, 1), output
        assert _named(output, small) == [], fmt
    result = evaluation(playbook, metrics)
    ids = _printed_ids(result)
    assert len(ids) >= 4
    for finding_id in ids:
        for extra in ((), ("--why-not",)):
            code, output = run("explain", finding_id, str(playbook), "--metrics", str(metrics),
                               *extra)
            assert code in (0, 1, 2), output
            assert _named(output, small) == [], (finding_id, extra)
    for value in sorted(small):  # asked by name: answered as a group that does not exist
        breakdown = next(b for b in organisation.breakdowns if value in b.sizes)
        rule = f"{breakdown.segment}_{breakdown.dimension}_thin"
        code, output = run("explain", f"{rule}/{breakdown.segment}/{breakdown.dimension}={value}",
                           str(playbook), "--metrics", str(metrics))
        assert code == 2 and "has no group" in output
        assert _named(output.split("its groups:")[-1], small) == []


def test_the_summary_counts_withheld_groups_not_the_findings_they_would_make(tmp_path):
    organisation = ORGANISATIONS["one-small"]
    playbook, metrics = write(organisation, tmp_path)
    counts = {json.dumps(evaluation(playbook, metrics, "--param", f"posting_floor={floor}")
                         ["summary"]["suppressed"])
              for floor in (0.5, 2, 4, 6, 9)}
    assert counts == {"2"}  # the small group and the next smallest, whatever fires
