"""content_checks: find, with file, line and what to do, the mistakes a
writer can make in a post or page (no title, a date that is not a date, an
unknown status or category, fields below an empty line, new-post's
placeholder text, links and pictures that lead nowhere, a second main
heading, a list that would show as code, a picture with no description, a
file that cannot be read), and decide what the build does about them:

- a post or page that would be published stops the build (exit 1; the build
  tools keep the last good site), with CONTENT_CHECKS_BROKEN_FILES = "stop";
- a draft with problems is left out of the build (Pelican's IGNORE_FILES,
  set when Pelican starts) and reported: it never blocks the others;
- with CONTENT_CHECKS_BROKEN_FILES = "skip" (`invoke serve`), any file with
  problems is left out and reported, and the rest of the site is built.

Most checks read the file before Pelican does (`initialized`), so a broken
file can be left out. Links written as an address on this site ('/about-us/')
need the site's real addresses: they are checked once every generator has
read the content (`all_generators_finalized`); a page with such a link is
still written (a wrong link harms no other page), and stops a "stop" build if
it would be published.

Other plugins check their own syntax in a post or page through the signal
`file_checks` below (survey_charts: chart blocks and headline numbers;
survey_cta: `Survey:` and `{survey}` lines), so that the same rules decide
what their problems do: a broken draft is left out whichever plugin found
the mistake.

Every problem is also written as JSON (a list of {file, line, message,
draft, outcome}) to CONTENT_CHECKS_REPORT when that is set, for the build
tools and the preview server.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

import glob
import json
from dataclasses import replace
from pathlib import Path

from blinker import signal
from pelican import signals
from pluginkit import (
    CONTENT_LISTS,
    PluginSettings,
    Problem,
    Setting,
    bad_setting,
    format_problems,
    kinds,
    shown_path,
)

from .addresses import SiteAddresses, address_problems, generated_folders
from .metadata import parse
from .rules import KNOWN_FIELDS, FileReport, Rules, check_tree, read_text, report_tree


def _required_are_fields(values, _settings) -> list[str]:
    extra = {f.lower() for f in values["CONTENT_CHECKS_EXTRA_FIELDS"]}
    required = [f.lower() for f in values["CONTENT_CHECKS_REQUIRED"]]
    unknown = [f for f in required if f not in KNOWN_FIELDS | extra]
    if not unknown:
        return []
    return [
        bad_setting(
            "CONTENT_CHECKS_REQUIRED",
            required,
            f"some of {sorted(KNOWN_FIELDS | extra)}; {unknown[0]!r} is not a metadata field",
        )
    ]


SETTINGS = PluginSettings(
    "content_checks",
    "CONTENT_CHECKS_",
    Setting(
        "CONTENT_CHECKS_CATEGORIES",
        [],
        kinds.text_list(),
        "The categories a post may use.",
    ),
    Setting(
        "CONTENT_CHECKS_REQUIRED",
        ["title", "date", "category", "author", "summary"],
        kinds.text_list(),
        "Fields every post must have.",
    ),
    Setting(
        "CONTENT_CHECKS_EXTRA_FIELDS",
        [],
        kinds.text_list(),
        "Extra metadata fields that plugins read, so they are not reported as misspellings.",
    ),
    Setting(
        "CONTENT_CHECKS_BROKEN_FILES",
        "stop",
        kinds.one_of(("stop", "skip")),
        "What a problem in a post or page that would be published does: 'stop' the build, or "
        "'skip' the file and build the rest (invoke serve). A draft with problems is always "
        "left out and reported.",
    ),
    Setting(
        "CONTENT_CHECKS_REPORT",
        "",
        kinds.text(empty=True),
        "A file to write every problem found into, as JSON (the build tools set it); '' for none.",
    ),
    checks=[_required_are_fields],
)


class ContentError(Exception):
    """Raised to stop the build; its message lists every problem found."""


def rules_from_settings(settings) -> Rules:
    values = SETTINGS.read(settings)
    return Rules(
        categories=tuple(values["CONTENT_CHECKS_CATEGORIES"]),
        required=tuple(f.lower() for f in values["CONTENT_CHECKS_REQUIRED"]),
        extra_fields=frozenset(f.lower() for f in values["CONTENT_CHECKS_EXTRA_FIELDS"]),
    )


def problems_for(settings):
    return check_tree(
        Path(settings["PATH"]),
        article_paths=settings.get("ARTICLE_PATHS", [""]),
        page_paths=settings.get("PAGE_PATHS", ["pages"]),
        rules=rules_from_settings(settings),
        shown_relative_to=Path.cwd(),
    )


# The public API for other plugins' checks of one post or page, run beside
# content_checks' own when Pelican starts. A receiver is called as
# receiver(settings, path=Path, text=str) and returns [(line, message), ...].
file_checks = signal("content_checks.file_checks")


def _with_plugin_problems(settings, report: FileReport) -> FileReport:
    if not report.readable:
        return report  # over a limit: nothing else reads it
    try:
        text = report.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return report  # content_checks has said the file cannot be read
    found = [
        Problem(report.shown, line, message)
        for _receiver, answer in file_checks.send(settings, path=report.path, text=text)
        for line, message in answer or ()
    ]
    return replace(report, problems=(*report.problems, *found)) if found else report


# What this build found so far: the records written to CONTENT_CHECKS_REPORT.
_FOUND: dict[str, list[dict]] = {"before": [], "after": []}

STOPPED = "stopped the build"
LEFT_OUT = "left out of this build"
REPORTED = "reported"


def _record(problem: Problem, draft: bool, outcome: str) -> dict:
    return {
        "file": problem.path,
        "line": problem.line,
        "message": problem.message,
        "draft": draft,
        "outcome": outcome,
    }


def _write_report(settings) -> None:
    target = settings.get("CONTENT_CHECKS_REPORT") or ""
    if target:
        records = _FOUND["before"] + _FOUND["after"]
        Path(target).write_text(json.dumps(records, indent=1, ensure_ascii=False), "utf-8")


def _say(title: str, problems: list[Problem]) -> None:
    """Problems that do not stop the build: on the console, never as a
    warning (the build treats every warning as an error)."""
    print("\n".join([title, *(f"  {problem}" for problem in problems)]), flush=True)


def _noun(count: int) -> str:
    return f"{count} problem" + ("" if count == 1 else "s")


def _leave_out(settings, left_out: list[FileReport]) -> None:
    """Pelican's own way to leave a file out: IGNORE_FILES, matched against
    each file's name, read by the generators made after this."""
    names = [glob.escape(report.path.name) for report in left_out]
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), *names]
    problems = [problem for report in left_out for problem in report.problems]
    why = (
        "drafts are never published; fix them to preview them"
        if all(report.draft for report in left_out)
        else "fix them to see them in the preview; the rest of the site was built"
    )
    files = ", ".join(report.shown for report in left_out)
    _say(f"{_noun(len(problems))} in {files}, left out of this build ({why}):", problems)


def check_content(pelican):
    """Before Pelican reads anything: every file's problems; leave out the
    files that may be left out, and stop on the rest."""
    settings = pelican.settings
    mode = SETTINGS.read(settings)["CONTENT_CHECKS_BROKEN_FILES"]
    every = report_tree(
        Path(settings["PATH"]),
        article_paths=settings.get("ARTICLE_PATHS", [""]),
        page_paths=settings.get("PAGE_PATHS", ["pages"]),
        rules=rules_from_settings(settings),
        shown_relative_to=Path.cwd(),
    )
    reports = [r for r in (_with_plugin_problems(settings, r) for r in every) if r.problems]
    stopping = [r for r in reports if mode == "stop" and not r.draft]
    left_out = [r for r in reports if r not in stopping]
    _FOUND["before"] = [
        _record(problem, report.draft, STOPPED if report in stopping else LEFT_OUT)
        for report in reports
        for problem in report.problems
    ]
    _FOUND["after"] = []
    _write_report(settings)
    if left_out:
        _leave_out(settings, left_out)
    if stopping:
        raise ContentError(
            format_problems([problem for report in stopping for problem in report.problems])
        )


def _site_addresses(generators, settings) -> tuple[SiteAddresses, list]:
    """Every address this build writes, and every post and page it read."""
    site = SiteAddresses(generated=generated_folders(settings.items()))
    items = []
    for generator in generators:
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, None) or ():
                site.add(item.url, item.save_as, source=item.relative_source_path)
                items.append(item)
        for item in getattr(generator, "staticfiles", None) or ():
            site.add(item.url, item.save_as)
        for name in ("categories", "authors"):
            for thing, _articles in getattr(generator, name, None) or ():
                site.add(thing.url)
        for tag in getattr(generator, "tags", None) or ():
            site.add(tag.url)
    for template in settings.get("DIRECT_TEMPLATES", ()):
        site.add(settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html"))
    return site, items


def _address_problems_of(item, site: SiteAddresses) -> list[Problem]:
    shown = shown_path(Path(item.source_path))
    text, _unreadable = read_text(Path(item.source_path), shown)
    if text is None or "/" not in text:
        return []
    return [Problem(shown, line, message) for line, message in address_problems(parse(text), site)]


def check_addresses(generators):
    """Once every generator has read the content: links and pictures written
    as an address on this site ('/about-us/') that lead nowhere."""
    if not generators:
        return
    settings = generators[0].settings
    mode = SETTINGS.read(settings)["CONTENT_CHECKS_BROKEN_FILES"]
    site, items = _site_addresses(generators, settings)
    stopping, reported = [], []
    for item in items:
        draft = getattr(item, "status", "") == "draft"
        for problem in _address_problems_of(item, site):
            (reported if draft or mode == "skip" else stopping).append((problem, draft))
    _FOUND["after"] = [_record(p, d, STOPPED) for p, d in stopping] + [
        _record(p, d, REPORTED) for p, d in reported
    ]
    _write_report(settings)
    if reported:
        _say(
            f"{_noun(len(reported))} with links (these pages were built; fix them before "
            "publishing):",
            [problem for problem, _draft in reported],
        )
    if stopping:
        raise ContentError(format_problems([problem for problem, _draft in stopping]))


def register():
    signals.initialized.connect(check_content)
    signals.all_generators_finalized.connect(check_addresses)
