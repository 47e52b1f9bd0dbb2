"""Secondary suppression for a whole survey edition. Pure: no Pelican, no I/O.

`control_edition` applies the primary rules to each question (disclosure.py),
then runs the edition-wide audit (audit.py) and hides one more count at a
time until the audit finds nothing a reader can pin down.

Which count to hide next is decided by position only, never by the hidden
values: for the first leak the audit reports (in a fixed order), the
candidates are the leak's own published counts, then the other counts of its
row (answer order), then of its column (group order), then whole groups
("to protect"), then any other count of the question; the first of the first
TRIALS candidates that stops that leak is hidden (or the first candidate, when
none does on its own). The old rule, "smallest first", told a reader that a "[c]" was no
bigger than the counts left shown.

A question that cannot be made safe (nothing left to hide) is withheld
whole with the reason "unsafe", and a chart of it stops the build.
"""

from __future__ import annotations

from .audit import Leak, audit, still_leaks
from .disclosure import (
    DEFAULT,
    ControlledTable,
    RawTable,
    State,
    Status,
    Thresholds,
    Var,
    primary,
    published,
    variables,
    withheld_question,
)

TRIALS = 6  # candidates tried in turn for one that stops a leak on its own


def control(table: RawTable, thresholds: Thresholds = DEFAULT) -> ControlledTable:
    """One question on its own (an edition of one)."""
    return control_edition({"q": table}, thresholds)["q"]


def control_edition(
    raw: dict[str, RawTable], thresholds: Thresholds = DEFAULT
) -> dict[str, ControlledTable]:
    """Every question of an edition, controlled together."""
    states: dict[str, State] = {}
    out: dict[str, ControlledTable] = {}
    for qid, table in raw.items():
        if table.base < thresholds.min_base:
            out[qid] = withheld_question(table, thresholds)
        else:
            states[qid] = primary(table, thresholds)
    tables = {qid: published(state) for qid, state in states.items()}
    # Hiding more only widens what a reader could believe, so a quantity
    # that is safe stays safe: one audit, each of its leaks fixed in turn
    # (if a hide for an earlier one has not already), then an audit to confirm.
    while leaks := audit(tables, thresholds):
        for leak in leaks:
            if not set(leak.questions) <= set(states):
                continue  # a question withheld as unsafe
            while still_leaks(tables, thresholds, leak):
                choice = _choose(states, tables, thresholds, leak)
                if choice is None:
                    unsafe = leak.questions[-1]
                    del states[unsafe]
                    del tables[unsafe]
                    out[unsafe] = withheld_question(raw[unsafe], thresholds, "unsafe")
                    break
                qid, var = choice
                states[qid].hide(var)
                tables[qid] = published(states[qid])
    out.update(tables)
    return {qid: out[qid] for qid in raw}


def _choose(states, tables, thresholds, leak: Leak) -> tuple[str, Var] | None:
    candidates = list(_candidates(states, leak))
    for qid, var in candidates[:TRIALS]:
        trial = states[qid].copy()
        trial.hide(var)
        if not still_leaks({**tables, qid: published(trial)}, thresholds, leak):
            return qid, var
    return candidates[0] if candidates else None


def _candidates(states: dict[str, State], leak: Leak):
    """Published counts that could be hidden for this leak, in a fixed order."""
    seen = set()
    for qid in reversed(leak.questions):  # the later question of a difference first
        state = states[qid]
        own = [key[1] for key, _ in leak.terms if key[0] == qid and key[1][0] != "N"]
        n_answers = len(state.table.answers)
        n_groups = len(state.table.groups)
        rows, columns = [], []
        for var in own:
            if var[0] == "T":
                rows += [("T", a) for a in range(n_answers)]
                columns += [("x", g, var[1]) for g in range(n_groups)]
            elif var[0] == "x":
                rows += [("x", var[1], a) for a in range(n_answers)]
                columns += [("T", var[2])] + [("x", g, var[2]) for g in range(n_groups)]
        cells = [v for v in own if v[0] != "n"] + rows + columns
        bases = [v for v in own if v[0] == "n"] + [("n", g) for g in range(n_groups)]
        for var in cells + bases + variables(state.table):
            if (qid, var) not in seen and state.status[var] is Status.SHOWN:
                seen.add((qid, var))
                yield qid, var
