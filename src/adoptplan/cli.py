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
    checked = api.check_paths(list(paths))
    found = checked.diagnostics
    if fmt == "json":
        click.echo(render.render_json(found), nl=False)
    elif fmt == "github":
        click.echo(render.render_github(found), nl=False)
    else:
        click.echo(render.render_texts(found, checked.loaded.sources), nl=False)
    sys.exit(exitcodes.FINDINGS if has_errors(found, strict) else exitcodes.OK)


@cli.command()
@click.argument("subject")
def explain(subject: str) -> None:
    """Explain a diagnostic code (e.g. AP301): what it means, a wrong and a right example."""
    from adoptplan.codes import all_codes
    from adoptplan.diagnostics import did_you_mean
    from adoptplan.report.codes import render_code

    codes = all_codes()
    code = codes.get(subject.upper())
    if code is None:
        hint = did_you_mean(subject.upper(), codes)
        _fail_usage(f"unknown code '{subject}'" + (f": {hint}" if hint else ""))
    click.echo(render_code(code), nl=False)


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
                sources = {result.path: result.source}
                click.echo(render_texts(result.diagnostics, sources, summary=False), err=True,
                           nl=False)
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


def main() -> None:
    """Entry point: a broken pipe or an interrupt is never a traceback."""
    try:
        cli.main(prog_name="adoptplan")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(exitcodes.OK)
