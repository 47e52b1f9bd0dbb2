"""survey_data.disclosure: the rules, checked on many random tables.

The protection check is verified independently: a plain search over every
table a reader could reconstruct from what is published (the documented
reader model: totals, bases, and each hidden count's bounds), with no
network flows involved.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from survey_data.disclosure import (
    ControlledTable,
    RawTable,
    Status,
    Thresholds,
    display,
)
from survey_data.secondary import control

T = Thresholds()


# -- random tables ---------------------------------------------------------------

small_count = st.one_of(st.integers(0, 6), st.integers(0, 30))


@st.composite
def raw_tables(draw, max_groups=3, max_answers=4):
    kind = draw(st.sampled_from(["single", "multi"]))
    n_answers = draw(st.integers(2, max_answers))
    n_groups = draw(st.sampled_from([0, 0, 2, 3][: max_groups + 1] if max_groups >= 2 else [0]))
    answers = tuple(f"a{i}" for i in range(n_answers))
    groups = tuple(f"g{i}" for i in range(n_groups))
    if kind == "single":
        rows = [tuple(draw(small_count) for _ in answers) for _ in range(max(n_groups, 1))]
        counts = tuple(sum(col) for col in zip(*rows))
        base = sum(counts)
        group_bases = tuple(sum(r) for r in rows) if n_groups else ()
    else:
        group_bases = tuple(draw(small_count) for _ in range(max(n_groups, 1)))
        rows = [tuple(draw(st.integers(0, gb)) for _ in answers) for gb in group_bases]
        counts = tuple(sum(col) for col in zip(*rows))
        base = sum(group_bases)
        if not n_groups:
            group_bases = ()
    return RawTable(
        kind, answers, base, counts, groups, group_bases, tuple(rows) if n_groups else ()
    )


# -- the independent reader -------------------------------------------------------


def reader_problem(raw: RawTable, table: ControlledTable):
    """Unknowns (name -> (low, high, true value)) and equations
    (list of ({name: coefficient}, constant)) for what a reader knows."""
    unknown = {}
    value = {}
    n = raw.base
    has_groups = bool(raw.groups)

    def term(name, count, status, low_high):
        if status is Status.SHOWN:
            value[name] = count.value
        else:
            unknown[name] = low_high

    for a in range(len(raw.answers)):
        cell = table.overall.cells[a]
        bounds = (1, T.min_count - 1) if cell.status is Status.LOW else (0, n)
        term(("T", a), cell, cell.status, bounds + (raw.counts[a],))
    for g, row in enumerate(table.groups):
        if row.base.shown:
            value[("n", g)] = row.base.value
            base_high = row.base.value
        else:
            high = T.min_base - 1 if row.withheld == "small-base" else n
            unknown[("n", g)] = (0, high, raw.group_bases[g])
            base_high = high
        for a, cell in enumerate(row.cells):
            bounds = (1, T.min_count - 1) if cell.status is Status.LOW else (0, base_high)
            term(("x", g, a), cell, cell.status, bounds + (raw.group_counts[g][a],))

    equations = []
    answers = range(len(raw.answers))
    if raw.kind == "single":
        equations.append(({("T", a): 1 for a in answers}, n))
    if has_groups:
        equations.append(({("n", g): 1 for g in range(len(raw.groups))}, n))
        for a in answers:
            coefficients = {("x", g, a): 1 for g in range(len(raw.groups))}
            coefficients[("T", a)] = -1
            equations.append((coefficients, 0))
        if raw.kind == "single":
            for g in range(len(raw.groups)):
                coefficients = {("x", g, a): 1 for a in answers}
                coefficients[("n", g)] = -1
                equations.append((coefficients, 0))
    # Fold published values into the constants.
    folded = []
    for coefficients, constant in equations:
        rest = {k: c for k, c in coefficients.items() if k in unknown}
        constant -= sum(c * value[k] for k, c in coefficients.items() if k not in unknown)
        folded.append((rest, constant))
    return unknown, folded


def has_other_solution(unknown, equations, target) -> bool:
    """Depth-first search for a solution in which `target` differs from its
    true value, pruning on each equation's reachable range."""
    names = [target] + [k for k in unknown if k != target]
    true = unknown[target][2]

    def possible(assigned):
        for coefficients, constant in equations:
            low = high = 0
            for name, c in coefficients.items():
                if name in assigned:
                    low += c * assigned[name]
                    high += c * assigned[name]
                else:
                    lo, hi = unknown[name][0], unknown[name][1]
                    low += min(c * lo, c * hi)
                    high += max(c * lo, c * hi)
            if not low <= constant <= high:
                return False
        return True

    def search(i, assigned):
        if i == len(names):
            return True
        name = names[i]
        lo, hi, _ = unknown[name]
        for v in range(lo, hi + 1):
            if i == 0 and v == true:
                continue
            assigned[name] = v
            if possible(assigned) and search(i + 1, assigned):
                return True
            del assigned[name]
        return False

    return search(0, {})


def all_counts(raw: RawTable, table: ControlledTable):
    """(true value, published Count) for every count, bases included."""
    for a, cell in enumerate(table.overall.cells):
        yield raw.counts[a], cell
    for g, row in enumerate(table.groups):
        yield raw.group_bases[g], row.base
        for a, cell in enumerate(row.cells):
            yield raw.group_counts[g][a], cell


# -- properties ----------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tables())
def test_published_counts_are_true_and_never_1_to_4(raw):
    table = control(raw)
    for true, count in all_counts(raw, table):
        if count.shown:
            assert count.value == true
            assert not 1 <= count.value < T.min_count
        else:
            assert count.value is None
    if table.overall.base.shown:
        assert table.overall.base.value == raw.base >= T.min_base


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tables())
def test_small_counts_are_labelled_and_bases_under_10_give_no_percentages(raw):
    table = control(raw)
    if raw.base < T.min_base:
        assert table.withheld and not table.overall.base.shown
    for true, count in all_counts(raw, table):
        if count.status is Status.LOW:
            assert 1 <= true < T.min_count and display(count) == "<5"
    for row in table.rows:
        for index in range(len(raw.answers)):
            percent = row.percent(index)
            if percent is not None:
                assert row.base.shown and row.base.value >= T.min_base and row.cells[index].shown
        if row.base.shown:
            assert row.caution == (row.base.value < T.caution_base)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_tables())
def test_no_hidden_small_count_can_be_worked_out(raw):
    table = control(raw)
    if table.withheld:
        return  # nothing published but the wording
    unknown, equations = reader_problem(raw, table)
    for name, (low, high, true) in unknown.items():
        assert low <= true <= high, (name, "the reader model must hold the truth")
        if 1 <= true < T.min_count:
            assert has_other_solution(unknown, equations, name), (name, true, raw, table)


@settings(max_examples=100, deadline=None)
@given(raw_tables())
def test_control_is_deterministic(raw):
    assert control(raw) == control(raw)


# -- examples ---------------------------------------------------------------------


def shown(table):
    return [table.display(c) for c in table.overall.cells]


def test_one_small_cell_in_a_single_choice_row_takes_a_second_one_with_it():
    table = control(RawTable("single", ("a", "b", "c"), 53, (3, 20, 30)))
    assert shown(table) == ["<5", "[c]", "30"]


def test_small_cells_whose_total_would_give_them_away_are_protected():
    # Three hidden 4s adding up to 12 could only be 4, 4, 4.
    table = control(RawTable("single", ("a", "b", "c", "d"), 12, (4, 4, 4, 0)))
    assert shown(table) == ["<5", "<5", "<5", "[c]"]


def test_multi_choice_needs_no_secondary_suppression():
    table = control(RawTable("multi", ("a", "b", "c"), 40, (3, 20, 30)))
    assert shown(table) == ["<5", "20", "30"]


def test_base_under_10_withholds_the_question():
    table = control(RawTable("single", ("a", "b"), 9, (4, 5)))
    assert table.withheld and all(not c.shown for c in table.overall.cells)


def test_a_group_under_10_is_withheld_and_cannot_be_worked_out_from_the_total():
    raw = RawTable(
        "single",
        ("a", "b"),
        60,
        (33, 27),
        ("big", "other", "tiny"),
        (30, 24, 6),
        ((15, 15), (15, 9), (3, 3)),
    )
    table = control(raw)
    tiny = table.groups[2]
    assert tiny.withheld == "small-base" and not tiny.base.shown
    unknown, equations = reader_problem(raw, table)
    for name in (("x", 2, 0), ("x", 2, 1)):
        assert has_other_solution(unknown, equations, name)


def test_caution_between_10_and_29():
    assert control(RawTable("single", ("a", "b"), 29, (14, 15))).overall.caution
    assert not control(RawTable("single", ("a", "b"), 30, (15, 15))).overall.caution


def test_thresholds_are_settings():
    strict = Thresholds(min_base=20, min_count=10, caution_base=50)
    table = control(RawTable("multi", ("a", "b"), 40, (8, 30)), strict)
    assert shown(table) == ["<10", "30"]
    assert control(RawTable("multi", ("a", "b"), 19, (8, 11)), strict).withheld
    with pytest.raises(ValueError):
        Thresholds(min_base=5, min_count=10)
