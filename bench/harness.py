"""The benchmark run behind `invoke bench` (and `python -m bench`).

For each corpus size N (bench/corpus.py: N posts, M chart blocks):

1. the same corpus is built by stock Pelican (its default theme, its default
   feeds, no plugins: chart blocks are plain code blocks there) and by this
   project (a copy of theme/, plugins/, buildtools/ and the settings, with
   the corpus as content/), the way `invoke build` does it (content checks,
   Pelican with --fatal warnings into a fresh folder, swap into place);
2. the first project build runs with the chart render cache empty (cold);
   then `runs` rounds time one stock build and one project build each
   (render cache warm), alternating which goes first;
3. the edit-to-preview loop: change one post, run the function `invoke
   serve` runs on every change, until the new output is in place; and stock
   Pelican's equivalent (its content cache on, one post touched);
4. output size, by kind of file.

Once, at the largest N: the charts alone (cold and warm render cache),
Pagefind alone, a sampling profile of both builds, and the weight of the
home, article and findings pages of both sites.

Results go to bench/results.json and bench/RESULTS.md, with bench/results.svg
(a chart drawn by survey_charts' renderer). Every figure quoted is the median
of the runs; wall and CPU time are both recorded, with the load average.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import Corpus, generate

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PROJECT_PARTS = ["theme", "plugins", "buildtools", "pelicanconf.py", "publishconf.py", "tasks.py"]
PACKAGES = [
    "pelican",
    "markdown",
    "jinja2",
    "altair",
    "vl-convert-python",
    "pagefind-bin",
    "feedgen",
    "lxml",
    "livereload",
    "playwright",
]
# The call to action is shown as it is while the survey is open, whatever the date.
SURVEY_NOW = "2026-11-28T09:00"

STOCK_SETTINGS = """\
# Stock Pelican, as `pelican-quickstart` leaves it for development, plus
# nothing: the default theme (notmyidea), Pelican's default feeds (all,
# per category, per author, per language; 100 entries each) and no plugins.
AUTHOR = "Tower Hamlets CVS"
SITENAME = "Tower Hamlets CVS"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PLUGINS = []
"""
STOCK_CACHE_SETTINGS = """\
from stock import *  # noqa: F401,F403

# Pelican's own content cache (keyed on each file's mtime).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


@dataclass
class Options:
    sizes: tuple[int, ...] = (100, 1000)
    charts: int = 50
    runs: int = 3
    work: Path | None = None
    results: Path = BENCH / "RESULTS.md"
    data: Path = BENCH / "results.json"
    svg: Path = BENCH / "results.svg"
    weigh: str = "auto"  # auto | browser | static | none
    profile: bool = True
    chart_runs: int | None = None
    keep: bool = False
    echo: Callable[[str], None] = print
    python: str = sys.executable


@dataclass
class Timing:
    wall: float
    cpu: float
    load: float  # 1-minute load average just before

    def as_dict(self):
        return {"wall": round(self.wall, 4), "cpu": round(self.cpu, 4), "load": round(self.load, 2)}


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def timed(
    command: list[str], cwd: Path, env: dict | None = None
) -> tuple[Timing, subprocess.CompletedProcess]:
    """Run a command to the end; wall time and the CPU time of it and all
    the children it waited for."""
    load = os.getloadavg()[0]
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    timing = Timing(time.perf_counter() - wall0, _children_cpu() - cpu0, load)
    return timing, completed


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# -- the two sites --------------------------------------------------------------


def make_project(dest: Path, corpus: Corpus, cache: Path) -> Path:
    """A copy of the project whose content is the corpus."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    shutil.copytree(corpus.content, dest / "content")
    cache.mkdir(parents=True, exist_ok=True)
    (dest / "cache").symlink_to(cache, target_is_directory=True)
    previous = corpus.findings[-1] if corpus.findings else ""
    with open(dest / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(
            "\n\n# -- bench/harness.py: the generated corpus ---------------------------------\n"
            f"SURVEY_CTA_PREVIOUS_FINDINGS = {previous!r}\n"
            f"SURVEY_CTA_NOW = {SURVEY_NOW!r}\n"
        )
    return dest


def make_stock(dest: Path, corpus: Corpus) -> Path:
    """The corpus for stock Pelican: the same files, less the `Template:`
    lines of the site's own pages (the default theme has no such templates)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(corpus.content, dest / "content")
    for page in (dest / "content" / "pages").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^Template:.*\n", "", text), encoding="utf-8")
    (dest / "stock.py").write_text(STOCK_SETTINGS, encoding="utf-8")
    (dest / "stock_cache.py").write_text(STOCK_CACHE_SETTINGS, encoding="utf-8")
    return dest


def stock_build(stock: Path, python: str, settings="stock.py", output="output", fresh=True):
    if fresh and (stock / output).exists():
        shutil.rmtree(stock / output)
    timing, completed = timed(
        [python, "-m", "pelican", "content", "-s", settings, "-o", output], stock
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"stock Pelican failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    return timing


def _driver(python: str, what: str, project: Path, *extra: str) -> tuple[Timing, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    timing, completed = timed(
        [python, "-m", "bench.drivers", what, str(project), *extra], ROOT, env
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(
            f"bench.drivers {what} printed no result:\n{completed.stdout[-2000:]}"
            f"{completed.stderr[-3000:]}"
        )
    return timing, json.loads(lines[-1])


def project_build(project: Path, python: str) -> Timing:
    timing, out = _driver(python, "build", project)
    if out.get("error") or not out.get("ok"):
        raise RuntimeError(
            f"the project build failed:\n{out.get('error') or ''}{out.get('trace') or ''}"
            f"{out.get('log', '')}"
        )
    return timing


# -- sizes and pages ------------------------------------------------------------------


def output_size(root: Path) -> dict:
    kinds: dict[str, list[int]] = {}

    def kind_of(rel: str) -> str:
        first = rel.split("/", 1)[0]
        if first == "feeds" or rel.endswith((".atom.xml", ".rss.xml")):
            return "feeds"
        if first in ("pagefind", "charts", "theme", "assets"):
            return first
        if rel.endswith(".html"):
            return "html pages"
        return "other"

    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(root).as_posix()
            entry = kinds.setdefault(kind_of(rel), [0, 0])
            entry[0] += path.stat().st_size
            entry[1] += 1
    total = sum(v[0] for v in kinds.values())
    return {
        "bytes": total,
        "files": sum(v[1] for v in kinds.values()),
        "by_kind": {k: {"bytes": v[0], "files": v[1]} for k, v in sorted(kinds.items())},
    }


def _post_facts(content: Path, relative: str) -> tuple[str, datetime]:
    text = (content / relative).read_text(encoding="utf-8")
    title = re.search(r"(?m)^Title: (.*)$", text).group(1).strip()
    date = datetime.strptime(
        re.search(r"(?m)^Date: (.*)$", text).group(1).strip(), "%Y-%m-%d %H:%M"
    )
    return title, date


def page_paths(corpus: Corpus) -> dict:
    """Site paths of the weighed pages, in each site."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    out = {"project": {"home": "/"}, "stock": {"home": "/"}}
    for name, rel in (("article", corpus.article_post), ("findings", corpus.findings_post)):
        if not rel:
            continue
        title, date = _post_facts(corpus.content, rel)
        slug = slugify(title, regex_subs=subs)
        out["project"][name] = f"/{date:%Y}/{date:%m}/{slug}/"
        out["stock"][name] = f"/{slug}.html"
    return out


def chart_svgs_gzip(page_file: Path) -> list[int]:
    """gzip bytes of each inline chart SVG on a built page."""
    import gzip

    html = page_file.read_text(encoding="utf-8")
    return [
        len(gzip.compress(m.group(0).encode("utf-8"), 6, mtime=0))
        for m in re.finditer(r"<svg\b.*?</svg>", html, re.S)
        if 'role="img"' in m.group(0)
    ]


def altair_default(python: str) -> dict:
    """An Altair chart saved the default way (chart.save('x.html')): its HTML
    and the Vega, Vega-Lite and vega-embed scripts it loads from a CDN,
    measured as the same libraries at the same versions from vl-convert's
    bundle (no network here)."""
    code = r"""
import gzip, json, tempfile, os
import altair as alt, vl_convert as vlc
from survey_charts.render import vegalite_version
chart = alt.Chart(alt.Data(values=[{"a": "x", "b": 1}])).mark_bar().encode(x="b:Q", y="a:N")
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "c.html"); chart.save(p); html = open(p, "rb").read()
js = vlc.javascript_bundle(vl_version=vegalite_version()).encode("utf-8")
srcs = [l for l in html.decode().split('"') if l.startswith("https://cdn")]
print(json.dumps({"html_raw": len(html), "html_gzip": len(gzip.compress(html, 6, mtime=0)),
                  "js_raw": len(js), "js_gzip": len(gzip.compress(js, 6, mtime=0)), "cdn": srcs}))
"""
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'plugins'}")
    completed = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    try:
        return json.loads(completed.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": completed.stderr[-500:]}


def pagefind_alone(output: Path, python: str) -> dict:
    """Pagefind on the built site, as site_search runs it, into a side folder."""
    code = "import pagefind_bin; print(pagefind_bin.get_executable())"
    binary = subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()
    if not binary:
        return {"error": "no pagefind binary"}
    side = "pagefind-bench"
    try:
        timing, completed = timed([binary, "--site", str(output), "--output-subdir", side], output)
    finally:
        shutil.rmtree(output / side, ignore_errors=True)
    pages = re.search(r"Indexed (\d+) pages?", completed.stdout)
    return {
        **timing.as_dict(),
        "pages": int(pages.group(1)) if pages else None,
        "ok": completed.returncode == 0,
    }


def profile(python: str, folder: Path, settings: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [python, "-m", "bench.profile", str(folder), "--settings", settings, "--top", "25"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return {
        "ok": completed.returncode == 0,
        "report": completed.stdout.strip()[-12000:],
        "error": completed.stderr[-1500:] if completed.returncode else "",
    }


# -- the run -------------------------------------------------------------------------


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    system = platform.platform()
    try:
        pretty = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
        system = f"{pretty}, Linux {platform.release()}"
    except (OSError, AttributeError):
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "system": system,
        "python": platform.python_version(),
        "versions": versions,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run(opts: Options) -> dict:
    echo = opts.echo
    sizes = sorted(set(opts.sizes))
    biggest = sizes[-1]
    chart_runs = opts.chart_runs or opts.runs
    started = time.perf_counter()
    work = Path(opts.work) if opts.work else Path(tempfile.mkdtemp(prefix="thcvs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    results: dict = {
        "machine": machine(),
        "options": {"sizes": sizes, "charts": opts.charts, "runs": opts.runs, "weigh": opts.weigh},
        "load_start": list(os.getloadavg()),
        "sizes": {},
    }
    echo(
        f"bench: {', '.join(map(str, sizes))} posts, {opts.charts} charts, {opts.runs} runs; "
        f"load average {results['load_start'][0]:.2f}; working in {work}"
    )
    try:
        for n in sizes:
            results["sizes"][str(n)] = size = {}
            corpus = generate(
                work / f"n{n}" / "corpus", n, opts.charts, pages_from=ROOT / "content" / "pages"
            )
            size["corpus"] = {
                "posts": len(corpus.posts),
                "findings": len(corpus.findings),
                "charts": corpus.charts,
                "words": corpus.words,
                "bytes": sum(p.stat().st_size for p in corpus.content.rglob("*") if p.is_file()),
            }
            project = make_project(work / f"n{n}" / "project", corpus, cache)
            stock = make_stock(work / f"n{n}" / "stock", corpus)
            shutil.rmtree(cache / "survey-charts", ignore_errors=True)
            echo(f"N={n}: project, first build (chart render cache empty)…")
            size["project_cold"] = project_build(project, opts.python).as_dict()
            stock_runs, project_runs = [], []
            for r in range(opts.runs):
                order = ("stock", "project") if r % 2 == 0 else ("project", "stock")
                for which in order:
                    echo(f"N={n}: run {r + 1}/{opts.runs}: {which}…")
                    if which == "stock":
                        stock_runs.append(stock_build(stock, opts.python).as_dict())
                    else:
                        project_runs.append(project_build(project, opts.python).as_dict())
            size["stock"] = stock_runs
            size["project"] = project_runs
            size["ratio_wall"] = [p["wall"] / s["wall"] for p, s in zip(project_runs, stock_runs)]
            size["ratio_cpu"] = [p["cpu"] / s["cpu"] for p, s in zip(project_runs, stock_runs)]
            size["output"] = {
                "project": output_size(project / "output"),
                "stock": output_size(stock / "output"),
            }
            echo(
                f"N={n}: full build, median wall: stock Pelican {median([r['wall'] for r in stock_runs]):.2f} s, "
                f"this project {median([r['wall'] for r in project_runs]):.2f} s, "
                f"ratio {median(size['ratio_wall']):.2f}x"
            )

            echo(f"N={n}: edit-to-preview, {opts.runs} edits…")
            timing, loop = _driver(
                opts.python,
                "editloop",
                project,
                "--post",
                corpus.edit_post,
                "--runs",
                str(opts.runs),
            )
            size["edit_loop"] = loop if "error" in loop else {"runs": loop["runs"]}
            if "error" not in loop:
                echo(
                    f"N={n}: edit-to-preview, median wall: {median([r['wall'] for r in loop['runs']]):.2f} s"
                )
            echo(f"N={n}: stock Pelican with its content cache, one post touched…")
            stock_build(stock, opts.python, "stock_cache.py", "output-cached")
            cached = []
            post = stock / "content" / corpus.edit_post
            original = post.read_text(encoding="utf-8")
            for r in range(opts.runs):
                post.write_text(original + f"\nBenchmark edit {r}.\n", encoding="utf-8")
                cached.append(
                    stock_build(
                        stock, opts.python, "stock_cache.py", "output-cached", fresh=False
                    ).as_dict()
                )
            post.write_text(original, encoding="utf-8")
            size["stock_cached"] = cached

            if n == biggest:
                echo(f"N={n}: Pagefind alone…")
                size["pagefind"] = pagefind_alone(project / "output", opts.python)
                echo(f"N={n}: charts alone, cold and warm render cache…")
                _t, charts = _driver(opts.python, "charts", project, "--runs", str(chart_runs))
                results["charts"] = charts
                paths = page_paths(corpus)
                results["pages"] = {"paths": paths}
                if opts.weigh != "none":
                    from bench.weigh import weigh

                    echo(f"N={n}: weighing pages ({opts.weigh})…")
                    for site, root in (
                        ("project", project / "output"),
                        ("stock", stock / "output"),
                    ):
                        names = list(paths[site])
                        weights, how = weigh(root, [paths[site][k] for k in names], opts.weigh)
                        results["pages"][site] = {k: w.as_dict() for k, w in zip(names, weights)}
                        results["pages"][site + "_how"] = how
                findings = paths["project"].get("findings")
                if findings:
                    from checks.site import path_to_file

                    svgs = chart_svgs_gzip(path_to_file(project / "output", findings))
                    results["pages"]["chart_svg_gzip"] = svgs
                results["altair_default"] = altair_default(opts.python)
                if opts.profile:
                    echo(f"N={n}: profiling both builds…")
                    results["profile"] = {
                        "project": profile(opts.python, project, "pelicanconf.py"),
                        "stock": profile(opts.python, stock, "stock.py"),
                    }
    finally:
        results["load_end"] = list(os.getloadavg())
        results["seconds"] = round(time.perf_counter() - started, 1)
        if not opts.keep and not opts.work:
            shutil.rmtree(work, ignore_errors=True)
    from bench.report import write_all

    write_all(results, opts)
    echo(f"bench: done in {results['seconds']:.0f} s; results in {opts.results}")
    return results
