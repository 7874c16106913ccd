"""The model of playbook tests (`.adopt-test` files): frozen values, free of parser and engine.

Like the playbook model, every node carries a `span` excluded from equality, so a test runner
can point at the line of a failing expectation.
"""

from __future__ import annotations

import attrs

from adoptplan.model import NOWHERE, Span

SUFFIX = ".adopt-test"
"""Test files end in this; `adoptplan check` reads only `.adopt`, so it never takes them for
playbooks."""

ACTION = "action"
ALERT = "alert"
NOT_EVALUATED = "not_evaluated"
ABSENT = "no"


def _span() -> attrs.Attribute:
    return attrs.field(default=NOWHERE, eq=False, order=False, repr=False, kw_only=True)


@attrs.frozen
class Value:
    """One written series value, expanded: a number per period, None where the value is missing.

    `percent` says the writer marked it with `%`; the runner turns percentages into ratios.
    """

    values: tuple[float | None, ...]
    percent: bool = False
    span: Span = _span()


@attrs.frozen
class Series:
    """A metric's values for one group, period after period from the test's `from`."""

    group: str  # as written: reps, reps/geography=DE
    metric: str
    values: tuple[Value, ...]
    span: Span = _span()
    group_span: Span = _span()
    metric_span: Span = _span()

    def expanded(self) -> tuple[float | None, ...]:
        return tuple(v for value in self.values for v in value.values)


@attrs.frozen
class Expectation:
    """An `expect` line: a finding (action, alert), a not-evaluated rule, or an absent id."""

    what: str  # ACTION, ALERT, NOT_EVALUATED or ABSENT
    id: str
    level: str = ""
    message: str | None = None
    span: Span = _span()
    id_span: Span = _span()
    level_span: Span = _span()


@attrs.frozen
class ParamOverride:
    """`param name = value`: the value as written, read as a playbook expression when run.

    A quoted value (for a text param) is read when the file is parsed, with the test file's
    escapes: `quoted` holds its text, and `text` still shows it as written, quotes and all.
    """

    name: str
    text: str
    quoted: str | None = None
    span: Span = _span()
    value_span: Span = _span()  # where a value of the wrong type is pointed at


@attrs.frozen
class PlaybookTest:
    """One test: the playbooks, the metric series, the period, what must come out."""

    name: str
    title: str = ""
    playbooks: tuple[str, ...] = ()  # empty: the file's playbooks
    start: str | None = None
    at: str | None = None
    series: tuple[Series, ...] = ()
    params: tuple[ParamOverride, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    others_allowed: bool = False
    span: Span = _span()
    playbooks_span: Span = _span()
    start_span: Span = _span()
    at_span: Span = _span()

    @property
    def label(self) -> str:
        return f'{self.name} "{self.title}"' if self.title else self.name


@attrs.frozen
class PlaybookTestFile:
    """One parsed `.adopt-test` file."""

    path: str
    playbooks: tuple[str, ...]
    tests: tuple[PlaybookTest, ...]
    playbooks_span: Span = _span()
