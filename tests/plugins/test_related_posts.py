"""related_posts in a real Pelican: what it sets on published, hidden and
draft posts, read through a one-template theme that prints those attributes
(every other page falls back to Pelican's "simple" theme)."""

from __future__ import annotations

import pytest

from tests.plugins.fixture_site import build_fixture_site

ARTICLE = """\
related: {{ article.related_posts|map(attribute="slug")|join(" ") }}
newer: {{ article.category_newer.slug if article.category_newer else "-" }}
older: {{ article.category_older.slug if article.category_older else "-" }}
"""

POSTS = {
    # slug: (date, category, tags, status)
    "fair": ("2026-10-01", "News", "volunteering, events", "published"),
    "awards": ("2026-10-02", "News", "volunteering", "published"),
    "bids": ("2026-10-03", "News", "funding", "published"),
    "events": ("2026-10-04", "News", "Events", "published"),
    "risk": ("2026-10-05", "CEO blog", "funding, risk", "published"),
    "draft": ("2026-10-06", "News", "volunteering, events", "draft"),
    "hidden": ("2026-10-07", "News", "volunteering, events", "hidden"),
}


def source(slug, date, category, tags, status):
    return (
        f"Title: {slug.title()}\nSlug: {slug}\nDate: {date} 10:00\nCategory: {category}\n"
        f"Tags: {tags}\nStatus: {status}\n\nText.\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("related")
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "article.html").write_text(ARTICLE, encoding="utf-8")
    (theme / "static").mkdir()
    result = build_fixture_site(
        tmp_path,
        plugins=["related_posts"],
        files={f"posts/{slug}.md": source(slug, *spec) for slug, spec in POSTS.items()},
        settings={
            "RELATED_POSTS_MAX": 2,
            "ARTICLE_SAVE_AS": "{slug}.html",
            "DRAFT_SAVE_AS": "drafts/{slug}.html",
        },
        theme=theme,
    )
    assert result.ok, result.log
    return result.output


def shown(site, page):
    lines = (site / page).read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


def test_shared_tags_first_then_newer_up_to_the_setting(site):
    # fair shares "events" (any case) with events, then "volunteering" with
    # awards; but awards is fair's newer post, offered as that, so bids.
    assert shown(site, "fair.html")["related"].split() == ["events", "bids"]
    # bids shares a tag with risk (another category) before its own category,
    # whose events and awards are its newer and older posts, so fair.
    assert shown(site, "bids.html")["related"].split() == ["risk", "fair"]


def test_newer_and_older_stay_in_the_category(site):
    bids, risk = shown(site, "bids.html"), shown(site, "risk.html")
    assert not {bids["newer"], bids["older"]} & set(bids["related"].split())
    assert (bids["newer"], bids["older"]) == ("events", "awards")
    # The only CEO blog post: no neighbours, though News posts are either side.
    assert (risk["newer"], risk["older"]) == ("-", "-")


def test_drafts_and_hidden_posts_get_links_but_are_never_linked_to(site):
    for page in ("fair.html", "awards.html", "bids.html", "events.html", "risk.html"):
        links = shown(site, page)
        assert not {"draft", "hidden"} & {*links["related"].split(), links["newer"]}
    # Each is offered once: events, the older post, is not related reading too.
    assert shown(site, "drafts/draft.html") == {
        "related": "fair awards",
        "newer": "-",
        "older": "events",
    }
    assert shown(site, "hidden.html")["related"].split() == ["fair", "awards"]


def test_a_bad_setting_stops_the_build_with_its_name(tmp_path):
    result = build_fixture_site(
        tmp_path,
        plugins=["related_posts"],
        files={"posts/a.md": source("a", "2026-01-01", "News", "x", "published")},
        settings={"RELATED_POSTS_MAX": 0},
    )
    assert not result.ok
    assert "RELATED_POSTS_MAX = 0: expected a whole number of posts from 1 to 10" in result.log
