"""bench/RESULTS.md and bench/results.json from one run's results
(bench/harness.py). `python -m bench --report-only` writes RESULTS.md again
from results.json, after editing bench/NOTES.md, say."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
KB = 1000

# Issue 13's targets.
TARGET_SIZES = (1000, 5000)
TARGET_DEV_CPU = 1.0  # `invoke build` CPU, times stock Pelican's
TARGET_PUBLISH_CPU = 1.4  # `invoke publish-build` CPU, times stock Pelican's
TARGET_EDIT_SIZE = 1000
TARGET_EDIT_S = 0.5  # edit-to-preview, median wall seconds
TARGET_MEMORY_SIZE = 5000
# "Linear": CPU per post at the largest size no more than this times that at the smallest.
LINEAR_SLACK = 1.05

LABELS = {
    "stock": "stock Pelican",
    "dev": "`invoke build`",
    "publish": "`invoke publish-build`",
}


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def secs(x) -> str:
    return "n/a" if x is None else f"{x:.2f} s"


def times(x) -> str:
    return "n/a" if x is None else f"{x:.2f}×"


def mib(x) -> str:
    return "n/a" if x is None else f"{x:,.0f} MiB"


def mb(n) -> str:
    return "n/a" if n is None else f"{n / MB:.1f} MB"


# -- figures ---------------------------------------------------------------------


def side_figures(size: dict, side: str) -> dict:
    """Medians of one kind of build at one size, and its ratios to stock."""
    runs, stock = size["runs"][side], size["runs"]["stock"]
    posts = size["corpus"]["posts"]
    cpu = med([r["cpu"] for r in runs])
    return {
        "wall": med([r["wall"] for r in runs]),
        "cpu": cpu,
        "ratio_wall": med([r["wall"] / s["wall"] for r, s in zip(runs, stock)]),
        "ratio_cpu": med([r["cpu"] / s["cpu"] for r, s in zip(runs, stock)]),
        "ms_per_post": None if cpu is None else cpu / posts * 1000,
        "rss": max((r["rss_mib"] for r in runs), default=None),
        "loads": [r["load"] for r in runs],
        "runs": len(runs),
    }


def figures(results: dict) -> dict[int, dict]:
    """{posts: {side: side_figures, "edit": edit-to-preview medians}}."""
    out = {}
    for n, size in results["sizes"].items():
        out[int(n)] = {side: side_figures(size, side) for side in LABELS}
        edits = (size.get("edit_to_preview") or {}).get("runs") or []
        out[int(n)]["edit"] = {
            "wall": med([e["wall"] for e in edits]),
            "cpu": med([e["cpu"] for e in edits]),
            "shown": all(e["ok"] and e["shown"] for e in edits) if edits else None,
            "runs": len(edits),
        }
    return out


# -- targets -----------------------------------------------------------------------


def target_rows(figs: dict[int, dict]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met: True, False or None for not measured)."""
    rows = []
    for n in TARGET_SIZES:
        for side, limit in (("dev", TARGET_DEV_CPU), ("publish", TARGET_PUBLISH_CPU)):
            f = figs.get(n, {}).get(side, {})
            ratio = f.get("ratio_cpu")
            rows.append(
                (
                    f"{LABELS[side]} CPU ≤ {limit:.1f}× stock Pelican's, {n:,} posts",
                    f"{times(ratio)} ({secs(f.get('cpu'))} against "
                    f"{secs(figs.get(n, {}).get('stock', {}).get('cpu'))})",
                    None if ratio is None else ratio <= limit,
                )
            )
    rows += [linear_row(figs, side) for side in ("dev", "publish")]
    edit = figs.get(TARGET_EDIT_SIZE, {}).get("edit", {})
    rows.append(
        (
            f"Edit-to-preview ≤ {TARGET_EDIT_S} s median, {TARGET_EDIT_SIZE:,} posts",
            f"{secs(edit.get('wall'))} wall, {secs(edit.get('cpu'))} CPU",
            None if edit.get("wall") is None else edit["wall"] <= TARGET_EDIT_S,
        )
    )
    peaks = figs.get(TARGET_MEMORY_SIZE, {})
    rss = {side: peaks.get(side, {}).get("rss") for side in LABELS}
    rows.append(
        (
            f"Peak memory recorded, {TARGET_MEMORY_SIZE:,} posts",
            ", ".join(f"{LABELS[s]} {mib(v)}" for s, v in rss.items()),
            None if rss["publish"] is None else True,
        )
    )
    return rows


def linear_row(figs: dict[int, dict], side: str) -> tuple[str, str, bool | None]:
    small, large = min(figs, default=0), max(figs, default=0)
    target = f"{LABELS[side]}: CPU per post linear in the number of posts"
    if small == large:
        return target, "needs two sizes", None
    a, b = figs[small][side]["ms_per_post"], figs[large][side]["ms_per_post"]
    stock_a, stock_b = figs[small]["stock"]["ms_per_post"], figs[large]["stock"]["ms_per_post"]
    measured = (
        f"{a:.1f} ms a post at {small:,}, {b:.1f} ms at {large:,} ({b / a:.2f}×); "
        f"stock Pelican {stock_a:.1f} and {stock_b:.1f} ms ({stock_b / stock_a:.2f}×)"
    )
    return target, measured, b <= a * LINEAR_SLACK


# -- RESULTS.md --------------------------------------------------------------------


def header(results: dict) -> list[str]:
    m, opts = results["machine"], results["options"]
    v = m["versions"]
    lines = [
        "# Benchmarks: this site's builds beside stock Pelican",
        "",
        f"Written by `python -m bench {' '.join(cli(opts))}` on {m['date']}; the run took "
        f"{results['seconds']:.0f} s. Every figure is the median of the runs; a ratio is taken "
        "within a round (one stock build, one `invoke build`, one `invoke publish-build`, the "
        "order rotating from round to round) and the median of the rounds quoted. CPU time is "
        "user + sys of the build and of every process it starts; peak memory is the largest "
        "resident set of any one of those processes.",
        "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['system']}; "
        f"Python {m['python']} ({m['executable']}), the same for every build. **Versions:** "
        + ", ".join(f"{k} {val}" for k, val in v.items()),
        "",
        f"**Load average** (1 min): {results['load_start'][0]:.2f} before the first build, "
        f"{results['load_end'][0]:.2f} at the end, on {m['cores']} cores. The figure recorded "
        "before each build also counts the build before it in this run.",
    ]
    return lines + warnings(results)


def warnings(results: dict) -> list[str]:
    opts, cores = results["options"], results["machine"]["cores"] or 1
    said = []
    if results["load_start"][0] > 0.5:
        said.append(
            f"the machine was busy before the run began (load {results['load_start'][0]:.2f} "
            f"on {cores} cores): times are longer and noisier than on a quiet machine"
        )
    if set(opts["sizes"]) != set(TARGET_SIZES) or opts["runs"] < 3:
        said.append(
            "this is a check run (sizes "
            + ", ".join(map(str, opts["sizes"]))
            + f", {opts['runs']} run(s)), not the benchmark the targets are set for"
        )
    if not results.get("subreaper"):
        said.append("processes a build left running could not be waited for or counted")
    lines = []
    for s in said:
        lines += ["", f"> **Note:** {s[0].upper()}{s[1:]}."]
    return lines


def targets_section(figs: dict[int, dict]) -> list[str]:
    status = {True: "**met**", False: "**not met**", None: "not measured"}
    lines = ["## Targets (issue 13)", "", "| Target | Measured | Status |", "| --- | --- | --- |"]
    lines += [f"| {t} | {m} | {status[met]} |" for t, m, met in target_rows(figs)]
    return [*lines, ""]


def size_section(n: int, size: dict, figs: dict) -> list[str]:
    c = size["corpus"]
    lines = [
        f"## {n:,} generated posts",
        "",
        f"{c['posts']:,} posts in all ({c['generated_posts']:,} generated, {c['findings']} of them "
        f"findings posts with {c['charts']} chart blocks, and the site's own), "
        f"{c['words']:,} generated words.",
        "",
        "| Build | Wall | CPU | Wall ÷ stock | CPU ÷ stock | CPU per post | Peak memory "
        "| Load before (min–max) | Runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for side, label in LABELS.items():
        f = figs[side]
        ratios = ("1", "1") if side == "stock" else (times(f["ratio_wall"]), times(f["ratio_cpu"]))
        per_post = "n/a" if f["ms_per_post"] is None else f"{f['ms_per_post']:.1f} ms"
        loads = f"{min(f['loads']):.2f}–{max(f['loads']):.2f}" if f["loads"] else "n/a"
        lines.append(
            f"| {label} | {secs(f['wall'])} | {secs(f['cpu'])} | {ratios[0]} | {ratios[1]} "
            f"| {per_post} | {mib(f['rss'])} | {loads} | {f['runs']} |"
        )
    cold = size["cold"]
    lines += [
        "",
        f"`invoke build` with the chart render cache empty (the first build, before the rounds): "
        f"{secs(cold['wall'])} wall, {secs(cold['cpu'])} CPU, {mib(cold['rss_mib'])}.",
        "",
        *edit_lines(size, figs["edit"]),
        "",
        "Every run (wall s / CPU s / peak MiB / load before):",
        "",
    ]
    for side, label in LABELS.items():
        runs = ", ".join(
            f"{r['wall']:.2f}/{r['cpu']:.2f}/{r['rss_mib']:.0f}/{r['load']:.2f}"
            for r in size["runs"][side]
        )
        lines.append(f"- {label}: {runs}")
    return [*lines, ""]


def edit_lines(size: dict, edit: dict) -> list[str]:
    loop = size.get("edit_to_preview") or {}
    if loop.get("error"):
        return [f"Edit-to-preview: not measured: {loop['error']}"]
    shown = {
        True: "each time the change was in the post's page when the rebuild returned",
        False: "**some runs did not show the change**",
        None: "",
    }[edit["shown"]]
    runs = ", ".join(f"{e['wall']:.2f}" for e in loop.get("runs", []))
    return [
        f"Edit-to-preview: {secs(edit['wall'])} wall, {secs(edit['cpu'])} CPU (median of "
        f"{edit['runs']}: {runs} s); {shown}."
    ]


METHOD = """\
## What each build does

- **Stock Pelican**: `python -m pelican content -s stock.py -o output` with the settings
  `pelican-quickstart` leaves: the default theme (notmyidea), Pelican's own feeds (everything,
  each category, each author, each language; 100 full-content entries each), no pagination,
  no plugins. Chart blocks are plain code blocks there; `Template:` lines are dropped (the
  default theme has no such templates). A fresh output folder each time.
- **`invoke build`**: `python -m invoke build` in a copy of the project whose content is the
  corpus, that is `buildtools.build.build` with pelicanconf.py: the content checks, Pelican with
  `--fatal warnings` and every plugin into a fresh folder, swapped into place. Its chart render
  cache is warm (as on a writer's machine); the cold figure is given too.
- **`invoke publish-build`**: the same with publishconf.py (the Pagefind search index included),
  into output-publish/.
- **Edit-to-preview**: bench/drivers.py starts what `invoke serve` runs on a change, lets it warm
  up, then times from saving a changed post until the rebuild has returned (the new page is then
  checked in output/). The watcher's polling and the browser's reload are not in the figure.
- All builds run as child processes of the harness with the same interpreter, environment and
  disk; the project copy is byte-compiled like the installed packages stock Pelican runs from.
  CPU time counts every process a build starts, including any it leaves running (waited for
  before the next build).
"""


def pages_section(results: dict) -> list[str]:
    pages = results.get("pages") or {}
    if not pages.get("project"):
        return []
    lines = [
        "## Page weight",
        "",
        "Everything each page loads, KB, raw / gzip (level 6 for text, as `invoke check` counts "
        f"it), at {max(map(int, results['sizes'])):,} posts. This project (`invoke build`): "
        f"{pages.get('project_how')}; stock Pelican: {pages.get('stock_how')}.",
        "",
        "| Site | Page | HTML | CSS | JS | Images | Fonts | Other | Total | Requests |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for site, label in (("project", "this project"), ("stock", "stock Pelican")):
        for name, w in pages[site].items():
            cells = " | ".join(
                f"{w['raw'][k] / KB:.1f} / {w['gzip'][k] / KB:.1f}"
                for k in ("html", "css", "js", "img", "font", "other")
            )
            total = f"**{w['total_raw'] / KB:.1f} / {w['total_gzip'] / KB:.1f}**"
            lines.append(
                f"| {label} | {name} (`{w['page']}`) | {cells} | {total} | {w['requests']} |"
            )
    return [*lines, ""]


def output_section(results: dict) -> list[str]:
    lines = [
        "## Output size",
        "",
        "| Posts | Build | Total | Files | By kind |",
        "| ---: | --- | ---: | ---: | --- |",
    ]
    for n, size in results["sizes"].items():
        for side, label in LABELS.items():
            o = size["output"][side]
            kinds = ", ".join(
                f"{k} {mb(v['bytes'])} ({v['files']})" for k, v in o["by_kind"].items()
            )
            lines.append(f"| {int(n):,} | {label} | {mb(o['bytes'])} | {o['files']:,} | {kinds} |")
    pf = results.get("pagefind") or {}
    if "cpu" in pf:
        lines += [
            "",
            f"Pagefind alone on the published site at the largest size ({pf.get('pages')} pages): "
            f"{secs(pf['wall'])} wall, {secs(pf['cpu'])} CPU, {mib(pf['rss_mib'])} peak.",
        ]
    return [*lines, ""]


REPRODUCE = """\
## Reproduce

```
invoke bench                    # 1,000 and 5,000 posts, 50 charts, 5 rounds: the benchmark
invoke bench --quick            # 100 posts, 1 round: checks the harness works
invoke bench --sizes 1000 --runs 3 --keep   # keep the generated sites (path printed)
python -m bench --report-only   # RESULTS.md again from results.json (after editing NOTES.md)
python -m bench.corpus /tmp/corpus --posts 1000 --charts 50   # the corpus alone
```
"""


def markdown(results: dict, notes: str = "") -> str:
    figs = figures(results)
    lines = header(results) + [""] + targets_section(figs)
    if notes.strip():
        lines += [notes.strip(), ""]
    for n, size in results["sizes"].items():
        lines += size_section(int(n), size, figs[int(n)])
    lines += [METHOD] + pages_section(results) + output_section(results) + [REPRODUCE]
    return "\n".join(lines)


def cli(opts: dict) -> list[str]:
    return [
        f"--sizes {','.join(map(str, opts['sizes']))}",
        f"--charts {opts['charts']}",
        f"--runs {opts['runs']}",
        f"--weigh {opts['weigh']}",
    ]


def write_all(results: dict, opts) -> None:
    data = Path(opts.data)
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    notes_file = Path(__file__).with_name("NOTES.md")
    # NOTES.md reads the figures of the committed RESULTS.md; other runs go without.
    own = Path(opts.results).resolve() == (ROOT / "bench" / "RESULTS.md").resolve()
    notes = notes_file.read_text(encoding="utf-8") if own and notes_file.is_file() else ""
    Path(opts.results).write_text(markdown(results, notes), encoding="utf-8")
