"""The HTML report: one self-contained page a communications team opens offline.

The headline, alerts and actions with their evidence one click away, a trend chart per segment
against the critical mass, a heat map of active members over groups and periods, the effort and
the critical-mass table. Charts are Vega-Lite specs drawn in the page by the released vega,
vega-lite and vega-embed builds shipped in the package (`vendor/`) and inlined: the page needs
no network, and no chart is drawn by hand. Every text is escaped; the same evaluation gives the
same bytes (the charts are drawn when the page is opened, from data written in a fixed order).
"""

from __future__ import annotations

import html
import json
from importlib import resources

from adoptplan.report.json_report import (
    cleared_words,
    lifecycle_words,
    number,
    ordered_not_evaluated,
    rule_ref,
)
from adoptplan.report.readable import (
    EFFECT_HEADERS,
    active_series,
    effect_rows,
    finding_group,
    group_title,
    headline,
    kind_words,
    progress_in_order,
    progress_row,
    progress_title,
    segment_titles,
)
from adoptplan.report.table import (
    INVISIBLE,
    effort_shown,
    effort_title,
    level_label,
    summary_counts,
    visible,
)
from adoptplan.result import Evaluation, Finding

SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
"""Loaded in this order: vega-lite needs vega, vega-embed both."""

_CODES = str.maketrans({code: f"&amp;#x{code:X};" for code in INVISIBLE})

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0 auto;
 max-width:860px;padding:16px 20px;overflow-wrap:anywhere}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;
 border-bottom:1px solid #d0d7de;padding-bottom:.2em}
.headline{font-size:1.1em;font-weight:600}.counts{color:#59636e}
details{border-left:4px solid #d0d7de;padding:.3em .6em;margin:.35em 0;background:#f6f8fa}
details.critical{border-color:#b42318}details.high{border-color:#e5484d}
details.medium{border-color:#d4a72c}details.low{border-color:#3e8ed0}
summary{cursor:pointer}.level{font-weight:700;text-transform:uppercase;font-size:.8em}
.remedy{font-style:italic}
.since{color:#555}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4em 0;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}.spark{font-family:monospace;letter-spacing:-1px}
.chart{width:100%;margin:.4em 0}.charts{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.note{color:#59636e;font-size:.9em}
"""


def text(value: str) -> str:
    """`value` as HTML text or attribute: entities for `& < > " '`, what a reader cannot see
    shown as its code."""
    return html.escape(value, quote=True).translate(_CODES)


def script_json(value: object) -> str:
    """JSON safe inside a `<script>` element: no `</script>`, `<!--`, line separators or
    control characters raw."""
    dumped = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return dumped.translate(_SCRIPT_SAFE)


_SCRIPT_SAFE = str.maketrans({char: f"\\u{ord(char):04x}" for char in
                              ("<", ">", "&", "\u2028", "\u2029", *map(chr, INVISIBLE))})


def label(value: str) -> str:
    """A chart's text: what a reader cannot see written as its code, as in the other formats
    (the chart draws it as text, so entities are not needed)."""
    return visible(value)


def _vendor(name: str) -> str:
    body = resources.files("adoptplan.report").joinpath("vendor", name).read_text("utf-8")
    if "</script" in body.lower():  # would end the inline element early
        raise ValueError(f"{name} cannot be inlined")
    return body


def _finding(finding: Finding, titles: dict[str, str]) -> str:
    group = finding_group(finding, titles)
    parts = [f'<span class="level">{text(level_label(finding))}</span>']
    if not finding.is_alert:
        parts.append(text(kind_words(finding.kind)))
    if group:
        parts.append(text(group))
    line = " \u00b7 ".join(parts) + ": " + text(finding.message)
    if finding.remedy:
        line += f' <span class="remedy">\u2192 {text(finding.remedy)}</span>'
    if finding.lifecycle is not None:
        line += f' <span class="since">({text(lifecycle_words(finding.lifecycle))})</span>'
    rows = "".join(
        f"<tr><td>{text(e.expression)}</td><td>{text(e.value)}</td><td>{text(e.period)}</td>"
        f"<td>{text(e.threshold)}</td><td>{text(e.margin)}</td>"
        f"<td>{'yes' if e.holds else 'no' if e.holds is False else 'n/a'}</td></tr>"
        for e in finding.evidence)
    evidence = ("<table><tr><th>evidence</th><th>value</th><th>period</th><th>threshold</th>"
                f"<th>margin</th><th>holds</th></tr>{rows}</table>") if rows else ""
    where = text(rule_ref(finding.rule, finding.path, finding.line))
    return (f'<details class="{text(finding.level)}"><summary>{line}</summary>'
            f"<p>Rule {where}: {text(finding.title)}<br>id <code>{text(finding.id)}</code></p>"
            f"{evidence}</details>")


def _findings(title: str, findings: tuple[Finding, ...], titles: dict[str, str]) -> str:
    if not findings:
        return ""
    return f"<h2>{title}</h2>" + "".join(_finding(f, titles) for f in findings)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table of already-escaped cells; `numeric` columns are right-aligned."""
    def cell(tag: str, index: int, value: str) -> str:
        return f'<{tag} class="n">{value}</{tag}>' if index in numeric else \
            f"<{tag}>{value}</{tag}>"
    head = "".join(cell("th", i, text(h)) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _interventions(evaluation: Evaluation) -> str:
    rows = [[text(cell) for cell in row] for row in effect_rows(evaluation)]
    return "<h2>Interventions</h2>" + _table(EFFECT_HEADERS, rows)


def _progress(evaluation: Evaluation, titles: dict[str, str]) -> str:
    rows = []
    for p in progress_in_order(evaluation):
        row = progress_row(evaluation, p)
        rows.append([text(progress_title(p, titles)), f'<span class="spark">{row["trend"]}</span>',
                     row["active"], row["last"], row["launch"], row["target"], row["reached"],
                     text(row["forecast"])])
    headers = ["segment", "trend", "active", "since last period", "since launch", "target",
               "reached", "forecast"]
    return "<h2>Progress toward critical mass</h2>" + _table(headers, rows, {2, 3, 4, 5})


def _trend_spec(evaluation: Evaluation, segment: str, title: str, target: float) -> dict:
    """Vega-Lite: the segment's active share per period, a rule at the critical mass."""
    values = [{"period": period, "active": None if v is None else round(v * 100, 2)}
              for period, v in zip(evaluation.periods, active_series(evaluation, segment))]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": label(title), "width": "container", "height": 150,
        "data": {"values": values},
        "layer": [
            {"mark": {"type": "line", "point": True},
             "encoding": {"x": {"field": "period", "type": "ordinal", "title": None,
                                "axis": {"labelAngle": -45}},
                          "y": {"field": "active", "type": "quantitative",
                                "title": "active members (%)",
                                "scale": {"domain": [0, 100]}}}},
            {"mark": {"type": "rule", "color": "#7f7f7f", "strokeDash": [4, 3]},
             "encoding": {"y": {"datum": round(target * 100, 2)}}},
        ],
    }


def _heat_spec(evaluation: Evaluation, titles: dict[str, str]) -> dict | None:
    """Vega-Lite: active members of every segment and large enough group over the periods."""
    values = []
    for series in evaluation.history:
        name = label(group_title(series.segment, series.dimensions, titles))
        for period, v in zip(evaluation.periods, series.values("active_members")):
            if v is not None:
                values.append({"group": name, "period": period, "active": round(v * 100, 2)})
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container", "data": {"values": values},
        "mark": "rect",
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": None},
            "y": {"field": "group", "type": "nominal", "title": None, "sort": None,
                  "axis": {"labelLimit": 260}},
            "color": {"field": "active", "type": "quantitative", "title": "active %",
                      "scale": {"scheme": "blues", "domain": [0, 100]}},
        },
    }


OUTCOMES = (("fired", "#d1495b"), ("clear", "#cfe8d5"), ("not-evaluated", "#bdbdbd"))
"""The colours of a barrier's heat map: red where it fired, pale green where it was clear."""


def _timeline_spec(evaluation: Evaluation, rule: str, titles: dict[str, str]) -> dict:
    """Vega-Lite: one barrier's outcome for each group (rows) and period (columns)."""
    values, title = [], ""
    for timeline in evaluation.timelines:
        if timeline.rule != rule:
            continue
        title = timeline.title
        name = label(group_title(timeline.segment, timeline.dimensions, titles))
        values += [{"group": name, "period": period, "outcome": outcome}
                   for period, outcome in zip(evaluation.periods, timeline.outcomes) if outcome]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": label(title), "width": "container", "data": {"values": values},
        "mark": "rect",
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": None,
                  "sort": list(evaluation.periods)},
            "y": {"field": "group", "type": "nominal", "title": None, "sort": None,
                  "axis": {"labelLimit": 260}},
            "color": {"field": "outcome", "type": "nominal", "title": None,
                      "scale": {"domain": [o for o, _ in OUTCOMES],
                                "range": [c for _, c in OUTCOMES]}},
        },
    }


def _effort_spec(evaluation: Evaluation, titles: dict[str, str]) -> dict:
    values = []
    for share in evaluation.effort:
        name = label(titles.get(share.segment, share.segment))
        values.append({"segment": name, "hours": share.recommended_hours, "kind": "recommended"})
        if share.planned_hours is not None:
            values.append({"segment": name, "hours": share.planned_hours, "kind": "planned"})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container", "data": {"values": values}, "mark": "bar",
        "encoding": {
            "y": {"field": "segment", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "kind"},
            "x": {"field": "hours", "type": "quantitative", "title": "hours"},
            "color": {"field": "kind", "type": "nominal", "title": None,
                      "scale": {"domain": ["recommended", "planned"],
                                "range": ["#4e79a7", "#f28e2b"]}},
        },
    }


def _charts(evaluation: Evaluation, titles: dict[str, str]) -> tuple[str, list[dict]]:
    """The chart sections and their specs, in page order (chart-0, chart-1...)."""
    specs: list[dict] = []

    def place(spec: dict) -> str:
        specs.append(spec)
        return f'<div class="chart" id="chart-{len(specs) - 1}"></div>'

    parts = []
    trends = [p for p in evaluation.critical_mass if active_series(evaluation, p.segment)]
    if trends and len(evaluation.periods) > 1:
        parts.append("<h2>Trends against the critical mass</h2><p class=\"note\">Active members "
                     "per period; the dashed line is the critical mass.</p><div class=\"charts\">"
                     + "".join(place(_trend_spec(evaluation, p.segment,
                                                 progress_title(p, titles), p.target))
                               for p in trends) + "</div>")
    heat = _heat_spec(evaluation, titles)
    if heat is not None and len(evaluation.periods) > 1:
        parts.append("<h2>Active members by group and period</h2>" + place(heat))
    rules = list(dict.fromkeys(t.rule for t in evaluation.timelines))
    if rules:
        parts.append("<h2>Barriers by group and period</h2><p class=\"note\">Where each "
                     "barrier's condition held (red), was clear (green) or could not be "
                     "decided (grey).</p>"
                     + "".join(place(_timeline_spec(evaluation, rule, titles)) for rule in rules))
    if effort_shown(evaluation):
        rows = [[text(titles.get(s.segment, s.segment)), text(s.collaboration),
                 text(s.likelihood), number(s.focus_score), number(s.recommended_hours),
                 number(s.planned_hours)] for s in evaluation.effort]
        parts.append(f"<h2>{text(effort_title(evaluation))}</h2>"
                     + place(_effort_spec(evaluation, titles))
                     + _table(["segment", "collaboration", "likelihood", "focus score",
                               "recommended hours", "planned hours"], rows, {3, 4, 5}))
    return "".join(parts), specs


def _cleared(evaluation: Evaluation) -> str:
    """The alerts that closed at this period, and how long they were open."""
    if not evaluation.cleared:
        return ""
    return "<h2>Cleared alerts</h2><ul>" + "".join(
        f"<li>{text(c.title)} (<code>{text(c.id)}</code>): {text(cleared_words(c))}</li>"
        for c in evaluation.cleared) + "</ul>"


def _not_evaluated(evaluation: Evaluation) -> str:
    items = ordered_not_evaluated(evaluation)
    if not items:
        return ""
    rows = [[f"<code>{text(n.id)}</code>", text(rule_ref(n.rule, n.path, n.line)), text(n.reason)]
            for n in items]
    return (f"<details><summary>Not evaluated ({len(items)})</summary>"
            + _table(["id", "rule", "reason"], rows) + "</details>")


def _warnings(evaluation: Evaluation) -> str:
    if not evaluation.warnings:
        return ""
    return "<h2>Warnings</h2><ul>" + "".join(f"<li>{text(w)}</li>"
                                             for w in evaluation.warnings) + "</ul>"


DRAW = """
const specs = JSON.parse(document.getElementById("specs").textContent);
specs.forEach((spec, i) => vegaEmbed("#chart-" + i, spec, {actions: false, renderer: "svg"})
  .catch((error) => console.error(error)));
"""


def render_html(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """The whole page, scripts and data inline."""
    titles = segment_titles(evaluation)
    title = text(f"adoptplan: {evaluation.playbook} at {evaluation.period}")
    charts, specs = _charts(evaluation, titles)
    body = "".join([
        f"<h1>{title}</h1>",
        f'<p class="headline">{text(headline(evaluation, fail_on))}</p>',
        f'<p class="counts">{text(summary_counts(evaluation, fail_on))}</p>',
        _findings("Barrier alerts", evaluation.alerts, titles),
        _cleared(evaluation),
        _findings("Actions", evaluation.actions, titles),
        _progress(evaluation, titles) if evaluation.critical_mass else "",
        charts,
        _interventions(evaluation) if evaluation.effects else "",
        _not_evaluated(evaluation),
        _warnings(evaluation),
    ])
    scripts = "".join(f"<script>{_vendor(name)}</script>\n" for name in SCRIPTS) if specs else ""
    data = (f'<script type="application/json" id="specs">{script_json(specs)}</script>\n'
            f"<script>{DRAW}</script>\n") if specs else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{STYLE}</style></head>\n<body>\n{body}\n"
            f"{scripts}{data}</body></html>\n")

