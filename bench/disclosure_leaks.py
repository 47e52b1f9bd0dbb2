"""How often disclosure control leaks a small count exactly, before and after.

    .venv/bin/python -m bench.disclosure_leaks [--tables 1000] [--seed 1]

Simulates the two kinds of table issue 14 measured: single-choice
three-answer tables with bases of 10 to 40 and at least one count of 1 to 4,
and 3x2 breakdowns (three answers, two groups) with at least one count of 1
to 4. Each is controlled by the old per-table rules (plugins/survey_data at
`main`'s parent commit of issue 14, read with `git show`) and by the current
edition-wide rules (exact counts, and the default rounding to 5). The reader is
the audit's integer program (audit.py): the exact range of every count given
what is published and what the rules say ("<5" is 1-4, "[c]" is 0 or 5+, a
group withheld "to protect" has 10+). A table leaks when a true count of 1 to
4 that is not published has a single possible value.
"""

from __future__ import annotations

import argparse
import importlib
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from survey_data import audit as audit_module  # noqa: E402
from survey_data.disclosure import (  # noqa: E402
    ControlledTable,
    Count,
    RawTable,
    Row,
    Status,
    Thresholds,
)
from survey_data.secondary import control_edition  # noqa: E402

OLD_COMMIT = "da0fe5e"  # the last commit before issue 14's edition-wide control


def old_control():
    """The per-table `control` of OLD_COMMIT, loaded as a package of its own."""
    folder = Path(tempfile.mkdtemp()) / "old_survey_data"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    for name in ("disclosure.py", "flow.py"):
        text = subprocess.run(
            ["git", "show", f"{OLD_COMMIT}:plugins/survey_data/{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (folder / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder.parent))
    disclosure = importlib.import_module("old_survey_data.disclosure")

    def control(raw: RawTable, t: Thresholds) -> ControlledTable:
        old_raw = disclosure.RawTable(*[getattr(raw, f) for f in raw.__dataclass_fields__])
        old = disclosure.control(old_raw)

        def count(c):
            return Count(Status(c.status.value), c.value)

        def row(r):
            return Row(r.label, count(r.base), tuple(map(count, r.cells)), r.withheld, r.caution)

        return ControlledTable(
            old.kind, old.answers, row(old.overall), tuple(map(row, old.groups)), t
        )

    return control


def single_table(rng: random.Random) -> RawTable:
    while True:
        base = rng.randint(10, 40)
        cuts = sorted(rng.randint(0, base) for _ in range(2))
        counts = (cuts[0], cuts[1] - cuts[0], base - cuts[1])
        if any(1 <= c <= 4 for c in counts):
            return RawTable("single", ("a", "b", "c"), base, counts)


def breakdown_table(rng: random.Random) -> RawTable:
    while True:
        rows = []
        for _ in range(2):
            base = rng.randint(10, 40)
            cuts = sorted(rng.randint(0, base) for _ in range(2))
            rows.append((cuts[0], cuts[1] - cuts[0], base - cuts[1]))
        counts = tuple(sum(c) for c in zip(*rows))
        cells = [c for r in rows for c in r] + list(counts)
        if any(1 <= c <= 4 for c in cells):
            return RawTable(
                "single",
                ("a", "b", "c"),
                sum(counts),
                counts,
                ("g0", "g1"),
                tuple(map(sum, rows)),
                tuple(rows),
            )


def true_values(raw: RawTable) -> dict:
    out = {("q", ("N",)): raw.base}
    for a, v in enumerate(raw.counts):
        out[("q", ("T", a))] = v
    for g, b in enumerate(raw.group_bases):
        out[("q", ("n", g))] = b
        for a, v in enumerate(raw.group_counts[g]):
            out[("q", ("x", g, a))] = v
    return out


def leaks(raw: RawTable, table: ControlledTable, t: Thresholds) -> bool:
    if table.withheld:
        return False
    truth = true_values(raw)
    for key, (low, high) in audit_module.ranges({"q": table}, t).items():
        if low == high and 1 <= truth[key] < t.min_count and key[1] != ("N",):
            published = _published(table, key[1])
            if not published.shown:
                return True
    return False


def _published(table: ControlledTable, var) -> Count:
    if var[0] == "T":
        return table.overall.cells[var[1]]
    if var[0] == "n":
        return table.groups[var[1]].base
    return table.groups[var[1]].cells[var[2]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    exact = Thresholds()
    rounded = Thresholds(round_to=5)
    rules = {
        "before (per table)": (old_control(), exact),
        "after, exact counts": (lambda raw, t: control_edition({"q": raw}, t)["q"], exact),
        "after, rounded to 5": (lambda raw, t: control_edition({"q": raw}, t)["q"], rounded),
    }
    for name, make in (("single, 3 answers", single_table), ("3x2 breakdown", breakdown_table)):
        rng = random.Random(args.seed)
        tables = [make(rng) for _ in range(args.tables)]
        for label, (control, t) in rules.items():
            leaked = sum(leaks(raw, control(raw, t), t) for raw in tables)
            share = leaked / len(tables)
            print(f"{name:18} {label:22} {leaked:5} of {len(tables)} leak ({share:.1%})")


if __name__ == "__main__":
    main()
