"""The site's own address, for links that must be absolute (feeds, sitemap,
social cards, canonical links)."""

from __future__ import annotations

from collections.abc import Mapping


def site_url(settings: Mapping) -> str:
    """SITEURL in production; SITE_DEV_URL in development, where SITEURL is
    empty and pages link root-relative. No trailing slash."""
    return (settings.get("SITEURL") or settings.get("SITE_DEV_URL") or "").rstrip("/")
