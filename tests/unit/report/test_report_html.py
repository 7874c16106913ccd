"""The HTML report: self-contained, escaped, deterministic, with Vega-Lite charts."""

import json
import re

import attrs

from adoptplan.report.html import SCRIPTS, render_html, script_json, text

from support.report import empty_evaluation, evaluation


def _specs(page: str) -> list[dict]:
    found = re.search(r'<script type="application/json" id="specs">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_page_is_self_contained():
    page = render_html(evaluation())
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # the builds' own strings
    assert not re.search(r"""<(script|link|img|iframe)[^>]*\s(src|href)=""", markup)
    assert page.count("<script>") == len(SCRIPTS) + 1  # the three builds, then the drawing
    assert "vega-lite" in page and "vegaEmbed" in page
    assert page.endswith("</html>\n")


def test_the_headline_alerts_and_actions_come_first_with_evidence_folded():
    page = render_html(evaluation(), "high")
    headline = page.index('<p class="headline">2 critical findings need attention')
    alerts = page.index("<h2>Barrier alerts</h2>")
    actions = page.index("<h2>Actions</h2>")
    assert headline < alerts < actions < page.index("<h2>Progress toward critical mass</h2>")
    assert ('<details class="critical"><summary><span class="level">critical</span> \u00b7 '
            "educate \u00b7 Customer service reps: ") in page
    assert "<td>active_members &lt; 40%</td><td>33.5%</td>" in page


def test_a_chart_per_segment_a_heat_map_and_the_effort():
    specs = _specs(render_html(evaluation()))
    titles = [s.get("title") for s in specs]
    assert titles[:4] == ["Customer service reps", "Account teams", "Engineering",
                          "All segments"]
    trend = specs[0]
    assert trend["layer"][1]["encoding"]["y"]["datum"] == 60
    assert trend["data"]["values"][-1] == {"period": "2026-W48", "active": 31.2}
    heat = specs[4]
    assert heat["mark"] == "rect"
    assert {"group": "Customer service reps in EMEA", "period": "2026-W38", "active": 4} \
        in heat["data"]["values"]
    assert specs[5]["mark"] == "bar"
    assert all(f'id="chart-{n}"' in render_html(evaluation()) for n in range(len(specs)))


def test_every_text_is_escaped_in_the_page_and_in_the_chart_data():
    hostile = "</script><script>alert(1)</script> & \u2028 \u202e"
    first = evaluation().findings[0]
    result = attrs.evolve(
        evaluation(), playbook=hostile, findings=(attrs.evolve(first, message=hostile),),
        history=tuple(attrs.evolve(s, title=hostile) for s in evaluation().history),
        effort=tuple(attrs.evolve(s, title=hostile) for s in evaluation().effort),
        warnings=(hostile,))
    page = render_html(result)
    assert "<script>alert(1)" not in page and "\u202e" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    data = page[page.index('id="specs">'):]
    assert "\\u003c/script\\u003e" in data and "\u2028" not in data


def test_script_json_cannot_end_its_element():
    assert script_json({"a": "</script><!--&"}) == \
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026"}'
    assert text("a\x1b<b>") == "a&amp;#x1B;&lt;b&gt;"


def test_same_input_same_bytes_and_no_chart_without_data():
    assert render_html(evaluation()) == render_html(evaluation())
    empty = render_html(empty_evaluation())
    assert "<script" not in empty  # nothing to draw: no scripts at all
    assert "Nothing needs attention at 2026-11." in empty


def test_a_heat_map_per_barrier_over_groups_and_periods():
    from adoptplan.result import Timeline

    from support.report import PERIODS

    outcomes = ("clear",) * 8 + ("fired", "fired", "fired")
    result = attrs.evolve(evaluation(), timelines=(
        Timeline("file_sharing", "Hesitant to share files", "reps", (("geography", "EMEA"),),
                 outcomes),
        Timeline("file_sharing", "Hesitant to share files", "reps", (), ("",) * 11),
    ))
    page = render_html(result)
    assert "<h2>Barriers by group and period</h2>" in page
    heat = next(s for s in _specs(page) if s.get("title") == "Hesitant to share files")
    assert heat["mark"] == "rect" and heat["encoding"]["x"]["sort"] == list(PERIODS)
    assert heat["data"]["values"][-1] == {"group": "Customer service reps in EMEA",
                                          "period": "2026-W48", "outcome": "fired"}
    assert len(heat["data"]["values"]) == 11  # a period without a case is left blank
    assert "Barriers by group" not in render_html(evaluation())


def test_each_finding_says_since_when_and_cleared_alerts_are_listed():
    page = render_html(evaluation())
    assert ('<span class="since">(open since 2026-W45, 4 periods; held open by clear since '
            "2026-W48)</span>") in page
    assert "<h2>Cleared alerts</h2>" in page
    assert "cleared at 2026-W48 (open since 2026-W44, 4 periods)" in page
    assert "Cleared alerts" not in render_html(attrs.evolve(evaluation(), cleared=()))
