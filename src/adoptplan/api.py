"""Every pipeline stage as a public function, so the CLI, tests and BDD steps can stop at any."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from adoptplan.codes.syntax import UNEXPECTED_TOKEN
from adoptplan.diagnostics import Diagnostic, InputError, sort_diagnostics
from adoptplan.expressions import look_backs, used_metrics
from adoptplan.load import Loaded, load, load_text
from adoptplan.model import Span, frozen

if TYPE_CHECKING:
    from collections.abc import Collection

    from adoptplan.model import Playbook, Span
    from adoptplan.result import Evaluation, Previous
    from adoptplan.snapshot import History


@frozen
class Checked:
    """A loaded playbook and every finding about it: syntax first, then semantics."""

    loaded: Loaded
    diagnostics: tuple[Diagnostic, ...]


def check_loaded(loaded: Loaded, today: dt.date | None = None,
                 allow_small: bool = False) -> Checked:
    """Semantic checks run only on a playbook that parsed, so one typo does not cascade.

    `today` (default: the real date) decides which waivers have expired; `allow_small`
    (`--allow-small-groups`) makes a privacy floor below 5 people a warning, not an error.
    """
    # start-up: loads check only when this runs
    from adoptplan.check import check

    found = list(loaded.diagnostics)
    if not any(d.severity == "error" for d in found):
        found.extend(check(loaded.playbook, today=today, allow_small=allow_small))
    return Checked(loaded, tuple(sort_diagnostics(found)))


def check_paths(paths: list[Path], today: dt.date | None = None,
                allow_small: bool = False) -> Checked:
    """Load and check playbooks. Raises FileNotFoundError for a path that does not exist."""
    return check_loaded(load(paths), today, allow_small)


def check_stdin(data: bytes, filename: Path | None = None,
                today: dt.date | None = None, allow_small: bool = False) -> Checked:
    """Check a playbook read from standard input, located at `filename` (an editor's buffer)."""
    # start-up: loads load only when this runs
    from adoptplan.load import load_stdin

    return check_loaded(load_stdin(data, filename), today, allow_small)


def check_text(text: str, path: str = "playbook.adopt", today: dt.date | None = None) -> Checked:
    return check_loaded(load_text(text, path), today)


def library_include_sites(playbook: "Playbook") -> dict[str, tuple[str, int]]:
    """Library playbook (`method.barriers`) -> (file, line) of the team's include of it."""
    # start-up: loads check.index only when this runs
    from adoptplan.check.index import library_include_sites as sites

    return {name: (span.path, span.line) for name, span in sorted(sites(playbook).items())}


@frozen
class Prepared:
    """A checked playbook and its metric history, ready to evaluate; warnings kept for display."""

    checked: Checked
    history: "History"
    warnings: tuple[Diagnostic, ...]
    sources: dict[str, str]


def prepare(playbook_paths: list[Path], metrics_paths: list[Path],
            allow_small: bool = False) -> Prepared:
    """Load and check playbooks and metrics together (`allow_small`: a privacy floor below 5
    people is allowed, see `check_loaded`).

    Raises InputError when either has errors, FileNotFoundError for a missing path.
    """
    # start-up: loads numpy only when this runs
    from adoptplan.engine.params import metric_units
    from adoptplan.metrics import (
        check_look_backs,
        check_scopes_have_rows,
        check_used_metrics,
        load_metrics,
    )

    checked = check_paths(playbook_paths, allow_small=allow_small)
    sources = dict(checked.loaded.sources)
    errors = tuple(d for d in checked.diagnostics if d.severity == "error")
    if errors:
        raise InputError(errors, sources)
    playbook = checked.loaded.playbook
    dimensions = {d.text for s in playbook.segments for d in s.dimensions}
    loaded = load_metrics(metrics_paths, metric_units(playbook),
                          [s.name.text for s in playbook.segments], dimensions)
    # only the files a finding points into keep their text: a large history's files are
    # hundreds of megabytes, which the rest of the run does not need
    cited = {d.span.path for d in loaded.diagnostics}
    sources.update((shown, text) for shown, text in loaded.sources.items() if shown in cited)
    errors = tuple(d for d in loaded.diagnostics if d.severity == "error")
    if errors:
        raise InputError(errors, sources)
    used = used_metrics(playbook)
    warnings = (*loaded.diagnostics, *check_used_metrics(loaded.history, used),
                *check_scopes_have_rows(loaded.history, read_scopes(playbook)),
                *check_look_backs(loaded.history, look_backs(playbook)))
    return Prepared(checked, loaded.history, tuple(sort_diagnostics(warnings)), sources)


def read_scopes(playbook: "Playbook") -> dict[tuple[str, str], "Span"]:
    """Each declared segment, and each breakdown a rule or barrier reads (`in reps by
    geography`; `in all by geography`: the segments declared `by geography`), with where the
    playbook says it first."""
    segments = {s.name.text: s.name.span for s in playbook.segments}
    scopes = {(name, ""): span for name, span in segments.items()}
    for decl in (*playbook.rules, *playbook.barriers):
        scope = decl.scope
        if scope is None or scope.dimension is None:
            continue
        dimension = scope.dimension.text
        broken_down = [s.name.text for s in playbook.segments
                       if dimension in {d.text for d in s.dimensions}]
        for name in [s.text for s in scope.segments] or broken_down:
            if name in segments:
                scopes.setdefault((name, scope.dimension.text), scope.dimension.span)
    return scopes


def not_evaluated_reasons(prepared: Prepared, evaluation: "Evaluation") -> list[str]:
    """Why a run answered less than asked, for `--fail-on-not-evaluated`: each segment the
    metrics have no row of, and that no rule or barrier could be evaluated for any group (the
    evaluation must have recorded its cases)."""
    playbook = prepared.checked.loaded.playbook
    have = {group.segment for group in prepared.history.groups}
    reasons = [f"segment '{s.name.text}' has no data" for s in playbook.segments
               if s.name.text not in have]
    declared = (*playbook.rules, *playbook.barriers)
    if declared and all(case.outcome == "not-evaluated" for case in evaluation.cases):
        reasons.append("no rule or barrier could be evaluated for any group")
    return reasons


def parse_overrides(pairs: list[str]) -> dict:
    """`--param name=value` pairs as expressions. Raises InputError on a malformed one."""
    # start-up: loads syntax only when this runs
    from adoptplan.syntax import parse_expression

    overrides = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():

            raise InputError((Diagnostic(UNEXPECTED_TOKEN, f"expected NAME=VALUE, got '{pair}'",
                                         Span("--param", 1, 1, 1, len(pair) + 1)),), {})
        try:
            overrides[name.strip()] = parse_expression(text.strip(), f"--param {name.strip()}")
        except InputError as error:
            raise InputError(error.diagnostics, {f"--param {name.strip()}": text.strip()}) from None
    return overrides


def evaluate_prepared(prepared: Prepared, at: str | None = None, overrides: dict | None = None,
                      record_cases: bool = True, previous: "Collection[str]" = frozenset(),
                      timelines: bool = False, floor: float | None = None,
                      allow_small: bool = False) -> "Evaluation":
    """`previous`: ids of the alerts open in the previous result (see `previous_alerts`).
    `timelines`: also evaluate every period of the history for each barrier's outcome per group
    (the HTML report's heat maps; one evaluation per period). `floor`: the privacy floor
    (default 10 people), below 5 only with `allow_small`.

    Raises adoptplan.engine.EvaluationError when `at` is not in the history.
    """
    # start-up: loads numpy only when this runs
    from adoptplan.engine import evaluate
    from adoptplan.engine.params import DEFAULT_MINIMUM

    floor = DEFAULT_MINIMUM if floor is None else floor
    playbook = prepared.checked.loaded.playbook
    header = playbook.header
    evaluation = evaluate(playbook, prepared.history, at,
                          overrides or {}, record_cases=record_cases, previous=previous,
                          floor=floor, allow_small=allow_small)
    series = evaluated_history(playbook, prepared.history, evaluation.period, floor)
    if timelines:
        # start-up: loads numpy only when this runs
        from adoptplan.engine.timelines import barrier_timelines

        evaluation = attrs.evolve(evaluation, timelines=barrier_timelines(
            playbook, prepared.history, evaluation.periods, series, overrides, floor, allow_small))
    return attrs.evolve(evaluation, warnings=(*evaluation.warnings,
                                              *input_warnings(prepared.warnings)),
                        history=series,
                        launch=header.launch.text if header and header.launch else "")


def evaluated_history(playbook: "Playbook", history: "History", at: str,
                      floor: float | None = None) -> tuple:
    """The headline metrics of each segment and large enough group over the history up to `at`
    (see engine.trends), for trend charts."""
    # start-up: loads numpy only when this runs
    from adoptplan.engine.evaluate import evaluated_frame
    from adoptplan.engine.params import privacy_minimum
    from adoptplan.engine.trends import history_series

    _, frame = evaluated_frame(playbook, history, at)
    return history_series(playbook, frame, privacy_minimum(playbook, *(
        () if floor is None else (floor,))))


def input_warnings(diagnostics: tuple[Diagnostic, ...]) -> tuple[str, ...]:
    """The loading warnings (an unknown segment, a metric the data never has) as lines of the
    result, so a pull-request comment or CI annotation shows them too, not only the terminal.
    Without row and column: the result must not change when the rows of a file are shuffled."""
    lines = (f"{d.span.path}: {d.severity}[{d.code}]: {d.message}"
             + (f" ({d.hint})" if d.hint else "") for d in diagnostics)
    return tuple(dict.fromkeys(lines))


def previous_alerts(path: Path) -> "Previous":
    """What a previous `evaluate --format json` result recorded: its period, and each finding of
    a rule or barrier it holds (waived ones too) with its lifecycle, so the next evaluation
    continues from it: an alert stays open until its clearing condition holds, and a finding
    still open keeps the period it has been open since.

    Raises OSError when the file cannot be read, ValueError when it is not such a result.
    """
    # start-up: loads fastjsonschema, jsonschema only when this runs
    from adoptplan.report.json_read import read_document
    from adoptplan.result import Lifecycle, Previous

    document = read_document(path)
    return Previous(document["period"], {
        f["id"]: Lifecycle(**f["lifecycle"]) if f.get("lifecycle") else None
        for f in document["findings"] if f["source"] != "analysis"}, document["playbook"])


def previous_not_before(previous: object, evaluated: str) -> bool:
    """Whether `previous` is a Previous of the evaluated period or a later one (of the same
    kind): the engine ignores it then, as it says nothing of what was open before."""
    # start-up: loaded only when this runs (check needs no result)
    from adoptplan.periods import kind_of, ordinal
    from adoptplan.result import Previous

    if not isinstance(previous, Previous):
        return False
    try:
        return (kind_of(previous.period) == kind_of(evaluated)
                and ordinal(previous.period) >= ordinal(evaluated))
    except ValueError:  # not a period: found in no history, and ignored as such
        return False


def playbook_title(playbook: Playbook) -> str:
    """The name a result gives its playbook (its `playbook` field): the header's title, "" when
    it has no header. `evaluate --previous` compares it with the previous result's."""
    return playbook.header.title.value if playbook.header else ""
