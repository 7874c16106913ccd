"""The HTML report and the pull-request comment as a reader sees them: in headless Chromium at
900 pixels, offline. Screenshots are saved under each test's temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from adoptplan.cli import cli

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 900

pytestmark = pytest.mark.needs("chromium")


def _evaluate(fmt: str, monkeypatch) -> str:
    """The bundled playbook on its sample history, as `make evaluate` runs it."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        cli, ["evaluate", "playbooks/", "--metrics", "examples/metrics", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def browser():
    from chromium import Browser

    opened = Browser(width=WIDTH)
    yield opened
    opened.close()


def _no_horizontal_scroll(browser) -> None:
    scroll, client = browser.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll == client <= WIDTH


def _visible_without_scrolling(browser, selector: str) -> None:
    """The element's box starts inside the viewport's width and ends inside it."""
    left, right = browser.evaluate(
        f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
        " return [r.left, r.right]; })()")
    assert 0 <= left < right <= WIDTH


def test_the_html_report_draws_every_chart_offline(browser, tmp_path, monkeypatch):
    page = tmp_path / "report.html"
    page.write_text(_evaluate("html", monkeypatch), encoding="utf-8")
    browser.open(page)
    charts = browser.evaluate("document.querySelectorAll('.chart').length")
    assert charts >= 3
    browser.wait_for(lambda: browser.evaluate(
        "document.querySelectorAll('.chart svg .marks, .chart svg g.mark-line, "
        ".chart svg g.mark-rect').length > 0 && Array.from(document.querySelectorAll('.chart'))"
        ".every(c => c.querySelector('svg'))"), "every chart to draw")
    marks = browser.evaluate(
        "Array.from(document.querySelectorAll('.chart')).map(c => c.querySelectorAll("
        "'g.mark-line path, g.mark-rect path, g.mark-symbol path').length)")
    assert all(count > 0 for count in marks), marks
    trend_points = browser.evaluate(
        "document.querySelector('#chart-0').querySelectorAll('g.mark-symbol path').length")
    assert trend_points == 12  # one point a week of the sample history
    assert browser.errors() == []
    assert [url for url in browser.requests() if not url.startswith("file:")] == []
    _no_horizontal_scroll(browser)
    _visible_without_scrolling(browser, ".headline")
    _visible_without_scrolling(browser, "details.critical summary")
    browser.screenshot(tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_the_comment_reads_at_900_pixels_as_github_renders_it(browser, tmp_path, monkeypatch):
    """markdown-it in CommonMark mode with GFM tables and inline HTML: what GitHub's renderer
    does with the comment, less mermaid (GitHub draws that block itself)."""
    comment = _evaluate("markdown", monkeypatch)
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(comment)
    page = tmp_path / "comment.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "body{font:14px/1.5 -apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:"
        "880px;padding:0 10px}table{border-collapse:collapse;display:block;overflow:auto;"
        "max-width:100%}th,td{border:1px solid #d0d7de;padding:6px 13px}"
        "pre{overflow:auto}</style></head><body>" + body + "</body></html>",
        encoding="utf-8")
    browser.open(page)
    assert browser.errors() == []
    assert browser.evaluate("document.querySelectorAll('h3').length") >= 4
    headline = browser.evaluate("document.querySelector('p strong').textContent")
    assert headline.startswith("1 critical finding needs attention at 2026-W46")
    first_alert = browser.evaluate("document.querySelector('details summary').textContent")
    assert first_alert.startswith("critical \u00b7 Field service engineers in Brazil: ")
    assert browser.evaluate("document.querySelectorAll('details').length") >= 17
    progress = browser.evaluate(
        "Array.from(document.querySelectorAll('table')).find(t => t.textContent.includes("
        "'since launch')).querySelectorAll('tr').length")
    assert progress == 7  # the header, five segments, all segments
    _no_horizontal_scroll(browser)
    _visible_without_scrolling(browser, "p strong")
    _visible_without_scrolling(browser, "details summary")
    browser.screenshot(tmp_path / "comment.png")
    assert (tmp_path / "comment.png").stat().st_size > 10_000
