"""feedgen_feeds: the site's Atom, RSS and JSON feeds, written with feedgen.

Writes feeds/all.atom.xml, feeds/all.rss.xml, feeds/all.json and, for each
category, feeds/category/<slug>.atom.xml and .rss.xml. Pelican's own feeds are
all off (their settings are None in both settings files). Adds FEEDS to the
template context for autodiscovery links and the Subscribe page. In a
build that writes only some pages (build_scope: `invoke serve`'s fast
previews) only the feeds that carry one of them are written.

Settings: SETTINGS below (README.md, "Settings"). Pelican's own feed
settings must stay None.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from blinker import signal
from build_scope import scope_of
from html_policy import policy_from_settings
from pelican import signals
from pluginkit import PluginSettings, Setting, bad_setting, kinds, site_url

try:
    from pluginkit import site_url
except ImportError:  # Pelican does not put PLUGIN_PATHS on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pluginkit import site_url

from .entries import build_entry, is_feedable, newest_first
from .writers import FeedInfo, atom_bytes, json_feed_bytes, rss_bytes

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


def _pelican_feeds_off(_values, settings) -> list[str]:
    return [
        bad_setting(
            key,
            settings.get(key),
            "None. This site's feeds are written by feedgen_feeds; Pelican's own feeds must "
            "stay off",
        )
        for key in PELICAN_FEED_SETTINGS
        if settings.get(key)
    ]


SETTINGS = PluginSettings(
    "feedgen_feeds",
    "FEEDGEN_FEEDS_",
    Setting(
        "FEEDGEN_FEEDS_MAX_ITEMS",
        20,
        kinds.whole_number(1),
        "Entries in each feed, newest first.",
    ),
    Setting(
        "FEEDGEN_FEEDS_TAG_AUTHORITY",
        None,
        kinds.Kind(
            "the site's domain name, such as 'thcvs.org.uk' (it goes into every entry id: "
            "never change it)",
            lambda value: isinstance(value, str) and bool(_AUTHORITY.match(value)),
        ),
        "The domain in every entry's id. Never change it: feed readers would show every "
        "post again as new.",
    ),
    Setting(
        "FEEDGEN_FEEDS_SUBTITLE",
        "",
        kinds.text(empty=True),
        "The feeds' description (SITENAME when empty).",
    ),
    Setting(
        "FEEDGEN_FEEDS_ICON",
        "theme/images/favicon.svg",
        kinds.text(empty=True),
        "The feed icon, as a path on the site.",
    ),
    checks=[_pelican_feeds_off],
)


def check_settings(settings) -> dict:
    return SETTINGS.read(settings)


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
        # Entries are cleaned with the pages' own allowlist (feed_html.py).
        policy = policy_from_settings(self.settings)
        return [
            build_entry(
                article,
                site_url=base,
                authority=self.values["FEEDGEN_FEEDS_TAG_AUTHORITY"],
                extra_html=appended_html(article, self.settings),
                policy=policy,
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
        scope = scope_of(self.settings)
        if not scope.whole:
            # A fast preview changes the text of these posts only: the feeds
            # that do not carry one of them stay as they are.
            feeds = [feed for feed in feeds if any(scope.includes(a.source_path) for a in feed[1])]
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
