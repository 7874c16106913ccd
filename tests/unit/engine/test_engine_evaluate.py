"""Rules on small histories: which fire, for which groups, in which order, on what evidence."""

import pytest

from adoptplan import periods
from adoptplan.engine import EvaluationError
from adoptplan.snapshot import History

from support.engine import HEADER, WEEKS, finding, history, ids, outcomes, rule, run

DE, FR, US = "reps/geography=DE", "reps/geography=FR", "reps/geography=US"


def test_a_rule_fires_for_each_group_of_its_scope_where_the_condition_holds():
    data = history({
        DE: {"active_members": [0.2] * 8}, FR: {"active_members": [0.5] * 8},
        US: {"active_members": [0.1] * 8}, "reps": {"active_members": [0.3] * 8},
    })
    evaluation = run(HEADER + rule("inactive", "active_members < 40%"), data)
    assert ids(evaluation) == ["inactive/reps/geography=DE", "inactive/reps/geography=US"]
    assert outcomes(evaluation) == {
        "inactive/reps/geography=DE": "fired", "inactive/reps/geography=FR": "clear",
        "inactive/reps/geography=US": "fired",
    }
    found = finding(evaluation, "inactive/reps/geography=US")
    assert (found.segment, found.dimensions, found.kind, found.level, found.period) == (
        "reps", (("geography", "US"),), "educate", "high", "2026-W08")
    assert (found.path, found.line, found.rule, found.source) == ("playbook.adopt", 33,
                                                                  "inactive", "rule")


def test_a_rule_without_a_dimension_reads_the_whole_segment():
    data = history({"reps": {"active_members": [0.3] * 8}, DE: {"active_members": [0.1] * 8}})
    evaluation = run(HEADER + rule("inactive", "active_members < 40%", scope="reps"), data)
    assert ids(evaluation) == ["inactive/reps"]


# ------------------------------------------------------------------------ for N periods

SUSTAINED = history({
    "reps/geography=A": {"active_members": [0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1]},
    "reps/geography=B": {"active_members": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1]},
    "reps/geography=C": {"active_members": [0.5, 0.5, 0.5, 0.5, 0.5, None, 0.1, 0.1]},
    "reps/geography=D": {"active_members": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, None, 0.1]},
    "reps/geography=E": {"active_members": [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, None]},
})


def test_for_n_periods_needs_the_condition_at_each_of_the_last_n():
    evaluation = run(HEADER + rule("low", "active_members < 40% for 3 periods"), SUSTAINED)
    assert outcomes(evaluation) == {
        "low/reps/geography=A": "fired",  # held at W06, W07, W08
        "low/reps/geography=B": "clear",  # false at W06
        "low/reps/geography=C": "not-evaluated",  # W06 missing, held at W07 and W08
        "low/reps/geography=D": "clear",  # false at W06 wins over W07 missing
        "low/reps/geography=E": "not-evaluated",  # missing now
    }
    reasons = {n.id: n.reason for n in evaluation.not_evaluated}
    assert reasons == {
        "low/reps/geography=C": "no value of active_members for reps/geography=C at 2026-W06",
        "low/reps/geography=E": "no value of active_members for reps/geography=E at 2026-W08",
    }


def test_for_n_periods_keeps_evidence_for_each_period_newest_first():
    evaluation = run(HEADER + rule("low", "active_members < 40% for 3 periods"), SUSTAINED)
    evidence = finding(evaluation, "low/reps/geography=A").evidence
    assert [e.period for e in evidence] == ["2026-W08", "2026-W07", "2026-W06"]
    assert all(e.holds for e in evidence)


@pytest.mark.parametrize("condition", [
    "active_members < 90% for 3 periods",
    "peak(active_members) < 90% for 3 periods",
    "baseline(active_members) < 90% for 3 periods",
    "periods_since_launch < 9 periods for 3 periods",
])
def test_for_more_periods_than_the_history_has_is_not_evaluated(condition):
    evaluation = run(HEADER + rule("low", condition), SUSTAINED, at="2026-W02")
    assert evaluation.findings == ()
    assert outcomes(evaluation)["low/reps/geography=A"] == "not-evaluated"
    reason = {n.id: n.reason for n in evaluation.not_evaluated}["low/reps/geography=A"]
    assert reason == "not enough history for reps/geography=A over the sustained periods"


# ------------------------------------------------------------------- missing and undefined


def test_division_by_zero_is_not_evaluated_and_says_so():
    data = history({DE: {"files_shared": [0] * 8, "posts": [0] * 8},
                    FR: {"files_shared": [1] * 8, "posts": [100] * 8}})
    evaluation = run(HEADER + rule("sharing", "files_shared / posts < 5%"), data)
    assert ids(evaluation) == ["sharing/reps/geography=FR"]
    (unknown,) = evaluation.not_evaluated
    assert unknown.id == "sharing/reps/geography=DE"
    assert unknown.reason == ("files_shared / posts < 5% cannot be computed for "
                              "reps/geography=DE at 2026-W08: a division by zero")


def test_a_metric_the_data_never_has_is_not_evaluated_for_every_group():
    data = history({DE: {"posts": [1] * 8}, FR: {"posts": [1] * 8}})
    evaluation = run(HEADER + rule("quiet", "likes < 5 or posts < 10"), data)
    assert ids(evaluation) == ["quiet/reps/geography=DE", "quiet/reps/geography=FR"]  # or: true
    evaluation = run(HEADER + rule("quiet", "likes < 5 and posts < 10"), data)
    assert evaluation.findings == ()
    assert [n.reason for n in evaluation.not_evaluated] == [
        "no value of likes for reps/geography=DE at 2026-W08",
        "no value of likes for reps/geography=FR at 2026-W08",
    ]


def test_a_segment_without_data_is_not_evaluated():
    data = history({DE: {"active_members": [0.1] * 8}})
    evaluation = run(HEADER + rule("low", "active_members < 40%", scope="office"), data)
    assert evaluation.findings == ()
    assert [(n.id, n.reason) for n in evaluation.not_evaluated] == [
        ("low/office", "no data for segment office")]


# ------------------------------------------------------------------------------ gaps


def test_a_week_without_data_is_a_missing_period_not_a_skipped_one():
    weeks = ("2026-W01", "2026-W02", "2026-W04", "2026-W05")  # no file for W03
    data = history({DE: {"active_members": [0.1, 0.2, 0.4, 0.5]}}, weeks)
    evaluation = run(HEADER + rule("up", "change(active_members, 3 periods) > 25pp"), data)
    assert evaluation.periods == ("2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05")
    assert [e.value for e in finding(evaluation, "up/reps/geography=DE").evidence] == ["+30pp"]
    evaluation = run(HEADER + rule("up", "previous(active_members, 2 periods) > 0%"), data)
    assert [n.reason for n in evaluation.not_evaluated] == [
        "not enough history for previous(active_members, 2 periods) > 0% for reps/geography=DE "
        "at 2026-W05"]
    evaluation = run(HEADER + rule("up", "active_members > 0% for 3 periods"), data)
    assert [n.reason for n in evaluation.not_evaluated] == [
        "no value of active_members for reps/geography=DE at 2026-W03"]


# ------------------------------------------------------------------------------- --at

GROWING = history({DE: {"active_members": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]}})


def test_at_an_earlier_period_uses_only_the_history_up_to_it():
    playbook = HEADER + rule("low", "active_members < 35% and peak(active_members) < 35%")
    assert ids(run(playbook, GROWING)) == []
    evaluation = run(playbook, GROWING, at="2026-W03")
    assert (evaluation.period, evaluation.periods) == ("2026-W03", WEEKS[:3])
    assert ids(evaluation) == ["low/reps/geography=DE"]
    assert {e.period for e in evaluation.findings[0].evidence} == {"2026-W03"}


def test_the_default_period_is_the_latest():
    assert run(HEADER, GROWING).period == "2026-W08"
    assert run(HEADER, GROWING, at="").period == "2026-W08"  # `--at "$PERIOD"`, unset


@pytest.mark.parametrize("at", ["2026-W09", "2025-W52"])
def test_at_a_period_not_in_the_history_is_an_error(at):
    with pytest.raises(EvaluationError, match=f"period {at} is not in the metrics "
                                              r"\(2026-W01 to 2026-W08\)"):
        run(HEADER, GROWING, at=at)


@pytest.mark.parametrize(("at", "message"), [
    ("2026-03", r"2026-03 is a month, but the metrics hold ISO weeks \(2026-W01 to 2026-W08\)"),
    ("soon", r"'soon' is not a period: expected an ISO week like 2026-W05"),
    ("2026-W99", r"'2026-W99' is not a period"),
])
def test_at_something_that_is_no_period_of_the_history_says_what_it_is(at, message):
    with pytest.raises(EvaluationError, match=message):
        run(HEADER, GROWING, at=at)


@pytest.mark.parametrize("at", ["2026-01-26", "2026-02-01", "2026/1/29"])
def test_at_a_date_is_read_as_the_week_it_falls_in(at):
    assert run(HEADER, GROWING, at=at).period == "2026-W05"


def test_at_a_date_outside_the_history_names_its_week():
    with pytest.raises(EvaluationError, match=r"period 2026-03-02 \(2026-W10\) is not in the "
                                              r"metrics \(2026-W01 to 2026-W08\)"):
        run(HEADER, GROWING, at="2026-03-02")


@pytest.mark.parametrize(("at", "period"), [("2026-02-28", "2026-02"), ("2026-3-1", "2026-03")])
def test_at_a_date_is_read_as_the_month_it_falls_in(at, period):
    assert periods.chosen_period(at, ("2026-01", "2026-02", "2026-03"), "month") == period


@pytest.mark.parametrize("at", ["2026-w5", "2026-W5", " 2026-W05"])
def test_at_a_loosely_written_period_is_read_as_the_canonical_one(at):
    assert run(HEADER, GROWING, at=at).period == "2026-W05"


def test_an_empty_history_is_an_error():
    with pytest.raises(EvaluationError, match="no periods"):
        run(HEADER, History.empty())


# ----------------------------------------------------------------------------- scopes

SCOPED = HEADER.replace("""  collaboration low
  likelihood    medium
}""", """  collaboration low
  likelihood    medium
}

segment leads "Team leads" {
  members       90
  collaboration high
  likelihood    medium
  by            geography, device
}""")


def test_all_by_geography_takes_only_segments_that_declare_it():
    data = history({
        DE: {"active_members": [0.1] * 8},
        "office/geography=DE": {"active_members": [0.1] * 8},  # office is not broken down
        "leads/geography=DE": {"active_members": [0.1] * 8},
        "leads/device=mobile": {"active_members": [0.1] * 8},
        "office": {"active_members": [0.1] * 8},
    })
    evaluation = run(SCOPED + rule("low", "active_members < 40%", scope="all by geography"), data)
    assert ids(evaluation) == ["low/reps/geography=DE", "low/leads/geography=DE"]
    evaluation = run(SCOPED + rule("low", "active_members < 40%", scope="all by device"), data)
    assert ids(evaluation) == ["low/leads/device=mobile"]


def test_all_takes_every_segment_as_a_whole():
    data = history({"reps": {"active_members": [0.1] * 8}, "office": {"active_members": [0.1] * 8},
                    DE: {"active_members": [0.1] * 8}})
    evaluation = run(SCOPED + rule("low", "active_members < 40%", scope="all"), data)
    assert ids(evaluation) == ["low/reps", "low/office"]  # reps' focus scores higher
    assert [n.id for n in evaluation.not_evaluated] == ["low/leads"]


def test_a_list_of_segments_takes_only_those():
    data = history({"reps": {"active_members": [0.1] * 8}, "office": {"active_members": [0.1] * 8},
                    "leads": {"active_members": [0.1] * 8}})
    evaluation = run(SCOPED + rule("low", "active_members < 40%", scope="reps, leads"), data)
    assert sorted(ids(evaluation)) == ["low/leads", "low/reps"]
