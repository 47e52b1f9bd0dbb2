"""Atom and RSS through feedgen, and JSON Feed 1.1 from the same entries.

feedgen 1.0.0 quirks, worked around on purpose:
- add_entry() prepends by default, which reverses the order: entries are
  added with order="append", newest first.
- The RSS channel <link> is whichever fg.link() was called last, so the
  feed's rel="self" link is set first and rel="alternate" (the site) last.
- Entry links lose their rel/type/length attributes in Atom output, so each
  entry gets exactly one link: its page, which Atom reads as rel="alternate"
  when rel is absent. No enclosures (they would lose their type and length).
- The feed's <updated> defaults to the time of the build: it is set from the
  newest entry so an unchanged site gives byte-identical feeds. (RSS
  lastBuildDate likewise.)
- Content with type "CDATA" would be written as an invalid Atom type, so
  HTML goes in as type "html" (escaped), which both formats accept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    site_url: str  # the page this feed follows (home or category page)
    atom_url: str
    rss_url: str
    json_url: str | None
    author: str
    language: str
    icon_url: str
    feed_id: str


def _generator(info: FeedInfo, entries, self_url: str, self_type: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> must be an email
    fg.id(info.feed_id)
    fg.title(info.title)
    fg.subtitle(info.subtitle)
    fg.author({"name": info.author})
    fg.language(info.language)
    fg.icon(
        info.icon_url
    )  # Atom only. No logo: it becomes the RSS <image>, which must be GIF, JPEG or PNG.
    fg.generator("Pelican with feedgen")  # no uri: the feed names no other site
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=info.site_url, rel="alternate", type="text/html")  # last: the RSS <link>
    newest = max((e.updated for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)  # also the RSS guid, with isPermaLink="false"
        fe.title(entry.title)
        fe.link(href=entry.url)
        fe.published(entry.published)
        fe.updated(entry.updated)
        for name in entry.authors:
            fe.author({"name": name})
            fe.dc.dc_creator(name, replace=False)
        terms = ([entry.category] if entry.category else []) + list(entry.tags)
        for term in terms:
            fe.category(term=term.name, label=term.name, scheme=term.url.rsplit("/", 2)[0] + "/")
        fe.summary(entry.summary_html, type="html")
        fe.content(entry.content_html, type="html")
    return fg


def atom_bytes(info: FeedInfo, entries) -> bytes:
    return _generator(info, entries, info.atom_url, "application/atom+xml").atom_str(pretty=True)


def rss_bytes(info: FeedInfo, entries) -> bytes:
    return _generator(info, entries, info.rss_url, "application/rss+xml").rss_str(pretty=True)


def json_feed_bytes(info: FeedInfo, entries) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "description": info.subtitle,
        "home_page_url": info.site_url,
        "feed_url": info.json_url,
        "favicon": info.icon_url,
        "language": info.language,
        "authors": [{"name": info.author}],
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "content_html": e.content_html,
                # JSON Feed 1.1: "a plain text sentence or two", not HTML.
                "summary": e.summary_text,
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "authors": [{"name": name} for name in e.authors],
                "tags": ([e.category.name] if e.category else []) + [t.name for t in e.tags],
            }
            for e in entries
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
