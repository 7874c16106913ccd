"""The dispatcher: every format, the same bytes for the same inputs, errors for bad choices."""

import pytest

from adoptplan.report.github import render_github
from adoptplan.report.json_report import render_json
from adoptplan.report.junit import render_junit
from adoptplan.report.markdown import render_markdown
from adoptplan.report.render import FORMATS, render, render_bytes
from adoptplan.report.table import render_table

from support.report import empty_evaluation, evaluation


def test_formats_are_the_cli_choices_default_first():
    from adoptplan.cli import evaluate

    option = next(p for p in evaluate.params if p.name == "fmt")
    assert FORMATS == ("table", "markdown", "json", "github", "junit", "html")
    assert tuple(option.type.choices) == FORMATS and option.default == "table"


@pytest.mark.parametrize(
    ("fmt", "renderer"),
    [("table", render_table), ("markdown", render_markdown), ("json", render_json),
     ("github", render_github), ("junit", render_junit)],
)
def test_render_dispatches(fmt, renderer):
    assert render(evaluation(), fmt, "high") == renderer(evaluation(), "high")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("build", [evaluation, empty_evaluation])
def test_same_inputs_give_identical_text_ending_in_one_newline(fmt, build):
    first = render(build(), fmt, "medium")
    assert first == render(build(), fmt, "medium")
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_unknown_format_or_level_is_a_value_error():
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        render(evaluation(), "yaml")
    with pytest.raises(ValueError, match="unknown level 'severe'"):
        render(evaluation(), "json", "severe")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_suppressed_group_is_never_named(fmt):
    text = render(evaluation(), fmt, "low")
    assert "Iceland" not in text
    assert fmt not in ("json", "junit") or "file_sharing/suppressed/1" in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("build", [evaluation, empty_evaluation])
def test_bytes_are_the_text_in_utf8(fmt, build):
    """What a file or a pipe gets (JSON as orjson writes it, never decoded on the way)."""
    assert render_bytes(build(), fmt, "medium") == render(build(), fmt, "medium").encode("utf-8")


def test_bytes_refuse_an_unknown_format_or_level_as_text_does():
    with pytest.raises(ValueError, match="unknown level"):
        render_bytes(evaluation(), "json", "urgent")
    with pytest.raises(ValueError, match="unknown format"):
        render_bytes(evaluation(), "yaml")
