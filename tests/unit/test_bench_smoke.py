"""The benchmark harness works end to end on a tiny corpus (5 posts, 2
charts, one round): it builds both sites, times the edit loop, weighs the
pages and writes RESULTS.md and results.json. No timing is asserted: the
figures depend on the machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import EDITION, generate
from bench.report import markdown, target_rows

ROOT = Path(__file__).resolve().parents[2]
SIDES = ("stock", "dev", "publish")


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


def test_cpu_time_counts_processes_a_build_leaves_running(tmp_path):
    """A build that starts a detached process (as `invoke build` does to
    delete the previous site) and exits: the harness waits for that process
    and counts its CPU time. Run in a child, as the harness makes itself
    the subreaper of what its builds leave behind."""
    done = tmp_path / "done"
    burn = (
        "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
        f"open({str(done)!r}, 'w').close()\n"
    )
    build = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {burn!r}], start_new_session=True)\n"
    )
    log = tmp_path / "log"
    measure = (
        "import json, sys\nfrom pathlib import Path\n"
        "from bench.harness import become_subreaper, run_child\n"
        "assert become_subreaper()\n"
        f"run = run_child([sys.executable, '-c', {build!r}], Path('.'), Path({str(log)!r}))\n"
        f"print(json.dumps({{'cpu': run.cpu, 'done': Path({str(done)!r}).exists()}}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", measure], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = json.loads(completed.stdout.splitlines()[-1])
    assert out["done"]  # waited for: it finished before run_child returned
    assert out["cpu"] >= 0.3  # the detached process's CPU time is in the build's


def _results(dev_cpu: dict, publish_cpu: dict, edit_wall: float) -> dict:
    """Results as the harness writes them, one round per size."""

    def run(cpu):
        return {"wall": cpu, "cpu": cpu, "rss_mib": 100.0, "load": 0.1}

    sizes = {}
    for n in (1000, 5000):
        stock = n / 200  # 5 ms a post
        sizes[str(n)] = {
            "corpus": {"posts": n, "generated_posts": n, "findings": 7, "charts": 50, "words": 1},
            "cold": run(60.0),
            "runs": {
                "stock": [run(stock)],
                "dev": [run(stock * dev_cpu[n])],
                "publish": [run(stock * publish_cpu[n])],
            },
            "output": {side: {"bytes": 1, "files": 1, "by_kind": {}} for side in SIDES},
            "edit_to_preview": {"runs": [{"ok": True, "shown": True, "wall": edit_wall, "cpu": 0}]},
        }
    return {
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 1, "system": "s", "python": "3.11"}
        | {"executable": "python", "versions": {}, "date": "today"},
        "options": {"sizes": [1000, 5000], "charts": 50, "runs": 5, "weigh": "none"},
        "subreaper": True,
        "load_start": [0.1],
        "load_end": [0.1],
        "seconds": 1,
        "sizes": sizes,
    }


def test_the_targets_table_says_which_targets_are_met():
    from bench.report import figures

    met = _results({1000: 0.9, 5000: 0.9}, {1000: 1.3, 5000: 1.3}, 0.4)
    assert [row[2] for row in target_rows(figures(met))] == [True] * 8
    missed = _results({1000: 1.43, 5000: 1.73}, {1000: 1.5, 5000: 2.0}, 0.6)
    statuses = {row[0]: row[2] for row in target_rows(figures(missed))}
    assert not any(v for k, v in statuses.items() if "Peak memory" not in k), statuses
    report = markdown(missed)
    assert "| **not met** |" in report and "1.73×" in report and "> **Note:**" not in report


def test_the_harness_writes_its_report(tmp_path):
    results = tmp_path / "out" / "RESULTS.md"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "5", "--charts", "2", "--runs", "1"]
        + ["--weigh", "static", "--work", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    report = results.read_text(encoding="utf-8")
    for heading in (
        "# Benchmarks",
        "## Targets (issue 13)",
        "## 5 generated posts",
        "## What each build does",
        "## Page weight",
        "## Output size",
        "## Reproduce",
    ):
        assert heading in report, heading
    assert "**Machine:**" in report and "pelican 4.12" in report and "Load average" in report
    assert "This is a check run" in report

    data = json.loads((results.parent / "results.json").read_text(encoding="utf-8"))
    assert data["subreaper"] is True
    size = data["sizes"]["5"]
    assert size["corpus"]["generated_posts"] == 5 and size["corpus"]["charts"] == 2
    assert size["corpus"]["posts"] > 5  # the site's own posts and findings too
    for side in SIDES:
        (run,) = size["runs"][side]
        assert run["wall"] > 0 and run["cpu"] > 0 and run["rss_mib"] > 0 and "load" in run
        assert size["output"][side]["bytes"] > 0
    assert size["cold"]["cpu"] > 0
    assert (tmp_path / "work" / "n5" / "project" / "output-publish" / "pagefind").is_dir()
    edits = size["edit_to_preview"]["runs"]
    assert len(edits) == 1 and edits[0]["ok"] and edits[0]["shown"]
    assert data["pagefind"]["pages"] > 0
    pages = data["pages"]
    for site in ("project", "stock"):
        assert set(pages[site]) == {"home", "article", "findings"}
        for weight in pages[site].values():
            assert weight["total_gzip"] > 0 and weight["gzip"]["html"] > 0
    assert pages["project"]["findings"]["gzip"]["js"] == 0  # charts need no JavaScript
    assert not (tmp_path / "work" / "n5" / "project" / "output-publish" / "pagefind-bench").exists()
