"""build_speed: the same site in less time. What Pelican repeats without
need, found by profiling a 1,000-post build (bench/, `invoke bench`); none
of it changes a byte of the output (tests/unit/test_bench_speedups.py builds
a site with and without it and compares every file).

1. URLs. A post's `url` is worked out again on every use (metadata copied,
   source path resolved, URL pattern and date formatted), and the theme asks
   dozens of times a page: 13 % of a build. Once every post is read (the
   generators' *_finalized signals; nothing changes a slug, status or date
   after that) each one's URL is fixed with Pelican's own `override_url`,
   the attribute a `URL:` field sets. build_speed comes first in PLUGINS, so
   the other plugins' hooks at those signals get the fixed URLs.
2. Markdown (reading.py, through readers_init): one converter per reader,
   reset between files; and, for sites of BUILD_SPEED_PARALLEL_MIN_FILES
   files or more on a machine with two cores, a second process converts
   over half of the plain Markdown files (Pelican's process also turns every
   file's metadata into Pelican's values) while Pelican reads the others.
3. Templates (jinja_cache.py): compiled once per build, not re-checked.
4. Writing (writing.py, through get_writer): with as many posts and pages as
   BUILD_SPEED_PARALLEL_MIN_FILES, a forked copy of the build renders and
   writes about seven in ten of the posts' and pages' own files while
   Pelican writes the rest and every list page, feed and plugin file. Pelican waits for it before the other plugins' `finalized` hooks
   (build_speed is first in PLUGINS); a copy that fails, or logs a warning,
   fails the build. Not in a partial build (partial_build), which writes a
   page or two.

Settings:
  BUILD_SPEED_PARALLEL_MIN_FILES  whole number (default 50): the fewest
                                  content files for which a second process
                                  converts Markdown, and a second writer
                                  writes pages; 0 never.
"""

from __future__ import annotations

import atexit
import logging
import os

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import MarkdownReader

from .jinja_cache import tuned
from .reading import FastMarkdownReader, fork_is_safe, split, start_prefetch, stop_prefetch
from .writing import ParentWriter, fork_writer

logger = logging.getLogger(__name__)

DEFAULT_PARALLEL_MIN_FILES = 50
CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)
_generators: dict = {}


class BuildSpeedSettingsError(Exception):
    pass


class BuildSpeedWriterError(RuntimeError):
    pass


def min_files(settings) -> int:
    value = settings.get("BUILD_SPEED_PARALLEL_MIN_FILES", DEFAULT_PARALLEL_MIN_FILES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BuildSpeedSettingsError(
            f"build_speed: setting BUILD_SPEED_PARALLEL_MIN_FILES = {value!r}: expected a whole "
            "number of files, 0 or more (0: never convert in a second process)."
        )
    return value


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- hooks ------------------------------------------------------------------------------


def on_initialized(pelican) -> None:
    min_files(pelican.settings)
    pelican.settings["JINJA_ENVIRONMENT"] = tuned(pelican.settings.get("JINJA_ENVIRONMENT"))


def use_fast_reader(readers) -> None:
    for ext, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[ext] = FastMarkdownReader


def note_articles_generator(generator) -> None:
    _generators.clear()
    _generators["articles"] = generator


def start_second_reader(pages_generator) -> None:
    """At the pages generator's init (the articles one is made just before,
    and neither has read anything yet): the files both will read, in their
    order; the second share goes to a second process."""
    articles = _generators.pop("articles", None)
    settings = pages_generator.settings
    minimum = min_files(settings)
    if articles is None or minimum == 0 or cores() < 2 or not fork_is_safe():
        return
    jobs = []
    for generator, paths, excludes in (
        (articles, "ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
        (pages_generator, "PAGE_PATHS", "PAGE_EXCLUDES"),
    ):
        if not isinstance(generator.readers.readers.get("md"), FastMarkdownReader):
            return
        for name in generator.get_files(settings[paths], exclude=settings[excludes]):
            path = os.path.abspath(os.path.join(generator.path, name))
            if name.rsplit(".", 1)[-1].lower() in MarkdownReader.file_extensions:
                try:
                    jobs.append((path, os.path.getsize(path)))
                except OSError:
                    pass  # Pelican reads it, and says what is wrong
    if len(jobs) < minimum:
        return
    sent = start_prefetch([path for path, _size in jobs[split(jobs) :]], settings["MARKDOWN"])
    if sent:
        logger.info(
            "build_speed: a second process converts %d of %d Markdown files", sent, len(jobs)
        )


def fix_urls(generator) -> None:
    for name in CONTENT_LISTS:
        for item in getattr(generator, name, None) or ():
            if not hasattr(item, "override_url"):  # else: a URL: field, or fixed already
                item.override_url = item.url


def after_reading(generators) -> None:
    stop_prefetch()  # every file is read: the second process is done with
    for generator in generators:
        fix_urls(generator)
    _generators["all"] = generators


def start_second_writer(pelican):
    """get_writer: fork the second writer; Pelican then writes with
    ParentWriter (everything else). None: Pelican's own writer, alone."""
    generators = _generators.pop("all", None) or []
    settings = pelican.settings
    content = [g for g in generators if type(g) in (ArticlesGenerator, PagesGenerator)]
    files = sum(len(getattr(g, name, None) or ()) for g in content for name in CONTENT_LISTS)
    if (
        settings.get("PARTIAL_BUILD_SOURCES") is not None
        or len(content) != 2
        or min_files(settings) == 0
        or files < min_files(settings)
        or cores() < 2
        or not fork_is_safe()
    ):
        return None
    _generators["writer"] = fork_writer(content, pelican.output_path, settings)
    atexit.register(
        stop_second_writer
    )  # Pelican failed before `finalized`: never leave the copy behind
    logger.info("build_speed: a second writer writes part of the %d posts' and pages' files", files)
    return ParentWriter


def stop_second_writer() -> None:
    pid = _generators.pop("writer", None)
    if pid is not None:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:
            pass


def wait_for_second_writer(pelican) -> None:
    """finalized, before the other plugins' hooks: every file must be there."""
    pid = _generators.pop("writer", None)
    if pid is None:
        return
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise BuildSpeedWriterError(
            "build_speed: the second writer (most of the posts' and pages' own files) "
            + (
                "logged warnings or errors (above)"
                if code == 2
                else f"failed (exit {code}; see above)"
            )
            + ": the build is not complete."
        )


def register():
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(use_fast_reader)
    signals.article_generator_init.connect(note_articles_generator)
    signals.page_generator_init.connect(start_second_reader)
    signals.article_generator_finalized.connect(fix_urls)
    signals.page_generator_finalized.connect(fix_urls)
    signals.all_generators_finalized.connect(after_reading)
    signals.get_writer.connect(start_second_writer)
    signals.finalized.connect(wait_for_second_writer)
