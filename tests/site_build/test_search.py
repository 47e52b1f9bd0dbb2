"""Site search, read from the built site: the Pagefind index, the search page
and the header's search box. The browser side is in test_search_browser.py."""

from __future__ import annotations

import pytest
from site_search.index import read_fragments

from tests.conftest import ROOT, copy_project, run_invoke

from .html import page_at, pages, soup, url_of
from .test_site import SEED_POST_URL

SEED_TITLE = "Co-production: closing the gap between rhetoric and practice"
FINDINGS_URL = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"


def index_of(site):
    return {page["url"]: page for page in read_fragments(site / "pagefind")}


@pytest.mark.parametrize("site_fixture", ["dev_site", "prod_site"])
def test_the_index_is_built_and_holds_the_seed_post(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    index = index_of(site)
    seed = index[SEED_POST_URL]
    assert seed["meta"]["title"] == SEED_TITLE
    assert seed["meta"]["date"].startswith("2026-11-24T09:00:00")
    assert "rising tide of policy" in seed["content"]
    # Related reading and the category links are not part of a post's text.
    assert "Related reading" not in seed["content"]


def test_findings_are_indexed_with_chart_titles_descriptions_and_tables(dev_site):
    findings = index_of(dev_site)[FINDINGS_URL]["content"]
    figures = soup(page_at(dev_site, FINDINGS_URL)).select("figure.chart")
    assert figures
    for figure in figures:
        assert " ".join(figure.select_one(".chart-title").get_text().split()) in findings
        assert " ".join(figure.select_one(".chart-description").get_text().split()) in findings
        row = figure.select_one("table tbody th[scope=row]")
        assert " ".join(row.get_text().split()) in findings
        assert row.find_next_sibling("td").get_text(strip=True) in findings
    assert "reserves" in findings


def test_only_published_posts_and_pages_are_indexed(dev_site):
    indexed = set(index_of(dev_site))
    assert SEED_POST_URL in indexed and "/about/" in indexed
    for url in indexed:
        assert not url.startswith(
            ("/drafts/", "/tag/", "/category/", "/author/", "/archives/", "/search/")
        ), url
        assert url != "/"


def test_the_search_page(dev_site):
    page = soup(page_at(dev_site, "/search/"))
    assert page.body["class"] == ["kind-search"]
    assert page.find("main").get("data-pagefind-body") is None
    form = page.find("main").find("form", id="search-form")
    assert form["action"] == "/search/" and form["method"] == "get" and form["role"] == "search"
    field = form.find("input", attrs={"name": "q"})
    assert field["type"] == "search"
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Search"
    assert form["data-bundle"] == "/pagefind/" and form["data-base"] == "/"
    # Results: a live region for the count and a list.
    assert page.find(id="search-status")["role"] == "status"
    assert page.find(id="search-results").name == "ol"
    # Without JavaScript the page says so and links the archives.
    noscript = page.find("noscript")
    assert "needs JavaScript" in noscript.get_text()
    assert noscript.find("a", href="/archives/")
    # Its script comes from this site, and only this page loads it.
    [script] = page.find_all("script")
    assert script["src"] == "/theme/js/search.js" and script["type"] == "module"
    assert (dev_site / "theme" / "js" / "search.js").is_file()
    # The header box is left out here: one search form per page.
    assert page.find("header").find("form") is None


def test_every_other_page_has_the_header_search_box(dev_site):
    for path in pages(dev_site):
        url = url_of(dev_site, path)
        if url == "/search/" or url.startswith("/pagefind/"):
            continue
        page = soup(path)
        form = page.find("header").find("form", class_="site-search")
        assert form is not None, url
        assert form["action"] == "/search/" and form["method"] == "get", url
        field = form.find("input", attrs={"name": "q"})
        assert (
            page.find("label", attrs={"for": field["id"]}).get_text(strip=True)
            == "Search this site"
        ), url
        assert form.find("button", attrs={"type": "submit"}), url
        assert not page.find_all("script", src=lambda s: s and s.endswith("search.js")), url


def test_search_javascript_builds_no_html_from_strings():
    script = (ROOT / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    for risky in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        ".style",
    ):
        assert risky not in script, risky


class TestProduction:
    def test_search_urls_are_root_relative(self, prod_site):
        page = soup(page_at(prod_site, "/search/"))
        form = page.find("form", id="search-form")
        assert form["action"] == "/search/" and form["data-bundle"] == "/pagefind/"
        header_form = soup(page_at(prod_site, SEED_POST_URL)).find("header").find("form")
        assert header_form["action"] == "/search/"
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical.endswith("/search/") and canonical.startswith("https://")

    def test_no_drafts_indexed(self, prod_site):
        assert not any(url.startswith("/drafts/") for url in index_of(prod_site))


@pytest.fixture(scope="module")
def site_with_drafts(tmp_path_factory):
    """The real content plus a draft, a hidden post and a hidden page, each
    with a word nothing else has."""
    project = copy_project(tmp_path_factory.mktemp("search") / "project")
    posts = project / "content" / "posts"
    for status in ("draft", "hidden"):
        (posts / f"{status}.md").write_text(
            f"Title: A {status} post\nDate: 2026-10-05 10:00\nCategory: News\nAuthor: A\n"
            f"Summary: Not for search.\nStatus: {status}\n\n"
            f"The word quixotically{status} is here.\n",
            encoding="utf-8",
        )
    (project / "content" / "pages" / "hidden-page.md").write_text(
        "Title: A hidden page\nStatus: hidden\n\nThe word quixoticallypage is here.\n",
        encoding="utf-8",
    )
    (project / "content" / "pages" / "draft-page.md").write_text(
        "Title: A draft page\nStatus: draft\n\nThe word quixoticallydraftpage is here.\n",
        encoding="utf-8",
    )
    return project


@pytest.mark.parametrize("task", ["build", "publish-build"])
def test_drafts_and_hidden_content_are_never_indexed(site_with_drafts, task):
    result = run_invoke(site_with_drafts, task)
    assert result.returncode == 0, result.stdout + result.stderr
    out = site_with_drafts / "output"
    if task == "build":  # development writes the draft previews; they are not searchable
        assert (out / "drafts" / "a-draft-post" / "index.html").is_file()
    index = index_of(out)
    everything = " ".join(
        page["content"] + " " + page["meta"].get("title", "") for page in index.values()
    )
    assert "quixotically" not in everything
    assert not any(url.startswith("/drafts/") for url in index)
    assert SEED_POST_URL in index
