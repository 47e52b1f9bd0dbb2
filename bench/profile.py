"""Where a Pelican build spends its time: a low-overhead sampling profiler.

    python -m bench.profile PROJECT_DIR [--settings pelicanconf.py] [--top 40]

runs `pelican content -s SETTINGS -o <temp> --fatal warnings` in this process
with PROJECT_DIR as the working directory, samples the main thread's stack
every 2 ms of CPU time (cProfile's per-call overhead would inflate pure-Python
code such as Jinja and Markdown several times over and distort the picture),
and prints, for the functions and phases that matter, the share of wall time
with that function on the stack ("inclusive"), plus the top functions by
inclusive and by self time. The samples are of CPU time in this process:
waiting for a subprocess (Pagefind) is not in them.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

INTERVAL = 0.002

# Phases worth naming: (label, file suffix, function name).
PHASES = [
    ("read + Markdown (all posts and pages)", "pelican/readers.py", "read_file"),
    ("  of which Markdown convert", "markdown/core.py", "convert"),
    ("  of which chart blocks (survey_charts)", "survey_charts/extension.py", "render"),
    ("  of which chart specs built with Altair", "survey_charts/charts.py", "chart"),
    ("plugin hooks (signals)", "blinker/base.py", "send"),
    ("  content_checks (initialized)", "content_checks/__init__.py", "check_content"),
    ("  survey_charts checks (initialized)", "survey_charts/__init__.py", "on_initialized"),
    ("  related_posts", "related_posts/__init__.py", "link_posts"),
    ("  social_cards (finalized)", "social_cards/__init__.py", "check_written"),
    ("  site_search: Pagefind (finalized)", "site_search/__init__.py", "index_site"),
    ("write HTML pages (Jinja)", "pelican/writers.py", "write_file"),
    ("  article pages", "pelican/generators.py", "generate_articles"),
    ("  tag pages", "pelican/generators.py", "generate_tags"),
    ("  category pages", "pelican/generators.py", "generate_categories"),
    ("  author pages", "pelican/generators.py", "generate_authors"),
    (
        "  direct templates (index, archives...)",
        "pelican/generators.py",
        "generate_direct_templates",
    ),
    ("Pelican's own feeds", "pelican/generators.py", "generate_feeds"),
    ("  feed writing", "pelican/writers.py", "write_feed"),
    ("feedgen_feeds", "feedgen_feeds/__init__.py", "generate_output"),
    ("sitemap (site_index)", "site_index/__init__.py", "generate_output"),
    ("chart assets", "survey_charts/__init__.py", "generate_output"),
]


class Sampler:
    """Samples the main thread's stack on a CPU-time timer (SIGPROF): the
    handler runs between bytecodes, so a sample lands where Python really is
    (a thread-based sampler over-counts calls that release the GIL, such as
    stat() and open()). Time spent waiting (for a subprocess, say) is not
    CPU time in this process and is not sampled."""

    def __init__(self, interval: float = INTERVAL):
        self.interval = interval
        self.samples = 0
        self.inclusive: collections.Counter = collections.Counter()
        self.self_time: collections.Counter = collections.Counter()

    def __enter__(self):
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()
        self._previous = signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, self._previous)
        self.wall = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started

    def _sample(self, _signum, frame):
        self.samples += 1
        seen = set()
        leaf = True
        while frame is not None:
            code = frame.f_code
            key = (code.co_filename, code.co_name, code.co_firstlineno)
            if leaf:
                self.self_time[key] += 1
                leaf = False
            if key not in seen:
                seen.add(key)
                self.inclusive[key] += 1
            frame = frame.f_back

    def share(self, suffix: str, name: str) -> float:
        hits = 0
        # A function may appear under several keys (same name, several files
        # ending alike): take the largest, they nest rather than add.
        for (filename, func, _line), count in self.inclusive.items():
            if func == name and filename.replace(os.sep, "/").endswith(suffix):
                hits = max(hits, count)
        return hits / self.samples if self.samples else 0.0


def profile_build(project: Path, settings: str = "pelicanconf.py") -> tuple[Sampler, int]:
    """Run Pelican in-process under the sampler; (sampler, exit code)."""
    from pelican import main as pelican_main

    cwd = os.getcwd()
    os.chdir(project)
    sys.path.insert(0, str(project))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as out:
            argv = ["content", "-s", settings, "-o", out, "--fatal", "warnings", "-q"]
            with Sampler() as sampler:
                try:
                    pelican_main(argv)
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else 1
            return sampler, code
    finally:
        os.chdir(cwd)
        sys.path.remove(str(project))


def report(sampler: Sampler, top: int = 30) -> list[str]:
    lines = [
        f"{sampler.cpu:.2f} s CPU in this process ({sampler.wall:.2f} s wall), {sampler.samples} "
        f"samples every {INTERVAL * 1000:.0f} ms of CPU time",
        "",
        "| Phase | share of CPU | CPU seconds |",
        "| --- | ---: | ---: |",
    ]
    for label, suffix, name in PHASES:
        share = sampler.share(suffix, name)
        if share >= 0.005:
            lines.append(
                f"| {label.replace('  ', '&nbsp;&nbsp;')} | {share:.0%} | {share * sampler.cpu:.2f} |"
            )
    lines += ["", f"Top {top} functions by inclusive share:", ""]
    for (filename, func, line), count in sampler.inclusive.most_common(top):
        lines.append(f"  {count / sampler.samples:6.1%}  {func}  ({_short(filename)}:{line})")
    lines += ["", f"Top {top} by self time:", ""]
    for (filename, func, line), count in sampler.self_time.most_common(top):
        lines.append(f"  {count / sampler.samples:6.1%}  {func}  ({_short(filename)}:{line})")
    return lines


def _short(filename: str) -> str:
    parts = filename.replace(os.sep, "/").split("/")
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    return "/".join(parts[-3:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a folder with content/ and the settings file")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    sampler, code = profile_build(args.project.resolve(), args.settings)
    print("\n".join(report(sampler, args.top)))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
