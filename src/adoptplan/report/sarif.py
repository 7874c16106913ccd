"""The SARIF 2.1.0 form of diagnostics, for code scanning: every code a rule, every finding a
result on its file, line and columns.

Columns are counted in characters (`columnKind` unicodeCodePoints), as in every other output;
paths are URIs relative to the folder the command ran in when they lie inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from adoptplan import __version__
from adoptplan.codes import Code, all_codes
from adoptplan.diagnostics import Diagnostic
from adoptplan.model import Span, is_library_path
from adoptplan.report import jsontext

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"


def _rule(code: Code) -> dict:
    """A reportingDescriptor: what `adoptplan explain CODE` says, with its examples."""
    # start-up: loads report.codes only when this runs
    from adoptplan.report.codes import render_code

    return {
        "id": code.code,
        "shortDescription": {"text": code.title},
        "fullDescription": {"text": code.explanation},
        "help": {"text": render_code(code)},
        "defaultConfiguration": {"level": code.severity},
    }


def artifact_uri(path: str, base: Path) -> str:
    """A relative URI for a path inside `base` (or given relative), else an absolute file URI."""
    given = Path(path)
    if given.is_absolute():
        try:
            given = given.relative_to(base)
        except ValueError:
            return given.as_uri()
    return quote(given.as_posix(), safe="/")


def _region(span: Span) -> dict:
    region = {"startLine": span.line, "startColumn": max(span.column, 1)}
    if (span.end_line, span.end_column) >= (span.line, span.column) and span.end_column >= 1:
        region.update(endLine=span.end_line, endColumn=span.end_column)
    return region


def _location(span: Span, base: Path) -> list[dict]:
    """Where the finding is: none for a finding about no file (or a library playbook, which is
    in no repository), no region for a whole file."""
    if not span.path or span.path.startswith("<") or is_library_path(span.path):
        return []
    physical: dict = {"artifactLocation": {"uri": artifact_uri(span.path, base)}}
    if span.line >= 1:
        physical["region"] = _region(span)
    return [{"physicalLocation": physical}]


def _result(diagnostic: Diagnostic, index: dict[str, int], base: Path) -> dict:
    text = diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")
    result = {
        "ruleId": diagnostic.code,
        "level": diagnostic.severity,
        "message": {"text": text},
        "locations": _location(diagnostic.span, base),
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    return result


def as_log(diagnostics: Sequence[Diagnostic], base: Path | None = None) -> dict:
    """The SARIF log: one run whose driver lists every diagnostic code, then the findings."""
    base = base if base is not None else Path.cwd()
    codes = list(all_codes().values())
    index = {code.code: position for position, code in enumerate(codes)}
    driver = {"name": "adoptplan", "version": __version__, "rules": [_rule(c) for c in codes]}
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index, base) for d in diagnostics],
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def render_sarif(diagnostics: Sequence[Diagnostic], base: Path | None = None) -> str:
    """Sorted keys, two-space indent, one trailing newline, as every JSON output."""
    return jsontext.dumps(as_log(diagnostics, base))
