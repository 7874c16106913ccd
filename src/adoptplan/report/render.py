"""Dispatch an evaluation to the renderer of the chosen `--format`."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from adoptplan.model import LEVELS
from adoptplan.result import Evaluation

if TYPE_CHECKING:
    from adoptplan.report.table import Layout

_RENDERERS: dict[str, tuple[str, str]] = {
    "table": ("adoptplan.report.table", "render_table"),
    "markdown": ("adoptplan.report.markdown", "render_markdown"),
    "json": ("adoptplan.report.json_report", "render_json"),
    "github": ("adoptplan.report.github", "render_github"),
    "junit": ("adoptplan.report.junit", "render_junit"),
    "html": ("adoptplan.report.html", "render_html"),
}
"""Format -> (module, function): a renderer is imported only when its format is asked for."""

FORMATS: tuple[str, ...] = tuple(_RENDERERS)
"""The `--format` choices, the default first."""


def render(evaluation: Evaluation, fmt: str, fail_on: str | None = None,
           layout: Layout | None = None,
           library_includes: Mapping[str, tuple[str, int]] | None = None) -> str:
    """The evaluation as text in `fmt`; the same inputs always give the same bytes.

    `layout` (width, colour, how much to say) is for the terminal form, `table`, alone;
    `library_includes` (library playbook -> the team's include line) places the GitHub
    annotations of library rules in the repository.

    Raises ValueError for an unknown format or level: the CLI offers only valid choices, so this is
    a programming error, not bad user input.
    """
    _check(fmt, fail_on)
    module, function = _RENDERERS[fmt]
    renderer = getattr(importlib.import_module(module), function)
    if fmt == "table" and layout is not None:
        return renderer(evaluation, fail_on, layout)
    if fmt == "github":
        return renderer(evaluation, fail_on, library_includes)
    return renderer(evaluation, fail_on)


def render_bytes(evaluation: Evaluation, fmt: str, fail_on: str | None = None,
                 layout: Layout | None = None,
                 library_includes: Mapping[str, tuple[str, int]] | None = None) -> bytes:
    """`render` as UTF-8, as a file or a pipe takes it. JSON comes as orjson writes it: a large
    result's text is neither decoded nor encoded again (a 159 MB result: two copies less)."""
    _check(fmt, fail_on)
    if fmt == "json":
        # start-up: loads the JSON renderer only when this runs
        from adoptplan.report.json_report import json_bytes

        return json_bytes(evaluation, fail_on)
    return render(evaluation, fmt, fail_on, layout, library_includes).encode("utf-8")


def _check(fmt: str, fail_on: str | None) -> None:
    """A bad choice is a programming error (the CLI offers only valid ones): a ValueError."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in LEVELS:
        raise ValueError(f"unknown level {fail_on!r}; expected one of {', '.join(LEVELS)}")
