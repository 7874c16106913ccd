"""The command line: parse arguments, call the api, render, exit with a named code. No logic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from adoptplan import __version__, exitcodes

PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False)
)


def _fail_usage(message: str) -> None:
    click.echo(f"adoptplan: {message}", err=True)
    sys.exit(exitcodes.BAD_INPUT)


def _missing(paths: tuple[Path, ...]) -> None:
    for path in paths:
        if not path.exists():
            _fail_usage(f"no such file or folder: {path}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="adoptplan")
def cli() -> None:
    """Adoption playbooks as code: check them, format them, evaluate them against metrics."""


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="How to print the findings.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check playbooks for syntax and semantic errors.

    Exit 0 when clean, 1 when errors were found (or warnings, with --strict), 2 on bad usage.
    """
    from adoptplan import api
    from adoptplan.diagnostics import has_errors
    from adoptplan.report import diagnostics as render

    _missing(paths)
    try:
        checked = api.check_paths(list(paths))
    except FileNotFoundError as error:
        _fail_usage(str(error))
    found = checked.diagnostics
    if fmt == "json":
        click.echo(render.render_json(found), nl=False)
    elif fmt == "github":
        click.echo(render.render_github(found), nl=False)
    else:
        click.echo(render.render_texts(found, checked.loaded.sources), nl=False)
    sys.exit(exitcodes.FINDINGS if has_errors(found, strict) else exitcodes.OK)


LEVEL_CHOICE = click.Choice(["info", "low", "medium", "high", "critical"])
METRICS = click.option("--metrics", "metrics", multiple=True, type=click.Path(path_type=Path),
                       help="A metrics file or folder (a history); may be repeated.")
AT = click.option("--at", default=None, help="The period to evaluate (default: the latest).")
PARAMS = click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                      help="Override a playbook param, e.g. --param active_floor=35%.")


def _bad_input(error: Exception) -> None:
    """Render an api.InputError (every finding, positioned) and exit 2."""
    from adoptplan.report.diagnostics import render_texts

    click.echo(render_texts(error.diagnostics, error.sources), err=True, nl=False)
    sys.exit(exitcodes.BAD_INPUT)


def _prepare(playbooks: tuple[Path, ...], metrics: tuple[Path, ...], params: tuple[str, ...]):
    """Playbooks and metrics loaded and checked, warnings shown; exits 2 on bad input."""
    from adoptplan import api
    from adoptplan.report.diagnostics import render_texts

    if not metrics:
        _fail_usage("give the metrics with --metrics PATH")
    _missing(playbooks + metrics)
    try:
        overrides = api.parse_overrides(list(params))
        prepared = api.prepare(list(playbooks), list(metrics))
    except api.InputError as error:
        _bad_input(error)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    if prepared.warnings:
        click.echo(render_texts(prepared.warnings, prepared.sources, summary=False), err=True,
                   nl=False)
    return prepared, overrides


@cli.command()
@click.argument("subject")
@click.argument("playbooks", nargs=-1, type=click.Path(path_type=Path))
@METRICS
@AT
@PARAMS
@click.option("--why-not", is_flag=True, help="For a rule that did not fire: what failed.")
def explain(subject: str, playbooks: tuple[Path, ...], metrics: tuple[Path, ...], at: str | None,
            params: tuple[str, ...], why_not: bool) -> None:
    """Explain a diagnostic CODE (e.g. AP301), or why an action ID fired, with its values.

    \b
      adoptplan explain AP301
      adoptplan explain file_sharing/reps/geography=DE playbooks/ --metrics examples/metrics
    """
    from adoptplan.codes import all_codes
    from adoptplan.diagnostics import did_you_mean

    codes = all_codes()
    if "/" not in subject:
        from adoptplan.report.codes import render_code

        code = codes.get(subject.upper())
        if code is None:
            hint = did_you_mean(subject.upper(), codes)
            _fail_usage(f"unknown code '{subject}'" + (f": {hint}" if hint else "")
                        + " (an action id looks like rule/segment)")
        click.echo(render_code(code), nl=False)
        return
    from adoptplan.engine.explain import ExplainError, explain as explain_id
    from adoptplan.report.explain import render_explanation

    if not playbooks:
        _fail_usage("give the playbooks to explain an action id: explain ID PLAYBOOKS --metrics PATH")
    prepared, overrides = _prepare(playbooks, metrics, params)
    try:
        explanation = explain_id(prepared.checked.loaded.playbook, prepared.history, subject, at,
                                 overrides)
    except ExplainError as error:
        _fail_usage(str(error))
    click.echo(render_explanation(explanation, why_not), nl=False)


@cli.command()
@click.argument("playbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@METRICS
@AT
@PARAMS
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json", "github",
                                                   "junit"]),
              default="table", show_default=True, help="How to print the result.")
@click.option("--fail-on", type=LEVEL_CHOICE, default=None,
              help="Exit 1 when an open finding is at or above this level (default: never).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def evaluate(playbooks: tuple[Path, ...], metrics: tuple[Path, ...], at: str | None,
             params: tuple[str, ...], fmt: str, fail_on: str | None,
             output: Path | None) -> None:
    """Evaluate playbooks against metric snapshots: prioritized actions and barrier alerts.

    Exit 0 on success, 1 when a finding is at or above --fail-on, 2 on invalid input.
    """
    from adoptplan import api
    from adoptplan.engine import EvaluationError
    from adoptplan.report.render import render

    prepared, overrides = _prepare(playbooks, metrics, params)
    try:
        evaluation = api.evaluate_prepared(prepared, at, overrides,
                                           record_cases=fmt in ("junit", "json"))
    except EvaluationError as error:
        _fail_usage(str(error))
    text = render(evaluation, fmt, fail_on)
    if output is None:
        click.echo(text, nl=False)
    else:
        from adoptplan.atomic import write_atomic

        try:
            write_atomic(output, text)
        except OSError as error:
            _fail_usage(f"cannot write {output}: {error.strerror or error}")
    failing = fail_on is not None and evaluation.at_or_above(fail_on)
    sys.exit(exitcodes.FINDINGS if failing else exitcodes.OK)


@cli.command("fmt")
@PATHS
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 and name the files that would change.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Write nothing; print a unified diff of what would change.")
def fmt_command(paths: tuple[Path, ...], check_only: bool, show_diff: bool) -> None:
    """Rewrite playbooks in the one canonical layout, comments kept (folders: every .adopt file).

    Exit 0 when done or nothing would change, 1 when --check or --diff finds a file to change,
    2 when a file does not parse (it is left untouched) or on bad usage.
    """
    from adoptplan import fmt
    from adoptplan.atomic import write_atomic
    from adoptplan.report.diagnostics import render_texts

    _missing(paths)
    invalid = changed = False
    for path in fmt.files_to_format(paths):
        try:
            result = fmt.format_file(path)
            if result.after is None:
                invalid = True
                click.echo(render_texts(result.diagnostics, result.sources, summary=False),
                           err=True, nl=False)
            elif result.changed:
                changed = True
                if show_diff:
                    click.echo(result.diff(), nl=False)
                if check_only:
                    click.echo(f"would reformat {result.path}")
                if not (check_only or show_diff):
                    write_atomic(path, result.after)
                    click.echo(f"reformatted {result.path}")
        except OSError as error:
            invalid = True
            click.echo(f"adoptplan: cannot format {path}: {error.strerror or error}", err=True)
    if invalid:
        sys.exit(exitcodes.BAD_INPUT)
    sys.exit(exitcodes.FINDINGS if changed and (check_only or show_diff) else exitcodes.OK)


@cli.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="How to print the results (github: annotations).")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Exit 1 when fewer than PCT% of rule outcomes (firing, clear) were seen.")
@click.option("--junit", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Also write the results as JUnit XML to FILE.")
def test_command(paths: tuple[Path, ...], fmt: str, min_coverage: float | None,
                 junit: Path | None) -> None:
    """Run playbook tests: every .adopt-test file under PATHS (default: the current folder).

    Exit 0 when every test passes (and coverage meets --min-coverage), 1 when a test fails or
    coverage is short, 2 when a test file or a playbook cannot be used.
    """
    from adoptplan import playbook_tests
    from adoptplan.report import playbook_tests as report

    try:
        run = playbook_tests.run(list(paths) or [Path(".")])
    except playbook_tests.TestInputError as error:
        _bad_input(error)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    render = report.render_github if fmt == "github" else report.render_text
    click.echo(render(run, min_coverage), nl=False)
    if junit is not None:
        from adoptplan.atomic import write_atomic

        junit.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(junit, report.render_junit(run))
    short = min_coverage is not None and run.coverage.percent < min_coverage
    sys.exit(exitcodes.FINDINGS if run.failed or short else exitcodes.OK)


def main() -> None:
    """Entry point: a broken pipe or an interrupt is never a traceback."""
    try:
        cli.main(prog_name="adoptplan")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(exitcodes.OK)
