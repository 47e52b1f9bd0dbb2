"""The edition-wide disclosure audit. Pure: no Pelican, no I/O.

It sees only what is published: every question's `ControlledTable` of one
survey edition (every chart, table, CSV file and headline number is built
from these, overall and by group). For each thing we protect it asks an
integer program (HiGHS, through highspy) for the lowest and the highest
value that is consistent with everything published and everything a reader
knows, and reports a `Leak` when the answer is a single value that the
rules protect. docs/disclosure-control.md is the threat model.

What a reader knows (each is a constraint of the program):
- every published count and base; a count rounded to the nearest R is
  within R/2 of the truth (`Thresholds.round_to`; a question's overall base
  is exact); a published count that
  is not 0 is at least `min_count` (1 to 4 would be "<5");
- "<5" is 1 to min_count - 1; "[c]" is 0 or at least min_count (a binary
  variable); a group withheld for its small base has 0 to min_base - 1
  responses, one withheld "to protect" has at least min_base;
- single-choice counts add up to their base, in every row; a multi-choice
  count is at most its row's base; the groups of a breakdown add up to the
  overall results, answer by answer and base by base;
- across questions: nothing is assumed about who was routed to which, so the
  group bases of two questions with the same breakdown are free, but their
  difference is something a reader works out (those who skipped one of them),
  so it is checked like a count.

What is protected (a `Leak` when pinned to one value):
- "low": a "<5" count;
- "small": every count, and the base, of a group withheld for its small base;
- "count": any other hidden count, when it is pinned to 1..min_count-1;
- "complement": a row's base minus one of its counts (those who did not give
  that answer: "all but one"), when pinned to 1..min_count-1;
- "difference": one question's group base minus another's, same breakdown,
  when pinned to 1..min_count-1 either way;
- "group" (only when `Thresholds.group_disclosure` is "suppress"): in a row
  whose base is under `caution_base`, a count pinned to 0 ("none of them")
  or to the whole row ("all of them").
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy

from .disclosure import ControlledTable, Status, Thresholds

Key = tuple  # (question id, var), var as in disclosure.variables, or (qid, ("N",))


@dataclass(frozen=True)
class Leak:
    kind: str  # low, small, count, complement, difference, group
    terms: tuple[tuple[Key, int], ...]  # the protected quantity: sum of coefficient * value
    value: int  # the one value it can have

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key[0] for key, _ in self.terms))


def shown_range(value: int, t: Thresholds) -> tuple[int, int]:
    """The true values a published count could stand for."""
    if value == 0:
        return (0, 0)
    low = value - t.round_to // 2
    high = value + t.round_to - 1 - t.round_to // 2
    return (max(low, t.min_count), high)


def base_range(value: int, t: Thresholds) -> tuple[int, int]:
    low, high = shown_range(value, t)
    return (max(low, t.min_base), high)


class _Model:
    """One integer program over the questions of one breakdown (or one question)."""

    def __init__(self, tables: dict[str, ControlledTable], t: Thresholds):
        self.t = t
        self.h = highspy.Highs()
        self.h.silent()
        self.h.setOptionValue("mip_rel_gap", 0.0)
        self.vars: dict[Key, object] = {}
        self.bounds: dict[Key, tuple[int, int]] = {}
        self.expressions: list[tuple[str, tuple[tuple[Key, int], ...]]] = []
        self.solutions: list[list[int]] = []  # every table found so far, by column
        for qid, table in tables.items():
            self._question(qid, table)
        self._differences(tables)
        # Integer, all at once (one call per variable is most of the build time).
        columns = [v.index for v in self.vars.values()]
        integer = highspy.HighsVarType.kInteger
        self.h.changeColsIntegrality(len(columns), columns, [integer] * len(columns))

    def var(self, key: Key, low: int, high: int):
        self.bounds[key] = (low, high)
        self.vars[key] = self.h.addVariable(lb=low, ub=high)
        return self.vars[key]

    def cell(self, key: Key, count, high: int, row_bounds=None):
        t = self.t
        if row_bounds is not None:
            return self.var(key, *row_bounds)
        if count.status is Status.SHOWN:
            return self.var(key, *shown_range(count.value, t))
        if count.status is Status.LOW:
            return self.var(key, 1, t.min_count - 1)
        x = self.var(key, 0, high)
        if count.status is Status.SUPPRESSED:  # 0, or min_count and more
            z = self.h.addBinary()
            self.h.addConstr(x - high * z <= 0)
            self.h.addConstr(x - t.min_count * z >= 0)
        return x

    def _question(self, qid: str, table: ControlledTable) -> None:
        t = self.t
        answers = range(len(table.answers))
        single = table.kind == "single"
        overall = table.overall
        n_high = overall.base.value  # exact: never rounded (it is each question's `respondents`)
        base = self.var((qid, ("N",)), n_high, n_high)
        totals = [self.cell((qid, ("T", a)), overall.cells[a], n_high) for a in answers]
        if single:
            self.h.addConstr(sum(totals) == base)
        else:
            for x in totals:
                self.h.addConstr(x <= base)
        self._protect(qid, overall, [(("T", a)) for a in answers], ("N",))
        if not table.groups:
            return
        group_bases = []
        for g, row in enumerate(table.groups):
            n_key = (qid, ("n", g))
            if row.withheld == "small-base":
                n = self.var(n_key, 0, t.min_base - 1)
                row_high = t.min_base - 1
            elif row.withheld:
                n = self.var(n_key, t.min_base, n_high)
                row_high = n_high
            else:
                n = self.var(n_key, *base_range(row.base.value, t))
                row_high = self.bounds[n_key][1]
            group_bases.append(n)
            cells = [
                self.cell(
                    (qid, ("x", g, a)),
                    row.cells[a],
                    row_high,
                    (0, row_high) if row.withheld else None,
                )
                for a in answers
            ]
            if single:
                self.h.addConstr(sum(cells) == n)
            else:
                for x in cells:
                    self.h.addConstr(x <= n)
            self._protect(qid, row, [("x", g, a) for a in answers], ("n", g))
        self.h.addConstr(sum(group_bases) == base)
        for a in answers:
            column = [self.vars[(qid, ("x", g, a))] for g in range(len(table.groups))]
            self.h.addConstr(sum(column) == totals[a])

    def _protect(self, qid: str, row, cells: list, base) -> None:
        add = self.expressions.append
        if row.withheld == "small-base":
            add(("small", (((qid, base), 1),)))
            for var in cells:
                add(("small", (((qid, var), 1),)))
            return
        if row.withheld:
            add(("count", (((qid, base), 1),)))
            for var in cells:
                add(("count", (((qid, var), 1),)))
            return
        small_row = row.base.value < self.t.caution_base
        for var, count in zip(cells, row.cells):
            kind = {Status.LOW: "low", Status.SUPPRESSED: "count"}.get(count.status)
            if kind:
                add((kind, (((qid, var), 1),)))
            add(("complement", (((qid, base), 1), ((qid, var), -1))))
            if small_row and self.t.group_disclosure == "suppress":
                add(("group", (((qid, var), 1),)))
                add(("group", (((qid, base), 1), ((qid, var), -1))))

    def _differences(self, tables: dict[str, ControlledTable]) -> None:
        ids = [qid for qid, table in tables.items() if table.groups]
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                for g in range(len(tables[first].groups)):
                    terms = (((first, ("n", g)), 1), ((second, ("n", g)), -1))
                    self.expressions.append(("difference", terms))

    def bounds(self, terms) -> tuple[int, int]:
        if all(self.bounds[k][0] == self.bounds[k][1] for k, _ in terms):
            value = sum(c * self.bounds[k][0] for k, c in terms)
            return (value, value)
        expr = sum(c * self.vars[k] for k, c in terms)
        self.h.minimize(expr)
        self._check()
        low = round(self.h.getInfo().objective_function_value)
        self.h.maximize(expr)
        self._check()
        high = round(self.h.getInfo().objective_function_value)
        return (low, high)

    def _solve(self, expr, maximise: bool) -> int:
        (self.h.maximize if maximise else self.h.minimize)(expr)
        self._check()
        self.solutions.append([round(v) for v in self.h.getSolution().col_value])
        return round(self.h.getInfo().objective_function_value)

    def _pinned(self, terms) -> int | None:
        """The one value `terms` can have, or None. Every solution found is
        kept: a quantity that already has two values in them needs no solve."""
        if all(self.bounds[k][0] == self.bounds[k][1] for k, _ in terms):
            return sum(c * self.bounds[k][0] for k, c in terms)
        columns = [(self.vars[k].index, c) for k, c in terms]
        seen = {sum(c * solution[i] for i, c in columns) for solution in self.solutions}
        if len(seen) > 1:
            return None
        expr = sum(c * self.vars[k] for k, c in terms)
        high = self._solve(expr, maximise=True)
        if seen and high > min(seen):
            return None
        low = self._solve(expr, maximise=False)
        return low if low == high else None

    def _check(self) -> None:
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise InconsistentTables(f"no table fits what is published ({status})")

    def leak(self, kind: str, terms) -> Leak | None:
        low = self._pinned(terms)
        if low is None:
            return None
        small = range(1, self.t.min_count)
        pinned = (
            kind in ("low", "small")
            or (kind == "group" and low == 0)
            or (kind in ("count", "complement") and low in small)
            or (kind == "difference" and abs(low) in small)
        )
        return Leak(kind, terms, low) if pinned else None

    def leaks(self) -> list[Leak]:
        found = (self.leak(kind, terms) for kind, terms in self.expressions)
        return [leak for leak in found if leak]


class InconsistentTables(Exception):
    """The published tables contradict each other: a bug, never the writer's."""


def components(tables: dict[str, ControlledTable]) -> list[dict[str, ControlledTable]]:
    """Questions a reader can combine: those with the same groups (a question
    without a breakdown stands alone). Withheld questions publish nothing."""
    out: dict[tuple, dict[str, ControlledTable]] = {}
    for qid, table in tables.items():
        if table.withheld:
            continue
        key = (tuple(row.label for row in table.groups),) if table.groups else ("alone", qid)
        out.setdefault(key, {})[qid] = table
    return list(out.values())


def audit(tables: dict[str, ControlledTable], t: Thresholds) -> list[Leak]:
    """Every protected quantity of an edition that a reader can pin down."""
    out = []
    for part in components(tables):
        out += _Model(part, t).leaks()
    return out


def still_leaks(tables: dict[str, ControlledTable], t: Thresholds, leak: Leak) -> bool:
    """Whether `leak` is still there in these tables (one program, one quantity)."""
    for part in components(tables):
        if leak.questions[0] in part:
            if not set(leak.questions) <= set(part):
                return False  # a question it involves is withheld now
            return _Model(part, t).leak(leak.kind, leak.terms) is not None
    return False


def group_disclosures(tables: dict[str, ControlledTable], t: Thresholds):
    """(question id, row label, answer, "all" or "none") for every published
    count that is all or none of a row under caution_base: what
    SURVEY_DATA_GROUP_DISCLOSURE = "warn" warns about."""
    for qid, table in tables.items():
        for row in table.rows:
            if row.withheld or row.base.value >= t.caution_base:
                continue
            for answer, count in zip(table.answers, row.cells):
                if count.shown and count.value in (0, row.base.value):
                    yield qid, row.label, answer, "none" if count.value == 0 else "all"


def ranges(tables: dict[str, ControlledTable], t: Thresholds) -> dict[Key, tuple[int, int]]:
    """The range of every count and base a reader can work out (for tests and reports)."""
    out = {}
    for part in components(tables):
        model = _Model(part, t)
        for key in model.vars:
            out[key] = model.bounds(((key, 1),))
    return out
