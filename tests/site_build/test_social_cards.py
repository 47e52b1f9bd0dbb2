"""Link previews: every post's og:image is an absolute URL to a PNG in the
output, at the width and height the page says, with alt text."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from social_cards.cards import png_size
from social_cards.findings_card import render_card

from .html import label_band_drawn, page_at, pages, soup, url_of
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


def card_png(site, found, origin="http://127.0.0.1:8000") -> bytes:
    assert found["og:image"].startswith(origin + "/social-cards/"), found["og:image"]
    return page_at(site, found["og:image"][len(origin) :]).read_bytes()


def test_a_findings_post_has_a_card_of_its_first_chart(dev_site):
    page = soup(page_at(dev_site, FINDINGS_URL))
    first = page.select_one("figure.chart")
    found = card(page.head)
    data = card_png(dev_site, found)
    assert png_size(data) == (1200, 630)
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    title = " ".join(first.select_one(".chart-title").get_text(" ").split())
    assert title in found["og:image:alt"] and feed_image(first)["alt"] in found["og:image:alt"]
    # The chart, its title and the site's name are drawn: the card is the
    # one findings_card draws from them, and a card with another title or
    # site name is a different picture.
    chart = page_at(dev_site, feed_image(first)["src"]).read_bytes()
    label = "Illustrative data: these are not real survey results."
    assert render_card(chart, title, "Tower Hamlets CVS", label) == data
    assert render_card(chart, "Another title", "Tower Hamlets CVS", label) != data
    assert render_card(chart, title, "Another site", label) != data


def test_a_findings_card_from_illustrative_data_shows_the_label(dev_site):
    data = card_png(dev_site, card(soup(page_at(dev_site, FINDINGS_URL)).head))
    assert label_band_drawn(data, 80)
    assert card(soup(page_at(dev_site, FINDINGS_URL)).head)["og:image:alt"].startswith(
        "Illustrative data: these are not real survey results. "
    )


@pytest.fixture(scope="module")
def real_data_site(tmp_path_factory):
    """The project with the 2025 edition marked as real (illustrative: false)."""
    from tests.conftest import copy_project, run_invoke

    project = copy_project(tmp_path_factory.mktemp("real-data") / "project")
    survey = project / "content" / "data" / "state-of-the-sector-2025" / "survey.yaml"
    text = survey.read_text(encoding="utf-8")
    assert "illustrative: true\n" in text
    survey.write_text(text.replace("illustrative: true\n", "illustrative: false\n"), "utf-8")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_real_data_carries_no_label_anywhere(real_data_site):
    """The same post from real data: a card without the label band, chart
    PNGs without it, descriptions and feed summaries starting with the
    summary itself."""
    page = soup(page_at(real_data_site, FINDINGS_URL))
    found = card(page.head)
    data = card_png(real_data_site, found)
    assert png_size(data) == (1200, 630)
    assert not label_band_drawn(data, 80)
    assert "Illustrative" not in found["og:image:alt"]
    src = feed_image(page.select_one("figure.chart"))["src"]
    assert not label_band_drawn(page_at(real_data_site, src).read_bytes(), 40)
    for tag in (
        page.find("meta", attrs={"name": "description"}),
        page.find("meta", property="og:description"),
    ):
        assert tag["content"].startswith("Four in ten organisations"), tag
    items = json.loads((real_data_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    summaries = [item["summary"] for item in items["items"]]
    assert any(summary.startswith("Four in ten organisations") for summary in summaries)
    assert not any("Illustrative" in summary for summary in summaries)


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
