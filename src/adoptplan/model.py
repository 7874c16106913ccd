"""The playbook model: frozen values for every construct, free of any parser, CLI or file I/O.

Every node carries a `span` so later stages can point at the source; spans never take part in
equality, so the same playbook formatted differently compares equal.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any, TypeVar, Union, dataclass_transform

import attrs

_Class = TypeVar("_Class", bound=type)
_REPRING = threading.local()


def _repr(self: Any) -> str:
    """attrs' own `__repr__` (`Name(text='x')`: the fields shown, the class's own name, `...`
    for a value already being shown), as one function for every class of the model: attrs
    generates and compiles one per class, a third of the cost of making a class at start-up."""
    showing = _REPRING.__dict__.setdefault("ids", set())
    if id(self) in showing:
        return "..."
    showing.add(id(self))
    try:
        fields = ", ".join(f"{a.name}={_field_repr(self, a)}"
                           for a in attrs.fields(type(self)) if a.repr is not False)
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({fields})"
    finally:
        showing.discard(id(self))


def _field_repr(self: Any, field: attrs.Attribute) -> str:
    value = getattr(self, field.name) if field.init else getattr(self, field.name, attrs.NOTHING)
    return (repr if field.repr is True else field.repr)(value)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def frozen(cls: _Class | None = None, **options: Any) -> Any:
    """`attrs.frozen` with the shared `_repr` in place of a generated one (same text); equality,
    hashing, ordering and immutability are attrs' own."""

    def make(cls: _Class) -> _Class:
        made = attrs.frozen(cls, repr=False, **options)
        if "__repr__" not in cls.__dict__:
            made.__repr__ = _repr
        return made

    return make if cls is None else make(cls)


LEVELS: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
"""One ordered scale for action priority and barrier severity."""

ACTION_KINDS: tuple[str, ...] = (
    "focus",
    "build",
    "pilot",
    "educate",
    "remove_barrier",
    "sustain",
    "measure",
)
CADENCES: tuple[str, ...] = ("weekly", "monthly")
RATINGS: tuple[str, ...] = ("low", "medium", "high")
"""How much a segment's work depends on collaboration, and how likely it is to use the platform."""
INCREASE, DECREASE = "increase", "decrease"
DIRECTIONS: tuple[str, ...] = (INCREASE, DECREASE)
"""The way an intervention's metric should move for it to have worked (`expect`)."""

PARAM_TYPES: tuple[str, ...] = ("percent", "number", "count", "periods", "hours", "level", "text")


@frozen(order=True)
class Span:
    """Where a node was written: 1-based line and column, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.path, self.line, self.column, other.end_line, other.end_column)


NOWHERE = Span("<none>", 0, 0, 0, 0)

LIBRARY_ROOT_NAME = "method"
"""A playbook of the method library is shown by the name it is included by, `method.barriers`:
the name `adoptplan show` prints it for, where no file path would lead anyone."""


def is_library_path(path: str) -> bool:
    """Whether a source's shown path is a library playbook's name (`method.barriers`)."""
    head, _, rest = path.partition(".")
    return head == LIBRARY_ROOT_NAME and bool(rest) and "/" not in path and \
        not path.endswith(".adopt")


def _span() -> attrs.Attribute:
    return attrs.field(default=NOWHERE, eq=False, order=False, repr=False, kw_only=True)


# ------------------------------------------------------------------------------------ leaf values


@frozen
class Name:
    """A reference to a declared name, or an enumeration value such as a level."""

    text: str
    span: Span = _span()


@frozen
class Text:
    """A quoted string, already unescaped."""

    value: str
    span: Span = _span()


@frozen
class Period:
    """An ISO week (2026-W40), a month (2026-10) or a date (2026-10-05), as written."""

    text: str
    span: Span = _span()


# ------------------------------------------------------------------------------------ expressions

UNIT_ALIASES: dict[str, str] = {
    "%": "%",
    "pp": "pp",
    "points": "pp",
    "period": "periods",
    "periods": "periods",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "hour": "hours",
    "hours": "hours",
    "members": "members",
    "people": "members",
}
"""Every spelling of a unit, mapped to its canonical spelling (what `fmt` writes)."""


@frozen(cache_hash=True)
class Quantity:
    """A number with an optional unit: 40%, 5pp, 3 periods, 200 hours, 1200.

    `text` is the number as written (`0.50`, `007`, every digit of a long decimal), so `fmt` can
    write back the exact value rather than the nearest float; "" for quantities made in code.
    Like the span it takes no part in equality: `2.50` and `2.5` are the same model.
    """

    amount: float
    unit: str = ""
    span: Span = _span()
    text: str = attrs.field(default="", eq=False, order=False, repr=False, kw_only=True)


@frozen(cache_hash=True)
class String:
    value: str
    span: Span = _span()


@frozen(cache_hash=True)
class Ref:
    """A metric, parameter or (in `match`) a people-directory attribute."""

    name: str
    span: Span = _span()


@frozen(cache_hash=True)
class Call:
    """A history function such as baseline(x), change(x, 4 periods), peers(x).

    `before`: its window ends with the period before the evaluated one (`4 periods before`).
    """

    function: str
    args: tuple[Expr, ...]
    span: Span = _span()
    before: bool = False


@frozen(cache_hash=True)
class Negative:
    operand: Expr
    span: Span = _span()


@frozen(cache_hash=True)
class Arithmetic:
    op: str  # + - * /
    left: Expr
    right: Expr
    span: Span = _span()


@frozen(cache_hash=True)
class Compare:
    op: str  # == != < <= > >=
    left: Expr
    right: Expr
    span: Span = _span()


@frozen(cache_hash=True)
class Membership:
    """`x in [a, b]` or `x not in [a, b]`."""

    operand: Expr
    items: tuple[Expr, ...]
    negated: bool = False
    span: Span = _span()


@frozen(cache_hash=True)
class Logical:
    op: str  # and / or
    left: Expr
    right: Expr
    span: Span = _span()


@frozen(cache_hash=True)
class Not:
    operand: Expr
    span: Span = _span()


Expr = Union[Quantity, String, Ref, Call, Negative, Arithmetic, Compare, Membership, Logical, Not]


# ----------------------------------------------------------------------------------- declarations


@frozen
class Header:
    """The `playbook` block: what the whole plan is about."""

    title: Text
    platform: Text | None = None
    cadence: Name | None = None
    launch: Period | None = None
    critical_mass: Quantity | None = None
    effort: Quantity | None = None
    minimum: Quantity | None = None  # the playbook's privacy floor: the least group size shown
    forecast_by: tuple[Name, ...] = ()  # dimensions whose groups are forecast too
    span: Span = _span()

    @property
    def name(self) -> str:
        return "playbook"


@frozen
class Segment:
    """An employee group the plan targets."""

    name: Name
    title: Text | None = None
    members: Quantity | None = None
    collaboration: Name | None = None
    likelihood: Name | None = None
    managers: tuple[Text, ...] = ()
    match: Expr | None = None
    dimensions: tuple[Name, ...] = ()
    effort: Quantity | None = None
    span: Span = _span()


@frozen
class Priority:
    """A business priority of one or more segments, from their managers."""

    name: Name
    title: Text | None = None
    segments: tuple[Name, ...] = ()
    weight: Quantity | None = None
    managers: tuple[Text, ...] = ()
    span: Span = _span()


@frozen
class Tool:
    """A tool or capability of the platform and the priorities it serves."""

    name: Name
    title: Text | None = None
    serves: tuple[Name, ...] = ()
    needs: tuple[Text, ...] = ()
    has: tuple[Text, ...] = ()
    span: Span = _span()

    def missing(self) -> tuple[Text, ...]:
        """The needed capabilities the tool does not have: its capability gaps, in order.

        One comparison for `check` (AP505) and the engine's build actions, so they never disagree.
        """
        has = {capability_key(text.value) for text in self.has}
        return tuple(need for need in self.needs if capability_key(need.value) not in has)


_WORD = re.compile(r"[^\W_]+")


def capability_key(text: str) -> str:
    """A capability as compared: case, spacing and punctuation aside ("Offline-upload" is
    "offline upload")."""
    return " ".join(_WORD.findall(text.casefold()))


@frozen
class Metric:
    """A metric in the snapshots (no `value`) or derived from others (with `value`)."""

    name: Name
    title: Text | None = None
    unit: Name | None = None
    value: Expr | None = None
    span: Span = _span()


@frozen
class Param:
    """A named, typed value that an including playbook or the command line may override."""

    name: Name
    type: Name
    default: Expr
    span: Span = _span()


@frozen
class Scope:
    """Which segments a rule runs for (`all` when `segments` is empty), optionally per dimension:
    `by device_class, account_age` watches each breakdown in turn, as if written once for each."""

    segments: tuple[Name, ...] = ()
    dimensions: tuple[Name, ...] = ()
    span: Span = _span()

    @property
    def dimension(self) -> Name | None:
        """The first dimension it breaks its segments down by (the only one, usually)."""
        return self.dimensions[0] if self.dimensions else None

    def each(self) -> tuple[Scope, ...]:
        """One scope per dimension (itself when it has at most one)."""
        if len(self.dimensions) < 2:
            return (self,)
        return tuple(attrs.evolve(self, dimensions=(d,)) for d in self.dimensions)


@frozen
class Condition:
    """A `when` clause: an expression that must hold, for the last `sustained` periods if given."""

    expr: Expr
    sustained: Quantity | None = None
    span: Span = _span()


@frozen
class Rule:
    """When a condition holds for a segment, do an action of a kind at a priority level."""

    name: Name
    title: Text | None = None
    when: Condition | None = None
    scope: Scope | None = None
    kind: Name | None = None
    message: Text | None = None
    using: Name | None = None
    level: Name | None = None
    serves: tuple[Name, ...] = ()
    span: Span = _span()


@frozen
class Barrier:
    """A behavioural barrier watched per group or geography from day one."""

    name: Name
    title: Text | None = None
    when: Condition | None = None
    scope: Scope | None = None
    minimum: Quantity | None = None
    severity: Name | None = None
    remedy: Text | None = None
    message: Text | None = None
    using: Name | None = None
    serves: tuple[Name, ...] = ()
    clear: Condition | None = None
    """Once open, the alert stays open until this holds (given `--previous`), so it cannot flap."""
    span: Span = _span()


@frozen
class Selection:
    """The findings a waiver covers: of the segments named (every one when empty), and with a
    dimension only the groups whose value of it is one of `values`."""

    segments: tuple[Name, ...] = ()
    dimension: Name | None = None
    values: tuple[Text, ...] = ()
    span: Span = _span()


@frozen
class Waiver:
    """A time-boxed, owned exception: the findings of one rule or barrier that it covers are
    shown as waived, still counted, and never fail a build, until its date has passed."""

    name: Name  # the rule or barrier it waives
    title: Text | None = None
    scope: Selection | None = None
    until: Period | None = None
    reason: Text | None = None
    owner: Text | None = None
    span: Span = _span()


@frozen
class Intervention:
    """What a comms team did, to which group, when, and the metric it should move: its effect is
    measured against comparison groups (difference in differences)."""

    name: Name
    title: Text | None = None
    scope: Selection | None = None  # the treated group: one segment, or some of its groups
    starts: Period | None = None
    ends: Period | None = None
    kind: Name | None = None  # an action kind (ACTION_KINDS)
    measure: Name | None = None  # the metric it should move
    expect: Name | None = None  # INCREASE or DECREASE: the way it should move; None: increase
    comparison: Selection | None = None  # None: the breakdown's other groups (or segments)
    span: Span = _span()


@frozen
class Override:
    """`name = value` inside an include block: sets a parameter of the included playbook."""

    name: Name
    value: Expr
    span: Span = _span()


@frozen
class Include:
    """`include "path.adopt"` (relative file) or `include method.pilot` (library playbook)."""

    target: str
    library: bool
    overrides: tuple[Override, ...] = ()
    span: Span = _span()


Declaration = Union[Header, Segment, Priority, Tool, Metric, Param, Rule, Barrier, Waiver,
                    Intervention]
Item = Union[Include, Declaration]


@frozen
class SourceFile:
    """One parsed `.adopt` file, items in the order written."""

    path: str
    items: tuple[Item, ...]


@frozen
class Playbook:
    """Every file of a playbook, includes resolved, in load order."""

    files: tuple[SourceFile, ...]

    @functools.cached_property
    def _by_type(self) -> dict[type, tuple[Declaration, ...]]:
        """The declarations grouped by class, once: every stage asks for them many times."""
        grouped: dict[type, list[Declaration]] = {}
        for declaration in self.declarations():
            grouped.setdefault(type(declaration), []).append(declaration)
        return {kind: tuple(found) for kind, found in grouped.items()}

    def declarations(self) -> tuple[Declaration, ...]:
        return tuple(
            item for file in self.files for item in file.items if not isinstance(item, Include)
        )

    def of_type(self, kind: type) -> tuple:
        return self._by_type.get(kind, ())

    @property
    def header(self) -> Header | None:
        headers = self.of_type(Header)
        return headers[0] if headers else None

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.of_type(Segment)

    @property
    def priorities(self) -> tuple[Priority, ...]:
        return self.of_type(Priority)

    @property
    def tools(self) -> tuple[Tool, ...]:
        return self.of_type(Tool)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        return self.of_type(Metric)

    @property
    def params(self) -> tuple[Param, ...]:
        return self.of_type(Param)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.of_type(Rule)

    @property
    def barriers(self) -> tuple[Barrier, ...]:
        return self.of_type(Barrier)

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        return self.of_type(Waiver)

    @property
    def interventions(self) -> tuple[Intervention, ...]:
        return self.of_type(Intervention)

    @property
    def includes(self) -> tuple[Include, ...]:
        return tuple(i for f in self.files for i in f.items if isinstance(i, Include))
