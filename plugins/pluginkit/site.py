"""The site's own address, for links that must be absolute (feeds, sitemap,
social cards, canonical links)."""

from __future__ import annotations

from collections.abc import Mapping


def site_url(settings: Mapping) -> str:
    """SITEURL in production; SITE_DEV_URL in development, where SITEURL is
    empty and pages link root-relative. No trailing slash."""
    return (settings.get("SITEURL") or settings.get("SITE_DEV_URL") or "").rstrip("/")


# The lists of posts and pages Pelican's generators keep, every kind: a plugin
# that must see every post and page (published, hidden, draft, translations)
# reads these attributes of the article and page generators.
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
