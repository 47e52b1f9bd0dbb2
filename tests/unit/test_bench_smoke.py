"""The benchmark harness works end to end on a tiny corpus (5 posts, 2
charts, one run): it builds both sites, times the edit loop and the charts,
weighs the pages and writes RESULTS.md, results.json and the chart. No
timing is asserted: the figures depend on the machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import EDITION, generate

ROOT = Path(__file__).resolve().parents[2]


def test_the_corpus_is_deterministic_and_complete(tmp_path):
    a = generate(tmp_path / "a", 12, 10, seed=3)
    b = generate(tmp_path / "b", 12, 10, seed=3)
    files = sorted(p.relative_to(a.content) for p in a.content.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b.content) for p in b.content.rglob("*") if p.is_file())
    for rel in files:
        assert (a.content / rel).read_bytes() == (b.content / rel).read_bytes(), rel
    assert len(a.posts) == 12 and len(a.findings) == 2  # 10 charts: 8 + 2
    text = "".join((a.content / p).read_text(encoding="utf-8") for p in a.findings)
    assert text.count("```chart") == 10 and text.count("```survey-method") == 2
    assert (a.content / "data" / EDITION / "survey.yaml").is_file()
    assert a.edit_post and a.article_post and a.findings_post
    # The same seed and more posts: the first ones are kept (N = 100 is in N = 1,000).
    c = generate(tmp_path / "c", 20, 10, seed=3)
    assert set(a.posts) - set(c.posts) <= set(a.findings)


def test_the_harness_writes_its_report(tmp_path):
    results = tmp_path / "out" / "RESULTS.md"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "5",
            "--charts",
            "2",
            "--runs",
            "1",
            "--weigh",
            "static",
            "--no-profile",
            "--work",
            str(tmp_path / "work"),
            "--results",
            str(results),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    report = results.read_text(encoding="utf-8")
    for heading in (
        "# Benchmarks",
        "## Targets",
        "## Build time",
        "### What each side does",
        "## Charts: render cache cold and warm",
        "## Page weight",
        "## Output size",
        "## Reproduce",
    ):
        assert heading in report, heading
    assert "**Machine:**" in report and "Pelican 4.12" in report and "Load average" in report
    assert "![Build times" in report and "(results.svg)" in report
    svg = (results.parent / "results.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "stock Pelican" in svg

    data = json.loads((results.parent / "results.json").read_text(encoding="utf-8"))
    size = data["sizes"]["5"]
    assert size["corpus"]["posts"] == 5 and size["corpus"]["charts"] == 2
    for key in ("stock", "project"):
        (run,) = size[key]
        assert run["wall"] > 0 and run["cpu"] > 0
    assert size["ratio_wall"] and size["ratio_cpu"]
    edits = size["edit_loop"]["runs"]
    assert len(edits) == 1 and edits[0]["ok"] and edits[0]["shown"]
    assert size["stock_cached"] and size["project_cold"]["wall"] > 0
    assert size["output"]["project"]["bytes"] > 0 and size["output"]["stock"]["bytes"] > 0
    assert data["charts"]["charts"] == 2 and data["charts"]["renders_cold"] >= 2
    pages = data["pages"]
    for site in ("project", "stock"):
        assert set(pages[site]) == {"home", "article", "findings"}
        for weight in pages[site].values():
            assert weight["total_gzip"] > 0 and weight["gzip"]["html"] > 0
    assert pages["project"]["findings"]["gzip"]["js"] == 0  # charts need no JavaScript
    assert len(pages["chart_svg_gzip"]) == 2
    assert not (tmp_path / "work" / "n5" / "project" / "output" / "pagefind-bench").exists()
