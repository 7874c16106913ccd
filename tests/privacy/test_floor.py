"""The privacy floor: 10 by default, set in the configuration file or per barrier, and never below
5 unless `--allow-small-groups` says so in every output."""

from __future__ import annotations

import json

import pytest
from attacker import run
from organisations import organisations, write

from adoptplan.report.render import FORMATS

ONE_SMALL = organisations()[0]  # geographies of 500, 400 and 6


@pytest.fixture
def drill(tmp_path):
    return write(ONE_SMALL, tmp_path)


def _shown(playbook, metrics, *extra: str) -> tuple[int, list[str]]:
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format", "json",
                       "--param", "posting_floor=99", *extra)
    result = json.loads(output)
    return code, sorted({s["dimensions"][0]["value"] for s in result["history"]
                         if s["dimensions"]})


def test_the_default_floor_withholds_the_small_group_and_the_next_smallest(drill):
    assert _shown(*drill) == (0, ["XA"])


def test_a_lower_floor_shows_a_group_of_six_and_none_is_withheld(drill):
    assert _shown(*drill, "--minimum-group-size", "5") == (0, ["XA", "XB", "XS"])


def test_the_configuration_file_sets_the_floor(drill, tmp_path):
    config = tmp_path / "adoptplan.toml"
    config.write_text("minimum_group_size = 5\n", encoding="utf-8")
    code, output = run("--config", str(config), "evaluate", str(drill[0]), "--metrics",
                       str(drill[1]), "--format", "json")
    shown = sorted(s["dimensions"][0]["value"] for s in json.loads(output)["history"]
                   if s["dimensions"])
    assert (code, shown) == (0, ["XA", "XB", "XS"])


def test_a_floor_below_five_is_refused(drill):
    code, output = run("evaluate", str(drill[0]), "--metrics", str(drill[1]),
                       "--minimum-group-size", "4")
    assert code == 2
    assert "below 5 people" in output and "--allow-small-groups" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_allowing_small_groups_says_so_in_every_format(drill, fmt):
    code, output = run("evaluate", str(drill[0]), "--metrics", str(drill[1]),
                       "--minimum-group-size", "4", "--allow-small-groups", "--format", fmt)
    assert code == 0, output
    assert "allow-small-groups" in output


def test_a_barrier_minimum_below_five_is_refused_unless_allowed(drill):
    playbook, metrics = drill
    text = playbook.read_text(encoding="utf-8").replace(
        "  severity high\n", "  minimum  3 members\n  severity high\n", 1)
    playbook.write_text(text, encoding="utf-8")
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics))
    assert code == 2 and "barrier sales_geography_thin (minimum 3 members" in output
    code, output = run("explain", "sales_quiet/sales", str(playbook), "--metrics", str(metrics))
    assert code == 2 and "below 5 people" in output
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics),
                       "--allow-small-groups")
    assert code == 0 and "allow-small-groups" in output


def test_explain_says_so_too(drill):
    code, output = run("explain", "sales_quiet/sales", str(drill[0]), "--metrics", str(drill[1]),
                       "--minimum-group-size", "4", "--allow-small-groups")
    assert code == 0 and "warning: --allow-small-groups: the minimum group size is below 5" \
        in output
