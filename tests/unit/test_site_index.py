from datetime import UTC, datetime

from lxml import etree
from site_index.sitemap import robots_txt, sitemap_xml


def test_sitemap_is_valid_xml_with_unique_urls_and_dates():
    when = datetime(2026, 11, 24, 9, tzinfo=UTC)
    xml = sitemap_xml(
        [("https://x.test/", when), ("https://x.test/a&b/", None), ("https://x.test/", when)]
    )
    tree = etree.fromstring(xml.encode())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert tree.xpath("//s:loc/text()", namespaces=ns) == ["https://x.test/", "https://x.test/a&b/"]
    assert tree.xpath("//s:lastmod/text()", namespaces=ns) == ["2026-11-24T09:00:00+00:00"]


def test_robots_points_at_the_sitemap():
    assert "Sitemap: https://x.test/sitemap.xml" in robots_txt("https://x.test")
