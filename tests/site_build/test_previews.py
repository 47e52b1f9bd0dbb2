"""Honest previews: a draft says it is a draft, a post dated in the future says
when it is scheduled and is not listed at the top of the home page as if it
were live, and a draft's category, tags and author do not lead to pages that
are not there. Production pages are untouched by any of it.

The real project is built as a writer builds it (`invoke build`,
`invoke publish-build`) with a draft post, a draft page and a post dated in
2099 added, and the HTML is read back."""

from __future__ import annotations

import filecmp
import shutil

import pytest

from tests.conftest import copy_project, run_invoke
from tests.site_build.html import internal_target, page_at, soup

DRAFT = """\
Title: Volunteers needed for the winter fair
Date: 2026-12-01 10:15
Category: News
Tags: volunteering, winter fair
Author: Jo Smith
Summary: We need ten volunteers to help run stalls on 12 December.
Status: draft

Our winter fair is back on 12 December.
"""
DRAFT_URL = "/drafts/volunteers-needed-for-the-winter-fair/"

FUTURE = """\
Title: A new year for the sector
Date: 2099-01-05 09:00
Category: CEO blog
Tags: co-production
Author: Damian Brady (Interim CEO)
Summary: What the year ahead holds.
Survey: no

Happy new year.
"""
FUTURE_URL = "/2099/01/a-new-year-for-the-sector/"

DRAFT_PAGE = """\
Title: Volunteering with us
Status: draft

How to volunteer with the CVS.
"""
DRAFT_PAGE_URL = "/drafts/pages/volunteering-with-us/"

NOTICE_WORDS = ("Draft — not published", "Scheduled for", "Scheduled: not on the live site")


def add_preview_content(project):
    (project / "content" / "posts" / "2026-12-01-winter-fair.md").write_text(DRAFT)
    (project / "content" / "posts" / "2099-01-05-new-year.md").write_text(FUTURE)
    (project / "content" / "pages" / "volunteering.md").write_text(DRAFT_PAGE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(project, its development build) with the draft and future posts added."""
    project = copy_project(tmp_path_factory.mktemp("previews") / "project")
    add_preview_content(project)
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "output"


def notice(site, url):
    """The preview notice on a page: a region named by its title."""
    doc = soup(page_at(site, url))
    main = doc.find("main")
    (region,) = main.select(".preview-notice")
    assert region.get("role") == "region"
    title = doc.find(id=region["aria-labelledby"])
    assert title is not None and region in title.parents
    return region, " ".join(title.get_text().split())


def test_a_draft_says_it_is_a_draft_and_how_to_publish_it(built):
    _, site = built
    region, title = notice(site, DRAFT_URL)
    assert title == "Draft — not published"
    text = " ".join(region.get_text().split())
    assert "it is not on the live site" in text
    assert (
        "change Status: draft to Status: published in content/posts/2026-12-01-winter-fair.md"
        in text
    )
    # The notice comes first in <main>, where the skip link lands.
    main = soup(page_at(site, DRAFT_URL)).find("main")
    assert main.find(True) == main.select_one(".preview-notice")


def test_a_drafts_category_tags_and_author_are_text_not_broken_links(built):
    _, site = built
    doc = soup(page_at(site, DRAFT_URL))
    article = doc.select_one("article.post")
    assert "By Jo Smith" in " ".join(article.select_one(".byline").get_text().split())
    assert article.select_one(".post-category").get_text(strip=True) == "In News"
    assert [li.get_text(strip=True) for li in article.select(".tags li")] == [
        "volunteering",
        "winter fair",
    ]
    assert article.select("a[href*='/tag/'], a[href*='/category/'], a[href*='/author/']") == []
    # Before, these led nowhere: the tag and author pages list published posts only.
    assert not page_at(site, "/tag/winter-fair/").exists()
    assert not page_at(site, "/author/jo-smith/").exists()
    # Every link left on the draft's page works.
    for link in doc.find_all("a", href=True):
        target = internal_target(link["href"], DRAFT_URL)
        if target is not None:
            assert page_at(site, target).exists(), link


def test_a_draft_page_says_it_is_a_draft(built):
    _, site = built
    region, title = notice(site, DRAFT_PAGE_URL)
    assert title == "Draft — not published"
    assert "content/pages/volunteering.md" in region.get_text()
    # A page has no category, tags or author to explain.
    assert "without links" not in region.get_text()


def test_a_post_dated_in_the_future_says_when_it_is_scheduled(built):
    _, site = built
    region, title = notice(site, FUTURE_URL)
    assert title == "Scheduled for 5 January 2099 at 09:00"
    assert region.find("time")["datetime"] == "2099-01-05T09:00:00+00:00"
    assert "Not published yet" in region.get_text()
    # Its links work: in development its category and tag pages list it.
    doc = soup(page_at(site, FUTURE_URL))
    assert doc.select_one(".post-category a")["href"] == "/category/ceo-blog/"


def test_the_home_page_lists_scheduled_posts_apart_not_at_the_top(built):
    _, site = built
    doc = soup(page_at(site, "/"))
    latest = [a["href"] for a in doc.select(".post-list .post-summary h2 a")]
    assert FUTURE_URL not in latest
    assert latest[0] == "/2026/11/co-production-rhetoric-and-practice/"
    region, title = notice(site, "/")
    assert title == "Scheduled: not on the live site yet"
    (item,) = region.select("li")
    assert item.a["href"] == FUTURE_URL
    assert " ".join(item.get_text().split()) == (
        "A new year for the sector: scheduled for 5 January 2099 at 09:00"
    )
    # It follows the list of live posts.
    following = doc.select_one(".post-list").find_next(class_="preview-notice")
    assert following["aria-labelledby"] == region["aria-labelledby"] == "scheduled-title"


@pytest.mark.parametrize("url", ["/archives/", "/category/ceo-blog/", "/tag/co-production/"])
def test_lists_mark_a_scheduled_post(built, url):
    _, site = built
    doc = soup(page_at(site, url))
    (link,) = doc.select(f".archive-list a[href='{FUTURE_URL}']")
    assert link.parent.strong.get_text() == "(scheduled: not on the live site yet)"
    live = doc.select_one(".archive-list a[href='/2026/11/co-production-rhetoric-and-practice/']")
    assert live.parent.strong is None


def test_production_pages_are_the_same_with_or_without_drafts_and_future_posts(built, tmp_path):
    """What readers get never mentions previews: a production build of the
    project with the draft and the future post is byte for byte the build
    without them."""
    project, _ = built
    result = run_invoke(project, "publish-build", "--output", str(tmp_path / "with"))
    assert result.returncode == 0, result.stdout + result.stderr
    plain = copy_project(tmp_path / "plain")
    result = run_invoke(plain, "publish-build", "--output", str(tmp_path / "without"))
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(plain)

    def differences(compare: filecmp.dircmp) -> list[str]:
        found = [*compare.left_only, *compare.right_only, *compare.diff_files, *compare.funny_files]
        for sub in compare.subdirs.values():
            found += differences(sub)
        return found

    assert differences(filecmp.dircmp(tmp_path / "with", tmp_path / "without")) == []
    for page in (tmp_path / "with").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "preview-notice" not in text, page
        assert not any(words in text for words in NOTICE_WORDS), page
