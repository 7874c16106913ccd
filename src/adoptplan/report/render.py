"""Dispatch an evaluation to the renderer of the chosen `--format`."""

from __future__ import annotations

from collections.abc import Callable

from adoptplan.model import LEVELS
from adoptplan.report.github import render_github
from adoptplan.report.json_report import render_json
from adoptplan.report.junit import render_junit
from adoptplan.report.markdown import render_markdown
from adoptplan.report.table import render_table
from adoptplan.result import Evaluation

_RENDERERS: dict[str, Callable[[Evaluation, str | None], str]] = {
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
}

FORMATS: tuple[str, ...] = tuple(_RENDERERS)
"""The `--format` choices, the default first."""


def render(evaluation: Evaluation, fmt: str, fail_on: str | None = None) -> str:
    """The evaluation as text in `fmt`; the same inputs always give the same bytes.

    Raises ValueError for an unknown format or level: the CLI offers only valid choices, so this is
    a programming error, not bad user input.
    """
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in LEVELS:
        raise ValueError(f"unknown level {fail_on!r}; expected one of {', '.join(LEVELS)}")
    return _RENDERERS[fmt](evaluation, fail_on)
