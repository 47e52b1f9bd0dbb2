"""Tasks for writers and developers: `invoke --list` shows them all."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from buildtools.build import build as build_site  # noqa: E402

DEV_SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"


def _settings(path):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / path))


@task(
    help={
        "output": "folder to build into (default: output)",
        "extra": "a setting to override, NAME=VALUE (repeatable), as pelican -e",
    },
    iterable=["extra"],
)
def build(c, output="output", extra=None):
    """Build the site with development settings into output/."""
    if not build_site(DEV_SETTINGS, output, extra or ()).ok:
        sys.exit(1)


@task(
    help={"output": "folder to build into (default: output)"},
    iterable=["extra"],
)
def publish_build(c, output="output", extra=None):
    """Build the site with production settings (no drafts, no future posts)."""
    if not build_site(PUBLISH_SETTINGS, output, extra or ()).ok:
        sys.exit(1)


_TARGET_HELP = {
    "live": "the live folder the web server serves (default: public)",
    "target": "where the site goes: local (default), rsync or gh-pages",
    "dest": "for --target rsync: user@host:/path/to/live/folder",
    "remote": "for --target gh-pages: the git remote (default: origin)",
    "branch": "for --target gh-pages: the branch (default: gh-pages)",
}


@task(
    help={
        **_TARGET_HELP,
        "checks": (
            "checkers to run before going live "
            "(default: links,feeds,html,a11y,keyboard,privacy,weight)"
        ),
        "extra": "a setting to override, NAME=VALUE (repeatable), as pelican -e",
        "time-limit": "minutes the build may take before it is stopped (default 10)",
    },
    iterable=["extra"],
)
def publish(
    c,
    live="public",
    target="local",
    dest=None,
    remote="origin",
    branch="gh-pages",
    checks=None,
    extra=None,
    time_limit=None,
):
    """Build with production settings, check, then swap into place (keeps the previous site)."""
    from buildtools.publish import DEFAULT_CHECKS, DEFAULT_TIME_LIMIT
    from buildtools.publish import publish as publish_site

    result = publish_site(
        live,
        settings_file=PUBLISH_SETTINGS,
        extra=extra or (),
        checks=checks or DEFAULT_CHECKS,
        target=target,
        dest=dest,
        remote=remote,
        branch=branch,
        time_limit=_minutes(time_limit, DEFAULT_TIME_LIMIT),
    )
    if not result.ok:
        sys.exit(1)


def _minutes(value, default: float) -> float:
    """--time-limit 10 (or 0.5): minutes as a number; 0 if it is not one (publish says so)."""
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        return 0.0


@task(help=_TARGET_HELP)
def rollback(c, live="public", target="local", dest=None, remote="origin", branch="gh-pages"):
    """Put the previously published site back (run it again to undo)."""
    from buildtools.publish import rollback as rollback_site

    result = rollback_site(
        live, settings_file=PUBLISH_SETTINGS, target=target, dest=dest, remote=remote, branch=branch
    )
    if not result.ok:
        sys.exit(1)


@task(
    help={
        "format": "how to report problems: text (default), github (annotations), gitlab",
        "report": "for --format gitlab: the code-quality report to write",
        "output": "folder to build into (default: output)",
    }
)
def review(c, format="text", report="gl-code-quality-report.json", output="output"):
    """What CI runs on a pull request: build as publish would, report problems
    on their file and line, run the site checks. Publishes nothing."""
    from buildtools.review import FORMATS
    from buildtools.review import review as review_change

    if format not in FORMATS:
        sys.exit(f"--format {format!r}: expected one of {', '.join(FORMATS)}")
    if not review_change(output, report_format=format, report_file=report):
        sys.exit(1)


@task(
    help={
        "port": "port to serve on (default 8000)",
        "host": (
            "address to serve on (default 127.0.0.1: this computer only); 0.0.0.0 lets "
            "a phone on the same network see the site, drafts included: trusted networks only"
        ),
        "cms-port": "port of the editor's local Git server, on 127.0.0.1 only (default 8081)",
    }
)
def serve(c, port=8000, host="127.0.0.1", cms_port=8081):
    """Build, serve at http://127.0.0.1:8000/ and rebuild on every change."""
    from buildtools.serve import serve as serve_site

    serve_site(DEV_SETTINGS, "output", host=host, port=int(port), cms_port=int(cms_port))


@task(
    help={
        "title": "the post's title, in quotes",
        "category": "one of the site's categories (default: News)",
        "author": "who wrote it (default: the site's author)",
        "findings": "a survey findings post, in content/findings/, for the newest survey",
    }
)
def new_post(c, title, category="News", author=None, findings=False):
    """Create a draft post, dated now, with every metadata field."""
    from buildtools.new_post import (
        FINDINGS_CATEGORY,
        NewPostError,
        help_text,
        make_slug,
        newest_survey,
    )
    from buildtools.new_post import new_post as make_post

    settings = _settings(DEV_SETTINGS)
    categories = settings["CONTENT_CHECKS_CATEGORIES"]
    author = author or settings["AUTHOR"]
    content = Path(settings["PATH"])
    data = content / settings.get("SURVEY_DATA_PATH", "data")
    # `title` is the one positional argument, so invoke hands it a --help or
    # -h given after the task's name, rather than showing the task's help.
    if title in ("--help", "-h"):
        print(help_text(categories, author, newest_survey(data)))
        return
    if findings and category not in ("News", FINDINGS_CATEGORY):
        sys.exit(
            f'A findings post is in the category "{FINDINGS_CATEGORY}": leave out '
            f'--category "{category}", or leave out --findings.'
        )
    findings = findings or category == FINDINGS_CATEGORY
    survey = ""
    if findings:
        survey = newest_survey(data)
        if not survey:
            sys.exit(
                f"There is no survey data in {data.relative_to(ROOT)}/ yet, so a findings post has "
                "nothing to draw its charts from. Add the survey's folder first: see "
                'docs/writing-charts.md, "1. Add a survey edition".'
            )
    try:
        path = make_post(
            title,
            content / ("findings" if findings else "posts"),
            category=FINDINGS_CATEGORY if findings else category,
            categories=categories,
            author=author,
            survey=survey,
            timezone=settings["TIMEZONE"],
        )
    except NewPostError as error:
        sys.exit(str(error))
    address = f"{settings['SITE_DEV_URL']}/{settings['DRAFT_URL'].format(slug=make_slug(title))}"
    print(f"Created {path.relative_to(ROOT)}, a draft (Status: draft).")
    if survey:
        print(
            f"Its numbers and charts come from the survey {survey} (Survey: {survey}), the newest "
            f"in {data.relative_to(ROOT)}/; docs/writing-charts.md shows how to write them."
        )
    print(
        "To preview it, run:\n"
        "    python3 dev.py serve\n"
        f"and open {address}\n"
        'When it is ready, change "Status: draft" to "Status: published" in the file.'
    )


@task
def clean(c):
    """Remove built output and caches."""
    for pattern in ("output", ".output.previous", ".build-*", "cache", "__pycache__"):
        for path in ROOT.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


@task(
    help={
        "output": "built folder to check (default: output)",
        "only": "some checkers only: links,feeds,html,a11y,keyboard,privacy,weight,screenshots",
        "screenshots": "folder for screenshots (default: artifacts/screenshots)",
    }
)
def check(c, output="output", only=None, screenshots="artifacts/screenshots"):
    """Check a built site as readers meet it: HTML, accessibility, links, privacy, weight."""
    from checks.cli import main as run_checks

    argv = [str(ROOT / output), "--screenshots-dir", str(ROOT / screenshots)]
    if only:
        argv += ["--only", only]
    sys.exit(run_checks(argv))


@task(
    help={
        "quick": "100 posts, one round: checks the harness works (a minute or two)",
        "runs": "rounds of timed builds (default 5; medians are quoted)",
        "sizes": "generated posts per corpus, comma-separated (default 1000,5000)",
        "charts": "chart blocks in each corpus (default 50)",
        "weigh": "how pages are weighed: auto (Chromium when installed), browser, static or none",
        "keep": "keep the generated sites (the folder is printed)",
        "results": "where RESULTS.md goes (default bench/RESULTS.md, with results.json)",
    }
)
def bench(c, quick=False, runs=0, sizes="", charts=50, weigh="auto", keep=False, results=""):
    """Time `invoke build` and `invoke publish-build` beside stock Pelican; writes
    bench/RESULTS.md. Run it on a quiet machine: about 25 minutes."""
    from bench.__main__ import main as bench_main

    argv = ["--charts", str(charts), "--weigh", weigh]
    argv += ["--quick"] if quick else []
    argv += ["--runs", str(runs)] if runs else []
    argv += ["--sizes", sizes] if sizes else []
    argv += ["--keep"] if keep else []
    argv += ["--results", str(ROOT / results)] if results else []
    sys.exit(bench_main(argv))


@task
def lint(c):
    """Check the Python code with ruff: lint rules and formatting (pyproject.toml)."""
    ruff = Path(sys.executable).with_name("ruff")
    c.run(f"{ruff} check .", pty=False)
    c.run(f"{ruff} format --check .", pty=False)


@task(help={"args": "extra arguments for pytest, e.g. -k feeds"})
def test(c, args=""):
    """Run the whole test suite, on every core (pytest-xdist)."""
    c.run(f"{sys.executable} -m pytest -n auto {args}", pty=False)
