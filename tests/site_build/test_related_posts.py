"""Related reading and newer/older within the category, on a fixture site:
the real content plus a handful of posts whose tags say what should be related."""

from __future__ import annotations

import pytest

from tests.conftest import copy_project, run_invoke

from .html import page_at, soup
from .test_site import SEED_POST_URL

FINDINGS_URL = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"

POSTS = {
    # slug: (title, date, category, tags, status)
    "fair": (
        "Volunteers needed for the winter fair",
        "2026-10-01",
        "News",
        "volunteering, events",
        "published",
    ),
    "awards": ("Volunteer awards open", "2026-10-02", "News", "volunteering", "published"),
    "bids": ("Tips for funding bids", "2026-10-03", "News", "funding", "published"),
    "events": ("Winter events round-up", "2026-10-04", "News", "events", "published"),
    "risk": (
        "Commissioning and risk",
        "2026-10-05",
        "CEO blog",
        "risk, commissioning",
        "published",
    ),
    "draft": ("Draft about volunteering", "2026-10-06", "News", "volunteering, events", "draft"),
    "hidden": ("Hidden volunteering note", "2026-10-07", "News", "volunteering, events", "hidden"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("related") / "project")
    for slug, (title, date, category, tags, status) in POSTS.items():
        (project / "content" / "posts" / f"{date}-{slug}.md").write_text(
            f"Title: {title}\nDate: {date} 10:00\nCategory: {category}\nTags: {tags}\n"
            f"Author: A Writer\nSummary: About {title.lower()}.\nStatus: {status}\n\nText.\n",
            encoding="utf-8",
        )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


SLUGS = {
    "fair": "volunteers-needed-for-the-winter-fair",
    "awards": "volunteer-awards-open",
    "bids": "tips-for-funding-bids",
    "events": "winter-events-round-up",
    "risk": "commissioning-and-risk",
    "hidden": "hidden-volunteering-note",
}


def url(slug):
    return f"/2026/10/{SLUGS[slug]}/"


def related_links(site, page_url):
    section = soup(page_at(site, page_url)).find("section", class_="related")
    if section is None:
        return []
    assert section.find("h2").get_text(strip=True) == "Related reading"
    assert section["aria-labelledby"] == section.find("h2")["id"]
    return [a["href"] for a in section.select("li > a")]


def nav_links(site, page_url):
    nav = soup(page_at(site, page_url)).find("nav", class_="post-nav")
    if nav is None:
        return {}
    return {
        li["class"][0]: (li.a["href"], li.find(class_="post-nav-label").get_text(strip=True))
        for li in nav.find_all("li")
    }


def test_shared_tags_come_first_then_newer_then_category_only(site):
    # fair shares "events" with events (newer) and "volunteering" with awards:
    # equal scores, newer first; bids shares only the category. awards is
    # fair's "Newer in News", offered there, so not again here.
    assert nav_links(site, url("fair"))["post-nav-newer"][0] == url("awards")
    assert related_links(site, url("fair")) == [url("events"), url("bids")]


def test_the_ceo_post_is_related_to_its_neighbours_in_topic(site):
    # risk: two shared tags and the category, but it is "Older in CEO blog",
    # offered there; the findings: two shared tags.
    assert related_links(site, SEED_POST_URL) == [FINDINGS_URL]


def test_at_most_three_never_itself_never_a_draft_or_hidden_post(site):
    for slug in ("fair", "awards", "bids", "events", "risk"):
        links = related_links(site, url(slug))
        assert len(links) <= 3
        # Each post is offered once: never both here and as newer or older.
        assert not set(links) & {href for href, _ in nav_links(site, url(slug)).values()}
        assert url(slug) not in links
        assert url("hidden") not in links
        assert not any("/drafts/" in link for link in links)


def test_a_shared_tag_across_categories_beats_a_shared_category(site):
    # "bids" shares its tag "funding" with the findings (Sector findings), and
    # only its category with the other News posts, which follow newest first:
    # events and awards are its newer and older, offered beside, so fair.
    assert related_links(site, url("bids")) == [FINDINGS_URL, url("fair")]


def test_newer_and_older_stay_in_the_category(site):
    nav = nav_links(site, url("bids"))
    assert nav["post-nav-newer"] == (url("events"), "Newer in News")
    assert nav["post-nav-older"] == (url("awards"), "Older in News")
    # The newest CEO blog post: only an older one, from the CEO blog.
    seed = nav_links(site, SEED_POST_URL)
    assert seed == {"post-nav-older": (url("risk"), "Older in CEO blog")}
    # The only Sector findings post has no neighbours.
    assert nav_links(site, FINDINGS_URL) == {}


def test_a_draft_preview_shows_what_it_will_have(site):
    draft = "/drafts/draft-about-volunteering/"
    # events, its "Older in News", is offered there rather than here.
    assert related_links(site, draft) == [url("fair"), url("awards"), url("bids")]
    assert nav_links(site, draft)["post-nav-older"][0] == url("events")
