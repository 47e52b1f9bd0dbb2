"""Fast previews for `invoke serve`: a change to the text of an existing post
or page is in output/ in well under the time of a full build.

A full build (buildtools.build) starts Pelican afresh, reads and converts
every post, writes every page and indexes the site for search: at 1,000
posts many seconds. While `invoke serve` runs, this module keeps a warm
Pelican in the serve process: Pelican and the plugins loaded once, and
Pelican's own content cache (CACHE_CONTENT, reader layer) holding every
file's converted text. When the only change is to the text of posts or pages
that already exist, with their metadata lines unchanged, it:

1. checks each changed file as a full build does, through the plugins'
   public functions (content_checks.rules.check_file, survey_charts.check_text,
   survey_cta.check_text, html_policy.check_text), and stops there, leaving
   output/ as it was, on any problem;
2. runs Pelican as usual (every file read, from the cache except the changed
   ones, every plugin hook) into a staging folder, with a BuildScope (the
   build_scope library) naming the changed files and a writer, given to
   Pelican through its public `get_writer` signal, that renders only their
   pages; plugins that work on the whole written site (the search index, the
   social-card check) ask the scope and leave that to the next whole build;
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

import importlib
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pelican import log as pelican_log
from pelican.writers import Writer

from .build import ROOT, BuildProblem, BuildResult, kept_message

# The site's plugins and their libraries (build_scope, pluginkit), importable
# by name, as Pelican loads them from PLUGIN_PATHS.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from build_scope import BuildScope, scope_of, set_scope  # noqa: E402
from pluginkit import Problem, format_problems  # noqa: E402

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
# Changes here need a new process: the running one holds the old code.
RESTART = ("plugins", "pelicanconf.py", "publishconf.py")


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
    """Modification times and sizes of every file under the watched paths.
    What changed is worked out from these, not from the file events: an
    editor that saves by writing a temporary file and renaming it shows as
    a removal and an addition, and is one changed file here."""

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


class ScopedWriter(Writer):
    """Pelican's writer, rendering only the pages of the build scope's files:
    any other write_file call returns before its template is rendered. Pelican
    passes a post (drafts too) as `article` and a page as `page`."""

    def write_file(self, name, template, context, *args, **kwargs):
        item = kwargs.get("article") or kwargs.get("page")
        path = getattr(item, "source_path", None)
        if path is not None and scope_of(self.settings).includes(path):
            return super().write_file(name, template, context, *args, **kwargs)
        return None

    def write_feed(self, *args, **kwargs):  # Pelican's own feeds are off (feedgen_feeds)
        return None


class TemplatesOnce(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept for the serve session: Pelican makes
    new Jinja environments on every run, and compiling the theme again costs
    more than rendering the one changed page. Jinja checks each template's
    source against a checksum, so an edited template is compiled again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


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


class Preview:
    """The warm Pelican behind `invoke serve`'s fast previews."""

    def __init__(
        self,
        settings_file="pelicanconf.py",
        output="output",
        echo=print,
        watched=None,
        overrides=None,
    ):
        self.settings_file = (ROOT / settings_file).resolve()
        # Settings given to every run, as the full builds get them (SITE_DEV_URL).
        self.overrides = dict(overrides or {})
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
        self.written: set[str] = set()  # source paths whose page the last run wrote
        # Warm up after the next good full build (`invoke serve` reports its
        # first build through after_full_build; tests call start() directly).
        self._needs_warm = True

    # -- warming -----------------------------------------------------------------

    def start(self) -> None:
        """Warm up in the background (after the first full build)."""
        threading.Thread(target=self.warm, name="preview-warm", daemon=True).start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self.ready.wait(timeout)

    def warm(self) -> None:
        with self.lock:
            try:
                self._warm()
            except Exception:
                # Most often content saved broken while warming (a chart block's
                # error stops Pelican): the full build says what is wrong. Full
                # builds until the next good one, which warms up again.
                self.pelican = None
                self._needs_warm = True
            finally:
                self.ready.set()

    def _warm(self) -> None:
        """One run that writes no page: every file read into the content cache."""
        recorder = _Recorder()
        with _recording(recorder):
            if self.pelican is None:
                self.pelican = self._new_pelican()
            try:
                self._run([])
            finally:
                shutil.rmtree(self.staging, ignore_errors=True)
        if recorder.messages:
            # The content has a problem the full build reports: not this
            # module's trouble. No fast previews until the next good full build.
            self.pelican = None
            self._needs_warm = True
            return
        # Every post and page: the Markdown files in content/ (a file that is
        # not one shows up when its page is not written, and gets a full build).
        content = Path(self.pelican.settings["PATH"]).resolve()
        self.sources = {
            path: _header(path)
            for path in (Path(p).resolve() for p in self.snapshot.files)
            if path.suffix.lower() in MARKDOWN and content in path.parents
        }

    def _new_pelican(self):
        from pelican import Pelican, signals
        from pelican.settings import read_settings

        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            settings = read_settings(
                str(self.settings_file),
                override={
                    **self.overrides,
                    "OUTPUT_PATH": str(self.staging),
                    "DELETE_OUTPUT_DIRECTORY": False,
                    # Pelican's content cache, reader layer: every plugin hook still
                    # runs on every post, as in a full build.
                    "CACHE_CONTENT": True,
                    "LOAD_CONTENT_CACHE": True,
                    "CONTENT_CACHING_LAYER": "reader",
                    "CACHE_PATH": str(self.cache_path),
                    "GZIP_CACHE": False,
                },
            )
            settings["JINJA_ENVIRONMENT"] = {
                **settings["JINJA_ENVIRONMENT"],
                "bytecode_cache": TemplatesOnce(),
            }
            pelican = Pelican(settings)
        finally:
            os.chdir(cwd)
        # Pelican prints "Done: Processed N articles…" after each run; in this
        # process that is a warm-up or a preview of some pages, and the line
        # would follow "Build failed" in the terminal, reading as success.
        # `invoke serve` says itself what each rebuild did.
        pelican_log.console.quiet = True
        # This Pelican's writer, and no other Pelican's (signals are process-wide).
        signals.get_writer.connect(self._writer, sender=pelican)
        signals.content_written.connect(self._note_written)
        return pelican

    def _writer(self, pelican):
        return ScopedWriter

    def _note_written(self, path, context=None, **kwargs):
        item = (context or {}).get("article") or (context or {}).get("page")
        if item is not None:  # this process runs no Pelican but the preview's
            self.written.add(os.path.realpath(item.source_path))

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
        """Warm up again after a good full build that needs it; a failed one
        leaves the content as it was, and warming on it would only fail too."""
        if self.off or not self._needs_warm or not ok:
            return
        self._needs_warm = False
        self.ready.clear()
        self.start()

    def _fast(self, paths: set[Path]) -> BuildResult:
        started = time.perf_counter()
        problems = self._check(paths)
        if problems:
            log = format_problems(problems)
            self.echo(log)
            self.echo(kept_message(self.live))
            found = [BuildProblem(p.path, p.line, p.message) for p in problems]
            return BuildResult(False, self.live, log, found)
        recorder = _Recorder()
        try:
            with _recording(recorder):
                try:
                    self._run(sorted(str(p) for p in paths))
                except Exception as error:
                    if not recorder.messages:
                        raise  # not a problem Pelican reported: the full build decides
                    recorder.messages.append(f"{type(error).__name__}: {error}")
            if recorder.messages:
                log = "\n".join(recorder.messages)
                self.echo(log)
                self.echo(kept_message(self.live))
                return BuildResult(False, self.live, log.replace(f"{ROOT}/", ""))
            if not all(str(p) in self.written for p in paths):
                raise RuntimeError("a changed file is no longer a post or page of the site")
            moved = _move_into(self.staging, self.live)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
        names = ", ".join(str(p.relative_to(ROOT)) for p in sorted(paths))
        seconds = time.perf_counter() - started
        log = f"Fast preview of {names}: {moved} files updated in {seconds:.2f} s."
        self.echo(log)
        return BuildResult(True, self.live, log)

    def _check(self, paths: set[Path]) -> list[Problem]:
        """The start-up checks of a full build, on the changed files only
        (the others passed them in the last build, and nothing they depend
        on has changed, or this would not be a fast preview). Each plugin's
        public checks, for the plugins this site's Pelican loaded."""
        settings = self.pelican.settings
        loaded = set(settings.get("PLUGINS") or ())
        # Pelican has imported these already: the import gives the same modules.
        plugin = {name: importlib.import_module(name) for name in loaded}
        content = Path(settings["PATH"]).resolve()
        article_roots = [content / p for p in settings.get("ARTICLE_PATHS", [""])]
        problems = []
        for path in sorted(paths):
            shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            if "content_checks" in plugin:
                from content_checks.rules import check_file

                in_articles = any(r == path or r in path.parents for r in article_roots)
                problems += check_file(
                    path,
                    kind="article" if in_articles else "page",
                    rules=plugin["content_checks"].rules_from_settings(settings),
                    content_root=content,
                    shown=shown,
                )
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # content_checks has said so
            # The other plugins' checks of this file (chart blocks, {survey}
            # lines, raw HTML): content_checks' public signal, as a build runs them.
            problems += [
                Problem(shown, line or None, message)
                for _receiver, found in plugin["content_checks"].file_checks.send(
                    settings, path=path, text=text
                )
                for line, message in found or ()
            ]
        return problems

    # -- Pelican, in this process -------------------------------------------------------

    def _run(self, sources: list[str]) -> None:
        """Pelican's own run, writing only the pages of `sources` into the
        staging folder."""
        pelican = self.pelican
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        set_scope(pelican.settings, BuildScope.only(sources))
        self.written = set()
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            pelican.run()
        finally:
            os.chdir(cwd)


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
