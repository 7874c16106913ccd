"""Hover: what a name under the cursor stands for, in the words `check` and the docs use."""

from __future__ import annotations

import re

from adoptplan import catalogue
from adoptplan import model as m
from adoptplan.check.index import included_file, includes_with_file, where
from adoptplan.codes import all_codes
from adoptplan.fmt import format_expr, format_quantity
from adoptplan.lsp.analysis import Analysis, declarations
from adoptplan.lsp.documents import contains, lines_of, word_at
from adoptplan.report.codes import render_code
from adoptplan.report.markdown import escape

_CODE = re.compile(r"AP\d{3}")


def hover_text(analysis: Analysis, line: int, column: int) -> str | None:
    """Markdown for the model position (from 1) of the document, or None when nothing is there."""
    lines = lines_of(analysis.text(analysis.shown))
    word, _ = word_at(lines, line, column)
    found = _on_declared_name(analysis, line, column)
    if found is not None:
        return describe(found, analysis)
    include = _include_at(analysis, line)
    if include is not None:
        return _describe_include(analysis, include)
    if _CODE.fullmatch(word) and word in all_codes():
        return render_code(all_codes()[word])
    builtin = _builtin(word)
    if builtin:
        return builtin
    codes = [d.code for d in analysis.diagnostics() if contains(d.span, line, column)]
    if codes and codes[0] in all_codes():
        return render_code(all_codes()[codes[0]])
    return None


def _on_declared_name(analysis: Analysis, line: int, column: int) -> object | None:
    declared = declarations(analysis.playbook)
    for occurrence in analysis.occurrences():
        if occurrence.span.path == analysis.shown and contains(occurrence.span, line, column):
            return declared.get(occurrence.name)
    return None


def _include_at(analysis: Analysis, line: int) -> m.Include | None:
    source = analysis.source()
    for item in source.items if source else ():
        if isinstance(item, m.Include) and item.span.line <= line <= item.span.end_line:
            return item
    return None


def _title(declaration: object) -> str:
    title = getattr(declaration, "title", None)
    return f" — {escape(title.value)}" if title is not None else ""


def _heading(keyword: str, declaration: object) -> str:
    return f"**{keyword} `{declaration.name.text}`**{_title(declaration)}"


def _code(text: str) -> str:
    """Text shown literally: in a code span, which Markdown does not interpret."""
    return "`" + text.replace("`", "'") + "`"


def _here(analysis: Analysis) -> m.Span:
    """The document hovered in: a place in it is shown as `line N`, elsewhere as `path:N`."""
    return m.Span(analysis.shown, 1, 1, 1, 1)


def _where(declaration: object, analysis: Analysis) -> str:
    return f"declared at {_code(where(declaration.span, _here(analysis)))}"


def describe(declaration: object, analysis: Analysis) -> str:
    """A declaration as the hover shows it: what it is, its main clauses, where it is."""
    lines = _DESCRIBERS[type(declaration)](declaration, analysis)
    return "\n\n".join([*lines, _where(declaration, analysis)])


def _segment(d: m.Segment, analysis: Analysis) -> list[str]:
    lines = [_heading("segment", d)]
    if d.members is not None:
        lines.append(f"members: {format_quantity(d.members)}")
    if d.collaboration is not None:
        lines.append(f"collaboration: {d.collaboration.text}")
    if d.likelihood is not None:
        lines.append(f"likelihood: {d.likelihood.text}")
    if d.dimensions:
        lines.append("by " + ", ".join(n.text for n in d.dimensions))
    return lines


def _metric(d: m.Metric, analysis: Analysis) -> list[str]:
    lines = [_heading("metric", d)]
    lines.append(f"unit: {d.unit.text}" if d.unit is not None else "unit: none given")
    if d.value is not None:
        lines.append(f"derived: `{format_expr(d.value)}`")
    else:
        lines.append("read from the metrics snapshots")
    return lines


def _param(d: m.Param, analysis: Analysis) -> list[str]:
    lines = [f"**param `{d.name.text}`** ({d.type.text}) = `{format_expr(d.default)}`"]
    for source, include in includes_with_file(analysis.playbook):
        target = included_file(analysis.playbook, source.path, include)
        if target is None or target.path != d.span.path:
            continue
        for override in include.overrides:
            if override.name.text == d.name.text:
                lines.append(f"overridden to `{format_expr(override.value)}` at "
                             f"{_code(where(override.span, _here(analysis)))}")
    return lines


def _priority(d: m.Priority, analysis: Analysis) -> list[str]:
    lines = [_heading("priority", d)]
    if d.segments:
        lines.append("for " + ", ".join(n.text for n in d.segments))
    if d.weight is not None:
        lines.append(f"weight: {format_quantity(d.weight)}")
    return lines


def _tool(d: m.Tool, analysis: Analysis) -> list[str]:
    lines = [_heading("tool", d)]
    if d.serves:
        lines.append("serves " + ", ".join(n.text for n in d.serves))
    return lines


def _conditional(keyword: str, d: m.Rule | m.Barrier, outcome: str) -> list[str]:
    lines = [_heading(keyword, d)]
    if d.when is not None:
        lines.append(f"when `{format_expr(d.when.expr)}`")
    return [*lines, outcome] if outcome else lines


def _rule(d: m.Rule, analysis: Analysis) -> list[str]:
    level = f", priority {d.level.text}" if d.level else ""
    return _conditional("rule", d, f"do {d.kind.text}{level}" if d.kind else "")


def _barrier(d: m.Barrier, analysis: Analysis) -> list[str]:
    return _conditional("barrier", d, f"severity {d.severity.text}" if d.severity else "")


_DESCRIBERS = {m.Segment: _segment, m.Metric: _metric, m.Param: _param, m.Priority: _priority,
               m.Tool: _tool, m.Rule: _rule, m.Barrier: _barrier}


def _describe_include(analysis: Analysis, include: m.Include) -> str:
    target = included_file(analysis.playbook, analysis.shown, include)
    if target is None:
        return f"**include** {_code(include.target)}: not loaded (see the diagnostic)"
    names = [f"{type(i).__name__.lower()} `{i.name.text}`" for i in target.items
             if not isinstance(i, (m.Include, m.Header))]
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    file = analysis.files.get(target.path)
    return (f"**include** {_code(include.target)}\n\nfile: "
            f"{_code(file.as_posix() if file else target.path)}\n\n"
            f"declares {len(names)}: {shown}")


def _builtin(word: str) -> str | None:
    """The catalogue's words: standard metrics, built-in values, history functions."""
    if word in catalogue.STANDARD_METRICS:
        metric = catalogue.STANDARD_METRICS[word]
        return f"**standard metric `{word}`** ({metric.unit})\n\n{metric.description}"
    if word in catalogue.BUILTIN_VALUES:
        return f"**built-in value `{word}`** ({catalogue.BUILTIN_VALUES[word]})"
    if word in catalogue.FUNCTIONS:
        function = catalogue.FUNCTIONS[word]
        return f"**`{function.signature}`**\n\n{function.description}"
    return None

