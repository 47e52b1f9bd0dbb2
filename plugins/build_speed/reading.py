"""Markdown reading, sped up: no Pelican imports beyond its reader class.

- One converter per reader, reset between files (Pelican's MarkdownReader
  makes a new one, loading every extension again, for each file: 5 % of a
  1,000-post build).
- A second process converts part of the files while Pelican reads the rest
  (the machines this site is built on have two cores and Pelican uses one).
  It converts only the Markdown, to HTML and the raw metadata lines; this
  process still turns the metadata into Pelican's values, so dates, authors
  and summaries are exactly what Pelican would make.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .counting import WarningCounter, count_warnings

# Files the second process leaves to this one: chart blocks (``` or ~~~)
# and headline numbers ({{ }}) render charts and collect their files here,
# in survey_charts' build state.
PARENT_ONLY = ("```", "~~~", "{{")

_prefetched: dict[str, object] = {}  # absolute path -> AsyncResult of (html, meta) or None
_pool = None


def _converter(markdown_settings: dict) -> Markdown:
    return Markdown(**markdown_settings)


def _reset(converter: Markdown, meta_entry) -> None:
    """Ready for the next file, as a new Markdown() would be.
    MarkdownReader._parse_metadata unregisters the metadata preprocessor (so
    the Summary is not read as metadata): it goes back in."""
    converter.reset()
    if meta_entry and "meta" not in converter.preprocessors:
        converter.preprocessors.register(meta_entry[0], "meta", meta_entry[1])


def _meta_entry(converter: Markdown):
    return next(
        (
            (converter.preprocessors["meta"], item.priority)
            for item in converter.preprocessors._priority
            if item.name == "meta"
        ),
        None,
    )


class FastMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with one converter per reader, and the
    second process's results taken when it has converted the file."""

    _md_reused = None
    _md_meta = None

    def _fresh_converter(self) -> Markdown:
        if self._md_reused is None:
            self._md_reused = _converter(self.settings["MARKDOWN"])
            self._md_meta = _meta_entry(self._md_reused)
        _reset(self._md_reused, self._md_meta)
        return self._md_reused

    def read(self, source_path):
        self._source_path = source_path
        self._md = self._fresh_converter()
        done = take_prefetched(source_path)
        if done is not None:
            content, meta = done
        else:
            with pelican_open(source_path) as text:
                content = self._md.convert(text)
            meta = getattr(self._md, "Meta", None)
        metadata = self._parse_metadata(meta) if meta is not None else {}
        return content, metadata


# -- the second process ---------------------------------------------------------------------

_worker_converter = None
_worker_meta = None
_worker_count: WarningCounter | None = None


def _worker_start(markdown_settings: dict) -> None:
    global _worker_converter, _worker_meta, _worker_count
    _worker_count = count_warnings(show=False)  # nothing from this process reaches the console
    _worker_converter = _converter(markdown_settings)
    _worker_meta = _meta_entry(_worker_converter)


def convert_in_worker(path: str):
    """(html, raw metadata) for `path`, or None when this process should
    convert it itself: any warning or error, which Pelican then reports."""
    before = _worker_count.count
    try:
        _reset(_worker_converter, _worker_meta)
        with pelican_open(path) as text:
            html = _worker_converter.convert(text)
        meta = getattr(_worker_converter, "Meta", None)
        meta = (
            {str(k): [str(v) for v in values] for k, values in meta.items()}
            if meta is not None
            else None
        )
    except Exception:
        return None
    return (html, meta) if _worker_count.count == before else None


def plain(path: str) -> bool:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False  # Pelican reads it, and says what is wrong
    return not any(marker in text for marker in PARENT_ONLY)


# This process's share of the Markdown bytes: besides converting its files
# it turns every file's metadata into Pelican's values (summaries are
# Markdown too), so the second process takes more (profiled at 1,000 posts).
OWN_SHARE = 0.42


def split(jobs: list[tuple[str, int]], own: float = OWN_SHARE) -> int:
    """Index where the second process's share starts: this process takes the
    first files (Pelican reads in this order) up to `own` of all the bytes."""
    mine, total = sum(size for _path, size in jobs) * own, 0
    for index, (_path, size) in enumerate(jobs):
        total += size
        if total >= mine:
            return index + 1
    return len(jobs)


def fork_is_safe() -> bool:
    """No other thread that could hold a lock the copy needs (the serve
    process, with its web server, never forks)."""
    return threading.current_thread() is threading.main_thread() and all(
        t is threading.main_thread() or type(t).__name__ == "_RefreshThread"
        for t in threading.enumerate()
    )


def start_prefetch(paths: list[str], markdown_settings: dict) -> int:
    """Send the plain files among `paths` (in reading order, second share)
    to a second process. Returns how many were sent."""
    global _pool
    stop_prefetch()
    theirs = [p for p in paths if plain(p)]
    if not theirs:
        return 0
    context = multiprocessing.get_context("fork")
    _pool = context.Pool(1, initializer=_worker_start, initargs=(markdown_settings,))
    for path in theirs:
        _prefetched[path] = _pool.apply_async(convert_in_worker, (path,))
    return len(theirs)


def take_prefetched(path: str):
    result = _prefetched.pop(os.path.abspath(path), None)
    if result is None:
        return None
    try:
        return result.get(timeout=120)
    except Exception:  # the second process failed: this one converts the file
        return None


def stop_prefetch() -> None:
    global _pool
    _prefetched.clear()
    if _pool is not None:
        _pool.terminate()
        _pool.join()
        _pool = None
