"""The command line: parse arguments, call the api, render, exit with a named code. No logic."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from adoptplan import __version__, exitcodes

if TYPE_CHECKING:
    from adoptplan.result import Previous

A_PATH = click.Path(path_type=Path)
A_FILE = click.Path(path_type=Path, dir_okay=False)
"""One type for all path arguments and options, made once: click looks its name up in the
translations (a file search) each time it makes one."""

PATHS = click.argument("paths", nargs=-1, required=True, type=A_PATH)


def _say(message: str) -> None:
    """An error line on stderr, escaped: a file name or a result's text may hold a
    bidirectional override or a line break."""
    # start-up: loads report.visible only when this runs
    from adoptplan.report.visible import one_line

    click.echo(one_line(f"adoptplan: {message}"), err=True)


def _fail_usage(message: str) -> None:
    _say(message)
    sys.exit(exitcodes.BAD_INPUT)


def _output_file(path: Path | None) -> Path | None:
    """`-o FILE`, checked before any work: `-` is standard output (None); a named pipe, a
    device or a socket is refused (exit 2), as `write_atomic` would refuse it at the end."""
    if path is None or path.as_posix() == "-":
        return None
    # start-up: loads attrs only when this runs
    from adoptplan.files import Refused, output_target

    try:
        output_target(path)
    except Refused as error:
        _fail_usage(f"cannot write {path}: {error} ({error.hint})")
    return path


def _missing(paths: tuple[Path, ...]) -> None:
    for path in paths:
        problem = _absent(path)
        if problem:
            _fail_usage(problem)


def _absent(path: Path) -> str | None:
    """Why `path` cannot be used: it does not exist, or it cannot be looked at (it is inside a
    folder that cannot be entered); None when it is there."""
    try:
        return None if path.exists() else f"no such file or folder: {path}"
    except OSError as error:
        return f"cannot read {path}: {error.strerror or error}"


def _configure(context: click.Context, _param: click.Parameter, path: Path | None) -> None:
    """Read the configuration file (named, or found from here upward) into the defaults of every
    command, so flags and ADOPTPLAN_* variables still override it; exits 2 when it is invalid."""
    # start-up: loads attrs only when this runs
    from adoptplan import config

    try:
        loaded = config.load(path)
    except config.ConfigError as error:
        if context.resilient_parsing:
            return
        _fail_usage(str(error))
    context.default_map = loaded.default_map()
    context.meta[CONFIG_KEY] = loaded


CONFIG_KEY = "adoptplan.config"


class CiOnly(click.Option):
    """An option a CI pipeline imposes on every run (a gate): its ADOPTPLAN_* variable, when set
    and not empty, wins over the flag and the configuration file (docs/configuration.md)."""

    def consume_value(self, ctx: click.Context, opts):
        from_env = None if ctx.resilient_parsing else self.value_from_envvar(ctx)
        if from_env is None:
            return super().consume_value(ctx, opts)
        if self.name in opts:
            _say(f"{self.envvar} is set: it wins over {self.opts[-1]} given on the command "
                 "line (a CI-only setting)")
        return from_env, click.core.ParameterSource.ENVIRONMENT
NOTIFY_TARGETS = ("teams", "slack", "email")  # adoptplan.notify.run.TARGETS


STDIN_FILENAME = click.option(
    "--stdin-filename", type=A_PATH, default=None, metavar="PATH",
    help="With -: where the text read from standard input lives (positions, includes).")


def _reads_stdin(paths: tuple[Path, ...], stdin_filename: Path | None) -> bool:
    """Whether PATHS is `-` (standard input, as an editor sends a buffer); usage errors exit 2."""
    if Path("-") not in paths:
        if stdin_filename is not None:
            _fail_usage("--stdin-filename goes with - (read the playbook from standard input)")
        return False
    if len(paths) > 1:
        _fail_usage("- reads the playbook from standard input: give it alone")
    return True


TERMINAL_KEY = "adoptplan.terminal"


def _remember(context: click.Context, param: click.Parameter, value: object) -> None:
    context.meta.setdefault(TERMINAL_KEY, {})[param.name] = value


def TERMINAL(command):  # a decorator, named like the options below
    """--color, -q/--quiet, -v/--verbose: the same three on every command that prints for a
    person; read back as one layout by _layout (report.terminal decides what they mean)."""
    for option in reversed((
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                     show_default=True, expose_value=False, callback=_remember,
                     help="Colour on a terminal: auto unless NO_COLOR is set or TERM=dumb."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_remember,
                     help="Say less: the summary, or what is wrong, alone (docs/output.md)."),
        click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_remember,
                     help="Say more: every evidence line, every file (docs/output.md)."),
    )):
        command = option(command)
    return command


def _layout(err: bool = False, to_file: bool = False):
    """The terminal's layout (width, colour, -q/-v) for standard output or error; a file written
    with -o is plain. Exits 2 when -q and -v are both given."""
    # start-up: loads attrs only when this runs
    from adoptplan.report import terminal

    said = click.get_current_context().meta.get(TERMINAL_KEY, {})
    quiet, verbose = said.get("quiet", False), said.get("verbose", False)
    if terminal.one_of(quiet, verbose):
        _fail_usage(terminal.one_of(quiet, verbose))
    stream = None if to_file else sys.stderr if err else sys.stdout
    return terminal.layout(said.get("color", "auto"), stream, verbose, quiet)


def _detail(layout) -> str:
    return "quiet" if layout.quiet else "verbose" if layout.verbose else "normal"


def _print(text: str, marks=(), err: bool = False) -> None:
    """Print for a person: coloured as `marks` say on a terminal that wants colour, else plain."""
    # start-up: loads attrs only when this runs
    from adoptplan.report.terminal import styled

    click.echo(styled(text, _layout(err), marks), nl=False, err=err, color=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="adoptplan")
@click.option("--config", type=A_FILE, default=None,
              envvar="ADOPTPLAN_CONFIG", show_envvar=True, is_eager=True, expose_value=False,
              callback=_configure, metavar="FILE",
              help="The configuration file (default: adoptplan.toml, or [tool.adoptplan] in "
                   "pyproject.toml, found from here up to the repository's root).")
def cli() -> None:
    """Adoption playbooks as code: check them, format them, evaluate them against metrics."""

    # start-up: loads attrs only when this runs
    from adoptplan import config

    loaded = click.get_current_context().meta.get(CONFIG_KEY, config.Config())
    for warning in config.misspelt_variables(os.environ, _variables(cli), loaded.variables):
        _say(f"warning: {warning}")


def _variables(command: click.Command) -> set[str]:
    """Every ADOPTPLAN_* variable an option of `command` (and its sub-commands) reads."""
    names = {p.envvar for p in command.params if isinstance(getattr(p, "envvar", None), str)}
    for sub in getattr(command, "commands", {}).values():
        names |= _variables(sub)
    return names


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]),
              default="text", show_default=True,
              help="How to print the findings (sarif: SARIF 2.1.0 for code scanning).")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Judge waiver expiry at this date instead of today's.")
@STDIN_FILENAME
@click.option("--allow-small-groups", is_flag=True,
              help="A privacy floor (`minimum N members`) below 5 is a warning, not an error.")
@TERMINAL
def check(paths: tuple[Path, ...], fmt: str, strict: bool, today,
          stdin_filename: Path | None, allow_small_groups: bool) -> None:
    """Check playbooks for syntax and semantic errors (- reads one from standard input).

    Exit 0 when clean, 1 when errors were found (or warnings, with --strict), 2 on bad usage.
    """
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api
    from adoptplan.diagnostics import has_errors
    from adoptplan.files import unreadable_input
    from adoptplan.report import diagnostics as render

    day = today.date() if today else None
    if _reads_stdin(paths, stdin_filename):
        checked = api.check_stdin(sys.stdin.buffer.read(), stdin_filename, day,
                                  allow_small_groups)
    else:
        _missing(paths)
        try:
            checked = api.check_paths(list(paths), day, allow_small_groups)
        except FileNotFoundError as error:
            _fail_usage(str(error))
    found = checked.diagnostics
    if fmt == "json":
        click.echo(render.render_json(found), nl=False)
    elif fmt == "github":
        sites = api.library_include_sites(checked.loaded.playbook)
        click.echo(render.render_github(found, sites), nl=False)
    elif fmt == "sarif":
        # start-up: loads attrs only when this runs
        from adoptplan.report.sarif import render_sarif

        click.echo(render_sarif(found), nl=False)
    else:
        # start-up: loads attrs only when this runs
        from adoptplan.report.terminal import DIAGNOSTICS

        _print(render.render_texts(found, checked.loaded.sources, detail=_detail(_layout())),
               DIAGNOSTICS)
    if unreadable_input(found):
        sys.exit(exitcodes.BAD_INPUT)
    sys.exit(exitcodes.FINDINGS if has_errors(found, strict) else exitcodes.OK)


FAIL_ON_CHOICE = click.Choice(["never", "info", "low", "medium", "high", "critical"])
METRICS = click.option("--metrics", "metrics", multiple=True, type=A_PATH,
                       help="A metrics file or folder (a history); may be repeated.")
AT = click.option("--at", default=None, help="The period to evaluate, or a date in it (default: the latest).")
CSV_DIALECT = click.option(
    "--csv-dialect", type=click.Choice(["auto", "comma", "semicolon"]), default="auto",
    show_default=True, help="How CSV files separate cells (semicolon: as European spreadsheets "
    "save them, with decimal commas); auto tells by each file's header.")
PARAMS = click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                      help="Override a playbook param, e.g. --param active_floor=35%.")


def FLOOR(command):  # a decorator, named like the options above
    """The privacy floor: `minimum_group_size` in the configuration file sets its default."""
    command = click.option(
        "--allow-small-groups", is_flag=True,
        help="Allow a minimum group size below 5 (the output then says so).")(command)
    return click.option(
        "--minimum-group-size", "minimum_group_size", type=click.IntRange(1), default=10,
        show_default=True, metavar="N",
        help="Groups of fewer than N people are withheld, with what would give them away "
             "(a barrier's `minimum` sets its own).")(command)


def _bad_input(error: Exception) -> None:
    """Render an InputError (every finding, positioned) and exit 2."""
    # start-up: loads attrs only when this runs
    from adoptplan.report.diagnostics import render_texts
    from adoptplan.report.terminal import DIAGNOSTICS

    _print(render_texts(error.diagnostics, error.sources), DIAGNOSTICS, err=True)
    sys.exit(exitcodes.BAD_INPUT)


def _prepare(playbooks: tuple[Path, ...], metrics: tuple[Path, ...], params: tuple[str, ...],
             allow_small: bool = False):
    """Playbooks and metrics loaded and checked, warnings shown; exits 2 on bad input."""
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api
    from adoptplan.diagnostics import InputError  # start-up: --version skips the model

    if not metrics:
        _fail_usage("give the metrics with --metrics PATH")
    _missing(playbooks + metrics)
    try:
        overrides = api.parse_overrides(list(params))
        prepared = api.prepare(list(playbooks), list(metrics), allow_small)
    except InputError as error:
        _bad_input(error)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    _warn(prepared)
    return prepared, overrides


def _warn(found) -> None:
    """Loading warnings on standard error, unless -q."""
    # start-up: loads attrs only when this runs
    from adoptplan.report.diagnostics import render_texts
    from adoptplan.report.terminal import DIAGNOSTICS

    if found.warnings and not _layout(err=True).quiet:
        _print(render_texts(found.warnings, found.sources, summary=False), DIAGNOSTICS, err=True)


@cli.command()
@click.argument("subject")
@click.argument("playbooks", nargs=-1, type=A_PATH)
@METRICS
@AT
@PARAMS
@FLOOR
@click.option("--why-not", is_flag=True, help="For a rule that did not fire: what failed.")
@click.option("--previous", type=A_PATH, default=None, metavar="RESULT.json",
              help="The json result of the previous run, as given to evaluate: an alert it held "
                   "open is explained with its barrier's clear condition.")
@TERMINAL
def explain(subject: str, playbooks: tuple[Path, ...], metrics: tuple[Path, ...], at: str | None,
            params: tuple[str, ...], minimum_group_size: int, allow_small_groups: bool,
            why_not: bool, previous: Path | None) -> None:
    """Explain a diagnostic CODE (e.g. AP301), a rule or barrier by its name (from the method
    library, or from PLAYBOOKS), or why an action ID fired, with its values.

    \b
      adoptplan explain AP301
      adoptplan explain hesitant_to_share
      adoptplan explain file_sharing/reps/geography=DE playbooks/ --metrics examples/metrics
    """
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api
    from adoptplan.codes import all_codes
    from adoptplan.diagnostics import did_you_mean

    codes = all_codes()
    if "/" not in subject:
        # start-up: loads attrs, lark only when this runs
        from adoptplan import library
        from adoptplan.report.codes import render_code

        code = codes.get(subject.upper())
        if code is not None:
            _print(render_code(code))
            return
        try:
            loaded = api.check_paths(list(playbooks)).loaded if playbooks else None
            _print(library.describe(library.find_rule(subject, loaded)))
            return
        except FileNotFoundError as error:
            _fail_usage(str(error))
        except library.UnknownName as unknown:
            hint = str(unknown) or did_you_mean(subject.upper(), codes)
            _fail_usage(f"unknown code or rule '{subject}'" + (f": {hint}" if hint else "")
                        + " (an action id looks like rule/segment)")
    # start-up: loads attrs, numpy only when this runs
    from adoptplan.engine.explain import ExplainError
    from adoptplan.engine.explain import explain as explain_id
    from adoptplan.report.explain import render_explanation

    if not playbooks:
        _fail_usage("give the playbooks to explain an action id: explain ID PLAYBOOKS --metrics PATH")
    prepared, overrides = _prepare(playbooks, metrics, params, allow_small=allow_small_groups)
    open_alerts = _previous_alerts(previous, prepared) if previous is not None else frozenset()
    try:
        explanation = explain_id(prepared.checked.loaded.playbook, prepared.history, subject, at,
                                 overrides, open_alerts, minimum_group_size, allow_small_groups)
    except ExplainError as error:
        _fail_usage(str(error))
    # start-up: loads attrs only when this runs
    from adoptplan.report.terminal import EXPLAIN

    _print(render_explanation(explanation, why_not, _detail(_layout())), EXPLAIN)


@cli.command()
@click.argument("name")
@TERMINAL
def show(name: str) -> None:
    """Print a playbook of the method library (e.g. method.barriers) with line numbers.

    Findings of library rules are located as method.barriers:28: the line shown here.
    Exit 0, or 2 for a name the library does not have.
    """
    # start-up: loads attrs, lark only when this runs
    from adoptplan import library
    from adoptplan.report.terminal import NUMBERED

    try:
        text = library.library_text(name)
        _print(text if _layout().quiet else library.numbered(text), NUMBERED)
    except library.UnknownName as error:
        _fail_usage(str(error))


@cli.command()
@click.argument("playbooks", nargs=-1, required=True, type=A_PATH)
@METRICS
@AT
@PARAMS
@FLOOR
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json", "github",
                                                   "junit", "html"]),
              default="table", show_default=True, help="How to print the result.")
@TERMINAL
@click.option("--fail-on", type=FAIL_ON_CHOICE, default="never", show_default=True,
              callback=lambda _context, _option, value: None if value == "never" else value,
              cls=CiOnly, envvar="ADOPTPLAN_FAIL_ON", show_envvar=True,
              help="Exit 1 when an open finding is at or above this level.")
@click.option("--fail-on-not-evaluated", is_flag=True, cls=CiOnly,
              envvar="ADOPTPLAN_FAIL_ON_NOT_EVALUATED", show_envvar=True,
              help="Exit 1 when a segment has no data or no rule could be evaluated at all.")
@click.option("-o", "--output", type=A_PATH, default=None,
              callback=lambda _context, _option, value: _output_file(value),
              help="Write to this file (atomically) instead of standard output ('-': "
                   "standard output). A named pipe, a device or a socket is refused.")
@click.option("--check", "check_only", is_flag=True,
              help="With -o: write nothing; exit 1 and print a diff when the file is out of date.")
@click.option("--previous", type=A_PATH, default=None, metavar="RESULT.json",
              help="The json result of the previous run: alerts open there stay open until their "
                   "barrier's `clear` condition holds, and keep their `open since` (without it, "
                   "the history is replayed to know).")
@CSV_DIALECT
def evaluate(playbooks: tuple[Path, ...], metrics: tuple[Path, ...], at: str | None,
             params: tuple[str, ...], minimum_group_size: int, allow_small_groups: bool,
             fmt: str, fail_on: str | None, fail_on_not_evaluated: bool,
             output: Path | None, check_only: bool, previous: Path | None,
             csv_dialect: str) -> None:
    """Evaluate playbooks against metric snapshots: prioritized actions and barrier alerts.

    Exit 0 on success, 1 when a finding is at or above --fail-on (or, with --check, when the
    file given with -o is out of date; with --fail-on-not-evaluated, when a segment has no data
    or nothing could be evaluated), 2 on invalid input.
    """
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api
    from adoptplan.engine import EvaluationError
    from adoptplan.report.render import render_bytes

    if check_only and output is None:
        _fail_usage("--check compares with a committed file: give it with -o FILE")
    # start-up: loaded only when this runs
    from adoptplan.csv_dialect import using

    with using(csv_dialect):
        prepared, overrides = _prepare(playbooks, metrics, params, allow_small_groups)
    open_alerts = _previous_alerts(previous, prepared) if previous is not None else frozenset()
    try:
        evaluation = api.evaluate_prepared(prepared, at, overrides,
                                           record_cases=fmt in ("junit", "json")
                                           or fail_on_not_evaluated,
                                           previous=open_alerts, timelines=fmt == "html",
                                           floor=minimum_group_size,
                                           allow_small=allow_small_groups)
    except EvaluationError as error:
        _fail_usage(str(error))
    _warn_previous_period(previous, open_alerts, evaluation.period)
    data = render_bytes(evaluation, fmt, fail_on, _layout(to_file=output is not None),
                        api.library_include_sites(prepared.checked.loaded.playbook))
    stale = False
    if output is None:
        click.echo(data, nl=False)  # as rendered: colour only where the layout asked for it
    elif check_only:
        stale = _out_of_date(output, data.decode("utf-8"))
    else:
        # start-up: loads attrs only when this runs
        from adoptplan.files import write_atomic

        try:
            write_atomic(output, data)
        except OSError as error:
            _fail_usage(f"cannot write {output}: {error.strerror or error}")
    failing = fail_on is not None and evaluation.at_or_above(fail_on)
    unanswered = api.not_evaluated_reasons(prepared, evaluation) if fail_on_not_evaluated else []
    for reason in unanswered:
        click.echo(f"adoptplan: --fail-on-not-evaluated: {reason}", err=True)
    sys.exit(exitcodes.FINDINGS if failing or stale or unanswered else exitcodes.OK)


def _previous_alerts(path: Path, prepared) -> Previous | frozenset[str]:
    """What a previous json result held open; exits 2 when it cannot be read as one or is a
    result of another playbook (its lifecycles would be taken for this one's). A result that
    does not say which playbook it is of is ignored, with a warning."""
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api

    try:
        previous = api.previous_alerts(path)
    except OSError as error:
        _fail_usage(f"cannot read --previous {path}: {error.strerror or error}")
    except ValueError as error:
        _fail_usage(f"--previous: {error}")
    title = api.playbook_title(prepared.checked.loaded.playbook)
    if not previous.playbook:
        _say(f"warning: --previous {path} ignored: it does not say which playbook it is a result "
             "of (the history is replayed instead)")
        return frozenset()
    if previous.playbook != title:
        _fail_usage(f"--previous {path} is a result of playbook '{previous.playbook}', not of "
                    f"'{title or '(untitled)'}' (the playbook evaluated): give a result of this "
                    "playbook")
    return previous


def _warn_previous_period(path: Path | None, previous: object, evaluated: str) -> None:
    """Say that a previous result at or after the evaluated period was ignored (it says nothing
    of what was open before it: the engine replays the history instead)."""
    # start-up: loads attrs, lark only when this runs
    from adoptplan import api

    if api.previous_not_before(previous, evaluated):
        _say(f"warning: --previous {path} ignored: its period {previous.period} is not before "
             f"{evaluated} (the history is replayed instead)")


def _out_of_date(path: Path, text: str) -> bool:
    """Print a unified diff from the committed file to `text`; True when they differ."""
    # start-up: loads attrs, lark only when this runs
    from adoptplan.fmt import unified_diff

    try:
        committed = path.read_bytes().decode("utf-8", errors="replace") if path.exists() else ""
    except OSError as error:
        _fail_usage(f"cannot read {path}: {error.strerror or error}")
    difference = unified_diff(committed, text, path.as_posix())
    if difference:
        click.echo(difference, nl=False)
        click.echo(f"{path} is out of date: run the same command without --check", err=True)
    return bool(difference)


@cli.command("fmt")
@PATHS
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 and name the files that would change.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Write nothing; print a unified diff of what would change.")
@STDIN_FILENAME
@TERMINAL
def fmt_command(paths: tuple[Path, ...], check_only: bool, show_diff: bool,
                stdin_filename: Path | None) -> None:
    """Rewrite playbooks in the one canonical layout, comments kept (folders: every .adopt file).

    \b
    With -, the playbook is read from standard input and the formatted text is written to
    standard output (nothing when it does not parse), for an editor's format on save.

    Exit 0 when done or nothing would change, 1 when --check or --diff finds a file to change,
    2 when a file cannot be read or does not parse (it is left untouched; the others are still
    formatted) or on bad usage.
    """
    # start-up: loads attrs, lark only when this runs
    from adoptplan import fmt
    from adoptplan.files import write_atomic
    from adoptplan.report.diagnostics import render_texts
    from adoptplan.report.terminal import DIAGNOSTICS, FILES, UNIFIED_DIFF

    layout = _layout()
    stdin = _reads_stdin(paths, stdin_filename)
    if not stdin:
        _missing(paths)
    invalid = changed = False
    for path in [Path("-")] if stdin else fmt.files_to_format(paths):
        try:
            result = (fmt.format_stdin(sys.stdin.buffer.read(), stdin_filename)
                      if stdin else fmt.format_file(path))
            if result.after is None:
                invalid = True
                _print(render_texts(result.diagnostics, result.sources, summary=False),
                       DIAGNOSTICS, err=True)
            elif result.changed:
                changed = True
                if show_diff:
                    _print(result.diff(), UNIFIED_DIFF)
                if check_only and not layout.quiet:
                    _print(f"would reformat {result.path}\n", FILES)
                if not (check_only or show_diff or stdin):
                    write_atomic(path, result.after)
                    if not layout.quiet:
                        _print(f"reformatted {result.path}\n", FILES)
            elif layout.verbose and not stdin:
                _print(f"unchanged {result.path}\n", FILES)
            if stdin and result.after is not None and not (check_only or show_diff):
                click.echo(result.after, nl=False)
        except OSError as error:
            invalid = True
            _say(f"cannot format {path}: {error.strerror or error}")
    if invalid:
        sys.exit(exitcodes.BAD_INPUT)
    sys.exit(exitcodes.FINDINGS if changed and (check_only or show_diff) else exitcodes.OK)


@cli.command("test")
@click.argument("paths", nargs=-1, type=A_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="How to print the results (github: annotations).")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              cls=CiOnly, envvar="ADOPTPLAN_MIN_COVERAGE", show_envvar=True,
              help="Exit 1 when fewer than PCT% of rule outcomes (firing, clear) were seen.")
@click.option("--junit", type=A_PATH, default=None, metavar="FILE",
              help="Also write the results as JUnit XML to FILE.")
@TERMINAL
def test_command(paths: tuple[Path, ...], fmt: str, min_coverage: float | None,
                 junit: Path | None) -> None:
    """Run playbook tests: every .adopt-test file under PATHS (default: the current folder).

    Exit 0 when every test passes (and coverage meets --min-coverage), 1 when a test fails or
    coverage is short, 2 when a test file or a playbook cannot be used.
    """
    # start-up: loads attrs, numpy only when this runs
    from adoptplan import playbook_tests
    from adoptplan.diagnostics import InputError  # start-up: --version skips the model
    from adoptplan.playbook_tests import report

    try:
        run = playbook_tests.run(list(paths) or [Path(".")])
    except InputError as error:
        _bad_input(error)
    except FileNotFoundError as error:
        _fail_usage(str(error))
    if fmt == "github":
        click.echo(report.render_github(run, min_coverage), nl=False)
    else:
        # start-up: loads attrs only when this runs
        from adoptplan.report.terminal import TESTS

        _print(report.render_text(run, min_coverage, _detail(_layout())), TESTS)
    if junit is not None:
        # start-up: loads attrs only when this runs
        from adoptplan.files import write_atomic

        try:
            junit.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(junit, report.render_junit(run))
        except OSError as error:
            _fail_usage(f"cannot write {junit}: {error.strerror or error}")
    short = min_coverage is not None and run.coverage.percent < min_coverage
    sys.exit(exitcodes.FINDINGS if run.failed or short else exitcodes.OK)


def _from_command_line(name: str, value: tuple[Path, ...]) -> tuple[Path, ...]:
    """`value` unless the configuration file gave it: the file's playbooks and metrics are for
    `diff --base`, never result files to compare."""
    source = click.get_current_context().get_parameter_source(name)
    return () if source == click.core.ParameterSource.DEFAULT_MAP else value


@cli.command("diff")
@click.argument("paths", nargs=-1, type=A_PATH)
@click.option("--base", "base", default=None, metavar="GIT_REF",
              help="Compare the playbooks PATHS with their state at this git ref.")
@METRICS
@AT
@PARAMS
@FLOOR
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="markdown: a sticky pull-request comment.")
@click.option("--only-changes", is_flag=True, help="Print nothing when nothing changed.")
@click.option("--detailed-exitcode", is_flag=True,
              help="Exit 0 when nothing changed, 2 when something did, 1 on any error "
                   "(terraform's convention).")
@click.option("-o", "--output", type=A_PATH, default=None,
              callback=lambda _context, _option, value: _output_file(value),
              help="Write to this file (atomically) instead of standard output ('-': "
                   "standard output). A named pipe, a device or a socket is refused.")
@TERMINAL
def diff_command(paths: tuple[Path, ...], base: str | None, metrics: tuple[Path, ...],
                 at: str | None, params: tuple[str, ...], minimum_group_size: int,
                 allow_small_groups: bool, fmt: str, only_changes: bool,
                 detailed_exitcode: bool, output: Path | None) -> None:
    """Compare action lists: each finding new, resolved, changed or unchanged, and why.

    \b
      adoptplan diff BEFORE.json AFTER.json          two `evaluate --format json` results
      adoptplan diff --base origin/main playbooks/ --metrics metrics/

    With --base, the playbooks at GIT_REF and in the working tree are evaluated on the working
    tree's metrics (changes caused by the playbook change), and the working tree's playbooks on
    the metrics at GIT_REF and on the working tree's (changes caused by the data change). A pull
    request that changes neither says "no change". Without PATHS and --metrics, --base reads
    the `playbooks` and `metrics` of adoptplan.toml.

    Exit 0 when answered, 2 on bad input. With --detailed-exitcode, as `terraform plan`: 0 no
    change, 2 changes, 1 on any error (this replaces the usual 2 for bad input).
    """
    # start-up: loads attrs, fastjsonschema, jsonschema, lark, numpy only when this runs
    from adoptplan import api, diff
    from adoptplan.diagnostics import InputError  # start-up: --version skips the model
    from adoptplan.diff.render import RENDERERS
    from adoptplan.engine import EvaluationError
    from adoptplan.report.diagnostics import render_texts
    from adoptplan.report.json_read import ResultError
    from adoptplan.report.terminal import DIAGNOSTICS, DIFF

    error_code = exitcodes.FINDINGS if detailed_exitcode else exitcodes.BAD_INPUT

    def fail(message: str) -> None:
        _say(message)
        sys.exit(error_code)

    try:
        if base is None:
            paths, metrics = _from_command_line("paths", paths), _from_command_line(
                "metrics", metrics)
            if len(paths) != 2 or metrics:
                fail("give two result files (BEFORE.json AFTER.json), or --base GIT_REF with "
                     "the playbooks and --metrics PATH")
            found = diff.diff_results(*paths)
        else:
            if not paths or not metrics:
                fail("--base needs the playbooks and --metrics PATH (or `playbooks` and "
                     "`metrics` in adoptplan.toml)")
            for path in paths + metrics:
                problem = _absent(path)
                if problem:
                    fail(problem)
            found = diff.diff_base(base, paths, metrics, at, api.parse_overrides(list(params)),
                                   {"floor": minimum_group_size,
                                    "allow_small": allow_small_groups})
    except InputError as error:
        _print(render_texts(error.diagnostics, error.sources), DIAGNOSTICS, err=True)
        sys.exit(error_code)
    except (diff.DiffError, ResultError, EvaluationError, FileNotFoundError) as error:
        fail(str(error))
    _warn(found)
    layout = _layout(to_file=output is not None)
    text = ("" if only_changes and not found.changed
            else RENDERERS[fmt](found, layout) if fmt == "text" else RENDERERS[fmt](found))
    if output is None:
        _print(text, DIFF if fmt == "text" else ())
    else:
        try:
            diff.write_output(output, text)  # nothing to say: a stale file is removed
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror or error}")
    if detailed_exitcode and found.changed:
        sys.exit(diff.EXIT_CHANGES)
    sys.exit(exitcodes.OK)


@cli.command("init")
@click.argument("folder", required=False, default=".", type=A_PATH)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--ci", "ci", multiple=True, type=click.Choice(["github", "gitlab", "none"]),
              help="Which CI to set up (repeatable; default: github and gitlab).")
@click.option("--hooks/--no-hooks", default=True, show_default=True,
              help="Write a pre-commit configuration that checks and formats the playbooks.")
@click.option("--install", "install", metavar="SPEC", default=None,
              help="What CI and hooks pip-install: adoptplan==X from an index, "
                   "git+https://host/adoptplan@vX, a wheel's path, or with pip options "
                   "('adoptplan==X --index-url URL'). Default: this version from PyPI.")
@TERMINAL
def init_command(folder: Path, force: bool, ci: tuple[str, ...], hooks: bool,
                 install: str | None) -> None:
    """Start a playbook repository in FOLDER (default: here), or add adoptplan to one.

    \b
    Writes a starter playbook that includes the method library, sample metrics, a test file,
    adoptplan.toml, a GitHub Actions workflow, a GitLab CI job (.gitlab/adoptplan.yml, included
    from .gitlab-ci.yml) and a pre-commit configuration with the hooks adoptplan-check and
    adoptplan-fmt. A file that exists is left alone and listed (--force overwrites it). Exit 0
    when written, 2 when a path is in the way or cannot be written (what init wrote is undone).
    """
    # start-up: loads attrs only when this runs
    from adoptplan import scaffold as init

    try:
        made = init.scaffold(folder, force, ci or init.ALL_CI, hooks, install)
    except (init.InstallError, init.InitError) as error:
        _fail_usage(str(error))
    # start-up: loads attrs only when this runs
    from adoptplan.report.terminal import FILES

    if not _layout().quiet:
        _print("".join(f"{line}\n" for line in init.report(made)), FILES)


@cli.command("notify")
@click.argument("result", type=A_PATH)
@click.option("--previous", type=A_PATH, default=None, metavar="RESULT.json",
              help="The json result notified last: what is new is measured against it "
                   "(default: what the state file remembers).")
@click.option("--target", "targets", multiple=True, type=click.Choice(NOTIFY_TARGETS),
              help="Notify only this configured target; may be repeated (default: all).")
@click.option("--dry-run", is_flag=True,
              help="Print what would be sent, send nothing, remember nothing.")
@click.option("--state", "state_path", type=A_FILE,
              default=None, envvar="ADOPTPLAN_NOTIFY_STATE", show_envvar=True, metavar="FILE",
              help="What was sent already (default: [notify] state, or "
                   ".adoptplan/notify-state.json).")
@click.option("--attach", type=A_FILE, default=None,
              metavar="FILE", help="The HTML report to attach to the email, when it exists.")
@click.option("--attempts", type=click.IntRange(1, 20), default=5, show_default=True,
              help="Tries per message before giving up (waits double, or as Retry-After says).")
@TERMINAL
def notify_command(result: Path, previous: Path | None, targets: tuple[str, ...], dry_run: bool,
                   state_path: Path | None, attach: Path | None, attempts: int) -> None:
    """Send new or escalated barrier alerts, and the period's digest, to Teams, Slack or email.

    \b
      adoptplan evaluate --format json -o result.json
      adoptplan notify result.json

    Targets are configured in adoptplan.toml ([notify.teams], [notify.slack], [notify.email]);
    their URLs and passwords come from the environment variables it names. Exit 0 when every
    message was delivered (or nothing was new), 2 when the result, the configuration or a
    delivery failed (a re-run sends only what was not sent).
    """
    # start-up: loads attrs, fastjsonschema, iso3166, jsonschema, rich only when this runs
    from adoptplan import notify
    from adoptplan.config import Config
    from adoptplan.notify.deliver import Policy

    loaded = click.get_current_context().meta.get(CONFIG_KEY, Config())
    try:
        outcome = notify.notify(result, loaded.notify, previous=previous, chosen=targets,
                                dry_run=dry_run, state_path=state_path, attach=attach,
                                home=loaded.folder, policy=Policy(attempts=attempts),
                                echo=_progress(dry_run))
    except notify.NotifyError as error:
        _fail_usage(str(error))
    for failure in outcome.failures:
        _say(str(failure))
    sys.exit(exitcodes.BAD_INPUT if outcome.failures else exitcodes.OK)


def _progress(wanted: bool = False):
    """How a command says what it is doing: printed, or (with -q, unless it is what was asked
    for) not at all."""
    if _layout().quiet and not wanted:
        return lambda _text: None
    return lambda text: _print(f"{text}\n")


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Speak over stdin and stdout (the only way; editors "
              "pass it).")
def lsp_command(stdio: bool) -> None:
    """Run the language server for editors: diagnostics, hover, completion and more as you type.

    \b
    Needs the lsp extra: pip install 'adoptplan[lsp]'. See docs/editors.md.
    """
    try:
        # start-up: loads lsp only when this runs
        from adoptplan.lsp import serve
        serve()
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        _fail_usage("the language server needs pygls: pip install 'adoptplan[lsp]'")


# ---------------------------------------------------------------------------------- metrics

INGEST_PERIODS = ("week", "month", "day")  # adoptplan.ingest.calendar.PERIODS
# adoptplan.ingest.engines.dialects.DIALECTS
DIALECTS = ("duckdb", "spark", "databricks", "bigquery", "snowflake", "postgres")
ENGINES = ("duckdb", "spark")  # adoptplan.ingest.engines.ENGINES
PLATFORMS = ("viva-engage", "teams", "slack")  # adoptplan.ingest.exports.PLATFORMS
DATE = click.DateTime(["%Y-%m-%d"])
PEOPLE = click.option("--people", required=True, type=A_PATH,
                      help="The people directory: a CSV with a person id and attributes.")
PLAYBOOK = click.option("--playbook", "playbooks", required=True, multiple=True,
                        type=A_PATH,
                        help="The playbook (file or folder) whose segments' match sorts people.")
MAPPING = click.option("--mapping", type=A_PATH, default=None,
                       help="A TOML file: which events mean what, columns, dimensions.")
OUTPUT = click.option("-o", "--output", required=True, type=A_PATH,
                      help="The folder for the snapshots (one CSV per period) and the report.")


@cli.group()
def metrics() -> None:
    """Bring metrics in: platform exports (import) or raw events (build) into snapshots."""


def _ingested(run, output: Path):
    """Run an import or a build; show its warnings and quality report, write its files."""
    # start-up: loads attrs, numpy only when this runs
    from adoptplan import ingest
    from adoptplan.diagnostics import InputError  # start-up: --version skips the model
    from adoptplan.report.terminal import FILES, QUALITY

    try:
        result = run()
    except InputError as error:
        _bad_input(error)
    except (FileNotFoundError, ingest.BuildFailed) as error:
        _fail_usage(str(error))
    _warn(result)
    try:
        written = ingest.write(result, output)
    except OSError as error:
        _fail_usage(f"cannot write to {output}: {error.strerror or error}")
    layout = _layout()
    if not layout.quiet:
        _print(result.quality.render(layout), QUALITY)
    _print(f"wrote {len(written) - 1} snapshot files and {written[-1].name} to {output}\n", FILES)
    return result


@metrics.command("import")
@click.option("--from", "platform", required=True, type=click.Choice(PLATFORMS),
              help="The platform the exports come from.")
@click.argument("files", nargs=-1, required=True, type=A_PATH)
@PEOPLE
@PLAYBOOK
@MAPPING
@OUTPUT
@click.option("--period", type=click.Choice(INGEST_PERIODS), default=None,
              help="Label reports by week, month or day (default: the playbook's cadence).")
@click.option("--report-end", type=DATE, default=None, metavar="DATE",
              help="The report's last day, for files that do not say it.")
@click.option("--report-days", type=click.IntRange(1, 366), default=None, metavar="N",
              help="The report's length in days, for files that do not say it.")
@CSV_DIALECT
@TERMINAL
def metrics_import(platform: str, files: tuple[Path, ...], people: Path,
                   playbooks: tuple[Path, ...], mapping: Path | None, output: Path,
                   period: str | None, report_end, report_days: int | None,
                   csv_dialect: str) -> None:
    """Per-user exports (Viva Engage, Teams, Slack) into snapshots, one file per period.

    \b
      adoptplan metrics import --from viva-engage exports/*.csv --people people.csv \\
        --playbook playbooks/ -o metrics/

    Exit 0 when written, 2 on unusable input (every problem is shown with its file and line).
    """
    # start-up: loads attrs, numpy only when this runs
    from adoptplan import ingest
    from adoptplan.csv_dialect import using

    end = report_end.date() if report_end else None
    with using(csv_dialect):
        _ingested(lambda: ingest.import_metrics(platform, list(files), list(playbooks), people,
                                                mapping, period, end, report_days), output)


@metrics.command("build")
@click.option("--events", "events", multiple=True, type=A_PATH,
              help="An events file: CSV, gzipped CSV or Parquet (more may follow).")
@click.argument("more_events", nargs=-1, type=A_PATH)
@PEOPLE
@PLAYBOOK
@MAPPING
@OUTPUT
@click.option("--period", type=click.Choice(INGEST_PERIODS), default=None,
              help="Snapshot periods: ISO weeks, months, or days (default: the playbook's "
                   "cadence).")
@click.option("--window", type=click.IntRange(1, 366), default=1, show_default=True,
              metavar="DAYS", help="With --period day: a rolling window of DAYS days.")
@click.option("--since", type=DATE, default=None, metavar="DATE", help="First day to build.")
@click.option("--until", type=DATE, default=None, metavar="DATE", help="Last day to build.")
@click.option("--sql-out", type=A_PATH, default=None, metavar="DIR",
              help="Also write the SQL, its tables and a README, to run the build elsewhere.")
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True,
              help="The SQL dialect --sql-out writes.")
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True,
              help="Run the build on embedded DuckDB or on Spark (the spark extra).")
@click.option("--spark-master", default=None, metavar="URL",
              help="With --engine spark: the master (default: $SPARK_MASTER, else local[*]).")
@TERMINAL
def metrics_build(events: tuple[Path, ...], more_events: tuple[Path, ...], people: Path,
                  playbooks: tuple[Path, ...], mapping: Path | None, output: Path,
                  period: str | None, window: int, since, until, sql_out: Path | None,
                  dialect: str, engine: str, spark_master: str | None) -> None:
    """Raw events (person, time, event name...) into snapshots, aggregated by DuckDB or Spark.

    \b
      adoptplan metrics build --events events.csv.gz --people people.csv \\
        --playbook playbooks/ --mapping mapping.toml --period week -o metrics/
      adoptplan metrics build ... --engine spark --spark-master spark://host:7077
      adoptplan metrics build ... --sql-out sql/ --dialect databricks

    Exit 0 when written, 2 on unusable input (every problem is shown with its file and line).
    """
    # start-up: loads attrs, numpy only when this runs
    from adoptplan import ingest
    from adoptplan.report.terminal import FILES

    files = list(events + more_events)
    if not files:
        _fail_usage("give the events with --events FILE")
    if window > 1 and period not in (None, "day"):
        _fail_usage("--window applies to --period day")
    if spark_master is not None and engine != "spark":
        _fail_usage("--spark-master applies to --engine spark")
    result = _ingested(lambda: ingest.build_metrics(
        list(playbooks), people, files, mapping, period, window,
        since.date() if since else None, until.date() if until else None,
        outputs=(output, sql_out), engine=engine, spark_master=spark_master), output)
    if sql_out is not None:
        try:
            ingest.write_sql(result, sql_out, dialect)
        except OSError as error:
            _fail_usage(f"cannot write to {sql_out}: {error.strerror or error}")
        _print(f"wrote the SQL and its tables to {sql_out}\n", FILES)


def main() -> None:
    """Entry point: a broken pipe or an interrupt is never a traceback."""
    try:
        cli.main(prog_name="adoptplan")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(exitcodes.OK)
