"""sitemap.xml and robots.txt, from a list of (absolute URL, last modified)."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape


def sitemap_xml(entries: list[tuple[str, datetime | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    seen = set()
    for url, modified in entries:
        if url in seen:
            continue
        seen.add(url)
        lines.append(f"  <url><loc>{escape(url)}</loc>")
        if modified is not None:
            lines.append(f"    <lastmod>{modified.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return (
        "# Every page may be indexed; the list of pages is in the sitemap.\n"
        "User-agent: *\n"
        "Disallow: /drafts/\n"
        f"\nSitemap: {site_url}/sitemap.xml\n"
    )
