"""The cases of issue 14 in one small, realistic edition, built by a real Pelican.

Each question holds one case that the old per-table rules gave away:
- `channels`: "[c]" chosen on a zero next to a "<5" (Alpha [c], Beta <5, 50,
  47 of 100: Beta = 3);
- `pair`: "[c]" + "<5" = 6 pins both (5 and 1);
- `yes-no` by size: a group of 8 (Yes 8, No 0) rebuilt by subtracting the
  other groups from the total;
- `premises` by size: a group of 10 withheld "to protect";
- `all-orgs` and `services` by size: group bases 64/49/19 and 60/46/18, so
  4, 3 and 1 per group skipped `services`;
- `tools`: "Email 70 (99 %)" of 71 (all but one).

The test checks that the build publishes (in the method box's CSV of every
table) exactly the tables that `control_edition` makes in-process, and that
the independent attacker of tests/unit/test_disclosure_attack.py finds
nothing in them: no protected count has a single possible value, and the
truth is among the candidates. It runs with the site's defaults (rounding to
5) and with exact counts (there the audit checks: too many tables to enumerate).
"""

from __future__ import annotations

import csv

import pytest
from survey_data.audit import audit
from survey_data.disclosure import RawTable, Thresholds
from survey_data.secondary import control_edition

from tests.plugins.fixture_site import ROOT, build_fixture_site
from tests.unit.test_disclosure_attack import attack

SIZES = ("Small", "Medium", "Large")

RAW = {
    "channels": RawTable("single", ("Alpha", "Beta", "Gamma", "Delta"), 100, (0, 3, 50, 47)),
    "pair": RawTable("single", ("Alpha", "Beta", "Gamma", "Delta"), 76, (5, 1, 40, 30)),
    "yes-no": RawTable(
        "single", ("Yes", "No"), 78, (48, 30), SIZES, (8, 30, 40), ((8, 0), (15, 15), (25, 15))
    ),
    "premises": RawTable(
        "single",
        ("Own", "Rent", "None"),
        70,
        (20, 34, 16),
        SIZES,
        (10, 25, 35),
        ((1, 6, 3), (7, 12, 6), (12, 16, 7)),
    ),
    "all-orgs": RawTable(
        "single",
        ("Up", "Same", "Down"),
        132,
        (30, 47, 55),
        SIZES,
        (64, 49, 19),
        ((11, 21, 32), (13, 18, 18), (6, 8, 5)),
    ),
    "services": RawTable(
        "single",
        ("All", "Most", "Some", "Little"),
        124,
        (17, 51, 44, 12),
        SIZES,
        (60, 46, 18),
        ((6, 21, 25, 8), (8, 21, 14, 3), (3, 9, 5, 1)),
    ),
    "tools": RawTable("multi", ("Email", "Website"), 71, (70, 40)),
}

BREAKDOWN = "by-size"


def survey_yaml() -> str:
    lines = [
        "title: Disclosure fixture",
        "population: Organisations in a fixture borough",
        "fieldwork:",
        "  opens: 2025-09-15",
        "  closes: 2025-11-07",
        "method: An online form.",
        "responses: 200",
        "illustrative: true",
        "breakdowns:",
        f"  - id: {BREAKDOWN}",
        "    name: size",
        f"    groups: [{', '.join(SIZES)}]",
        "questions:",
    ]
    for qid, raw in RAW.items():
        lines += [
            f"  - id: {qid}",
            f"    text: Question {qid}?",
            f"    kind: {raw.kind}",
            "    base: Organisations asked",
            f"    respondents: {raw.base}",
            f"    answers: [{', '.join(raw.answers)}]",
        ]
    return "\n".join(lines) + "\n"


def results_csv() -> str:
    rows = ["question,answer,count,group"]
    for qid, raw in RAW.items():
        rows += [f"{qid},{a},{c}," for a, c in zip(raw.answers, raw.counts)]
        for g, group in enumerate(raw.groups):
            if raw.kind == "multi":
                rows.append(f"{qid},(respondents),{raw.group_bases[g]},{group}")
            rows += [f"{qid},{a},{c},{group}" for a, c in zip(raw.answers, raw.group_counts[g])]
    return "\n".join(rows) + "\n"


POST = """\
Title: Fixture findings
Date: 2026-01-02 10:00
Category: Sector findings
Survey: fixture-2025
Summary: What organisations told us.

```chart
survey: fixture-2025
question: services
group: by-size
kind: grouped
title: Meeting demand by size
description: Grouped bar chart of how much demand organisations met, by size.
```

```survey-method
survey: fixture-2025
```
"""


def build(tmp_path, settings):
    return build_fixture_site(
        tmp_path,
        ["theme_helpers", "theme_assets", "survey_data", "survey_charts"],
        {
            "data/fixture-2025/survey.yaml": survey_yaml(),
            "data/fixture-2025/results.csv": results_csv(),
            "findings/fixture-findings.md": POST,
        },
        {"SURVEY_CHARTS_CACHE_PATH": "", "THEME_STATIC_DIR": "theme", **settings},
        theme=ROOT / "theme",
    )


def published_counts(tables) -> dict:
    out = {}
    for qid, table in tables.items():
        for row in table.rows:
            label = row.label or "All organisations"
            for answer, cell in zip(table.answers, row.cells):
                out[(qid, label, answer)] = "[x]" if row.withheld else table.display(cell)
    return out


@pytest.mark.parametrize("round_to", [5, 1], ids=["rounded-to-5", "exact"])
def test_every_case_of_the_issue_is_safe_in_a_real_build(tmp_path, round_to):
    thresholds = Thresholds(round_to=round_to)
    tables = control_edition(RAW, thresholds)
    if round_to == 5:
        assert attack(RAW, tables, thresholds) == []
    else:
        # Exact, every size group of `services` is withheld "to protect":
        # too many tables to enumerate, so the audit itself checks.
        assert audit(tables, thresholds) == []
        assert all(row.withheld for row in tables["services"].groups)
    settings = {} if round_to == 5 else {"SURVEY_DATA_ROUND_COUNTS_TO": 1}
    result = build(tmp_path, settings)
    assert result.ok, result.log
    path = result.output / "charts" / "fixture-2025" / "all-tables.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    built = {(r["question"], r["group"], r["answer"]): r["count"] for r in rows}
    assert built == published_counts(tables)
    # The old rules' answers are gone.
    channels = [built[("channels", "All organisations", a)] for a in RAW["channels"].answers]
    assert channels != ["[c]", "<5", "50", "47"] and channels[1] == "<5"
    # Email 70 of 71: exact, it is hidden; rounded, "70" stands for 68 to 71.
    assert built[("tools", "All organisations", "Email")] == ("[c]" if round_to == 1 else "70")
    assert built[("yes-no", "Small", "Yes")] == "[x]"
