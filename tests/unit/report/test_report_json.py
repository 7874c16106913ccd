"""The JSON renderer: the documented document, the shipped schema, one number formatter."""

import json
import operator
from importlib import resources

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptplan.model import ACTION_KINDS, LEVELS
from adoptplan.report.json_report import (
    as_document,
    number,
    ordered_cases,
    percent,
    render_json,
    rounded,
    schema,
)
from adoptplan.result import BARRIER, RULE, Case, Evaluation, Evidence, Finding, ordered

from support.report import empty_evaluation, evaluation, huge_evaluation


def _validate(text: str) -> dict:
    document = json.loads(text)
    jsonschema.Draft202012Validator(schema()).validate(document)
    return document


def test_schema_ships_inside_the_installed_package():
    resource = resources.files("adoptplan.report").joinpath("schema/evaluation.schema.json")
    assert resource.is_file()
    loaded = json.loads(resource.read_text("utf-8"))
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(loaded)
    assert schema() == loaded


@pytest.mark.parametrize("build", [evaluation, empty_evaluation, lambda: huge_evaluation(50)])
def test_rendered_documents_validate_against_the_schema(build):
    document = _validate(render_json(build(), "high"))
    assert document["format_version"] == 2


def test_schema_rejects_a_document_missing_a_field():
    document = as_document(evaluation())
    del document["findings"][0]["level"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_document_keeps_the_findings_total_order_and_fields():
    result = evaluation()
    document = as_document(result, "high")
    assert [f["id"] for f in document["findings"]] == [f.id for f in result.findings]
    first = document["findings"][0]
    assert first["id"] == "managers_discourage/reps/geography=APAC"
    assert first["alert"] is True
    assert first["dimensions"] == [{"name": "geography", "value": "APAC"}]
    assert first["evidence"][0]["holds"] is True
    assert first["score"] == 0.925
    assert document["periods"][0] == "2026-W38"
    assert document["suppressed"] == 3
    assert document["effort"]["total_hours"] == 200
    assert document["effort"]["shares"][1]["recommended_hours"] == 53.3333
    assert document["critical_mass"][2] == {
        "segment": "engineering", "active": None, "target": 0.6, "members": 85, "ratio": None,
        "reached": False, "forecast": {
            "status": "not enough history", "period": "", "earliest": "", "latest": "",
            "slope": None, "low_slope": None, "high_slope": None, "intercept": None,
            "fitted": ["2026-W45", "2026-W46", "2026-W47"],
            "note": "a trend needs a value in 4 of the last 8 periods"},
    }
    assert document["critical_mass"][3]["forecast"] is None  # the whole network
    assert [(e["intervention"], e["expect"], e["verdict"]) for e in document["interventions"]] == [
        ("champions_emea", "increase", "worked"), ("answer_templates", "decrease", "made it worse"),
        ("engineering_videos", "increase", "")]


def test_summary_counts_levels_waived_and_failing():
    counts = as_document(evaluation(), "high")["summary"]
    assert counts["findings"] == 8
    assert (counts["alerts"], counts["actions"]) == (2, 6)
    assert counts["levels"] == {"critical": 2, "high": 3, "medium": 2, "low": 1, "info": 0}
    assert counts["alert_levels"]["critical"] == 1
    assert counts["waived"] == 1
    assert counts["not_evaluated"] == 1
    assert (counts["fail_on"], counts["failing"]) == ("high", 5)
    assert as_document(evaluation())["summary"]["failing"] == 0


def test_waived_findings_never_count_as_failing():
    counts = as_document(evaluation(), "medium")["summary"]
    assert counts["failing"] == 6  # 7 at or above medium, one of them waived


def test_json_is_sorted_indented_and_ends_with_one_newline():
    text = render_json(evaluation())
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "cases": [')
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_cases_and_not_evaluated_are_sorted_by_file_and_line():
    document = as_document(evaluation())
    keys = [(c["path"], c["line"], c["rule"], c["id"]) for c in document["cases"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0.125, 2, 0.13),  # half up, not to even
        (2.675, 2, 2.68),  # the float is 2.67499..., the number written is 2.675
        (3.0, 4, 3),
        (1e24, 4, 10**24),  # past the default decimal precision
        (53.333333, 4, 53.3333),
        (-0.00001, 2, 0),
        (float("nan"), 2, None),
        (float("inf"), 2, None),
        (None, 2, None),
    ],
)
def test_rounded(value, places, expected):
    result = rounded(value, places)
    assert result == expected
    assert type(result) is type(expected)


def test_number_and_percent_print_without_noise():
    assert number(-0.001) == "0"
    assert number(120.0) == "120"
    assert number(26.666667) == "26.67"
    assert number(None) == "n/a"
    assert percent(0.4125) == "41.3%"
    assert percent(0.6) == "60%"
    assert percent(None) == "n/a"


_text = st.text(max_size=30)
_findings = st.lists(
    st.builds(
        Finding,
        id=st.text(min_size=1, max_size=12),
        source=st.sampled_from([RULE, BARRIER]),
        rule=_text,
        title=_text,
        kind=st.sampled_from(ACTION_KINDS),
        level=st.sampled_from(LEVELS),
        score=st.floats(allow_nan=True, allow_infinity=True),
        segment=_text,
        dimensions=st.lists(st.tuples(_text, _text), max_size=2).map(tuple),
        message=_text,
        evidence=st.lists(
            st.builds(Evidence, expression=_text, value=_text,
                      holds=st.sampled_from([True, False, None])),
            max_size=2,
        ).map(tuple),
    ),
    max_size=6,
    unique_by=lambda f: f.id,
)


@settings(max_examples=60, deadline=None)
@given(findings=_findings, fail_on=st.sampled_from((None, *LEVELS)))
def test_any_evaluation_renders_valid_json_that_keeps_every_text(findings, fail_on):
    result = Evaluation("p", "2026-W01", ("2026-W01",), ordered(findings))
    document = _validate(render_json(result, fail_on))
    assert [f["message"] for f in document["findings"]] == [f.message for f in result.findings]


def test_schema_enums_follow_the_model():
    definitions = schema()["$defs"]
    assert definitions["level"]["enum"] == list(LEVELS)
    assert definitions["finding"]["properties"]["kind"]["enum"] == list(ACTION_KINDS)


def test_the_schema_lists_every_headline_metric_of_the_history():
    from adoptplan.engine.trends import HEADLINE
    from adoptplan.report.json_report import schema

    values = schema()["$defs"]["series"]["properties"]["values"]["properties"]
    assert sorted(values) == sorted(HEADLINE)


def test_lifecycles_and_cleared_alerts_are_in_the_document_and_read_back():
    from adoptplan.report.json_read import findings_from_document

    result = evaluation()
    document = _validate(render_json(result))
    assert {f["id"]: f["lifecycle"] for f in document["findings"]}[
        "file_sharing/reps/geography=EMEA"] == {"since": "2026-W45", "periods": 4,
                                                "held_since": "2026-W48"}
    assert [c["cleared"] for c in document["cleared"]] == ["2026-W48"]
    assert {f.id: f.lifecycle for f in findings_from_document(document)} == {
        f.id: f.lifecycle for f in result.findings}


def _ordered_cases_one_by_one(cases: tuple[Case, ...]) -> list[Case]:
    """The definition, as it was written before issue 21: sort, number each suppressed case
    within its rule in that order, sort again by the ids shown."""
    key = operator.attrgetter("path", "line", "rule", "id")
    numbers: dict[str, int] = {}
    public = []
    for case in sorted(cases, key=key):
        if case.outcome == "suppressed":
            numbers[case.rule] = numbers.get(case.rule, 0) + 1
            case = attrs.evolve(case, id=f"{case.rule}/suppressed/{numbers[case.rule]}")
        public.append(case)
    return sorted(public, key=key)


CASES = st.lists(st.builds(
    lambda rule, label, outcome, where: Case(f"{rule}/{label}", rule, outcome, *where),
    st.sampled_from(["a", "b", "a_b", "a-b"]),
    st.sampled_from(["reps", "reps/geography=DE", "ops", "ops/geography=é", "reps/suppressed-1",
                     "reps/suppressed-2", "reps/suppressed-10", "ops/suppressed-3"]),
    st.sampled_from(["clear", "fired", "not-evaluated", "suppressed"]),
    st.sampled_from([("p.adopt", 3), ("p.adopt", 12), ("method.x", 3), ("", 0)])), max_size=40)


@given(CASES)
def test_cases_are_ordered_and_numbered_as_one_by_one(cases):
    """Suppressed cases numbered in bulk, the cases as plain dicts: the same order and ids as
    numbering them one by one, for rules that share a file, a line or a prefix."""
    expected = _ordered_cases_one_by_one(tuple(cases))
    assert list(ordered_cases(cases)) == expected
    document = as_document(Evaluation("P", "2026-W01", (), (), cases=tuple(cases)))
    assert document["cases"] == [attrs.asdict(case) for case in expected]
