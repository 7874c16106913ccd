"""The names a playbook declares, by kind, so every check resolves a name the same way."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from adoptplan import catalogue
from adoptplan import model as m

"""How the loader shows a file of the method library (see adoptplan.load)."""

SUFFIX = ".adopt"


def first_by_name(declarations: tuple) -> dict[str, object]:
    """Declarations by name; the first one wins, a later one is a duplicate (AP201)."""
    found: dict[str, object] = {}
    for declaration in declarations:
        found.setdefault(declaration.name.text, declaration)
    return found


@m.frozen
class Index:
    """Every declared name of a playbook, the first declaration of each."""

    segments: dict[str, m.Segment]
    priorities: dict[str, m.Priority]
    tools: dict[str, m.Tool]
    metrics: dict[str, m.Metric]
    params: dict[str, m.Param]

    @classmethod
    def of(cls, playbook: m.Playbook) -> Index:
        return cls(
            first_by_name(playbook.segments),
            first_by_name(playbook.priorities),
            first_by_name(playbook.tools),
            first_by_name(playbook.metrics),
            first_by_name(playbook.params),
        )

    def value_names(self) -> set[str]:
        """Every name an expression may use: metrics, standard metrics, params, built-in values."""
        return {
            *catalogue.STANDARD_METRICS,
            *catalogue.BUILTIN_VALUES,
            *self.metrics,
            *self.params,
        }

    def is_metric(self, name: str) -> bool:
        """A metric in the snapshots: standard or declared (a param is a setting, not a metric)."""
        return name in catalogue.STANDARD_METRICS or name in self.metrics

    def param_type(self, name: str) -> str | None:
        param = self.params.get(name)
        return param.type.text if param is not None else None

    def level_names(self) -> set[str]:
        """What a `priority`/`severity` clause may name: a level, or a param of type level."""
        return {*m.LEVELS, *(n for n, p in self.params.items() if p.type.text == "level")}

    def in_scope(self, scope: m.Scope | None) -> tuple[m.Segment, ...]:
        """The known segments a rule runs for: those named, or every segment for `all`/none."""
        if scope is None or not scope.segments:
            return tuple(self.segments.values())
        return tuple(self.segments[n.text] for n in scope.segments if n.text in self.segments)

    def priorities_of(self, segments: tuple[m.Segment, ...]) -> tuple[m.Priority, ...]:
        """The priorities that name any of these segments in their `for` clause."""
        names = {s.name.text for s in segments}
        return tuple(
            p for p in self.priorities.values() if any(n.text in names for n in p.segments)
        )


def is_library(path: str) -> bool:
    """A file of the method library: generic declarations that the including playbook's own
    segments, priorities and tools make concrete."""
    return m.is_library_path(path)


def rules_and_barriers(playbook: m.Playbook) -> tuple[m.Rule | m.Barrier, ...]:
    return tuple(d for d in playbook.declarations() if isinstance(d, (m.Rule, m.Barrier)))


def includes_with_file(playbook: m.Playbook) -> Iterator[tuple[m.SourceFile, m.Include]]:
    """Every include with the file that wrote it."""
    for source in playbook.files:
        for item in source.items:
            if isinstance(item, m.Include):
                yield source, item


def library_include_sites(playbook: m.Playbook) -> dict[str, m.Span]:
    """Each library playbook loaded -> the team's `include` line that brought it in (through
    other library playbooks if need be): where a finding of a library rule can be annotated in
    the team's repository. The first include in file order wins."""
    included_by: dict[str, m.Span] = {}
    for source, include in includes_with_file(playbook):
        target = included_path(source.path, include)
        if include.library and target not in included_by:
            included_by[target] = include.span
    sites: dict[str, m.Span] = {}
    for library, span in included_by.items():
        seen = {library}
        while is_library(span.path) and span.path in included_by and span.path not in seen:
            seen.add(span.path)
            span = included_by[span.path]
        if not is_library(span.path):
            sites[library] = span
    return sites


def included_path(including: str, include: m.Include) -> str:
    """The display path an include loads, as adoptplan.load shows it."""
    if include.library:
        return include.target
    return posixpath.normpath(posixpath.join(posixpath.dirname(including), include.target))


def included_file(playbook: m.Playbook, including: str, include: m.Include) -> m.SourceFile | None:
    """The loaded file an include names, or None when it was not loaded (already reported)."""
    wanted = included_path(including, include)
    by_path = {f.path: f for f in playbook.files}
    if wanted in by_path:
        return by_path[wanted]
    # Display paths may be relative to the working folder or absolute: match the target's tail.
    target = include.target.replace(".", "/") + SUFFIX if include.library else include.target
    tail = "/".join(p for p in posixpath.normpath(target).split("/") if p not in ("..", "."))
    matches = [f for f in playbook.files if f.path == tail or f.path.endswith("/" + tail)]
    return matches[0] if len(matches) == 1 else None


def override_targets(playbook: m.Playbook) -> Iterator[tuple[m.Override, dict[str, m.Param]]]:
    """Each include override with the params its included file declares (when it was loaded)."""
    for source, include in includes_with_file(playbook):
        target = included_file(playbook, source.path, include)
        if target is None:
            continue
        params = {i.name.text: i for i in target.items if isinstance(i, m.Param)}
        for override in include.overrides:
            yield override, params


def keyword_span(span: m.Span, keyword: str) -> m.Span:
    """The span of the keyword a declaration starts with."""
    return m.Span(span.path, span.line, span.column, span.line, span.column + len(keyword))


def where(span: m.Span, here: m.Span | None = None) -> str:
    """`line 7`, or `path:7` when the other place is in another file."""
    if here is not None and here.path == span.path:
        return f"line {span.line}"
    return f"{span.path}:{span.line}"
