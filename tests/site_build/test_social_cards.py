"""Link previews: every post's og:image is an absolute URL to a PNG in the
output, at the width and height the page says, with alt text."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from social_cards.cards import png_size

from .html import page_at, pages, soup, url_of
from .test_findings import feed_image
from .test_site import SEED_POST_URL

FINDINGS_URL = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"


def card(head) -> dict:
    values = {}
    for prop in ("og:image", "og:image:width", "og:image:height", "og:image:alt", "og:image:type"):
        meta = head.find("meta", property=prop)
        values[prop] = meta["content"] if meta else None
    values["twitter:card"] = head.find("meta", attrs={"name": "twitter:card"})["content"]
    return values


@pytest.mark.parametrize(
    "site_fixture,origin",
    [("dev_site", "http://127.0.0.1:8000"), ("prod_site", "https://www.thcvs.org.uk")],
)
def test_every_page_og_image_exists_in_the_output(site_fixture, origin, request):
    site = request.getfixturevalue(site_fixture)
    articles = 0
    for path in pages(site):
        head = soup(path).head
        if head is None:
            continue
        url = url_of(site, path)
        found = card(head)
        assert found["og:image"] and found["og:image"].startswith(origin + "/"), url
        image = site / urlsplit(found["og:image"]).path.lstrip("/")
        assert image.is_file(), (url, found["og:image"])
        assert png_size(image.read_bytes()) == (
            int(found["og:image:width"]),
            int(found["og:image:height"]),
        ), url
        assert found["og:image:alt"].strip(), url
        assert found["og:image:type"] == "image/png", url
        assert found["twitter:card"] == "summary_large_image", url
        if head.find("meta", property="og:type")["content"] == "article":
            articles += 1
    assert articles >= 2


def test_a_findings_post_shows_its_first_chart(dev_site):
    page = soup(page_at(dev_site, FINDINGS_URL))
    first = feed_image(page.select_one("figure.chart"))
    found = card(page.head)
    assert found["og:image"] == "http://127.0.0.1:8000" + first["src"]
    assert found["og:image:alt"] == first["alt"]
    assert int(found["og:image:width"]) == 2 * int(first["width"])


def test_other_posts_show_the_default_card(dev_site):
    found = card(soup(page_at(dev_site, SEED_POST_URL)).head)
    assert found["og:image"] == "http://127.0.0.1:8000/theme/images/social-card.png"
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    assert found["og:image:alt"].startswith("Tower Hamlets CVS")


def test_a_missing_card_image_stops_the_build(project):
    from tests.conftest import run_invoke

    (project / "theme" / "static" / "images" / "social-card.png").unlink()
    result = run_invoke(project, "build")
    assert result.returncode != 0
    assert (
        "social_cards: setting SOCIAL_CARDS_DEFAULT_IMAGE = 'images/social-card.png': "
        "expected a file" in (result.stdout + result.stderr)
    )
    assert not (project / "output").exists()
