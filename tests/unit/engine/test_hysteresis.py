"""Hysteresis: an open alert stays open until its barrier's `clear` condition holds, so a share
hovering around the threshold does not open and close it week after week. What was open before is
read from the history (the replay), or from `--previous`, the result of the week before."""

from __future__ import annotations

import json

import pytest

from adoptplan import api
from adoptplan import model as m
from adoptplan.engine import evaluate as engine_evaluate
from adoptplan.fmt import format_text
from adoptplan.result import Lifecycle
from adoptplan.syntax import parse_text

from support.barriers import BARRIER, COLUMNS, HEADER, RULE, by_id, evaluate, rows, run, write

DE = "file_sharing/reps/geography=DE"
CLEAR = "  clear    when files_shared / posts >= 8%\n"
PLAYBOOK = HEADER + BARRIER.replace("  in       reps", CLEAR + "  in       reps") + RULE
# DE: 2 files per 100 posts (opens), 6 (above 5%, below 8%), 9 (clears), 9
METRICS = (COLUMNS + rows("2026-W39", 9, 9, 9) + rows("2026-W40", 2, 10) + rows("2026-W41", 6, 10)
           + rows("2026-W42", 9, 10) + rows("2026-W43", 9, 10))
OPEN = frozenset({DE})


def alerts(tmp_path, at: str, previous: frozenset[str] = frozenset(), playbook: str = PLAYBOOK,
           metrics: str = METRICS) -> dict:
    evaluation = evaluate(tmp_path, playbook, metrics, at, previous)
    return {i: f for i, f in by_id(evaluation).items() if f.is_alert}


# ------------------------------------------------------------------------------------ language


def test_clear_reads_into_the_barrier():
    source, problems = parse_text(PLAYBOOK, "p.adopt")
    (barrier,) = [i for i in source.items if isinstance(i, m.Barrier)]
    assert problems == []
    assert barrier.clear.sustained is None
    assert barrier.clear.expr.op == ">="


def test_fmt_writes_clear_after_when():
    untidy = ('barrier b {\n  severity high\n  clear when x>=8% for 2 periods\n'
              "  when x < 5%\n}\n")
    assert format_text(untidy).after == (
        "barrier b {\n"
        "  when     x < 5%\n"
        "  clear    when x >= 8% for 2 periods\n"
        "  severity high\n"
        "}\n"
    )


def test_the_playbook_is_clean():
    assert [d.code for d in api.check_text(PLAYBOOK).diagnostics] == []


# -------------------------------------------------------------------------------------- engine


def test_an_alert_open_before_stays_open_until_it_clears(tmp_path):
    assert set(alerts(tmp_path, "2026-W40")) == {DE}
    assert set(alerts(tmp_path, "2026-W41", OPEN)) == {DE}
    assert set(alerts(tmp_path, "2026-W42", OPEN)) == set()


def test_without_a_previous_result_the_history_holds_it_open(tmp_path):
    held = alerts(tmp_path, "2026-W41")[DE]
    assert held.lifecycle == Lifecycle("2026-W40", 2, "2026-W41")
    assert held.evidence[0].value == "open since 2026-W40"
    assert set(alerts(tmp_path, "2026-W42")) == set()


def test_with_the_replay_off_and_no_previous_result_when_alone_decides(tmp_path):
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    prepared = api.prepare([playbook], [metrics])
    evaluation = engine_evaluate(prepared.checked.loaded.playbook, prepared.history, "2026-W41",
                                 replay=False)
    assert not [f for f in evaluation.findings if f.rule == "file_sharing"]


def test_a_held_alert_says_why_with_the_values(tmp_path):
    held = alerts(tmp_path, "2026-W41", OPEN)[DE]
    assert (held.level, held.status, held.period) == ("high", "open", "2026-W41")
    marker, now, clearing = held.evidence
    assert marker.expression == "held open by hysteresis until files_shared / posts >= 8%"
    assert marker.value == "open since 2026-W40"
    assert (now.expression, now.value, now.holds) == ("files_shared / posts < 5%", "6%", False)
    assert (clearing.expression, clearing.holds, clearing.threshold) == (
        "files_shared / posts >= 8%", False, "8%")


def test_a_barrier_without_clear_closes_as_soon_as_when_stops(tmp_path):
    plain = HEADER + BARRIER + RULE
    assert set(alerts(tmp_path, "2026-W41", OPEN, plain)) == set()


def test_other_groups_and_alerts_not_open_before_are_left_alone(tmp_path):
    previous = frozenset({"file_sharing/reps/geography=FR"})  # FR is at 10%: clears
    assert set(alerts(tmp_path, "2026-W41", previous)) == set()


def test_a_sustained_clearing_condition_must_hold_each_period(tmp_path):
    playbook = PLAYBOOK.replace(">= 8%\n", ">= 8% for 2 periods\n")
    assert set(alerts(tmp_path, "2026-W42", OPEN, playbook)) == {DE}
    marker = alerts(tmp_path, "2026-W42", OPEN, playbook)[DE].evidence[0]
    assert marker.expression.endswith(">= 8% for 2 periods")
    assert set(alerts(tmp_path, "2026-W43", OPEN, playbook)) == set()


def test_an_undecidable_clearing_condition_keeps_the_alert_open(tmp_path):
    missing = METRICS.replace("2026-W41,reps,DE,400,30,100,6", "2026-W41,reps,DE,400,30,,")
    evaluation = evaluate(tmp_path, PLAYBOOK, missing, "2026-W41", OPEN)
    assert DE in by_id(evaluation)
    assert DE not in {n.id for n in evaluation.not_evaluated}
    assert by_id(evaluation)[DE].evidence[-1].holds is None


def test_a_held_alert_is_a_fired_case(tmp_path):
    evaluation = evaluate(tmp_path, PLAYBOOK, METRICS, "2026-W41", OPEN)
    outcomes = {c.id: c.outcome for c in evaluation.cases}
    assert outcomes[DE] == "fired"


# ------------------------------------------------------------------------------ the CLI option


def test_previous_takes_the_json_result_of_the_last_run(tmp_path):
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    common = ["evaluate", str(playbook), "--metrics", str(metrics)]
    last_week = tmp_path / "last-week.json"
    assert run(*common, "--at", "2026-W40", "--format", "json", "-o", str(last_week)).exit_code == 0
    this_week = run(*common, "--at", "2026-W41", "--previous", str(last_week), "--format", "json",
                    "--fail-on", "high")
    assert this_week.exit_code == 1, this_week.output
    (held,) = [f for f in json.loads(this_week.stdout)["findings"] if f["alert"]]
    assert held["id"] == DE
    assert held["evidence"][0]["expression"].startswith("held open by hysteresis")
    # without it the history says the same: open since 2026-W40, held by `clear`
    replayed = run(*common, "--at", "2026-W41", "--format", "json", "--fail-on", "high")
    assert replayed.exit_code == 1, replayed.output
    assert json.loads(replayed.stdout)["findings"] == json.loads(this_week.stdout)["findings"]


def test_previous_alerts_are_the_alert_ids(tmp_path):
    """A result's barrier alerts, whatever their status; its actions are not alerts."""
    from adoptplan.report.json_report import render_json

    evaluation = evaluate(tmp_path, PLAYBOOK, METRICS, "2026-W40", frozenset())
    document = json.loads(render_json(evaluation))
    assert {f["id"] for f in document["findings"] if not f["alert"]}, "it has actions too"
    document["findings"][[f["id"] for f in document["findings"]].index(DE)]["status"] = "waived"
    result = tmp_path / "r.json"
    result.write_text(json.dumps(document))
    previous = api.previous_alerts(result)
    assert previous.period == "2026-W40"
    assert {i for i in previous if i.startswith("file_sharing/")} == OPEN
    assert previous.open[DE] == Lifecycle("2026-W40", 1, "")


@pytest.mark.parametrize(("content", "says"), [
    ("not json", "r.json: not JSON"),
    ('{"findings": [{"alert": true}]}', "format_version: missing"),
    ("[1, 2]", "not an adoptplan evaluation result: expected an object, got an array"),
])
def test_a_previous_file_that_is_not_a_result_is_bad_input(tmp_path, content, says):
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    (tmp_path / "r.json").write_text(content)
    result = run("evaluate", str(playbook), "--metrics", str(metrics), "--previous",
                 str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert says in result.stderr


def test_a_missing_previous_file_is_bad_input(tmp_path):
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    result = run("evaluate", str(playbook), "--metrics", str(metrics), "--previous",
                 str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "cannot read --previous" in result.stderr


# -------------------------------------------------------------------------------- explain


def explained(tmp_path, at: str, previous: frozenset[str], playbook: str = PLAYBOOK):
    from adoptplan.engine.explain import explain

    playbook_path, metrics_path = write(tmp_path, playbook, METRICS)
    prepared = api.prepare([playbook_path], [metrics_path])
    return explain(prepared.checked.loaded.playbook, prepared.history, DE, at,
                   previous=previous)


def test_explain_says_an_alert_evaluate_held_open_is_held_open(tmp_path):
    held = explained(tmp_path, "2026-W41", OPEN)
    assert held.outcome == "held open"
    assert held.held_until == "files_shared / posts >= 8%"
    (tree,) = held.clear_trees
    assert (tree.text, tree.value, tree.threshold, tree.holds) == (
        "files_shared / posts >= 8%", "6%", "8%", False)


def test_explain_without_previous_reads_the_history_and_once_clear_holds_says_clear(tmp_path):
    held = explained(tmp_path, "2026-W41", frozenset())
    assert (held.outcome, held.lifecycle) == ("held open", Lifecycle("2026-W40", 2, "2026-W41"))
    assert explained(tmp_path, "2026-W42", OPEN).outcome == "clear"
    assert explained(tmp_path, "2026-W42", frozenset()).outcome == "clear"
    sustained = PLAYBOOK.replace(">= 8%\n", ">= 8% for 2 periods\n")
    held = explained(tmp_path, "2026-W42", OPEN, sustained)
    assert (held.outcome, held.held_until, held.clear_periods) == (
        "held open", "files_shared / posts >= 8% for 2 periods", ("2026-W42", "2026-W41"))


def test_explain_previous_on_the_command_line(tmp_path):
    playbook, metrics = write(tmp_path, PLAYBOOK, METRICS)
    common = [str(playbook), "--metrics", str(metrics)]
    last_week = tmp_path / "last-week.json"
    assert run("evaluate", *common, "--at", "2026-W40", "--format", "json",
               "-o", str(last_week)).exit_code == 0
    result = run("explain", DE, *common, "--at", "2026-W41", "--previous", str(last_week),
                 "--why-not")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{DE}: held open"
    assert "open since 2026-W40, 2 periods; held open by clear since 2026-W41" in result.stdout
    assert "held open by hysteresis until files_shared / posts >= 8%:" in result.stdout
    assert "why not: it is still open, held until files_shared / posts >= 8%" in result.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    bad = run("explain", DE, *common, "--previous", str(broken))
    assert bad.exit_code == 2 and "--previous" in bad.output and "Traceback" not in bad.output
