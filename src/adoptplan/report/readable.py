"""The evaluation in a communications manager's words: group titles, a headline, trends.

Shared by the Markdown comment, the HTML report and the terminal, so each says the same thing.
"""

from __future__ import annotations

import iso3166

from adoptplan.model import DECREASE
from adoptplan.report.json_report import number, percent, summary
from adoptplan.result import (
    MEASURED,
    ON_PACE,
    Effect,
    Evaluation,
    Finding,
    Forecast,
    Progress,
    Series,
)

SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
"""Eight block heights, lowest first: a sparkline reads in any font that has them."""
NO_VALUE = "\u00b7"  # a middle dot where a period has no value

_PLACE_DIMENSIONS = frozenset({"geography", "country", "region", "location", "site", "office"})
_THE = ("United", "Netherlands", "Philippines", "Czech", "Dominican", "Bahamas", "Gambia")
"""Country names read with an article ("in the United Kingdom"), as people say them."""
_SHORT_NAMES = {"GB": "United Kingdom", "US": "United States", "KR": "South Korea",
                "RU": "Russia", "TW": "Taiwan", "VN": "Vietnam", "IR": "Iran", "SY": "Syria",
                "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania", "MD": "Moldova",
                "LA": "Laos", "KP": "North Korea", "CZ": "Czechia"}
"""Where ISO 3166's official name is not the one people use (iso3166 gives the official one)."""


def segment_titles(evaluation: Evaluation) -> dict[str, str]:
    """Segment name -> its title, from the effort shares (every segment has one) and history."""
    titles = {s.segment: s.title for s in evaluation.history}
    titles.update({s.segment: s.title for s in evaluation.effort if s.title})
    return titles


def place(value: str) -> str:
    """A country code as its name ("BR" -> "Brazil", "GB" -> "the United Kingdom"); any other
    place as written."""
    code = value.strip().upper()
    if len(code) != 2 or code not in iso3166.countries_by_alpha2:
        return value
    name = _SHORT_NAMES.get(code) or iso3166.countries_by_alpha2[code].name
    return f"the {name}" if name.startswith(_THE) else name


def dimension_phrase(name: str, value: str) -> str:
    """One dimension value as words after a group's title: "in Brazil", "on mobile"."""
    if name.lower() in _PLACE_DIMENSIONS:
        return f"in {place(value)}"
    if "device" in name.lower():
        return f"on {value}"
    return f"({name.replace('_', ' ')} {value})"


def group_title(segment: str, dimensions: tuple[tuple[str, str], ...],
                titles: dict[str, str]) -> str:
    """"Field service engineers in Brazil": the segment's title and its dimension values."""
    title = titles.get(segment, segment)
    return " ".join([title, *(dimension_phrase(n, v) for n, v in dimensions)])


def finding_group(finding: Finding, titles: dict[str, str]) -> str:
    """The group a finding is about, by its titles; "" for one about no segment (a gap)."""
    return group_title(finding.segment, finding.dimensions, titles) if finding.segment else ""


def kind_words(kind: str) -> str:
    return kind.replace("_", " ")


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def headline(evaluation: Evaluation, fail_on: str | None = None) -> str:
    """What needs attention now, in one or two sentences a reader can stop at."""
    titles = segment_titles(evaluation)
    open_findings = [f for f in evaluation.findings if f.status == "open"]
    if not open_findings:
        first = f"Nothing needs attention at {evaluation.period}."
    else:
        top = open_findings[0]
        urgent = [f for f in open_findings if f.level == top.level]
        what = "barrier alert" if top.is_alert else "action"
        group = finding_group(top, titles)
        about = f" for {group}" if group else ""
        first = (f"{_counted(len(urgent), top.level + ' finding', top.level + ' findings')} "
                 f"{'needs' if len(urgent) == 1 else 'need'} attention at {evaluation.period}; "
                 f"first the {what} \u201c{top.title}\u201d{about}.")
    return " ".join(s for s in (first, progress_sentence(evaluation), verdict(evaluation, fail_on))
                    if s)


def progress_sentence(evaluation: Evaluation) -> str:
    """How many segments have reached critical mass, and where the whole network stands."""
    segments = [p for p in evaluation.critical_mass if p.segment != "(all)"]
    if not segments:
        return ""
    reached = sum(p.reached for p in segments)
    whole = next((p for p in evaluation.critical_mass if p.segment == "(all)"), None)
    text = (f"{reached} of {_counted(len(segments), 'segment', 'segments')} "
            f"{'has' if reached == 1 or len(segments) == 1 else 'have'} reached critical mass "
            f"({percent(segments[0].target)} active)")
    if whole is not None and whole.active is not None:
        text += f"; the whole network is at {percent(whole.active)}"
    return text + "."


def verdict(evaluation: Evaluation, fail_on: str | None) -> str:
    if not fail_on:
        return ""
    failing = summary(evaluation, fail_on)["failing"]
    if not failing:
        return f"Nothing is at or above {fail_on}: the check passes."
    return f"{_counted(failing, 'finding is', 'findings are')} at or above {fail_on}: the check fails."


def sparkline(values: tuple[float | None, ...], top: float | None = None) -> str:
    """One block per period, scaled from 0 to `top` (default the largest value), so segments
    drawn against the same target compare; a period without a value is a middle dot."""
    known = [v for v in values if v is not None]
    high = max([*known, top or 0.0])
    if high <= 0:
        return "".join(NO_VALUE if v is None else SPARKS[0] for v in values)
    last = len(SPARKS) - 1
    return "".join(
        NO_VALUE if v is None else SPARKS[max(0, min(last, round(v / high * last)))]
        for v in values)


def segment_series(evaluation: Evaluation) -> dict[str, Series]:
    """The whole segments' series by segment name (groups left out)."""
    return {s.segment: s for s in evaluation.history if not s.dimensions}


def change(values: tuple[float | None, ...], since: int) -> float | None:
    """The last value minus the value at position `since`; None when either is missing."""
    if not values or since < 0 or since >= len(values) - 1:
        return None
    now, then = values[-1], values[since]
    return None if now is None or then is None else now - then


def points(delta: float | None) -> str:
    """A change of a share in percentage points, signed: "+4.2pp"; "n/a" when unknown."""
    if delta is None:
        return "n/a"
    shown = percent(delta)[:-1]
    return ("+" if delta >= 0 and not shown.startswith("-") else "") + shown + "pp"


def launch_position(evaluation: Evaluation) -> int:
    """The position of the baseline (the last period before the launch) in the history; -1 when
    there is none (no launch, or no period before it)."""
    if not evaluation.launch:
        return -1
    before = [i for i, p in enumerate(evaluation.periods) if p < evaluation.launch]
    return before[-1] if before else -1


def active_series(evaluation: Evaluation, segment: str) -> tuple[float | None, ...]:
    """A segment's active share per period; for "(all)", the segments' shares weighted by their
    members, as the critical-mass row of the whole network is (None where any is missing)."""
    found = segment_series(evaluation)
    if segment != "(all)":
        return found[segment].values("active_members") if segment in found else ()
    parts = [(s.values("active_members"), s.values("members")) for s in found.values()]
    if not parts or any(not a or not m for a, m in parts):
        return ()
    out: list[float | None] = []
    for t in range(len(evaluation.periods)):
        pairs = [(a[t], m[t]) for a, m in parts]
        if any(a is None or not m for a, m in pairs):
            out.append(None)
        else:
            out.append(sum(a * m for a, m in pairs) / sum(m for _, m in pairs))
    return tuple(out)


def progress_row(evaluation: Evaluation, progress: Progress) -> dict[str, str]:
    """A critical-mass row in words: trend, now, change since the last period and the launch."""
    active = progress.shares if progress.dimensions else active_series(evaluation,
                                                                       progress.segment)
    return {
        "trend": sparkline(active, progress.target) if active else "",
        "active": percent(progress.active),
        "last": points(change(active, len(active) - 2)),
        "launch": points(change(active, launch_position(evaluation))),
        "target": percent(progress.target),
        "reached": "yes" if progress.reached else "no",
        "forecast": forecast_words(progress.forecast),
    }


def forecast_words(forecast: Forecast | None) -> str:
    """A forecast in a table cell: `2026-W52 (2026-W49 to 2027-W03)`, `reached`, ..."""
    if forecast is None:
        return ""
    if forecast.status != ON_PACE:
        return forecast.status
    if forecast.earliest == forecast.period == forecast.latest:
        return forecast.period
    return f"{forecast.period} ({forecast.earliest} to {forecast.latest or 'later'})"


def _signed(value: float, unit: str) -> str:
    """An effect in the measure's terms: points for a percentage, else the number, signed."""
    if unit == "percent":
        return points(value)
    shown = number(value)
    return shown if shown.startswith("-") else "+" + shown


def effect_words(effect: Effect) -> str:
    """`+6.2pp against comparison groups (95% CI +2.1 to +10.3): worked`, or why there is none."""
    if effect.status != MEASURED:
        return effect.status
    low, high = (_signed(v, effect.unit) for v in (effect.low, effect.high))
    if effect.unit == "percent":
        low, high = low[:-2], high[:-2]  # in the effect's unit, written once
    return (f"{_signed(effect.effect, effect.unit)} against comparison groups "
            f"(95% CI {low} to {high}): {effect.verdict}")


def treated_words(effect: Effect) -> str:
    """The treated group as the playbook names it: `reps geography = DE`."""
    return effect.segment + "".join(f" {name} = {value}" for name, value in effect.dimensions)


def measure_words(effect: Effect) -> str:
    """The measure, and the way it should move when that is down (up is the default)."""
    return effect.measure + (f" (expect {DECREASE})" if effect.expect == DECREASE else "")


def effect_rows(evaluation: Evaluation) -> list[list[str]]:
    """One row per intervention: title, group, when, what it should move, the effect, periods."""
    return [[e.title, treated_words(e), f"{e.starts} to {e.ends}", measure_words(e),
             effect_words(e), f"{e.before} / {e.after}"] for e in evaluation.effects]


EFFECT_HEADERS = ["intervention", "for", "when", "measure", "effect", "periods before / after"]


def effect_lines(effect: Effect) -> list[str]:
    """An intervention's effect as lines of text, for outputs without tables (GitHub, JUnit,
    notifications): the effect in words, then the group, when, measure and periods."""
    lines = [effect_words(effect), f"for: {treated_words(effect)}",
             f"when: {effect.starts} to {effect.ends}", f"measure: {measure_words(effect)}",
             f"periods before / after: {effect.before} / {effect.after}"]
    if effect.comparison:
        lines.append(f"compared with: {', '.join(effect.comparison)}")
    return lines


def progress_words(progress: Progress, titles: dict[str, str]) -> str:
    """A critical-mass row as one line: `Customer service reps: 31.2% active of 60% target,
    forecast 2026-W52 (2026-W50 to 2027-W03)`."""
    line = (f"{progress_title(progress, titles)}: {percent(progress.active)} active of "
            f"{percent(progress.target)} target")
    forecast = forecast_words(progress.forecast)
    return line + (f", forecast {forecast}" if forecast else "")


def progress_title(progress: Progress, titles: dict[str, str]) -> str:
    if progress.dimensions:
        return group_title(progress.segment, progress.dimensions, titles)
    return "All segments" if progress.segment == "(all)" else titles.get(progress.segment,
                                                                         progress.segment)


def progress_in_order(evaluation: Evaluation) -> list[Progress]:
    """The critical-mass rows: each segment followed by its groups (`forecast by`), then the
    whole network."""
    rows = []
    for progress in evaluation.critical_mass:
        rows.append(progress)
        rows += [g for g in evaluation.group_progress if g.segment == progress.segment
                 and progress.segment != "(all)"]
    return rows
