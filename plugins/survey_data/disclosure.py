"""Statistical disclosure control for survey tables. Pure: no Pelican, no I/O.

One question's results (overall, and by group when there is a breakdown) go
in as a `RawTable` of true counts; a `ControlledTable` comes out, and it is
the only thing anything downstream (charts, tables, CSV, feeds, headline
numbers) ever sees. The rules, with their thresholds as settings:

1. A base under `min_base` (10) shows no percentage and no bar: a question
   whose base is that small is withheld whole ("Fewer than 10 responses: not
   shown"); a group that small is withheld as a row, its base not given.
2. A count from 1 to `min_count - 1` (1–4) is shown as "<5". 0 stays 0.
3. Secondary suppression: no count of 1–4 that is hidden (a "<5" cell, a
   cell of a withheld group, a withheld group's base) can be worked out
   exactly from what is published: the base, the other published counts and
   the totals they must add up to. More counts are hidden ("[c]") until that
   holds, smallest first; if nothing would do, the question is withheld.
4. A base from `min_base` to `caution_base - 1` (10–29) is flagged "Small
   base: treat with caution".

What a reader knows (the model the check works to): every published count
and base; that single-choice counts add up to their base, overall and in
each group; that each group's counts add up to the overall count (the
groups of a breakdown cover every respondent); that the group bases add up
to the overall base; and, for a hidden count, its bounds: "<5" is 1–4, a
withheld group's base is 0–9, any other hidden count is between 0 and its
row's base (or the upper bound of that base when it is hidden too).
Multi-choice counts do not add up to their base, so a multi-choice question
without a breakdown needs no secondary suppression.

Those totals form a network (each count is in at most two totals), so the
question "could this hidden count have another value?" is a feasible-flow
problem, answered exactly by `flow.feasible`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .flow import Edge, feasible

GROUND = "G"


class Status(str, enum.Enum):  # noqa: UP042 (StrEnum changes str() of a member: not in this change)
    SHOWN = "shown"
    LOW = "low"  # a count of 1 to min_count - 1: "<5"
    SUPPRESSED = "suppressed"  # hidden so that a small count cannot be worked out: "[c]"
    WITHHELD = "withheld"  # part of a base too small to show, or of a withheld row


@dataclass(frozen=True)
class Thresholds:
    min_base: int = 10
    min_count: int = 5
    caution_base: int = 30

    def __post_init__(self):
        if not (1 <= self.min_count <= self.min_base <= self.caution_base):
            raise ValueError(
                "thresholds must satisfy 1 <= min_count <= min_base <= caution_base, got "
                f"{self.min_count}, {self.min_base}, {self.caution_base}"
            )

    @property
    def low_label(self) -> str:
        return f"<{self.min_count}"


@dataclass(frozen=True)
class RawTable:
    """True counts for one question. Never leaves the survey_data plugin."""

    kind: str  # "single" or "multi"
    answers: tuple[str, ...]
    base: int
    counts: tuple[int, ...]
    groups: tuple[str, ...] = ()
    group_bases: tuple[int, ...] = ()
    group_counts: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self):
        if self.kind not in ("single", "multi"):
            raise ValueError(f"kind must be 'single' or 'multi', not {self.kind!r}")
        if len(self.counts) != len(self.answers):
            raise ValueError("one count per answer")
        if len(self.group_bases) != len(self.groups) or len(self.group_counts) != len(self.groups):
            raise ValueError("one base and one row of counts per group")
        if any(len(row) != len(self.answers) for row in self.group_counts):
            raise ValueError("one count per answer in every group")


@dataclass(frozen=True)
class Count:
    status: Status
    value: int | None = None  # only when shown

    def __post_init__(self):
        if (self.status is Status.SHOWN) != (self.value is not None):
            raise ValueError("a count has a value exactly when it is shown")

    @property
    def shown(self) -> bool:
        return self.status is Status.SHOWN


@dataclass(frozen=True)
class Row:
    """The overall results (label None) or one group's."""

    label: str | None
    base: Count
    cells: tuple[Count, ...]
    # None, "small-base" (fewer than min_base responses) or "protect" (hidden
    # so that small counts elsewhere cannot be worked out), or "question" when
    # the whole question is withheld.
    withheld: str | None = None
    caution: bool = False

    def percent(self, index: int) -> float | None:
        """The exact percentage for a shown count with a shown base, else None."""
        cell = self.cells[index]
        if self.withheld or not cell.shown or not self.base.shown or not self.base.value:
            return None
        return 100.0 * cell.value / self.base.value


@dataclass(frozen=True)
class ControlledTable:
    kind: str
    answers: tuple[str, ...]
    overall: Row
    groups: tuple[Row, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def withheld(self) -> bool:
        return self.overall.withheld is not None

    @property
    def rows(self) -> tuple[Row, ...]:
        return (self.overall, *self.groups)

    def display(self, count: Count) -> str:
        return display(count, self.thresholds)


def display(count: Count, thresholds: Thresholds = Thresholds()) -> str:
    """How a count is written in tables, CSV files and chart labels."""
    if count.status is Status.SHOWN:
        return str(count.value)
    if count.status is Status.LOW:
        return thresholds.low_label
    if count.status is Status.SUPPRESSED:
        return "[c]"
    return "[x]"


# -- the network of published totals ---------------------------------------

Var = tuple  # ("T", a) overall count, ("x", g, a) group count, ("n", g) group base


def variables(table: RawTable) -> list[Var]:
    out: list[Var] = [("T", a) for a in range(len(table.answers))]
    for g in range(len(table.groups)):
        out.append(("n", g))
        out += [("x", g, a) for a in range(len(table.answers))]
    return out


def true_value(table: RawTable, var: Var) -> int:
    if var[0] == "T":
        return table.counts[var[1]]
    if var[0] == "n":
        return table.group_bases[var[1]]
    return table.group_counts[var[1]][var[2]]


def ends(kind: str, has_groups: bool, var: Var) -> tuple[str, str]:
    """The two totals a count belongs to, as (tail, head) of a network edge.

    A flow leaves its tail and enters its head; GROUND stands for every total
    that is not published (so nothing constrains it)."""
    single = kind == "single"
    if var[0] == "T":
        if has_groups:
            return (f"C{var[1]}", "O" if single else GROUND)
        return (GROUND, "O" if single else GROUND)
    if var[0] == "n":
        return ("S", f"R{var[1]}" if single else GROUND)
    g, a = var[1], var[2]
    return (f"R{g}" if single else GROUND, f"C{a}")


def supplies(kind: str, has_groups: bool, base: int) -> dict[str, int]:
    """Outflow minus inflow that each published total demands."""
    single = kind == "single"
    supply: dict[str, int] = {}
    if has_groups:
        supply["S"] = base  # the group bases add up to the overall base
    if single:
        supply["O"] = -base  # single-choice counts add up to the base
    supply[GROUND] = -sum(supply.values())
    return supply


@dataclass
class _State:
    table: RawTable
    thresholds: Thresholds
    status: dict
    row_withheld: dict  # group index -> reason

    def bounds(self, var: Var) -> tuple[int, int]:
        """What a reader knows of a hidden count: its lowest and highest value."""
        t = self.thresholds
        base = self.table.base
        if var[0] == "n":
            reason = self.row_withheld.get(var[1])
            return (0, t.min_base - 1) if reason == "small-base" else (0, base)
        if self.status[var] is Status.LOW:
            return (1, t.min_count - 1)
        if var[0] == "T":
            return (0, base)
        g = var[1]
        row_base = ("n", g)
        high = (
            self.table.group_bases[g]
            if self.status[row_base] is Status.SHOWN
            else self.bounds(row_base)[1]
        )
        return (0, high)

    def hidden(self) -> list[Var]:
        return [v for v in variables(self.table) if self.status[v] is not Status.SHOWN]

    def could_differ(self, var: Var) -> bool:
        """Whether a table consistent with everything published has another
        value for `var`."""
        table = self.table
        has_groups = bool(table.groups)
        supply = supplies(table.kind, has_groups, table.base)
        edges: list[Edge] = []
        target_index = None
        for v in variables(table):
            tail, head = ends(table.kind, has_groups, v)
            if self.status[v] is Status.SHOWN:
                value = true_value(table, v)
                supply[tail] = supply.get(tail, 0) - value
                supply[head] = supply.get(head, 0) + value
                continue
            low, high = self.bounds(v)
            if v == var:
                target_index = len(edges)
            edges.append(Edge(tail, head, low, high))
        assert target_index is not None
        actual = true_value(table, var)
        target = edges[target_index]
        for low, high in ((target.low, actual - 1), (actual + 1, target.high)):
            if low <= high:
                trial = list(edges)
                trial[target_index] = Edge(target.tail, target.head, low, high)
                if feasible(trial, supply):
                    return True
        return False

    def sensitive(self, var: Var) -> bool:
        return 1 <= true_value(self.table, var) < self.thresholds.min_count

    def exposed(self) -> list[Var]:
        return [v for v in self.hidden() if self.sensitive(v) and not self.could_differ(v)]

    def hide(self, var: Var) -> None:
        if var[0] == "n":
            g = var[1]
            self.row_withheld[g] = "protect"
            self.status[var] = Status.WITHHELD
            for a in range(len(self.table.answers)):
                self.status[("x", g, a)] = Status.WITHHELD
        else:
            self.status[var] = Status.SUPPRESSED


def _candidates(state: _State, var: Var) -> list[Var]:
    table = state.table
    has_groups = bool(table.groups)
    nodes = {n for n in ends(table.kind, has_groups, var) if n != GROUND}
    shown = [v for v in variables(table) if state.status[v] is Status.SHOWN]
    order = {v: i for i, v in enumerate(variables(table))}

    def key(v):
        # Hide counts before whole groups; smallest first (least lost).
        return (v[0] == "n", true_value(table, v), order[v])

    near = [v for v in shown if nodes & set(ends(table.kind, has_groups, v)) - {GROUND}]
    return sorted(near, key=key) or sorted(shown, key=key)


def control(table: RawTable, thresholds: Thresholds = Thresholds()) -> ControlledTable:
    """Apply the rules above to one question's true counts."""
    if table.base < thresholds.min_base:
        return _withheld_question(table, thresholds)
    state = _primary(table, thresholds)
    if not _protect(state):
        return _withheld_question(table, thresholds)
    return _published(state)


def _primary(table: RawTable, t: Thresholds) -> _State:
    """Small counts marked LOW; a group with a small base withheld whole."""

    def primary(value: int) -> Status:
        return Status.LOW if 1 <= value < t.min_count else Status.SHOWN

    status: dict = {}
    row_withheld: dict = {}
    for a, value in enumerate(table.counts):
        status[("T", a)] = primary(value)
    for g, base in enumerate(table.group_bases):
        if base < t.min_base:
            row_withheld[g] = "small-base"
            status[("n", g)] = Status.WITHHELD
            for a in range(len(table.answers)):
                status[("x", g, a)] = Status.WITHHELD
        else:
            status[("n", g)] = Status.SHOWN
            for a in range(len(table.answers)):
                status[("x", g, a)] = primary(table.group_counts[g][a])
    return _State(table, t, status, row_withheld)


def _protect(state: _State) -> bool:
    """Secondary suppression: hide more until no hidden small count can be
    worked out; False when there is nothing left to hide."""
    while True:
        exposed = state.exposed()
        if not exposed:
            return True
        var = exposed[0]
        candidates = _candidates(state, var)
        if not candidates:
            return False
        chosen = candidates[0]
        for candidate in candidates:
            trial = _State(
                state.table, state.thresholds, dict(state.status), dict(state.row_withheld)
            )
            trial.hide(candidate)
            if trial.could_differ(var):
                chosen = candidate
                break
        state.hide(chosen)


def _published(state: _State) -> ControlledTable:
    """The table as published: shown counts with their values, the rest without."""
    table, t, status = state.table, state.thresholds, state.status
    n_answers = len(table.answers)

    def count(var: Var) -> Count:
        s = status[var]
        return Count(s, true_value(table, var) if s is Status.SHOWN else None)

    overall = Row(
        None,
        Count(Status.SHOWN, table.base),
        tuple(count(("T", a)) for a in range(n_answers)),
        caution=table.base < t.caution_base,
    )
    groups = []
    for g, label in enumerate(table.groups):
        reason = state.row_withheld.get(g)
        base = count(("n", g))
        groups.append(
            Row(
                label,
                base,
                tuple(count(("x", g, a)) for a in range(n_answers)),
                withheld=reason,
                caution=reason is None and table.group_bases[g] < t.caution_base,
            )
        )
    return ControlledTable(table.kind, table.answers, overall, tuple(groups), t)


def _withheld_question(table: RawTable, t: Thresholds) -> ControlledTable:
    """Nothing about the question is published but its wording."""
    hidden = tuple(Count(Status.WITHHELD) for _ in table.answers)
    return ControlledTable(
        table.kind,
        table.answers,
        Row(None, Count(Status.WITHHELD), hidden, withheld="question"),
        tuple(
            Row(label, Count(Status.WITHHELD), hidden, withheld="question")
            for label in table.groups
        ),
        t,
    )
