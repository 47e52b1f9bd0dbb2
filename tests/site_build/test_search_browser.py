"""Search in Chromium, against the built site served from a folder by a plain
static server with the production Content-Security-Policy (deploy/nginx.conf):
strict on every page (no inline script or style, nothing from another host),
and 'wasm-unsafe-eval' only for the Pagefind bundle folder, whose web worker
compiles the WebAssembly search engine (it does not allow eval())."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.site_build.browsing import CHROMIUM, OFFLINE_ARGS, serve_folder, url_of

from .test_site import SEED_POST_URL

pytestmark = pytest.mark.browser

POLICY = (
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
BUNDLE_POLICY = POLICY.replace(
    "default-src 'self';", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"
)


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def site(dev_site):
    server = serve_folder(dev_site, POLICY, BUNDLE_POLICY)
    yield f"{url_of(server)}"
    server.shutdown()


class Visit:
    """A page in a fresh context that records every request and console error."""

    def __init__(self, browser, width=390, javascript=True):
        self.context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=javascript
        )
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def hosts(self):
        return {
            urlsplit(url).netloc for url in self.requests if not url.startswith(("data:", "blob:"))
        }

    def results(self):
        return [
            a.get_attribute("href")
            for a in self.page.query_selector_all("#search-results > li h2 a")
        ]

    def close(self):
        self.context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_searching_co_production_lists_the_ceo_post_first(browser, site, width):
    visit = Visit(browser, width)
    try:
        page = visit.page
        page.goto(site + "/")
        if width < 640:
            # On a phone the header links to the search page, whose form is the same.
            page.click("header a.site-search-link")
            page.wait_for_url("**/search/")
            field = "#search-q"
        else:
            # The header box is a plain form that opens the search page with ?q=.
            field = "#site-search-q"
        page.fill(field, "co-production")
        page.press(field, "Enter")
        page.wait_for_url("**/search/?q=co-production")
        page.wait_for_selector("#search-results > li")
        results = visit.results()
        assert results[0] == SEED_POST_URL
        first = page.query_selector("#search-results > li")
        assert (
            first.query_selector("h2 a").inner_text().startswith("Co-production: closing the gap")
        )
        assert first.query_selector("time").inner_text() == "24 November 2026"
        assert first.query_selector("time").get_attribute("datetime").startswith("2026-11-24")
        assert first.query_selector(".excerpt mark")
        status = page.inner_text("#search-status")
        assert status == f"{len(results)} results for “co-production”."
        assert page.get_attribute("#search-status", "role") == "status"
        # Nothing from another host; nothing broke; nothing left on the machine.
        assert visit.hosts() == {urlsplit(site).netloc}
        assert visit.errors == []
        assert visit.context.cookies() == []
        # No sideways scrolling on a small phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        visit.close()


def test_typing_searches_and_keeps_the_address(browser, site):
    visit = Visit(browser)
    try:
        page = visit.page
        page.goto(site + "/search/")
        page.fill("#search-q", "reserves")
        expect(page.locator("#search-status")).to_contain_text("for “reserves”")
        assert page.url.endswith("/search/?q=reserves")
        assert (
            "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/" in visit.results()
        )
        page.fill("#search-q", "zzzqqqnothing")
        expect(page.locator("#search-status")).to_contain_text("No results for “zzzqqqnothing”")
        assert visit.results() == []
        assert page.is_hidden("#search-results")
        assert visit.errors == []
    finally:
        visit.close()


def test_the_page_is_light_until_someone_searches(browser, site):
    visit = Visit(browser)
    try:
        visit.page.goto(site + "/search/")
        visit.page.wait_for_load_state("networkidle")
        assert not any("/pagefind/" in url for url in visit.requests)
    finally:
        visit.close()


def test_without_javascript_the_page_says_so_and_links_the_archives(browser, site):
    visit = Visit(browser, javascript=False)
    try:
        page = visit.page
        page.goto(site + "/search/?q=co-production")
        notice = page.locator("noscript .notice, .notice").first
        assert "Search needs JavaScript" in page.inner_text("main")
        assert notice.is_visible()
        page.click("main .notice a[href='/archives/']")
        page.wait_for_url("**/archives/")
    finally:
        visit.close()


def test_if_search_cannot_run_the_reader_is_told(browser, dev_site):
    # The strict policy everywhere, with no exception for the bundle folder,
    # blocks Pagefind's engine.
    server = serve_folder(dev_site, POLICY)
    visit = Visit(browser)
    try:
        page = visit.page
        page.goto(f"{url_of(server)}/search/?q=co-production")
        expect(page.locator("#search-status")).to_contain_text(
            "Sorry, search is not working", timeout=15_000
        )
        assert page.is_visible("main a[href='/archives/']")
    finally:
        visit.close()
        server.shutdown()


def test_more_than_ten_results_come_ten_at_a_time(browser, tmp_path_factory):
    from tests.conftest import copy_project, run_invoke

    project = copy_project(tmp_path_factory.mktemp("many") / "project")
    for n in range(12):
        (project / "content" / "posts" / f"many-{n:02}.md").write_text(
            f"Title: Allotment news {n}\nDate: 2026-10-{n + 1:02} 10:00\nCategory: News\n"
            f"Author: A Writer\nSummary: Number {n}.\n\nThe allotment group met again.\n",
            encoding="utf-8",
        )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve_folder(project / "output", POLICY, BUNDLE_POLICY)
    visit = Visit(browser)
    try:
        page = visit.page
        page.goto(f"{url_of(server)}/search/?q=allotment")
        expect(page.locator("#search-status")).to_have_text("12 results for “allotment”.")
        assert len(visit.results()) == 10
        page.click("#search-more button")
        expect(page.locator("#search-results > li")).to_have_count(12)
        assert page.is_hidden("#search-more")
        # Focus moves to the first new result, so keyboard users carry on from there.
        assert (
            page.locator("#search-results > li")
            .nth(10)
            .locator("a")
            .evaluate("a => a === document.activeElement")
        )
        assert visit.errors == []
    finally:
        visit.close()
        server.shutdown()
