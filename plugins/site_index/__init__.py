"""site_index: writes sitemap.xml and robots.txt into the output.

The list comes from Pelican's context (published articles and pages, and the
category, tag and author pages), never from walking the output folder, so an
old file left in the folder is never listed. Uses SITEURL, or SITE_DEV_URL in
development where SITEURL is empty. A build that writes only some pages
(build_scope: `invoke serve`'s fast previews of a text edit) writes neither:
no address or date in them changes.
"""

from __future__ import annotations

from pathlib import Path

from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, site_url

from .sitemap import robots_txt, sitemap_xml

# No settings yet; declared so that a SITE_INDEX_... key is refused, not ignored.
SETTINGS = PluginSettings("site_index", "SITE_INDEX_")


def _newest(articles):
    dates = [getattr(a, "modified", None) or a.date for a in articles]
    return max(dates) if dates else None


def collect_entries(context, settings):
    base = site_url(settings)

    def absolute(url):
        return f"{base}/{url}"

    articles = context.get("articles", [])
    entries = [(absolute(""), _newest(articles))]
    for name in ("ARCHIVES", "CATEGORIES", "TAGS", "AUTHORS"):
        url = settings.get(f"{name}_URL")
        if url and settings.get(f"{name}_SAVE_AS"):
            entries.append((absolute(url), _newest(articles)))
    for article in articles:
        entries.append((absolute(article.url), getattr(article, "modified", None) or article.date))
    for page in context.get("pages", []):
        entries.append((absolute(page.url), getattr(page, "modified", None)))
    for key in ("categories", "tags", "authors"):
        for item, items_articles in context.get(key, []):
            entries.append((absolute(item.url), _newest(items_articles)))
    return entries


class SiteIndexGenerator:
    """Runs after Pelican's own generators (get_generators adds it to the end)."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not scope_of(self.settings).whole:
            return
        entries = collect_entries(self.context, self.settings)
        (self.output_path / "sitemap.xml").write_text(sitemap_xml(entries), encoding="utf-8")
        (self.output_path / "robots.txt").write_text(
            robots_txt(site_url(self.settings)), encoding="utf-8"
        )


def get_generators(pelican):
    return SiteIndexGenerator


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
