"""The benchmark run behind `invoke bench` (and `python -m bench`).

For each size N (bench/corpus.py: N generated posts and M chart blocks, plus
the site's real posts, findings, survey data and pages):

1. two copies of the same content: one for stock Pelican (its default theme,
   its own feeds, no plugins; chart blocks are plain code blocks there) and
   one inside a copy of this project;
2. one untimed build of each kind first (the project's with the chart render
   cache empty: that one is reported as the cold build), so no timed run pays
   for cold file caches;
3. `runs` rounds, each timing a stock build, `invoke build` and `invoke
   publish-build`, rotating which goes first; ratios to stock are taken
   within a round (paired) and their median quoted;
4. edit-to-preview: save a changed post, time until its new page is in
   output/ (bench/drivers.py).

Every build is a child process started the same way: the same interpreter
(this one, so the same venv), the same environment (no PYTHONPATH), its own
folder under the same work folder, the project copy byte-compiled like the
installed packages stock Pelican runs from. Each is measured from outside:
wall time until it exits; CPU time (user + sys) of it and of every process
it started, including any it left running (this process is their
"subreaper", so they come back to it and are waited for before the next
run); the largest resident set among them; the load average just before.

Once, at the largest N: Pagefind alone on the published site, and the
weight of the home, article and findings pages.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import Corpus, generate

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# The project copy: what git tracks at the top level, less these.
NOT_COPIED = {"content", "tests", "bench", "docs"}
REAL_CONTENT = ("posts", "findings", "data")
PACKAGES = ["pelican", "markdown", "jinja2", "altair", "vl-convert-python", "pagefind-bin"]
# The call to action is shown as it is while the survey is open, whatever the date.
SURVEY_NOW = "2026-11-28T09:00"
SIDES = ("stock", "dev", "publish")
COMMANDS = {
    "stock": ["-m", "pelican", "content", "-s", "stock.py", "-o", "output"],
    "dev": ["-m", "invoke", "build"],
    "publish": ["-m", "invoke", "publish-build", "--output", "output-publish"],
}

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


@dataclass
class Options:
    sizes: tuple[int, ...] = (1000, 5000)
    charts: int = 50
    runs: int = 5
    work: Path | None = None
    results: Path = BENCH / "RESULTS.md"
    weigh: str = "auto"  # auto | browser | static | none
    keep: bool = False
    echo: Callable[[str], None] = print
    python: str = sys.executable

    @property
    def data(self) -> Path:
        return Path(self.results).with_name("results.json")


@dataclass
class Run:
    """One build, measured from outside."""

    wall: float  # seconds until the child exited
    cpu: float  # user + sys seconds of the child and every process it started
    rss_mib: float  # the largest resident set of any of them
    load: float  # 1-minute load average just before

    def as_dict(self) -> dict:
        return {k: round(v, 4) for k, v in asdict(self).items()}


# -- measuring a child process ----------------------------------------------------


def become_subreaper() -> bool:
    """Make processes our children leave running (a background deletion, a
    forked writer) come back to us when their parent exits, so we can wait
    for them and count their CPU time. Linux only; elsewhere they are missed."""
    pr_set_child_subreaper = 36
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_leftovers(timeout: float = 300) -> list:
    """Wait for every remaining child (see become_subreaper); their usage."""
    usages, deadline = [], time.monotonic() + timeout
    while True:
        try:
            pid, _status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return usages
        if pid:
            usages.append(usage)
        elif time.monotonic() > deadline:
            raise RuntimeError(f"processes a build started still run after {timeout:.0f} s")
        else:
            time.sleep(0.01)


def child_env(**extra: str) -> dict:
    """The environment every build runs with: ours, without PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, **extra}


def run_child(command: list[str], cwd: Path, log: Path, env: dict | None = None) -> Run:
    """Run `command` to the end, its output into `log`; raise if it fails."""
    load = os.getloadavg()[0]
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=cwd, env=env or child_env(), stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    usages = [usage, *_reap_leftovers()]
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} (in {cwd}) failed:\n{tail}")
    return Run(
        wall=wall,
        cpu=sum(u.ru_utime + u.ru_stime for u in usages),
        rss_mib=max(u.ru_maxrss for u in usages) / 1024,  # KiB on Linux
        load=load,
    )


# -- the two sites --------------------------------------------------------------


def add_real_content(corpus: Corpus) -> None:
    """The site's own posts, findings (with their charts) and survey data."""
    for folder in REAL_CONTENT:
        source = ROOT / "content" / folder
        if source.is_dir():
            shutil.copytree(source, corpus.content / folder, dirs_exist_ok=True)


def _project_parts() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return sorted({p.split("/", 1)[0] for p in listed.split("\0") if p} - NOT_COPIED)


def make_project(dest: Path, corpus: Corpus, cache: Path) -> Path:
    """A copy of the project whose content is the corpus, byte-compiled."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in _project_parts():
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
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
    # Stock Pelican runs from installed, byte-compiled packages; with
    # PYTHONDONTWRITEBYTECODE set, the copy would be compiled on every build.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(dest)], check=True)
    return dest


def make_stock(dest: Path, corpus: Corpus) -> Path:
    """The corpus for stock Pelican: the same files, less the `Template:`
    lines (the default theme has no such templates)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(corpus.content, dest / "content")
    for page in (dest / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^Template:.*\n", "", text), encoding="utf-8")
    (dest / "stock.py").write_text(STOCK_SETTINGS, encoding="utf-8")
    return dest


@dataclass
class Sites:
    project: Path
    stock: Path
    python: str

    def build(self, side: str) -> Run:
        """One build of `side` (stock, dev or publish), into a fresh folder."""
        folder = self.stock if side == "stock" else self.project
        if side == "stock":
            shutil.rmtree(folder / "output", ignore_errors=True)
        return run_child([self.python, *COMMANDS[side]], folder, folder.parent / f"{side}.log")


# -- one size ----------------------------------------------------------------------


def rounds(sites: Sites, runs: int, echo) -> dict[str, list[dict]]:
    """`runs` rounds of the three builds, rotating which goes first."""
    timed: dict[str, list[dict]] = {side: [] for side in SIDES}
    for r in range(runs):
        for side in SIDES[r % 3 :] + SIDES[: r % 3]:
            run = sites.build(side)
            echo(f"  run {r + 1}/{runs}, {side}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU")
            timed[side].append(run.as_dict())
    return timed


def edit_to_preview(sites: Sites, corpus: Corpus, runs: int) -> dict:
    """bench/drivers.py in the project copy: save, rebuild, page in output/."""
    log = sites.project.parent / "preview.log"
    command = [sites.python, "-m", "bench.drivers", str(sites.project), corpus.edit_post]
    run_child([*command, "--runs", str(runs)], ROOT, log, child_env(PYTHONPATH=str(ROOT)))
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line[:1] == "{"]
    return json.loads(lines[-1]) if lines else {"error": "bench.drivers printed no result"}


def measure_size(n: int, opts: Options, work: Path) -> tuple[dict, Sites, Corpus]:
    echo = opts.echo
    corpus = generate(
        work / f"n{n}" / "corpus", n, opts.charts, pages_from=ROOT / "content" / "pages"
    )
    add_real_content(corpus)
    cache = work / "cache"
    sites = Sites(
        make_project(work / f"n{n}" / "project", corpus, cache),
        make_stock(work / f"n{n}" / "stock", corpus),
        opts.python,
    )
    size: dict = {"corpus": corpus_facts(corpus)}
    # Every cache the project keeps (the chart renders) emptied: a cold first build.
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir()
    echo(f"N={n}: first builds, not in the medians (the project's with its chart cache empty)…")
    size["cold"] = sites.build("dev").as_dict()
    sites.build("stock")
    sites.build("publish")
    echo(f"N={n}: {opts.runs} rounds of stock, dev and publish builds…")
    size["runs"] = rounds(sites, opts.runs, echo)
    size["output"] = {
        "dev": output_size(sites.project / "output"),
        "publish": output_size(sites.project / "output-publish"),
        "stock": output_size(sites.stock / "output"),
    }
    echo(f"N={n}: edit-to-preview, {opts.runs} edits…")
    size["edit_to_preview"] = edit_to_preview(sites, corpus, opts.runs)
    return size, sites, corpus


def corpus_facts(corpus: Corpus) -> dict:
    files = [p for p in corpus.content.rglob("*") if p.is_file()]
    return {
        "posts": len(list(corpus.content.glob("posts/*.md")))
        + len(list(corpus.content.glob("findings/*.md"))),
        "generated_posts": len(corpus.posts),
        "findings": len(corpus.findings),
        "charts": corpus.charts,
        "words": corpus.words,
        "bytes": sum(p.stat().st_size for p in files),
    }


# -- sizes and pages ------------------------------------------------------------------


def output_size(root: Path) -> dict:
    """Bytes and files in `root`, by kind."""
    kinds: dict[str, list[int]] = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            entry = kinds.setdefault(_kind_of(path.relative_to(root).as_posix()), [0, 0])
            entry[0] += path.stat().st_size
            entry[1] += 1
    return {
        "bytes": sum(v[0] for v in kinds.values()),
        "files": sum(v[1] for v in kinds.values()),
        "by_kind": {k: {"bytes": v[0], "files": v[1]} for k, v in sorted(kinds.items())},
    }


def _kind_of(rel: str) -> str:
    first = rel.split("/", 1)[0]
    if first == "feeds" or rel.endswith((".atom.xml", ".rss.xml")):
        return "feeds"
    if first in ("pagefind", "charts", "theme", "assets"):
        return first
    return "html pages" if rel.endswith(".html") else "other"


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


def pagefind_alone(output: Path, python: str, log: Path) -> dict:
    """Pagefind on the built site, as site_search runs it, into a side folder."""
    code = "import pagefind_bin; print(pagefind_bin.get_executable())"
    binary = subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()
    if not binary:
        return {"error": "no pagefind binary"}
    side = "pagefind-bench"
    try:
        run = run_child([binary, "--site", str(output), "--output-subdir", side], output, log)
    finally:
        shutil.rmtree(output / side, ignore_errors=True)
    pages = re.search(r"Indexed (\d+) pages?", log.read_text(encoding="utf-8", errors="replace"))
    return {**run.as_dict(), "pages": int(pages.group(1)) if pages else None}


def weigh_pages(sites: Sites, corpus: Corpus, how: str, echo) -> dict:
    from bench.weigh import weigh

    echo(f"weighing pages ({how})…")
    paths = page_paths(corpus)
    out: dict = {"paths": paths}
    for site, root in (("project", sites.project / "output"), ("stock", sites.stock / "output")):
        names = list(paths[site])
        weights, out[site + "_how"] = weigh(root, [paths[site][k] for k in names], how)
        out[site] = {k: w.as_dict() for k, w in zip(names, weights)}
    return out


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def first(pattern: str, path: str) -> str | None:
        try:
            found = re.search(pattern, Path(path).read_text(encoding="utf-8"))
        except OSError:
            return None
        return found.group(1).strip() if found else None

    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    memory_kb = first(r"MemTotal:\s+(\d+)", "/proc/meminfo")
    system = first(r'PRETTY_NAME="([^"]+)"', "/etc/os-release")
    return {
        "cpu": first(r"model name\s*:(.*)", "/proc/cpuinfo") or "?",
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory_kb) / 1024 / 1024, 1) if memory_kb else None,
        "system": f"{system}, Linux {platform.release()}" if system else platform.platform(),
        "python": platform.python_version(),
        "executable": sys.executable,
        "versions": versions,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# -- the whole run ---------------------------------------------------------------------


def run(opts: Options) -> dict:
    echo, sizes = opts.echo, sorted(set(opts.sizes))
    started = time.perf_counter()
    work = Path(opts.work) if opts.work else Path(tempfile.mkdtemp(prefix="thcvs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": machine(),
        "options": {"sizes": sizes, "charts": opts.charts, "runs": opts.runs, "weigh": opts.weigh},
        "subreaper": become_subreaper(),
        "load_start": list(os.getloadavg()),
        "sizes": {},
    }
    echo(
        f"bench: {', '.join(map(str, sizes))} posts, {opts.charts} charts, {opts.runs} runs; "
        f"load average {results['load_start'][0]:.2f}; working in {work}"
    )
    try:
        for n in sizes:
            results["sizes"][str(n)], sites, corpus = measure_size(n, opts, work)
        echo(f"N={sizes[-1]}: Pagefind alone…")
        publish = sites.project / "output-publish"
        results["pagefind"] = pagefind_alone(publish, opts.python, work / "pagefind.log")
        if opts.weigh != "none":
            results["pages"] = weigh_pages(sites, corpus, opts.weigh, echo)
    finally:
        results["load_end"] = list(os.getloadavg())
        results["seconds"] = round(time.perf_counter() - started, 1)
        if not opts.keep and not opts.work:
            shutil.rmtree(work, ignore_errors=True)
    from bench.report import write_all

    write_all(results, opts)
    echo(f"bench: done in {results['seconds']:.0f} s; results in {opts.results}")
    return results
