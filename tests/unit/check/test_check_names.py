"""Name checks: declared once, declared before use, did-you-mean over the names in scope."""

import pytest
from test_check import codes, found

from adoptplan import model as m
from adoptplan.check.index import included_file, included_path
from adoptplan.check.texts import placeholders

SEGMENT = 'segment reps {\n  members 1200\n  by geography, device\n}\n\n'


def rule(*clauses: str) -> str:
    return "rule r {\n" + "".join(f"  {c}\n" for c in clauses) + "}\n"


def test_duplicate_points_at_the_second_and_names_the_first():
    text = 'metric q {\n  unit count\n}\n\nparam q count = 3\n'
    (d,) = [d for d in found(text) if d.code == "AP201"]
    assert (d.span.line, d.span.column) == (9, 7)
    assert d.message == "'q' is already declared as a metric"
    assert d.hint == "the first is at line 5; rename one of them"


def test_rules_and_barriers_share_one_namespace_but_segments_have_their_own():
    text = (
        rule("when posts < 3", 'do measure "x"') + "\n"
        'barrier r {\n  when posts < 3\n  severity low\n  remedy "x"\n}\n\n'
        "segment r {\n  members 3\n}\n"
    )
    assert codes(text).count("AP201") == 1


def test_unknown_segment_suggests_the_closest_declared_one():
    (d,) = [d for d in found(SEGMENT + rule("when posts < 3", "in rpes", 'do measure "x"'))
            if d.code == "AP202"]
    assert d.hint == "did you mean 'reps'?"
    assert (d.span.column, d.span.end_column) == (6, 10)


def test_unknown_name_without_a_close_one_says_how_to_declare_it():
    (d,) = [d for d in found(rule("when posts < 3", 'do measure "x"', "using wiki"))]
    assert d.code == "AP204"
    assert d.hint == "declare it: tool wiki { ... }"


@pytest.mark.parametrize("expression", [
    "active_members < 40%",
    "critical_mass > active_members",
    "periods_since_launch > 3 periods",
    "questions > 3",
    "active_members < floor",
])
def test_known_values_are_metrics_standard_metrics_params_and_builtins(expression):
    text = "metric questions {\n  unit count\n}\n\nparam floor percent = 40%\n\n"
    assert "AP205" not in codes(text + rule(f"when {expression}", 'do measure "x"'))


def test_names_in_a_segment_match_are_people_directory_attributes():
    text = 'segment reps {\n  match department == "Sales" and grade > 3\n}\n'
    assert "AP205" not in codes(text)


def test_unknown_metric_in_a_derived_metric_and_in_a_history_function():
    text = "metric share {\n  value posts / memberz\n}\n\n" + rule(
        "when peak(activ_members) > 3", 'do measure "x"')
    assert [d.hint for d in found(text) if d.code == "AP205"] == [
        "did you mean 'members'?", "did you mean 'active_members'?"
    ]


def test_an_undeclared_metric_of_the_data_is_told_to_be_declared_not_a_neighbour():
    text = "metric digest_clicks {\n  unit count\n}\n\n" + rule(
        "when digest_clicks / digest_opens < 20%", 'do measure "x"')
    (hint,) = [d.hint for d in found(text) if d.code == "AP205"]
    assert hint == ("did you mean 'digest_clicks'? If it comes from the data (a column of the "
                    "metrics, a [counts] metric of the mapping), declare it: "
                    "metric digest_opens { unit count }")


def test_unknown_function_points_at_its_name_only():
    (d,) = found(rule("when averge(posts, 3 periods) > 3", 'do measure "x"'))
    assert (d.code, d.span.column, d.span.end_column, d.hint) == (
        "AP213", 8, 14, "did you mean 'average'?"
    )


@pytest.mark.parametrize("message, expected", [
    ("Hello {segment} on {tool}", []),
    ("{geography}: {active_members} below {floor} ({threshold})", []),
    ("{segmnt}", ["unknown placeholder '{segmnt}'"]),
    ("{device}", ["unknown placeholder '{device}'"]),  # the scope is broken down by geography
    ("{two words}", ["'{two words}' is not a placeholder"]),
])
def test_placeholders(message, expected):
    text = "tool wiki {\n  has \"pages\"\n}\n\nparam floor percent = 40%\n\n" + SEGMENT + rule(
        "when active_members < floor", "in reps by geography", f'do measure "{message}"',
        "using wiki",
    )
    assert [d.message for d in found(text) if d.code == "AP207"] == expected


def test_tool_placeholder_needs_a_using_clause():
    (d,) = found(rule("when posts < 3", 'do measure "Use {tool}"'))
    assert (d.code, d.message) == ("AP207", "'{tool}' names no tool: there is no `using` clause")


def test_placeholder_span_is_inside_the_quotes_when_the_text_has_no_escapes():
    text = m.Text("Use {tool} now", span=m.Span("p", 3, 10, 3, 26))
    (p,) = placeholders(text)
    assert (p.name, p.span.column, p.span.end_column) == ("tool", 15, 21)
    escaped = m.Text('Say "{tool}"', span=m.Span("p", 3, 10, 3, 26))
    assert next(placeholders(escaped)).span == escaped.span


def test_levels_may_be_a_level_param():
    text = "param watch level = high\n\n" + rule("when posts < 3", 'do measure "x"',
                                                  "priority watch")
    assert codes(text) == []


def test_a_level_param_default_is_judged_by_its_type_only():
    (d,) = found("param watch level = hihg\n\n" + rule("when posts < 3", 'do measure "x"',
                                                          "priority watch"))
    assert (d.code, d.hint) == ("AP306", "did you mean 'high'?")


def test_action_kinds_are_written_with_underscores():
    assert codes(rule("when posts < 3", 'do remove_barrier "x"')) == []
    (d,) = found(rule("when posts < 3", 'do remove_barier "x"'))
    assert (d.code, d.hint) == ("AP209", "did you mean 'remove_barrier'?")


@pytest.mark.parametrize("text, word", [
    ('segment s {\n  collaboration hihg\n}\n', "hihg"),
    ('segment s {\n  likelihood medum\n}\n', "medum"),
    ("metric q {\n  unit cnt\n}\n", "cnt"),
    ("param q percnt = 3%\n", "percnt"),
    ("intervention i {\n  expect lower\n}\n", "lower"),
])
def test_enumerations(text, word):
    assert [d.message.split("'")[1] for d in found(text) if d.code == "AP210"] == [word]


def test_an_intervention_expects_an_increase_or_a_decrease_at_its_word():
    text = (SEGMENT + "intervention faster {\n  for     reps\n  from    2026-W41\n"
            "  to      2026-W43\n  measure posts\n  expect  decrese\n}\n")
    (d,) = [d for d in found(text) if d.code == "AP210"]
    assert (d.span.line, d.span.column, d.span.end_column) == (15, 11, 18)  # after the header
    assert d.hint == "did you mean 'decrease'?"
    assert "AP210" not in codes(text.replace("decrese", "decrease"))
    assert "AP210" not in codes(text.replace("  expect  decrese\n", ""))


def test_forecast_by_names_a_dimension_some_segment_is_broken_down_by():
    header = 'playbook "P" {\n  cadence  weekly\n  launch   2026-W40\n  forecast by devise\n}\n\n'
    (d,) = [d for d in found(header + SEGMENT, header=False) if d.code == "AP211"]
    assert (d.span.line, d.span.column, d.hint) == (4, 15, "did you mean 'device'?")
    fine = header.replace("devise", "device, geography")
    assert "AP211" not in codes(fine + SEGMENT, header=False)


def test_dimension_must_be_declared_by_a_segment_in_scope():
    other = 'segment hq {\n  by region\n}\n\n'
    text = SEGMENT + other + rule("when posts < 3", "in reps by region", 'do measure "x"')
    (d,) = [d for d in found(text) if d.code == "AP211"]
    assert d.hint == "add `by region` to segment reps"
    assert "AP211" not in codes(SEGMENT + other + rule("when posts < 3", "in all by region",
                                                          'do measure "x"'))


def test_unused_declarations_are_warnings():
    text = (
        "metric q {\n  unit count\n}\n\nparam p count = 3\n\n"
        "tool lonely {\n  has \"x\"\n}\n\n"
        "segment reps {\n  members 3\n}\n\n"
        'priority rep {\n  for reps\n}\n\n'
        "tool serving {\n  serves rep\n}\n"
    )
    unused = [d for d in found(text) if d.code == "AP212"]
    assert [d.message.split(" is")[0] for d in unused] == [
        "metric 'q'", "param 'p'", "tool 'lonely'"
    ]
    assert {d.severity for d in unused} == {"warning"}


def test_a_metric_named_only_in_a_message_is_used():
    text = "metric q {\n  unit count\n}\n\n" + rule("when posts < 3", 'do measure "{q} asked"')
    assert codes(text) == []


def test_metric_cycles_are_reported_once():
    text = ("metric a {\n  value b + 1\n}\n\nmetric b {\n  value c\n}\n\n"
            "metric c {\n  value a * 2\n}\n\nmetric d {\n  value d\n}\n")
    cycles = [d.message for d in found(text) if d.code == "AP216"]
    assert cycles == [
        "metric 'a' depends on itself: a -> b -> c -> a",
        "metric 'd' depends on itself: d -> d",
    ]


# ----------------------------------------------------------------------------------- includes


@pytest.mark.parametrize("including, include, expected", [
    ("main.adopt", m.Include("shared/s.adopt", False), "shared/s.adopt"),
    ("dir/main.adopt", m.Include("../s.adopt", False), "s.adopt"),
    ("main.adopt", m.Include("method.pilot", True), "method.pilot"),
])
def test_included_path(including, include, expected):
    assert included_path(including, include) == expected


def test_included_file_matches_display_paths_by_their_tail():
    files = (m.SourceFile("/abs/root/main.adopt", ()), m.SourceFile("/abs/root/shared/s.adopt", ()))
    playbook = m.Playbook(files)
    assert included_file(playbook, "main.adopt", m.Include("./shared/s.adopt", False)) is files[1]
    assert included_file(playbook, "main.adopt", m.Include("missing.adopt", False)) is None


def test_include_override_of_an_unknown_param(tmp_path):
    from adoptplan import api

    (tmp_path / "pilot.adopt").write_text("param pilot_floor percent = 30%\n" + rule(
        "when active_members < pilot_floor", 'do measure "x"'), encoding="utf-8")
    main = tmp_path / "main.adopt"
    main.write_text('include "pilot.adopt" {\n  pilot_flor = 20%\n  pilot_floor = 20\n}\n',
                    encoding="utf-8")
    found_codes = [(d.code, d.span.line, d.hint) for d in api.check_paths([main]).diagnostics
                   if d.span.path.endswith("main.adopt") and d.severity == "error"]
    assert found_codes == [
        ("AP206", 2, "did you mean 'pilot_floor'?"),
        ("AP306", 3, "write 20%"),
    ]


def test_no_header_is_reported_on_the_file_that_includes_the_others(tmp_path):
    from adoptplan import api

    (tmp_path / "shared.adopt").write_text("segment reps {\n  members 3\n}\n", encoding="utf-8")
    main = tmp_path / "main.adopt"
    main.write_text('include "shared.adopt"\n', encoding="utf-8")
    (d,) = [d for d in api.check_paths([main]).diagnostics if d.code == "AP215"]
    assert d.span.path.endswith("main.adopt")
