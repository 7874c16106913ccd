"""The one renderer for every finding, playbook or metrics: text with a caret, JSON, GitHub."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from adoptplan.diagnostics import Diagnostic
from adoptplan.report import jsontext
from adoptplan.report.visible import one_line

TAB_WIDTH = 4
JSON_FORMAT_VERSION = 1


def _display_line(line: str, column: int) -> tuple[str, int]:
    """The line with tabs expanded, and where `column` lands in it (1-based)."""
    before = line[: max(column - 1, 0)].expandtabs(TAB_WIDTH)
    return line.expandtabs(TAB_WIDTH), len(before) + 1


MAX_WIDTH = 120
"""Source lines longer than this are shown as a window around the caret."""


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    return text.split("\n")


def _window(shown: str, start: int, width: int) -> tuple[str, int, int]:
    """Cut a long line to MAX_WIDTH characters around the caret; `...` marks what was cut."""
    if len(shown) <= MAX_WIDTH:
        return shown, start, width
    width = min(width, MAX_WIDTH // 2)
    left = max(0, min(start - 1 - MAX_WIDTH // 3, len(shown) - MAX_WIDTH))
    right = left + MAX_WIDTH
    prefix = "..." if left > 0 else ""
    suffix = "..." if right < len(shown) else ""
    return prefix + shown[left:right] + suffix, start - left + len(prefix), width


def render_text(diagnostic: Diagnostic, sources: Mapping[str, str]) -> str:
    """`path:line:col: severity[CODE]: message`, the source line, a caret under the token, a hint."""
    span = diagnostic.span
    lines = [_head(diagnostic)]
    text = sources.get(span.path)
    if text is not None and span.line >= 1:
        source_lines = _lines(text)
        if span.line <= len(source_lines):
            raw = source_lines[span.line - 1]
            shown, start = _display_line(raw, span.column)
            if span.end_line == span.line and span.end_column > span.column:
                _, end = _display_line(raw, span.end_column)
            else:
                end = max(len(shown) + 1, start + 1) if span.end_line > span.line else start + 1
            width = max(1, min(end, len(shown) + 1) - start)
            shown, start, width = _window(shown, start, width)
            gutter = f"{span.line} | "
            lines.append(gutter + _printable(shown))
            lines.append(" " * (len(gutter) + start - 1) + "^" * width)
    if diagnostic.hint:
        lines.append(one_line(f"  hint: {diagnostic.hint}"))
    return "\n".join(lines)


def _head(diagnostic: Diagnostic) -> str:
    """`path:line:col: severity[CODE]: message` on one line: nothing in a message acts on the
    terminal or breaks its line."""
    span = diagnostic.span
    return one_line(f"{span.path}:{span.line}:{span.column}: "
                    f"{diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}")


def _printable(line: str) -> str:
    return "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in line)


def render_texts(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], summary: bool = True,
    detail: str = "normal",
) -> str:
    """Every diagnostic, then the counts. `detail` (the terminal's -q/-v): `quiet` gives one line
    each and no counts (what is wrong, where); `verbose` adds where each code is explained."""
    if detail == "quiet":
        return "".join(_head(d) + "\n" for d in diagnostics)
    blocks = [render_text(d, sources) + (f"\n  see: adoptplan explain {d.code}"
                                         if detail == "verbose" else "") for d in diagnostics]
    if summary:
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        blocks.append(_summary(errors, warnings))
    return "\n\n".join(blocks) + "\n"


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def as_dict(diagnostic: Diagnostic) -> dict:
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The documented, stable JSON form (see docs/diagnostics.md)."""
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "diagnostics": [as_dict(d) for d in diagnostics],
        "errors": sum(d.severity == "error" for d in diagnostics),
        "warnings": sum(d.severity == "warning" for d in diagnostics),
    }
    return jsontext.dumps(document)


def _escape_github(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(diagnostics: Sequence[Diagnostic],
                  library_includes: Mapping[str, tuple[str, int]] | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, on its file and line.

    A finding in a file of the method library (`method.barriers:28`) is in no file of the
    repository: it goes on the team's `include` line (`library_includes`: library name -> path,
    line), the message saying where in the library it is."""
    sites = library_includes or {}
    lines = []
    for d in diagnostics:
        span = d.span
        command = "error" if d.severity == "error" else "warning"
        where = f"line={span.line},col={span.column},endColumn={span.end_column}"
        path, inside = span.path, ""
        if span.path in sites:
            path, line = sites[span.path]
            where, inside = f"line={line}", f" (in {span.path}:{span.line})"
        props = (f"file={_escape_github(one_line(path), True)},{where},"
                 f"title={_escape_github(d.code, True)}")
        message = one_line(d.message + (f" ({d.hint})" if d.hint else "") + inside)
        lines.append(f"::{command} {props}::{_escape_github(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
