"""Statistical disclosure control for survey tables. Pure: no Pelican, no I/O.

One question's results (overall, and by group when there is a breakdown) go
in as a `RawTable` of true counts; a `ControlledTable` comes out, and it is
the only thing anything downstream (charts, tables, CSV, feeds, headline
numbers) ever sees. The rules, with their thresholds as settings:

1. A base under `min_base` (10) shows no percentage and no bar: a question
   whose base is that small is withheld whole ("Fewer than 10 responses: not
   shown"); a group that small is withheld as a row, its base not given.
2. A count from 1 to `min_count - 1` (1–4) is shown as "<5". 0 stays 0.
3. Secondary suppression, edition-wide (secondary.py, audit.py): more counts
   are hidden ("[c]", or a whole group "to protect") until nothing protected
   can be worked out from everything the edition publishes.
4. A base from `min_base` to `caution_base - 1` (10–29) is flagged "Small
   base: treat with caution".
5. Published counts and group bases are rounded to the nearest `round_to`
   (1: exact); percentages come from the rounded counts.

This module applies rules 1, 2, 4 and 5 (`primary`, `published`); the reader
model and what is protected are in audit.py and docs/disclosure-control.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
    round_to: int = 1  # published counts and group bases to the nearest this (1: exact)
    group_disclosure: str = "suppress"  # or "warn": all or none of a small group

    def __post_init__(self):
        if not (1 <= self.min_count <= self.min_base <= self.caution_base):
            raise ValueError(
                "thresholds must satisfy 1 <= min_count <= min_base <= caution_base, got "
                f"{self.min_count}, {self.min_base}, {self.caution_base}"
            )
        # Up to 2 * min_count, so that no count of min_count or more rounds to 0.
        rounding_ok = 1 <= self.round_to <= 2 * self.min_count
        if not rounding_ok or self.group_disclosure not in ("suppress", "warn"):
            raise ValueError(f"bad rounding or group disclosure: {self}")

    def rounded(self, value: int) -> int:
        """A count as published: to the nearest `round_to`, halves up; 0 stays 0."""
        r = self.round_to
        return (value + r // 2) // r * r if value else 0

    @property
    def low_label(self) -> str:
        return f"<{self.min_count}"


DEFAULT = Thresholds()


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


@dataclass
class State:
    table: RawTable
    thresholds: Thresholds
    status: dict
    row_withheld: dict  # group index -> reason

    def copy(self) -> State:
        return State(self.table, self.thresholds, dict(self.status), dict(self.row_withheld))

    def hide(self, var: Var) -> None:
        if var[0] == "n":
            g = var[1]
            self.row_withheld[g] = "protect"
            self.status[var] = Status.WITHHELD
            for a in range(len(self.table.answers)):
                self.status[("x", g, a)] = Status.WITHHELD
        else:
            self.status[var] = Status.SUPPRESSED


def primary(table: RawTable, t: Thresholds) -> State:
    """Small counts marked LOW; a group with a small base withheld whole."""

    def status_of(value: int) -> Status:
        return Status.LOW if 1 <= value < t.min_count else Status.SHOWN

    status: dict = {}
    row_withheld: dict = {}
    for a, value in enumerate(table.counts):
        status[("T", a)] = status_of(value)
    for g, base in enumerate(table.group_bases):
        if base < t.min_base:
            row_withheld[g] = "small-base"
            status[("n", g)] = Status.WITHHELD
            for a in range(len(table.answers)):
                status[("x", g, a)] = Status.WITHHELD
        else:
            status[("n", g)] = Status.SHOWN
            for a in range(len(table.answers)):
                status[("x", g, a)] = status_of(table.group_counts[g][a])
    return State(table, t, status, row_withheld)


def published(state: State) -> ControlledTable:
    """The table as published: shown counts with their values, the rest without."""
    table, t, status = state.table, state.thresholds, state.status
    n_answers = len(table.answers)

    def count(var: Var) -> Count:
        s = status[var]
        return Count(s, t.rounded(true_value(table, var)) if s is Status.SHOWN else None)

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
                caution=reason is None and t.rounded(table.group_bases[g]) < t.caution_base,
            )
        )
    return ControlledTable(table.kind, table.answers, overall, tuple(groups), t)


def withheld_question(table: RawTable, t: Thresholds, reason: str = "question") -> ControlledTable:
    """Nothing about the question is published but its wording. The reason is
    "question" (a base under min_base) or "unsafe" (no suppression would do)."""
    hidden = tuple(Count(Status.WITHHELD) for _ in table.answers)
    return ControlledTable(
        table.kind,
        table.answers,
        Row(None, Count(Status.WITHHELD), hidden, withheld=reason),
        tuple(
            Row(label, Count(Status.WITHHELD), hidden, withheld=reason) for label in table.groups
        ),
        t,
    )
