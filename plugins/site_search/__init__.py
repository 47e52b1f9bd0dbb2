"""site_search: self-hosted search with Pagefind, built with the site.

The search page (theme template search.html, at SITE_SEARCH_PAGE_URL) and the
header's search box are plain GET forms (?q=…); the page's own script,
theme/static/js/search.js, asks Pagefind's pagefind.js and shows the results.
Nothing is loaded from another site. The index is built from the written
HTML: only <main data-pagefind-body> is read, and base.html puts that on
published posts and pages alone. Building and reading the index is in
index.py.

Hooks:
  initialized      check settings and that the Pagefind binary is installed
  generator_init   the `site_search` Jinja global: root-relative URLs of the
                   search page (`page`), the bundle (`bundle`) and the site
                   (`base`), so search works on any host; `path`, the page's
                   address below the site root
  get_generators   SearchPageGenerator writes the search page
  article_generator_finalized, page_generator_finalized
                   note the published posts and pages: the index must hold
                   exactly these
  finalized        run Pagefind on the output; the build stops if it fails or
                   the index holds anything else (a draft, say). A build that
                   writes only some pages (build_scope: `invoke serve`'s fast
                   previews) leaves the last full build's index.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from build_scope import scope_of
from pelican import signals
from pelican.generators import Generator
from pluginkit import PluginSettings, Setting, kinds

from .index import SearchIndexError, build_index, compare, executable, read_fragments

logger = logging.getLogger(__name__)

TEMPLATE = "search"
_SEGMENTS = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
_CHARACTERS = " (letters, digits, '-', '_', '.'; no leading '/')"


def _folder(value) -> bool:
    return isinstance(value, str) and bool(_SEGMENTS.match(value)) and ".." not in value.split("/")


def _different_folders(values, _settings) -> list[str]:
    page, bundle = values["SITE_SEARCH_PAGE_URL"], values["SITE_SEARCH_BUNDLE_PATH"]
    if page.rstrip("/") != bundle:
        return []
    return [
        f"settings SITE_SEARCH_PAGE_URL = {page!r} and SITE_SEARCH_BUNDLE_PATH = {bundle!r}: "
        "expected two different folders."
    ]


SETTINGS = PluginSettings(
    "site_search",
    "SITE_SEARCH_",
    Setting(
        "SITE_SEARCH_PAGE_URL",
        "search/",
        kinds.Kind(
            "a folder-style address inside the site, ending in '/', like 'search/'" + _CHARACTERS,
            lambda value: isinstance(value, str) and value.endswith("/") and _folder(value[:-1]),
        ),
        "Where the search page is; the header's search box sends ?q=... there.",
    ),
    Setting(
        "SITE_SEARCH_BUNDLE_PATH",
        "pagefind",
        kinds.Kind("a folder name inside the output, like 'pagefind'" + _CHARACTERS, _folder),
        "The folder in the output that Pagefind writes the search index and its script to.",
    ),
    checks=[_different_folders],
)


def check_settings(settings) -> dict:
    values = SETTINGS.read(settings)
    return {"page": values["SITE_SEARCH_PAGE_URL"], "bundle": values["SITE_SEARCH_BUNDLE_PATH"]}


def urls(settings) -> dict:
    """Root-relative URLs (the path of SITEURL, if any, kept): they work on
    whatever host serves the output, and under the strict CSP's 'self'."""
    values = check_settings(settings)
    root = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    return {
        "base": f"{root}/",
        "page": f"{root}/{values['page']}",
        "bundle": f"{root}/{values['bundle']}/",
        "path": values["page"],  # below the site root, for the canonical link
    }


# This build's published URLs, by generator ("articles", "pages").
_STATE: dict = {}


def on_initialized(pelican):
    check_settings(pelican.settings)
    executable()
    _STATE.clear()


def add_global(generator):
    generator.env.globals["site_search"] = urls(generator.settings)


class SearchPageGenerator(Generator):
    """Writes the search page from the theme's search.html."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        page = check_settings(self.settings)["page"]
        writer.write_file(
            posixpath.join(page, "index.html"),
            self.get_template(TEMPLATE),
            self.context,
            page_name=page.rstrip("/"),
            url=page,
            search_page=True,  # the header leaves out its own search box
        )


def get_generators(pelican):
    return SearchPageGenerator


def _published(items):
    return {"/" + item.url for item in items if getattr(item, "status", "published") == "published"}


def note_articles(generator):
    _STATE["articles"] = _published([*generator.articles, *generator.translations])


def note_pages(generator):
    _STATE["pages"] = _published([*generator.pages, *generator.translations])


def index_site(pelican):
    bundle = check_settings(pelican.settings)["bundle"]
    if not scope_of(pelican.settings).whole:
        # `invoke serve`'s fast previews write a few pages:
        # there is no whole site to index or check.
        logger.info("site_search: a preview of some pages; the last full build's index stays")
        return
    site = Path(pelican.output_path)
    expected = _STATE.get("articles", set()) | _STATE.get("pages", set())
    if not expected:
        # With no data-pagefind-body anywhere Pagefind would index every page.
        logger.info("site_search: nothing is published yet, so there is no search index")
        return
    report = build_index(site, bundle)
    indexed = {page["url"] for page in read_fragments(report.bundle)}
    problems = compare(indexed, expected)
    if problems:
        raise SearchIndexError(
            "site_search: the search index is wrong:\n" + "\n".join(f"  {p}" for p in problems)
        )
    logger.info(report.summary())


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(add_global)
    signals.get_generators.connect(get_generators)
    signals.article_generator_finalized.connect(note_articles)
    signals.page_generator_finalized.connect(note_pages)
    signals.finalized.connect(index_site)
