"""feedgen_feeds: the site's Atom, RSS and JSON feeds, written with feedgen.

Writes feeds/all.atom.xml, feeds/all.rss.xml, feeds/all.json and, for each
category, feeds/category/<slug>.atom.xml and .rss.xml. Pelican's own feeds are
all off (their settings are None in both settings files). Adds FEEDS to the
template context for autodiscovery links and the Subscribe page. In a
partial build (partial_build: `invoke serve`'s fast previews) only the feeds
that carry one of the changed posts are written.

Settings (checked when Pelican starts):
  FEEDGEN_FEEDS_MAX_ITEMS      entries per feed, newest first (default 20)
  FEEDGEN_FEEDS_TAG_AUTHORITY  the domain in entry ids (tag: URIs); never change it
  FEEDGEN_FEEDS_SUBTITLE       the feeds' description
  FEEDGEN_FEEDS_ICON           site path of the feed icon
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from blinker import signal
from pelican import signals

try:
    from pluginkit import site_url
except ImportError:  # Pelican does not put PLUGIN_PATHS on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pluginkit import site_url

from .entries import build_entry, is_feedable, newest_first
from .writers import FeedInfo, atom_bytes, json_feed_bytes, rss_bytes

DEFAULTS = {
    "FEEDGEN_FEEDS_MAX_ITEMS": 20,
    "FEEDGEN_FEEDS_TAG_AUTHORITY": None,
    "FEEDGEN_FEEDS_SUBTITLE": "",
    "FEEDGEN_FEEDS_ICON": "theme/images/favicon.svg",
}
PELICAN_FEED_SETTINGS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)
_AUTHORITY = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class FeedSettingsError(Exception):
    pass


def check_settings(settings) -> dict:
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    items = values["FEEDGEN_FEEDS_MAX_ITEMS"]
    if isinstance(items, bool) or not isinstance(items, int) or items < 1:
        raise FeedSettingsError(
            f"feedgen_feeds: setting FEEDGEN_FEEDS_MAX_ITEMS = {items!r}: expected a whole number of 1 or more."
        )
    authority = values["FEEDGEN_FEEDS_TAG_AUTHORITY"]
    if not isinstance(authority, str) or not _AUTHORITY.match(authority):
        raise FeedSettingsError(
            f"feedgen_feeds: setting FEEDGEN_FEEDS_TAG_AUTHORITY = {authority!r}: expected the "
            "site's domain name, such as 'thcvs.org.uk' (it goes into every entry id: never change it)."
        )
    for key in ("FEEDGEN_FEEDS_SUBTITLE", "FEEDGEN_FEEDS_ICON"):
        if not isinstance(values[key], str):
            raise FeedSettingsError(
                f"feedgen_feeds: setting {key} = {values[key]!r}: expected text."
            )
    switched_on = [key for key in PELICAN_FEED_SETTINGS if settings.get(key)]
    if switched_on:
        raise FeedSettingsError(
            f"feedgen_feeds: setting {switched_on[0]} = {settings.get(switched_on[0])!r}: expected None. "
            "This site's feeds are written by feedgen_feeds; Pelican's own feeds must stay off."
        )
    return values


def feed_paths(category_slug: str | None = None) -> dict[str, str]:
    if category_slug is None:
        return {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml", "json": "feeds/all.json"}
    base = f"feeds/category/{category_slug}"
    return {"atom": f"{base}.atom.xml", "rss": f"{base}.rss.xml"}


# Extension point: receivers get (article, settings=...) and return HTML to
# add at the end of that post's feed entry (the survey call to action uses it).
# Connect a module-level function: signal receivers are weak references.
feed_entry_append = signal("feedgen_feeds.feed_entry_append")


def appended_html(article, settings) -> str:
    replies = feed_entry_append.send(article, settings=settings)
    return "".join(html or "" for _receiver, html in replies)


class FeedsGenerator:
    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)
        self.values = check_settings(settings)

    def generate_context(self):
        base = site_url(self.settings)
        # Runs after Pelican's ArticlesGenerator has found the categories.
        self.context["FEEDS"] = {
            "all": {kind: f"{base}/{path}" for kind, path in feed_paths().items()},
            "categories": {
                category.slug: {
                    kind: f"{base}/{path}" for kind, path in feed_paths(category.slug).items()
                }
                for category, _articles in self.context.get("categories", [])
            },
        }

    def _info(self, title, page_url, paths, feed_id):
        base = site_url(self.settings)
        return FeedInfo(
            title=title,
            subtitle=self.values["FEEDGEN_FEEDS_SUBTITLE"] or self.settings.get("SITENAME", ""),
            site_url=page_url,
            atom_url=f"{base}/{paths['atom']}",
            rss_url=f"{base}/{paths['rss']}",
            json_url=f"{base}/{paths['json']}" if "json" in paths else None,
            author=self.settings.get("AUTHOR") or self.settings.get("SITENAME", ""),
            language=self.settings.get("DEFAULT_LANG", "en"),
            icon_url=f"{base}/{self.values['FEEDGEN_FEEDS_ICON']}",
            feed_id=feed_id,
        )

    def _chosen(self, articles, now):
        chosen = [a for a in newest_first(articles) if is_feedable(a, now)]
        return chosen[: self.values["FEEDGEN_FEEDS_MAX_ITEMS"]]

    def _entries(self, chosen):
        base = site_url(self.settings)
        return [
            build_entry(
                article,
                site_url=base,
                authority=self.values["FEEDGEN_FEEDS_TAG_AUTHORITY"],
                extra_html=appended_html(article, self.settings),
            )
            for article in chosen
        ]

    def _write(self, relative: str, data: bytes):
        path = self.output_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def generate_output(self, writer):
        now = datetime.now(UTC)
        base = site_url(self.settings)
        authority = self.values["FEEDGEN_FEEDS_TAG_AUTHORITY"]
        sitename = self.settings.get("SITENAME", "")
        feeds = [
            (
                self._info(sitename, f"{base}/", feed_paths(), f"tag:{authority},2026:feed"),
                self._chosen(self.context.get("articles", []), now),
                feed_paths(),
            )
        ]
        for category, articles in self.context.get("categories", []):
            paths = feed_paths(category.slug)
            info = self._info(
                f"{sitename}: {category.name}",
                f"{base}/{category.url}",
                paths,
                f"tag:{authority},2026:feed:category:{category.slug}",
            )
            feeds.append((info, self._chosen(articles, now), paths))
        partial = self.settings.get("PARTIAL_BUILD_SOURCES")
        if partial is not None:
            # A fast preview (partial_build) changes the text of these posts
            # only: the feeds that do not carry one of them stay as they are.
            wanted = {os.path.abspath(p) for p in partial} | {os.path.realpath(p) for p in partial}
            feeds = [feed for feed in feeds if any(a.source_path in wanted for a in feed[1])]
        for info, chosen, paths in feeds:
            entries = self._entries(chosen)
            self._write(paths["atom"], atom_bytes(info, entries))
            self._write(paths["rss"], rss_bytes(info, entries))
            if "json" in paths:
                self._write(paths["json"], json_feed_bytes(info, entries))


def check_at_start(pelican):
    check_settings(pelican.settings)


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(check_at_start)
    signals.get_generators.connect(get_generators)
