"""Fast previews for `invoke serve`: a change to the text of an existing post
or page is in output/ in well under the time of a full build.

A full build (buildtools.build) starts Pelican afresh, reads and converts
every post, writes every page and indexes the site for search: at 1,000
posts many seconds. While `invoke serve` runs, this module keeps a warm
Pelican in the serve process: Pelican and the plugins loaded once, and
Pelican's own content cache (CACHE_CONTENT, reader layer) holding every
file's converted text. When the only change is to the text of posts or pages
that already exist, with their metadata lines unchanged, it:

1. checks each changed file as a full build does (content_checks,
   survey_charts' chart blocks and numbers, survey_cta's `{survey}` lines),
   and stops there, leaving output/ as it was, on any problem;
2. runs Pelican as usual (every file read, from the cache except the changed
   ones, every plugin hook) with partial_build's PARTIAL_BUILD_SOURCES set to
   the changed files, so only their pages are rendered, with the files
   plugins write themselves (feeds, chart files, sitemap), into a staging
   folder;
3. stops, leaving output/ as it was, on any error or warning;
4. moves each new file into output/ (one rename each).

Anything else (a new, removed or renamed file, changed metadata, the theme,
plugins, settings, survey data, images) takes the full build, as before;
after plugin or settings changes fast previews stay off until `invoke serve`
is restarted, since the running process still holds the old code. What a
fast preview leaves for the next full build: the search index (Pagefind)
still has the old text of a changed page, and pages that only list the
changed post (its title, date and summary are unchanged, by definition).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .build import ROOT, BuildResult, _format, _kept

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
# Changes here need a new process: the running one holds the old code.
RESTART = ("plugins", "pelicanconf.py", "publishconf.py")
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
)


def _header(path: Path) -> str | None:
    """The metadata lines: everything before the first blank line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = []
    for line in text.splitlines():
        if not line.strip():
            break
        lines.append(line.rstrip())
    return "\n".join(lines)


@dataclass
class Snapshot:
    """Modification times and sizes of every file under the watched paths."""

    roots: list[Path]
    files: dict = field(default_factory=dict)

    def take(self) -> dict:
        """{path as text: (mtime, size)}: text, not Path, because this runs on
        every change over every file (a thousand posts)."""
        found = {}
        for root in self.roots:
            if root.is_file():
                found[str(root)] = self._stamp(str(root))
                continue
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.startswith(".")]
                for name in filenames:
                    if name.endswith((".pyc", ".swp", "~")) or name.startswith(".#"):
                        continue
                    path = os.path.join(dirpath, name)
                    found[path] = self._stamp(path)
        return found

    @staticmethod
    def _stamp(path: str):
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def update(self) -> tuple[set, set, set]:
        """(changed, added, removed) since the last call, as Paths."""
        now = self.take()
        before, self.files = self.files, now
        changed = {Path(p) for p in now if p in before and now[p] != before[p]}
        return (
            changed,
            {Path(p) for p in now.keys() - before.keys()},
            {Path(p) for p in before.keys() - now.keys()},
        )


class _Recorder(logging.Handler):
    """Every warning and error logged during a fast preview (they fail it,
    as Pelican's --fatal warnings fails a full build)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        try:
            self.messages.append(f"{record.levelname}: {record.getMessage()}")
        except Exception:  # a message that cannot be formatted still counts
            self.messages.append(f"{record.levelname}: {record.msg!r}")


# The generators of the warm Pelican's last run (all_generators_finalized),
# to know which files are posts and pages of the site.
_last_run: dict = {}


def _note_generators(generators) -> None:
    _last_run["generators"] = generators


class Preview:
    """The warm Pelican behind `invoke serve`'s fast previews."""

    def __init__(self, settings_file="pelicanconf.py", output="output", echo=print, watched=None):
        self.settings_file = (ROOT / settings_file).resolve()
        self.live = (ROOT / output).resolve()
        self.staging = self.live.with_name(f".build-{self.live.name}-preview")
        # Pelican's content cache, for this serve session only: it is keyed on
        # each file's time stamp, not on the plugin code that converted it.
        self.cache_path = self.live.with_name(f".build-{self.live.name}-preview-cache")
        shutil.rmtree(self.cache_path, ignore_errors=True)
        self.echo = echo
        self.snapshot = Snapshot(
            [ROOT / p for p in (watched or ("content", "theme", "plugins", "pelicanconf.py"))]
        )
        self.snapshot.files = self.snapshot.take()
        self.lock = threading.Lock()
        self.pelican = None
        self.off: str | None = None  # why fast previews are off, if they are
        self.ready = threading.Event()
        self.sources: dict = {}  # source path -> its metadata lines, as last read
        self.warm_seconds: float | None = None
        self._needs_warm = False  # after the next full build

    # -- warming -----------------------------------------------------------------

    def start(self) -> None:
        """Warm up in the background (after the first full build)."""
        threading.Thread(target=self.warm, name="preview-warm", daemon=True).start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self.ready.wait(timeout)

    def warm(self) -> None:
        started = time.perf_counter()
        with self.lock:
            try:
                self._warm()
                self.warm_seconds = time.perf_counter() - started
            except Exception as error:  # the full build still works
                self._turn_off(f"the warm copy could not be made ({type(error).__name__}: {error})")
            finally:
                self.ready.set()

    def _warm(self) -> None:
        """One run that writes no page: every file read into the content cache."""
        recorder = _Recorder()
        with _recording(recorder):
            if self.pelican is None:
                self.pelican = self._new_pelican()
            try:
                generators = self._run([])
            finally:
                shutil.rmtree(self.staging, ignore_errors=True)
        if recorder.messages:
            raise RuntimeError("; ".join(recorder.messages[:3]))
        self._note_sources(generators)

    def _new_pelican(self):
        from pelican import Pelican, signals
        from pelican.settings import read_settings

        signals.all_generators_finalized.connect(_note_generators, weak=False)
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            settings = read_settings(
                str(self.settings_file),
                override={
                    "OUTPUT_PATH": str(self.staging),
                    "DELETE_OUTPUT_DIRECTORY": False,
                    # Pelican's content cache, reader layer: every plugin hook still
                    # runs on every post, as in a full build.
                    "CACHE_CONTENT": True,
                    "LOAD_CONTENT_CACHE": True,
                    "CONTENT_CACHING_LAYER": "reader",
                    "CACHE_PATH": str(self.cache_path),
                    "GZIP_CACHE": False,
                    "PARTIAL_BUILD_SOURCES": [],
                    # This process has other threads (the web server's): no second
                    # Markdown process (build_speed), and the cache makes it moot.
                    "BUILD_SPEED_PARALLEL_MIN_FILES": 0,
                },
            )
            if "partial_build" not in [
                getattr(p, "__name__", p) for p in settings.get("PLUGINS") or []
            ]:
                raise RuntimeError("the partial_build plugin is not in PLUGINS")
            return Pelican(settings)
        finally:
            os.chdir(cwd)

    def _note_sources(self, generators) -> None:
        self.sources = {}
        for generator in generators:
            for name in CONTENT_LISTS:
                for item in getattr(generator, name, None) or ():
                    path = Path(item.source_path).resolve()
                    if path.suffix.lower() in MARKDOWN:
                        self.sources[path] = _header(path)

    def _turn_off(self, why: str) -> None:
        if self.off is None:
            self.echo(f"Fast previews are off: {why}. Every change now takes a full build.")
        self.off = why
        self.pelican = None

    # -- one rebuild -------------------------------------------------------------

    def rebuild(self) -> BuildResult | None:
        """A fast preview of what changed since the last call, or None when
        a full build is needed (the caller runs it, then calls `after_full_build`)."""
        changed, added, removed = self.snapshot.update()
        if self.off:
            return None
        if not (changed or added or removed):
            # Another watcher saw the same change, already built.
            return BuildResult(True, self.live, "Nothing has changed since the last build.")
        if added or removed:
            self._structural(changed | added | removed)
            return None
        if not self.ready.is_set() or self.pelican is None:
            self._structural(changed)
            return None
        paths = {p.resolve() for p in changed}
        if any(p not in self.sources or _header(p) != self.sources[p] for p in paths):
            self._structural(changed)
            return None
        with self.lock:
            if self.pelican is None:
                return None
            try:
                return self._fast(paths)
            except Exception as error:  # this module's own trouble: the full build decides
                self.echo(
                    f"No fast preview ({type(error).__name__}: {error}): building the whole site."
                )
                self._needs_warm = True
                return None

    def _structural(self, paths) -> None:
        """A change a fast preview cannot take: after the full build, warm up again."""
        self._needs_warm = True
        restart = {ROOT / p for p in RESTART}
        for path in paths:
            if any(path == r or r in path.parents for r in restart):
                self._turn_off(
                    f"{path.relative_to(ROOT)} changed; restart `invoke serve` to get them back"
                )
                return
        data = ROOT / "content" / "data"
        if any(data in path.parents for path in paths):
            with self.lock:
                self.pelican = None  # survey data is read when Pelican starts

    def after_full_build(self, ok: bool) -> None:
        if self.off or not self._needs_warm:
            return
        self._needs_warm = False
        self.ready.clear()
        self.start()

    def _fast(self, paths: set[Path]) -> BuildResult:
        started = time.perf_counter()
        problems = self._check(paths)
        if problems:
            log = _format(problems)
            self.echo(log)
            self.echo(_kept(self.live))
            return BuildResult(False, self.live, log)
        recorder = _Recorder()
        try:
            with _recording(recorder):
                try:
                    generators = self._run(sorted(str(p) for p in paths))
                except Exception as error:
                    if not recorder.messages:
                        raise  # not a problem Pelican reported: the full build decides
                    recorder.messages.append(f"{type(error).__name__}: {error}")
            if recorder.messages:
                log = "\n".join(recorder.messages)
                self.echo(log)
                self.echo(_kept(self.live))
                return BuildResult(False, self.live, log)
            found = {
                item.source_path
                for generator in generators
                for name in CONTENT_LISTS
                for item in getattr(generator, name, None) or ()
            }
            if not all(str(p) in found or os.path.abspath(p) in found for p in paths):
                raise RuntimeError("a changed file is no longer a post or page of the site")
            moved = _move_into(self.staging, self.live)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
        names = ", ".join(str(p.relative_to(ROOT)) for p in sorted(paths))
        log = f"Fast preview of {names}: {moved} files updated in {time.perf_counter() - started:.2f} s."
        self.echo(log)
        return BuildResult(True, self.live, log)

    def _check(self, paths: set[Path]) -> list[str]:
        """The start-up checks of a full build, on the changed files only
        (the others passed them in the last build, and nothing they depend
        on has changed, or this would not be a fast preview)."""
        settings = self.pelican.settings
        content = Path(settings["PATH"]).resolve()
        problems = []
        content_checks = sys.modules.get("content_checks")
        survey_charts = sys.modules.get("survey_charts")
        survey_cta = sys.modules.get("survey_cta")
        article_roots = [content / p for p in settings.get("ARTICLE_PATHS", [""])]
        for path in sorted(paths):
            shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            if content_checks is not None:
                from content_checks.rules import check_file

                kind = (
                    "article"
                    if any(r == path or r in path.parents for r in article_roots)
                    else "page"
                )
                rules = content_checks.rules_from_settings(settings)
                problems += [
                    str(p)
                    for p in check_file(
                        path, kind=kind, rules=rules, content_root=content, shown=shown
                    )
                ]
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # content_checks has said so
            if survey_charts is not None and survey_charts.current_context() is not None:
                surveys = survey_charts.current_context().surveys
                problems += [
                    f"{shown}:{line}: {message}"
                    for line, message in survey_charts.check_text(text, surveys)
                ]
            if survey_cta is not None:
                editions = survey_cta.survey_editions(settings)
                problems += [
                    f"{shown}:{line}: {message}"
                    for line, message in survey_cta.check_text(text, editions)
                ]
        return problems

    # -- Pelican, in this process -------------------------------------------------------

    def _run(self, sources: list[str]):
        """Pelican's own run, writing only the pages of `sources` into the
        staging folder; returns its generators."""
        pelican = self.pelican
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        pelican.settings["PARTIAL_BUILD_SOURCES"] = sources
        _last_run.clear()
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            pelican.run()
        finally:
            os.chdir(cwd)
        return _last_run.pop("generators", [])


class _recording:
    def __init__(self, recorder: _Recorder):
        self.recorder = recorder

    def __enter__(self):
        logging.getLogger().addHandler(self.recorder)
        return self.recorder

    def __exit__(self, *exc):
        logging.getLogger().removeHandler(self.recorder)


def _move_into(staging: Path, live: Path) -> int:
    """Each new file into place, one rename each; folders as needed."""
    moved = 0
    for dirpath, _dirnames, filenames in os.walk(staging):
        for name in filenames:
            source = Path(dirpath) / name
            target = live / source.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            moved += 1
    return moved
