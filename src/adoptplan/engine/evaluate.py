"""Rules and barriers against the history: which fire, for which groups, on what evidence."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Collection, Mapping
from typing import Any, NamedTuple

import attrs
import numpy as np

from adoptplan import catalogue as cat
from adoptplan import collector
from adoptplan import model as m
from adoptplan import result as r
from adoptplan.engine import analyses
from adoptplan.engine.compile import TRUE, UNKNOWN, Compiler, Node
from adoptplan.engine.disclosure import UNSIZED_HINT, unsized
from adoptplan.engine.effects import intervention_effects
from adoptplan.engine.errors import CompileError, EvaluationError
from adoptplan.engine.evidence import (
    Shown,
    comparison_format,
    evidence_format,
    evidence_table,
    formatted,
    missing_reason,
    placeholder_names,
    value_at,
)
from adoptplan.engine.frame import Frame, build_frame
from adoptplan.engine.lifecycle import Replayed, State, Truths, replay
from adoptplan.engine.params import (
    DEFAULT_MINIMUM,
    check_floor,
    check_overrides,
    metric_units,
    playbook_floor,
    privacy_minimum,
    resolve_params,
)
from adoptplan.engine.values import fill, format_value, partial_template
from adoptplan.engine.waivers import apply_waivers
from adoptplan.expressions import describe, head, joined, walk
from adoptplan.periods import chosen_period
from adoptplan.snapshot import Group, History


class _Rule:
    """What the evaluator needs of a rule or a barrier, whichever it is.

    A plain class with slots: one is made per rule on every run."""

    __slots__ = ("decl", "source", "kind", "level", "message", "minimum", "remedy", "title",
                 "placeholders", "serves", "name", "path", "line", "shared_names", "group_names")

    def __init__(self, decl: m.Rule | m.Barrier, source: str, kind: str, level: str,
                 message: str, minimum: float, remedy: str = ""):
        self.decl = decl
        self.source = source
        self.kind = kind
        self.level = level
        self.message = message
        self.minimum = minimum
        self.remedy = remedy
        self.title = decl.title.value if decl.title else decl.name.text
        self.placeholders = placeholder_names(message + remedy)  # used by message or remedy
        # (tool, priorities named): with a segment, they make a finding's score
        self.serves = (decl.using.text if decl.using else None,
                       tuple(n.text for n in decl.serves))
        self.name, self.path, self.line = decl.name.text, decl.span.path, decl.span.line
        # which placeholders a segment fills (the rest are filled per group)
        self.shared_names, self.group_names = _split_placeholders(self.placeholders)


_SEGMENT_PLACEHOLDERS = frozenset({"title", "segment", "tool", "priority"})
"""Placeholders whose value is the same for every group of a segment."""


@functools.lru_cache(maxsize=1024)
def _split_placeholders(names: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The placeholders a segment fills and those each group fills, each sorted by name."""
    return (tuple(sorted(names & _SEGMENT_PLACEHOLDERS)),
            tuple(sorted(names - _SEGMENT_PLACEHOLDERS)))


def _level(name: m.Name | None, params: Mapping[str, Any]) -> str:
    """A level as written, or the value of the `level` param it names."""
    if name is None:
        return analyses.DEFAULT_LEVEL
    level = params.get(name.text, name.text)
    return level if level in m.LEVELS else analyses.DEFAULT_LEVEL


def _as_rule(decl: m.Rule | m.Barrier, params: Mapping[str, Any],
             floor: float = DEFAULT_MINIMUM) -> _Rule:
    """`floor`: the minimum group size of a rule, and of a barrier that sets none."""
    if isinstance(decl, m.Barrier):
        minimum = decl.minimum.amount if decl.minimum else floor
        message = decl.message.value if decl.message else (
            decl.title.value if decl.title else decl.name.text)
        return _Rule(decl, r.BARRIER, "remove_barrier", _level(decl.severity, params), message,
                     minimum, decl.remedy.value if decl.remedy else "")
    return _Rule(
        decl, r.RULE, decl.kind.text if decl.kind else "focus", _level(decl.level, params),
        decl.message.value if decl.message else "", floor,
    )


_OUTCOMES = ("clear", "fired", "not-evaluated", "suppressed")
"""A case's outcome by code, as `_record_cases` works them out for a whole scope at once."""


class Scope:
    """The groups a rule is evaluated for: the rows of each segment of its scope in one array
    (with several segments, `part` says which segment each row belongs to), and which of them
    are too small to name."""

    def __init__(self, frame: Frame, dimension: str | None, names: tuple[str, ...]):
        self.frame = frame
        self.dimension = dimension
        found = [(name, frame.rows(name, dimension)) for name in names]
        self.empty = [name for name, rows in found if rows.size == 0]
        self._parts = [(name, rows) for name, rows in found if rows.size]
        self.segments = [name for name, _ in self._parts]
        if len(self._parts) == 1:  # the usual scope: one segment
            self.rows = self._parts[0][1]
        else:
            self.rows = (np.concatenate([rows for _, rows in self._parts]) if self._parts
                         else np.zeros(0, dtype=np.intp))
        self.row_list: list[int] = self.rows.tolist()
        # with several segments, the index in `segments` of each row's segment
        self.part: list[int] | None = [index for index, (_, rows) in enumerate(self._parts)
                                       for _ in range(rows.size)] if len(self._parts) > 1 else None
        self._hidden: dict[float, tuple[np.ndarray | None, np.ndarray | None]] = {}

    def hidden(self, minimum: float) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Which parts of a segment are withheld under the floor `minimum` (small, of unknown
        size, or withheld with a small one: engine.disclosure), and which are not; (None, None)
        when none is."""
        found = self._hidden.get(minimum)
        if found is None:
            found = self._hidden[minimum] = _split(self.frame.small(minimum)[self.rows])
        return found


def _split(small: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(small, not small), or (None, None) when no row is small: nothing to hide."""
    return (small, ~small) if np.count_nonzero(small) else (None, None)


def per_dimension(decl: m.Rule | m.Barrier) -> tuple[m.Rule | m.Barrier, ...]:
    """A rule `by device_class, account_age` as one rule per breakdown, each evaluated apart."""
    if decl.scope is None or len(decl.scope.dimensions) < 2:
        return (decl,)
    return tuple(attrs.evolve(decl, scope=scope) for scope in decl.scope.each())


class _Plan(NamedTuple):
    """A rule ready to run: its scope found, its shape worked out (see `Compiler.shape`)."""

    rule: _Rule
    expr: m.Expr  # its condition: compiled to run only when it is first in its batch (and to
    # explain a group it holds open or cannot evaluate)
    sustained: int
    scope: Scope
    open_leaves: list[m.Compare]  # its comparisons against a constant threshold
    key: tuple  # rules with equal keys run together: (shape, sustained)


class _Batch:
    """Rules of one shape, run together: their scopes' rows end to end, and for each open
    comparison a threshold per row, each rule's own. The first rule's condition is compiled
    and run over all of them, so a shape costs the same few numpy operations whatever the
    number of its rules."""

    def __init__(self, plans: list[_Plan], compiler: Compiler):
        self.plans = plans
        self.compiler = compiler
        self.node = compiler.condition(plans[0].expr)
        sizes = [plan.scope.rows.size for plan in plans]
        ends = list(itertools.accumulate(sizes))
        self.spans = list(zip([0, *ends[:-1]], ends))  # each rule's part of the rows
        self.ends = np.array(ends)
        # the first rule's open comparisons, as nodes of its compiled condition (a rule alone
        # keeps its own thresholds: none is open)
        self.open_leaves: list[Node] = []
        if len(plans) == 1:
            self.rows = plans[0].scope.rows
            self.thresholds: dict[Node, np.ndarray] | None = None
        else:
            self.open_leaves = [compiler.compile(leaf) for leaf in plans[0].open_leaves]
            self.rows = np.concatenate([plan.scope.rows for plan in plans])
            self.thresholds = {
                leaf: np.repeat(np.array([compiler.constant_of(plan.open_leaves[slot].right)
                                          for plan in plans]), sizes)
                for slot, leaf in enumerate(self.open_leaves)}

    def hidden(self, frame: Frame) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Which rows are below their rule's minimum group size, and which are not; (None,
        None) when no row is."""
        if len(self.plans) == 1:
            first = self.plans[0]
            return first.scope.hidden(first.rule.minimum)
        minimums = {plan.rule.minimum for plan in self.plans}
        small = frame.small(minimums.pop())[self.rows] if len(minimums) == 1 else np.concatenate(
            [frame.small(plan.rule.minimum)[plan.scope.rows] for plan in self.plans])
        return _split(small)

    def owners(self, positions: np.ndarray) -> list[int]:
        """The rule each of `positions` (ascending) belongs to, by its index in the batch."""
        if len(self.plans) == 1:
            return [0] * positions.size
        return np.searchsorted(self.ends, positions, side="right").tolist()

    def restricted(self, positions: np.ndarray) -> dict[Node, np.ndarray] | None:
        """The per-row thresholds of `positions` only."""
        if self.thresholds is None:
            return None
        return {leaf: values[positions] for leaf, values in self.thresholds.items()}

    def formats(self, owners: list[int]) -> list[list[Shown]] | None:
        """For each comparison of the shape, how the evidence of each row (whose rule is
        `owners[i]`) is written: with its own rule's text, unit and threshold."""
        if len(self.plans) == 1:
            return None
        leaves = self.node.predicates()
        slot_of = {leaf: slot for slot, leaf in enumerate(self.open_leaves)}
        heads: dict[Node, str] = {}  # an open comparison's text before its threshold
        by_rule = {owner: [self._format(owner, leaf, slot_of.get(leaf), heads)
                           for leaf in leaves]
                   for owner in dict.fromkeys(owners)}
        return [[by_rule[owner][index] for owner in owners] for index in range(len(leaves))]

    def _format(self, owner: int, leaf: Node, slot: int | None, heads: dict[Node, str]
                ) -> Shown:
        """Rule `owner`'s comparison in the place of the first rule's `leaf`: the same but for
        the threshold, when it is an open one (the text and threshold are its own)."""
        own = evidence_format(leaf)
        if slot is None or owner == 0:
            return own
        expr = self.plans[owner].open_leaves[slot]
        left = leaf.children[0]
        if left.unit == cat.NUMBER_LITERAL:  # the unit is the threshold's: work it out
            right = self.compiler.value(expr.right)
            return comparison_format(expr.op, joined(expr, left.text, right.text), left, right)
        start = heads.get(leaf)
        if start is None:  # the same for every rule of the batch: `left op `
            start = heads[leaf] = head(leaf.expr, left.text)
        # a literal or param binds tighter than a comparison: never in brackets
        return Shown(start + describe(expr.right), own.unit, own.margin_unit, own.below,
                      formatted(self.compiler.constant_of(expr.right), own.unit), own.compare)


class Evaluator:
    """Evaluates one playbook on one frame; build once, call `run`."""

    def __init__(self, playbook: m.Playbook, frame: Frame, params: Mapping[str, Any],
                 record_cases: bool = True, previous: Collection[str] = (),
                 floor: float = DEFAULT_MINIMUM, replay: bool = True):
        self.playbook = playbook
        # the minimum group size of rules and of barriers that set none
        self.floor = playbook_floor(playbook, floor)
        # the alerts open in the previous result (an r.Previous with their lifecycles, or ids)
        self.previous = previous
        self._has_previous = isinstance(previous, r.Previous) or bool(previous)
        self.replay = replay  # step over the history for the lifecycles (else: from `previous`)
        self.cleared: list[r.Cleared] = []
        # an alert held open: (barrier, row) -> its {value} now and the {threshold} that clears it
        self._held: dict[tuple[str, int], dict[str, str]] = {}
        self.record_cases = record_cases
        self.frame = frame
        self.period = frame.periods[frame.t]  # the evaluated period
        self.params = params
        self.units = metric_units(playbook)
        # start-up: loads check.units only when this runs
        from adoptplan.check.units import inference

        segment_values = analyses.segment_values(playbook)
        self._focus = segment_values["focus_score"]  # segment -> focus score
        self.compiler = Compiler(frame, {x.name.text: x for x in playbook.metrics}, params,
                                 self.units, inference(playbook, memo=True, units=self.units).kind,
                                 segment_values, privacy_minimum(playbook, floor))
        self.segments = {s.name.text: s for s in playbook.segments}
        self.dimensions = {name: {d.text for d in s.dimensions}
                           for name, s in self.segments.items()}
        self.priorities = {p.name.text: p for p in playbook.priorities}
        self.tools = {t.name.text: t for t in playbook.tools}
        self.priorities_of = _priorities_by_segment(playbook.priorities)
        self.findings: list[r.Finding] = []
        self.not_evaluated: list[r.NotEvaluated] = []
        self.cases: list[r.Case] = []
        self.withheld_rows: set[int] = set()  # rows of the groups withheld from some rule
        # (tool, priorities named, segment) -> what the findings of such rules share there
        self._commons: dict[tuple, tuple[float, str, dict[str, str]]] = {}
        self._scopes: dict[tuple[str | None, tuple[str, ...]], Scope] = {}

    def metric_history(self, name: str) -> np.ndarray | None:
        """A metric (derived ones computed) as [group, period] up to the evaluated period."""
        try:
            node = self.compiler.value(m.Ref(name))
        except CompileError:
            return None
        return np.vstack([node.values(t) for t in range(self.frame.t + 1)]).T

    # ----------------------------------------------------------------------------- per rule

    @property
    def suppressed(self) -> int:
        """How many groups are withheld: their number, never that of the findings they would
        have made, so no threshold can be probed with it."""
        return len(self.withheld_rows)

    def run(self, decls: Collection[m.Rule | m.Barrier]) -> None:
        """Evaluates the rules and barriers, those of one shape together (see `_Batch`)."""
        batches: dict[tuple, list[_Plan]] = {}
        for decl in (one for decl in decls for one in per_dimension(decl)):
            plan = self.plan(decl)
            if plan is not None:
                batches.setdefault(plan.key, []).append(plan)
        for batch in batches.values():
            self._run_batch(_Batch(batch, self.compiler))

    def plan(self, decl: m.Rule | m.Barrier) -> _Plan | None:
        """The rule ready to run: its scope and its shape; None when it has nothing to evaluate
        (a segment of its scope without data is reported here)."""
        if decl.when is None:
            return None
        rule = _as_rule(decl, self.params, self.floor)
        sustained = int(decl.when.sustained.amount) if decl.when.sustained else 1
        scope = self.groups(decl)
        for segment in scope.empty:
            self._no_data(rule, segment, scope.dimension)
        if not scope.rows.size:
            return None
        form, open_leaves = self.compiler.shape(decl.when.expr)
        return _Plan(rule, decl.when.expr, sustained, scope, open_leaves, (form, sustained))

    def scope(self, decl: m.Rule | m.Barrier) -> tuple[str | None, tuple[str, ...]]:
        """The dimension a rule breaks its segments down by, and those segments: the ones named,
        or with `all` every segment that declares the dimension."""
        scope = decl.scope or m.Scope()
        dimension = scope.dimension.text if scope.dimension else None
        names = tuple(s.text for s in scope.segments) or tuple(
            name for name, dimensions in self.dimensions.items()
            if dimension is None or dimension in dimensions
        )
        return dimension, names

    def groups(self, decl: m.Rule | m.Barrier) -> Scope:
        """The groups of a rule's scope, found once for all the rules with the same scope."""
        key = self.scope(decl)
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = Scope(self.frame, *key)
        return found

    def hidden(self, decl: m.Rule | m.Barrier) -> np.ndarray:
        """Which groups of the rule's scope are below its minimum group size: counted, never
        named."""
        scope = self.groups(decl)
        hidden, _ = scope.hidden(_as_rule(decl, self.params, self.floor).minimum)
        return np.zeros(scope.rows.size, dtype=bool) if hidden is None else hidden

    def _run_batch(self, batch: _Batch) -> None:
        """Decides every rule of the batch in one pass over all their rows (replayed over the
        history for their lifecycles: engine.lifecycle); the findings, cases and reasons are
        then written per rule."""
        first, rows = batch.plans[0], batch.rows
        lives = self._replay(batch)
        hidden, visible = batch.hidden(self.frame)
        fired = lives.truth == TRUE
        unknown = lives.truth == UNKNOWN
        entries: list[list[tuple[int, int, tuple[r.Evidence, ...]]]] = []
        for plan, (start, end) in zip(batch.plans, batch.spans):
            held, held_entries = self._hold_open(
                plan.rule, plan.expr, plan.scope.rows, lives, start, end,
                None if visible is None else visible[start:end])
            if held is not None:
                unknown[start:end] &= ~held
            entries.append(held_entries)
            if self.record_cases:
                self._record_cases(plan.rule, plan.scope, fired[start:end] if held is None
                                   else fired[start:end] | held, unknown[start:end],
                                   None if hidden is None else hidden[start:end])
            if isinstance(plan.rule.decl, m.Barrier):
                self._cleared(plan, lives, start, end,
                              None if visible is None else visible[start:end])
        if hidden is not None:  # counted by group, whatever they would have fired
            self.withheld_rows.update(rows[hidden].tolist())
        shown = np.flatnonzero(fired if visible is None else fired & visible)
        if shown.size:
            owners = batch.owners(shown)
            evidence = evidence_table(batch.node, rows[shown], self.frame, first.sustained,
                                      batch.restricted(shown), batch.formats(owners))
            for owner, position, found in zip(owners, shown.tolist(), evidence):
                entries[owner].append((1, position - batch.spans[owner][0], found))
        for plan, (start, end), found in zip(batch.plans, batch.spans, entries):
            if found:
                self._findings(plan.rule, plan.scope, found, lives, start)
        if np.count_nonzero(unknown):
            where = np.flatnonzero(unknown if visible is None else unknown & visible)
            for owner, row in zip(batch.owners(where), rows[where].tolist()):
                plan = batch.plans[owner]
                node = self.compiler.condition(plan.expr)
                self.not_evaluated.append(self._unknown(plan.rule, node, row, plan.sustained))

    # ------------------------------------------------------------------------- lifecycles

    def _replay(self, batch: _Batch) -> Replayed:
        """The batch's rows stepped over the history (or from the previous result's period)
        to the evaluated one: `when` as one batch, each barrier's `clear` over its own rows."""
        rows = batch.rows
        when = Truths(batch.node, rows, batch.plans[0].sustained, batch.thresholds)
        clears = [(span, Truths(self.compiler.condition(plan.rule.decl.clear.expr),
                                plan.scope.rows, _periods(plan.rule.decl.clear)))
                  for plan, span in zip(batch.plans, batch.spans)
                  if isinstance(plan.rule.decl, m.Barrier) and plan.rule.decl.clear is not None]
        closes = None
        if clears:
            def closes(k: int) -> np.ndarray:
                out = np.ones(rows.size, dtype=bool)  # a rule or barrier without `clear`
                for (start, end), truths in clears:
                    out[start:end] = truths.at(k) == TRUE
                return out
        start, state = self._seam(batch)
        return replay(when, closes, self.frame.t, start, state)

    def lifecycle(self, decl: m.Rule | m.Barrier, row: int) -> tuple[r.Lifecycle | None, bool]:
        """One group's lifecycle under a rule (None when it is not open at the evaluated period),
        and whether `clear` alone holds it open: what `evaluate` decides, for `explain`."""
        plan = self.plan(decl)
        if plan is None or row not in plan.scope.row_list:
            return None, False
        lives = self._replay(_Batch([plan], self.compiler))
        position = plan.scope.row_list.index(row)
        if lives.truth[position] != TRUE and not lives.held[position]:
            return None, False
        return self._lifecycle(lives, position), bool(lives.held[position])

    def _seam(self, batch: _Batch) -> tuple[int, State]:
        """Where the replay starts (a period index) and the state at the period before it: the
        first period, all closed; the previous result's period, as it recorded it (ids alone:
        the period before the evaluated one); or, with the replay off and no previous result,
        the evaluated period (all closed before it). A result of the evaluated period or a later
        one says nothing of before it: the history is replayed instead."""
        t, size = self.frame.t, batch.rows.size
        previous = self.previous
        periods = self.frame.periods
        recorded = previous.period if isinstance(previous, r.Previous) else ""
        seam = periods.index(recorded) if recorded in periods[:t] else t - 1
        if not self._has_previous or seam < 0 or (recorded and recorded not in periods[:t]):
            return (0 if self.replay else t), State.closed(size)
        lifecycles = previous.open if isinstance(previous, r.Previous) else {}
        state = State.closed(size)
        index = {period: k for k, period in enumerate(periods[: seam + 1])}
        for plan, (start, _) in zip(batch.plans, batch.spans):
            prefix = plan.rule.name + "/"
            for position, row in enumerate(plan.scope.row_list, start):
                finding_id = prefix + self.frame.label(row)
                if finding_id not in previous:
                    continue
                lived = lifecycles.get(finding_id)
                state.open[position] = True
                state.since[position] = index.get(lived.since, seam) if lived else seam
                if lived and lived.held_since:
                    state.held_since[position] = index.get(lived.held_since, seam)
        return seam + 1, state

    def _lifecycle(self, lives: Replayed, position: int) -> r.Lifecycle:
        periods, t = self.frame.periods, self.frame.t
        since = int(lives.since[position])
        held = int(lives.held_since[position])
        return r.Lifecycle(periods[since], t - since + 1, periods[held] if held >= 0 else "")

    def _cleared(self, plan: _Plan, lives: Replayed, start: int, end: int,
                 visible: np.ndarray | None) -> None:
        """The plan's alerts that closed at the evaluated period (none below the floor)."""
        cleared = lives.cleared[start:end]
        if visible is not None:
            cleared = cleared & visible
        if not cleared.any():
            return
        rule, periods, t = plan.rule, self.frame.periods, self.frame.t
        for position in np.flatnonzero(cleared).tolist():
            row = plan.scope.row_list[position]
            group = self.frame.groups[row]
            since = int(lives.since[start + position])
            self.cleared.append(r.Cleared(
                id=rule.name + "/" + self.frame.label(row), rule=rule.name, title=rule.title,
                level=rule.level, segment=group.segment, dimensions=group.dimensions,
                since=periods[since], periods=t - since, cleared=periods[t], path=rule.path,
                line=rule.line))

    def _findings(self, rule: _Rule, scope: Scope,
                  entries: list[tuple[int, int, tuple[r.Evidence, ...]]], lives: Replayed,
                  start: int) -> None:
        """Per segment of the scope: the findings held open, then the ones that fired."""
        part = scope.part
        if part is not None or entries[0][0] == 0:  # else in order already
            entries.sort(key=lambda entry: (0 if part is None else part[entry[1]], entry[0],
                                            entry[1]))
        rows = scope.row_list
        makers: dict[int, Callable[..., r.Finding]] = {}
        for _, position, found in entries:
            index = 0 if part is None else part[position]
            make = makers.get(index)
            if make is None:
                make = makers[index] = self._maker(rule, scope.segments[index])
            self.findings.append(make(rows[position], found,
                                      self._lifecycle(lives, start + position)))

    def _hold_open(self, rule: _Rule, condition: m.Expr, rows: np.ndarray, lives: Replayed,
                   start: int, end: int, visible: np.ndarray | None
                   ) -> tuple[np.ndarray | None, list[tuple[int, int, tuple[r.Evidence, ...]]]]:
        """Alerts open before that `when` would close stay open until the barrier's `clear`
        condition holds (hysteresis), so they do not flap from week to week: the replay says
        which (`lives`, the batch's rows `start:end` being this rule's). Returns which of `rows`
        are held open (None: no barrier can be), and (0, position, evidence) for each."""
        clear = rule.decl.clear if isinstance(rule.decl, m.Barrier) else None
        if clear is None:
            return None, []
        held = lives.held[start:end]
        if visible is not None:
            held = held & visible
        if not held.any():
            return held, []
        node, clear_node = self.compiler.condition(condition), self.compiler.condition(clear.expr)
        periods = _periods(clear)
        positions = np.flatnonzero(held).tolist()
        held_rows = rows[positions]
        until = clear_node.text + (f" for {periods} periods" if clear.sustained else "")
        name = rule.decl.name.text
        now = evidence_table(node, held_rows, self.frame)
        clearing = evidence_table(clear_node, held_rows, self.frame, periods)
        entries = []
        for index, position in enumerate(positions):
            since = self.frame.periods[int(lives.since[start + position])]
            marker = r.Evidence(f"held open by hysteresis until {until}", f"open since {since}",
                                holds=True)
            entries.append((0, position, (marker, *now[index], *clearing[index])))
        for index, row in enumerate(held_rows.tolist()):
            self._held[name, row] = {"value": now[index][0].value if now[index] else "",
                                     "threshold": clearing[index][0].threshold
                                     if clearing[index] else ""}
        return held, entries

    def _record_cases(self, rule: _Rule, scope: Scope, fired: np.ndarray,
                      unknown: np.ndarray, hidden: np.ndarray | None) -> None:
        """One case per group; a group below the floor is never named, whatever its outcome
        (suppressed ones are numbered within each segment of the scope)."""
        name, path, line = rule.decl.name.text, rule.decl.span.path, rule.decl.span.line
        outcomes = np.where(fired, 1, np.where(unknown, 2, 0))
        if hidden is not None:
            outcomes[hidden] = 3
        hidden_count = 0
        current = -1
        parts = scope.part if scope.part is not None else itertools.repeat(0)
        for part, row, outcome in zip(parts, scope.row_list, outcomes.tolist()):
            if part != current:
                current, hidden_count = part, 0
            if outcome == 3:
                hidden_count += 1
                case_id = f"{name}/{self.frame.groups[row].segment}/suppressed-{hidden_count}"
            else:
                case_id = f"{name}/{self.frame.label(row)}"
            self.cases.append(r.Case(case_id, name, _OUTCOMES[outcome], path, line))

    def _no_data(self, rule: _Rule, segment: str, dimension: str | None) -> None:
        label = segment + (f"/{dimension}=*" if dimension else "")
        case_id = f"{rule.decl.name.text}/{label}"
        reason = f"no data for segment {segment}" + (f" by {dimension}" if dimension else "")
        self.not_evaluated.append(r.NotEvaluated(case_id, rule.decl.name.text, reason,
                                                 rule.decl.span.path, rule.decl.span.line))
        self.cases.append(r.Case(case_id, rule.decl.name.text, "not-evaluated",
                                 rule.decl.span.path, rule.decl.span.line))

    # -------------------------------------------------------------------------- one finding

    def _common(self, rule: _Rule, segment: str) -> tuple[float, str, dict[str, str]]:
        """What every finding of one rule for one segment shares (score, tool, the placeholders
        that name the segment, tool and priority): computed once for all the rules that use the
        same tool and name the same priorities, not per group."""
        key = (rule.serves, segment)
        found = self._commons.get(key)
        if found is None:
            found = self._commons[key] = self._shared(rule.decl, segment)
        return found

    def _shared(self, decl: m.Rule | m.Barrier, segment: str
                ) -> tuple[float, str, dict[str, str]]:
        tool = self.tools.get(decl.using.text) if decl.using else None
        tool_title = _title(tool) if tool else ""
        seg = self.segments.get(segment)
        served = self._served(decl, segment)
        return self._score(segment, served), tool_title, {
            "segment": _title(seg) if seg else segment,
            "tool": tool_title,
            "priority": _priority_title(served),
        }

    def _maker(self, rule: _Rule, segment: str
               ) -> Callable[[int, tuple[r.Evidence, ...], r.Lifecycle], r.Finding]:
        """Makes the findings of one rule for one segment: what they share is worked out here,
        once, and only what depends on the group (its id, the placeholders it fills) per
        finding. Each field is passed by name, not from a shared dict (`**shared` would merge a
        dict per finding)."""
        score, tool, common = self._common(rule, segment)
        fixed = tuple((name, rule.title if name == "title" else common[name])
                      for name in rule.shared_names)  # in name order: one cache entry per set
        per_group = rule.group_names
        message_pieces = partial_template(rule.message, fixed)
        remedy_pieces = partial_template(rule.remedy, fixed)
        # the texts, when no placeholder depends on the group
        same = None if per_group else (fill(message_pieces, {}), fill(remedy_pieces, {}))
        only_group = per_group == ("group",)  # the usual template: `{group}` is all it fills
        source, name, title, kind, level = rule.source, rule.name, rule.title, rule.kind, rule.level
        path, line, period, prefix = rule.path, rule.line, self.period, rule.name + "/"
        groups, label = self.frame.groups, self.frame.label

        def make(row: int, evidence: tuple[r.Evidence, ...], lifecycle: r.Lifecycle
                 ) -> r.Finding:
            group, group_label = groups[row], label(row)
            if same is not None:
                message, remedy = same
            else:
                values = {"group": group_label} if only_group else self._group_values(
                    per_group, group, row, evidence, name)
                message, remedy = fill(message_pieces, values), fill(remedy_pieces, values)
            return r.Finding(id=prefix + group_label, source=source, rule=name, title=title,
                             kind=kind, level=level, score=score, segment=group.segment,
                             dimensions=group.dimensions, message=message, remedy=remedy,
                             tool=tool, path=path, line=line, period=period, evidence=evidence,
                             lifecycle=lifecycle)

        return make

    def _group_values(self, names: tuple[str, ...], group: Group, row: int,
                      evidence: tuple[r.Evidence, ...], rule: str = "") -> dict[str, str]:
        """The placeholders `names` of one group that have a value."""
        values = {}
        for name in names:
            value = self._placeholder(name, group, row, evidence, rule)
            if value is not None:
                values[name] = value
        return values

    def _placeholder(self, name: str, group: Group, row: int,
                     evidence: tuple[r.Evidence, ...], rule: str = "") -> str | None:
        """The value of a placeholder that depends on the group (see `_maker` for the rest).
        An alert held open says its value now and the threshold `clear` waits for, not the
        hold line's."""
        if name == "group":
            return self.frame.label(row)
        dimensions = dict(group.dimensions)
        if name in dimensions:
            return dimensions[name]
        held = self._held.get((rule, row))
        if name in ("value", "threshold") and held is not None:
            return held[name]
        if name in ("value", "threshold") and evidence:
            return evidence[0].value if name == "value" else evidence[0].threshold
        if name in self.frame.values or name in self.compiler.metrics or \
                name == "periods_since_launch":
            return self._value_now(name, row)
        if name in self.params:
            value = self.params[name]
            if isinstance(value, float):
                return format_value(value, self.units.get(name, cat.NUMBER))
            return str(value)
        return None

    def _value_now(self, name: str, row: int) -> str:
        """A metric (derived ones too) or a built-in value of one group now, with its unit."""
        node = self.compiler.compile(m.Ref(name))
        return format_value(value_at(node, row, self.frame.t), node.unit)

    def _segment_priorities(self, segment: str) -> list[m.Priority]:
        return self.priorities_of.get(segment, [])

    def _served(self, decl: m.Rule | m.Barrier, segment: str) -> list[m.Priority]:
        named = [self.priorities[n.text] for n in decl.serves if n.text in self.priorities]
        if not named and decl.using and decl.using.text in self.tools:
            serves = {n.text for n in self.tools[decl.using.text].serves}
            named = [p for p in self._segment_priorities(segment) if p.name.text in serves]
        return named or self._segment_priorities(segment)

    def _score(self, segment: str, served: list[m.Priority]) -> float:
        """Focus of the segment times the weight of the business priority the rule serves."""
        weight = max([p.weight.amount if p.weight else 1.0 for p in served], default=1.0)
        return round(self._focus.get(segment, 0.0) * weight, 3)

    def _unknown(self, rule: _Rule, node: Node, row: int, sustained: int) -> r.NotEvaluated:
        group = self.frame.groups[row]
        return r.NotEvaluated(
            _finding_id(rule.decl.name.text, group), rule.decl.name.text,
            missing_reason(node, row, self.frame, sustained),
            rule.decl.span.path, rule.decl.span.line,
        )


def _periods(condition: m.Condition) -> int:
    """How many periods in a row a condition must hold: `for N periods`, else 1."""
    return int(condition.sustained.amount) if condition.sustained else 1


def _priorities_by_segment(priorities: tuple[m.Priority, ...]) -> dict[str, list[m.Priority]]:
    """Segment -> its priorities in playbook order; built once, as every finding asks for them."""
    found: dict[str, list[m.Priority]] = {}
    for priority in priorities:
        for segment in dict.fromkeys(s.text for s in priority.segments):
            found.setdefault(segment, []).append(priority)
    return found


def _priority_title(served: list[m.Priority]) -> str:
    """The title of the heaviest priority a rule serves (a tie: the name that sorts last)."""
    if not served:
        return ""
    top = max(served, key=lambda p: (p.weight.amount if p.weight else 1.0, p.name.text))
    return _title(top)


def _title(node: Any) -> str:
    return node.title.value if node.title else node.name.text


def _finding_id(rule: str, group: Group) -> str:
    return f"{rule}/{group.label()}"


# ------------------------------------------------------------------------------------- entry


def evaluate(playbook: m.Playbook, history: History, at: str | None = None,
             overrides: Mapping[str, m.Expr] | None = None, name: str = "",
             record_cases: bool = True, previous: Collection[str] = (),
             floor: float = DEFAULT_MINIMUM, allow_small: bool = False,
             replay: bool = True) -> r.Evaluation:
    """Every action and barrier alert of the playbook at `at` (default: the latest period).

    Each rule and barrier is replayed over the history up to `at` (engine.lifecycle), so each
    finding says since when it is open, an alert of a barrier with a `clear` condition stays
    open until it holds, and the alerts that closed at `at` are listed as cleared.
    `record_cases` keeps one Case per rule and group (for JUnit and coverage); large runs that
    only need the findings can leave it off. `previous`, the findings open in a previous result
    (an r.Previous, or their ids as at the period before `at`), is the state the replay
    continues from, at that result's period. `replay=False` without `previous`: only `when` at
    `at` decides (every finding new at `at`), as before lifecycles.
    Findings a waiver covers at `at` are marked waived. `floor` is the privacy floor (the
    minimum group size of rules and of barriers that set none); below `LEAST_MINIMUM` only with
    `allow_small`, which warns in the result.

    Raises EvaluationError when there is no data or `at` is not a period of the history.
    """
    with collector.paused():  # many small objects that live until it ends, no cycles
        return _evaluate(playbook, history, at, overrides, name, record_cases, previous,
                         floor, allow_small, replay)


def evaluated_frame(playbook: m.Playbook, history: History, at: str | None
                    ) -> tuple[str, Frame]:
    """The period to evaluate (`at`, default the latest) and the history up to it, as `evaluate`
    and `explain` both read it. Raises EvaluationError when there is none."""
    if not history.periods:
        raise EvaluationError("the metrics hold no periods")
    try:
        at = chosen_period(at, history.periods, history.period_kind)
    except ValueError as error:
        raise EvaluationError(str(error)) from None
    header = playbook.header
    return at, build_frame(history, at, header.launch.text if header and header.launch else None)


def _evaluate(playbook: m.Playbook, history: History, at: str | None,
              overrides: Mapping[str, m.Expr] | None, name: str, record_cases: bool,
              previous: Collection[str], floor: float, allow_small: bool,
              replay: bool = True) -> r.Evaluation:
    floor_warnings = check_floor(playbook, floor, allow_small)
    at, frame = evaluated_frame(playbook, history, at)
    header = playbook.header
    launch = header.launch.text if header and header.launch else None
    check_overrides(playbook, overrides or {})
    params = resolve_params(playbook, overrides or {})
    evaluator = Evaluator(playbook, frame, params, record_cases, previous, floor, replay)
    evaluator.run((*playbook.rules, *playbook.barriers))
    findings = list(evaluator.findings)
    findings.extend(analyses.capability_gaps(playbook))
    equal_effort = analyses.equal_effort(playbook)
    for extra in (equal_effort, analyses.missing_baseline(playbook, frame)):
        if extra is not None:
            findings.append(extra)
    findings = apply_waivers(findings, playbook.waivers, at)
    effort, total = analyses.effort_shares(playbook)
    return r.Evaluation(
        playbook=name or (header.title.value if header else ""),
        period=at,
        periods=frame.periods,
        findings=r.ordered(findings),
        not_evaluated=tuple(sorted(evaluator.not_evaluated, key=lambda n: n.id)),
        suppressed=evaluator.suppressed,
        effort=effort,
        effort_total=total,
        critical_mass=analyses.critical_mass(playbook, frame, params.get("critical_mass"),
                                             privacy_minimum(playbook, floor)),
        group_progress=analyses.group_progress(playbook, frame, params.get("critical_mass"),
                                               privacy_minimum(playbook, floor)),
        warnings=(*floor_warnings, *_warnings(equal_effort, at if frame.launch_index > frame.t
                             and _uses_baseline(playbook) else None, launch),
                  *(f"{name} {UNSIZED_HINT}" for name in unsized(
                      frame.groups, frame.values.get("members"), frame.has_value())
                      if frame.unknown_size_small)),
        cases=tuple(sorted(evaluator.cases, key=lambda c: c.id)),
        effects=intervention_effects(playbook, frame, evaluator.metric_history,
                                     privacy_minimum(playbook, floor),
                                     lambda name: evaluator.units.get(name, cat.NUMBER)),
        cleared=tuple(sorted(evaluator.cleared, key=lambda c: c.id)),
    )


def _uses_baseline(playbook: m.Playbook) -> bool:
    """Some condition or derived metric reads `baseline()`, the value before the launch."""

    exprs = [d.when.expr for d in (*playbook.rules, *playbook.barriers) if d.when is not None]
    exprs += [b.clear.expr for b in playbook.barriers if b.clear is not None]
    exprs += [x.value for x in playbook.metrics if x.value is not None]
    return any(isinstance(node, m.Call) and node.function == "baseline"
               for expr in exprs for node in walk(expr))


def _warnings(equal_effort: r.Finding | None, before_launch: str | None,
              launch: str | None) -> tuple[str, ...]:
    """What the result should be read with. `before_launch`: the evaluated period, when it is
    before the launch and the playbook reads baseline(): a rule about progress since launch then
    compares a value with itself."""
    found = []
    if equal_effort is not None:
        found.append("effort is spread equally across segments of unequal focus")
    if before_launch is not None:
        found.append(f"{before_launch} is before the launch ({launch}): baseline() is the latest "
                     "value, so a change since launch reads 0")
    return tuple(found)
