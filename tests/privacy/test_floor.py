"""The privacy floor: 10 by default, set in the configuration file, per playbook or per barrier,
and never below 5 unless `--allow-small-groups` says so in every output (diff's too)."""

from __future__ import annotations

import json

import pytest
from attacker import run
from organisations import organisations, write

from adoptplan.diff.render import FORMATS as DIFF_FORMATS
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
    assert code == 2
    assert "drill.adopt:35:12: error[AP307]: barrier sales_geography_thin's privacy floor " \
        "`3 members` is below 5 people" in output
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


def _with_header_floor(playbook, clause: str) -> None:
    text = playbook.read_text(encoding="utf-8")
    playbook.write_text(text.replace("  effort        100 hours\n",
                                     f"  effort        100 hours\n  {clause}\n", 1),
                        encoding="utf-8")


def test_the_playbook_sets_the_floor_over_the_configuration(drill, tmp_path):
    playbook, metrics = drill
    _with_header_floor(playbook, "minimum 5 members")
    assert _shown(playbook, metrics) == (0, ["XA", "XB", "XS"])
    config = tmp_path / "adoptplan.toml"
    config.write_text("minimum_group_size = 450\n", encoding="utf-8")  # the playbook's wins
    code, output = run("--config", str(config), "evaluate", str(playbook), "--metrics",
                       str(metrics), "--format", "json")
    shown = sorted(s["dimensions"][0]["value"] for s in json.loads(output)["history"]
                   if s["dimensions"])
    assert (code, shown) == (0, ["XA", "XB", "XS"])


def test_a_barrier_minimum_wins_over_the_playbook_floor(drill):
    playbook, metrics = drill
    _with_header_floor(playbook, "minimum 5 members")
    text = playbook.read_text(encoding="utf-8").replace(
        "  severity high\n", "  minimum  450 members\n  severity high\n", 1)
    playbook.write_text(text, encoding="utf-8")
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format", "json",
                       "--param", "posting_floor=99")
    fired = sorted((f["rule"], f["dimensions"][0]["value"])
                   for f in json.loads(output)["findings"]
                   if f["rule"] in ("sales_geography_thin", "sales_geography_behind"))
    # the barrier of 450 shows only XA (500); its peers' median leans on no group under 450
    assert ("sales_geography_thin", "XA") in fired
    assert all(v == "XA" for r, v in fired if r == "sales_geography_thin")


def test_a_playbook_floor_below_five_is_a_positioned_error_unless_allowed(drill):
    playbook, metrics = drill
    _with_header_floor(playbook, "minimum 3 members")
    code, output = run("check", str(playbook))
    assert code == 1
    assert "drill.adopt:6:11: error[AP307]: the playbook's privacy floor `3 members` is " \
        "below 5 people" in output
    code, output = run("check", "--allow-small-groups", str(playbook))
    assert code == 0 and "warning[AP307]" in output
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics))
    assert code == 2 and "error[AP307]" in output
    code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format", "json",
                       "--allow-small-groups")
    assert code == 0
    assert any("the playbook's minimum group size (minimum 3 members" in w
               for w in json.loads(output)["warnings"])


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_diff_of_results_allowing_small_groups_says_so_in_every_format(drill, tmp_path, fmt):
    playbook, metrics = drill
    results = []
    for name, floor in (("before", "10"), ("after", "4")):
        code, output = run("evaluate", str(playbook), "--metrics", str(metrics), "--format",
                           "json", "--minimum-group-size", floor, "--allow-small-groups")
        results.append(tmp_path / f"{name}.json")
        results[-1].write_text(output, encoding="utf-8")
    code, output = run("diff", *map(str, results), "--format", fmt)
    assert code == 0, output
    assert output.count("--allow-small-groups: the minimum group size is below 5") == 1, output
