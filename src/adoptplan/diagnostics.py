"""Findings as values: every error or warning of every stage, with a stable code and a position.

Playbook and metrics problems alike become `Diagnostic`s; `InputError` carries them out of any stage that cannot go on, and `report.diagnostics`
renders them all
the same way, so a user sees one kind of message whatever went wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from adoptplan.model import Span, frozen

ERROR = "error"
WARNING = "warning"


@frozen
class Diagnostic:
    """One finding: `path:line:col: severity[CODE]: message`, then the source line and a hint."""

    code: str
    message: str
    span: Span
    severity: str = ERROR
    hint: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)


class InputError(Exception):
    """Input that cannot be used, from any stage: every finding, in order, and the source texts
    to show them under (a playbook's, a metrics file's, a `--param` value's)."""

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None):
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: d.sort_key))
        self.sources = dict(sources or {})
        super().__init__("; ".join(d.message for d in self.diagnostics))


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """`did you mean 'x'?` for the closest candidate, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    if not close and word:
        lowered = {c.lower(): c for c in candidates}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean '{close[0]}'?" if close else None


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """All findings in one documented order: file, line, column, code."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.severity == ERROR or strict for d in diagnostics)
