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

The content boundary (boundary.py; README.md, "What a post may publish"):
files Pelican would read or copy that may not be published (a type other
than pictures and documents, the survey data, a link out of content/) are
found when Pelican starts, beside the posts' own problems, and decided the
same way; every file Pelican is about to copy is checked again once it has
read the content (`static_generator_finalized`), however it was linked. Once
every generator has read the content, two posts or pages written to one
address, a page at one of the site's own addresses, and a Feed-Id used twice
are found too.

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
import os
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
from .boundary import folder_refusals, readable_name, refusal
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
        "CONTENT_CHECKS_SUMMARY_MAX",
        300,
        kinds.whole_number(0),
        "The most characters a post's or page's Summary may have (0: no limit); the "
        "editor at /admin/ counts to the same number.",
    ),
    Setting(
        "CONTENT_CHECKS_EXTRA_FIELDS",
        [],
        kinds.text_list(),
        "Extra metadata fields that plugins read, so they are not reported as misspellings.",
    ),
    Setting(
        "CONTENT_CHECKS_TEMPLATES",
        [],
        kinds.text_list(),
        "Templates a post or page may name with 'Template:', besides article and page.",
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
        templates=tuple(values["CONTENT_CHECKS_TEMPLATES"]),
        data_folder=_data_folder(settings),
        summary_max=values["CONTENT_CHECKS_SUMMARY_MAX"],
    )


def _data_folder(settings) -> str:
    """The survey data folder in content/ (survey_data's SURVEY_DATA_PATH), never published."""
    return str(settings.get("SURVEY_DATA_PATH") or "data").strip("/")


def _shown_as_written(path: Path) -> str:
    """A path as a writer sees it, relative to the project, without following
    a link (shown_path would name the file a symlink leads to)."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return readable_name(absolute if relative.startswith("..") else Path(relative).as_posix())


def boundary_reports(settings) -> list[FileReport]:
    """Files Pelican would read or copy that may not be published (boundary.py):
    a link out of content/ among the posts and pages, and among the pictures
    and documents also a file of a type this site does not publish."""
    root = Path(settings["PATH"])
    data = _data_folder(settings)
    ignore = settings.get("IGNORE_FILES", ())
    found = [
        *folder_refusals(
            root,
            [*settings.get("ARTICLE_PATHS", [""]), *settings.get("PAGE_PATHS", ["pages"])],
            data_folder=data,
            static=False,
            ignore=ignore,
        ),
        *folder_refusals(
            root, settings.get("STATIC_PATHS", ()), data_folder=data, static=True, ignore=ignore
        ),
    ]
    reports: dict[Path, FileReport] = {}
    for path, reason in found:
        shown = _shown_as_written(path)
        reports.setdefault(path, FileReport(path, shown, False, (Problem(shown, None, reason),)))
    return list(reports.values())


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
    reports += boundary_reports(settings)
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


def _line_of(item, key: str) -> int | None:
    shown = shown_path(Path(item.source_path))
    text, _unreadable = read_text(Path(item.source_path), shown)
    field = parse(text).get(key) if text is not None else None
    return field.line if field else None


def _same_feed_ids(items) -> list[tuple[Problem, bool]]:
    """Two posts with one Feed-Id would be one entry to feed readers: one of
    them would never be shown. (problem, draft) for each post sharing one."""
    by_id: dict[str, list] = {}
    for item in items:
        pinned = str((getattr(item, "metadata", {}) or {}).get("feed-id") or "").strip()
        if pinned:
            by_id.setdefault(pinned, []).append(item)
    found = []
    for pinned, sharing in by_id.items():
        if len(sharing) < 2:
            continue
        for item in sharing:
            others = ", ".join(
                shown_path(Path(other.source_path)) for other in sharing if other is not item
            )
            found.append(
                (
                    Problem(
                        shown_path(Path(item.source_path)),
                        _line_of(item, "feed-id"),
                        f"'Feed-Id: {pinned}' is also the Feed-Id of {others}, so feed readers "
                        "would take them for one post and never show one of them. Each post "
                        "needs its own: delete this line unless the post's address changed "
                        "after it was published, and then use its own old id from the feed.",
                    ),
                    getattr(item, "status", "") == "draft",
                )
            )
    return found


def _same_output(items) -> list[tuple[Problem, bool]]:
    """Two posts or pages written to one file (a hidden post or a page with a
    published post's slug, which Pelican does not compare): one would
    replace the other. (problem, draft) for each of them."""
    by_path: dict[str, list] = {}
    for item in items:
        save_as = getattr(item, "save_as", "")
        if save_as:
            by_path.setdefault(os.path.normpath(save_as), []).append(item)
    found = []
    for save_as, sharing in by_path.items():
        if len(sharing) < 2:
            continue
        address = "/" + (
            save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
        )
        for item in sharing:
            others = ", ".join(
                shown_path(Path(other.source_path)) for other in sharing if other is not item
            )
            slug = getattr(item, "slug", "") or "your-post"
            found.append(
                (
                    Problem(
                        shown_path(Path(item.source_path)),
                        _line_of(item, "slug") or _line_of(item, "title"),
                        f"would be written to the same web address as {others} ({address}), "
                        "so one would replace the other. Give one of them its own address "
                        f"with a line such as 'Slug: {slug}-2' at the top, or a different "
                        "title.",
                    ),
                    getattr(item, "status", "") == "draft",
                )
            )
    return found


def _over_site_pages(generators, folders) -> list[tuple[Problem, bool]]:
    """A page whose address is one of the site's own folders ('Slug: archives',
    'Slug: search') would be written over that page or into that folder."""
    settings = generators[0].settings
    # The pages' own folder ('pages/' in Pelican's default PAGE_SAVE_AS) is theirs.
    own = {
        str(settings.get(name) or "").split("/", 1)[0]
        for name in ("PAGE_SAVE_AS", "PAGE_LANG_SAVE_AS")
    }
    folders = folders - own
    found = []
    for generator in generators:
        for item in [*getattr(generator, "pages", ()), *getattr(generator, "hidden_pages", ())]:
            first = os.path.normpath(getattr(item, "save_as", "") or ".").split(os.sep)[0]
            if first not in folders:
                continue
            shown = shown_path(Path(item.source_path))
            line = _line_of(item, "slug") or _line_of(item, "title")
            found.append(
                (
                    Problem(
                        shown,
                        line,
                        f"would be written at /{first}/, an address the site uses for its own "
                        f"pages or files. Give the page another address with a line such as "
                        f"'Slug: about-{first}' at the top.",
                    ),
                    False,
                )
            )
    return found


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
    found = [
        *_same_feed_ids(items),
        *_same_output(items),
        *_over_site_pages(generators, site.generated),
    ]
    for problem, draft in found:
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


def _linked_from(static, generator) -> list[tuple[str, int | None]]:
    """(file, line) of each post or page that links to this picture or document."""
    found = []
    for name in CONTENT_LISTS:
        for item in generator.context.get(name, None) or ():
            if static.relative_source_path in item.get_static_links():
                shown = shown_path(Path(item.source_path))
                text, _unreadable = read_text(Path(item.source_path), shown)
                lines = (text or "").split("\n")
                wanted = Path(static.relative_source_path).name
                line = next((n for n, x in enumerate(lines, 1) if wanted in x), None)
                found.append((shown, line))
    return found


def _outside(output: str, save_as: str) -> bool:
    root = os.path.realpath(output)
    target = os.path.realpath(os.path.join(root, save_as))
    return os.path.commonpath([root, target]) != root


def check_static_files(generator):
    """Every picture and document Pelican is about to copy, however it was
    linked ({static}, {attach}, |static|, or found in STATIC_PATHS): the same
    boundary as the checks before, and never a copy outside the output folder.
    The last word, after the checks of each file's text have said where."""
    settings = generator.settings
    root, data = Path(settings["PATH"]), _data_folder(settings)
    refused = []
    for static in generator.staticfiles:
        reason = refusal(Path(static.source_path), root, data, static=True)
        if not reason and _outside(settings["OUTPUT_PATH"], static.save_as):
            reason = "would be written outside the site's folder."
        if reason:
            refused.append(static)
            linked = _linked_from(static, generator)
            found = [
                Problem(
                    shown, line, f"links to '{static.relative_source_path}', but that file {reason}"
                )
                for shown, line in linked
            ] or [Problem(_shown_as_written(static.source_path), None, reason)]
            _FOUND["after"] += [_record(problem, False, STOPPED) for problem in found]
    generator.staticfiles[:] = [s for s in generator.staticfiles if s not in refused]
    if refused:
        _write_report(settings)
        raise ContentError(
            format_problems(
                [
                    Problem(r["file"], r["line"], r["message"])
                    for r in _FOUND["after"]
                    if r["outcome"] == STOPPED
                ]
            )
        )


def register():
    signals.initialized.connect(check_content)
    signals.static_generator_finalized.connect(check_static_files)
    signals.all_generators_finalized.connect(check_addresses)
