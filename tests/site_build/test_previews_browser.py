"""The preview notices in a real browser (Debian's Chromium, headless): the
project's own checkers (axe-core's WCAG 2.2 A and AA rules, contrast included,
at 390 px and 1280 px; every link resolves) pass on a draft, a scheduled post
and the home page that lists it, and each notice shows in full on a 390 px
screen and when printed at that width."""

from __future__ import annotations

import pytest

from checks.browser import BrowserSession
from checks.cli import run
from checks.server import serve
from tests.conftest import copy_project, run_invoke
from tests.site_build.test_previews import (
    DRAFT_PAGE_URL,
    DRAFT_URL,
    FUTURE_URL,
    add_preview_content,
)

pytestmark = pytest.mark.browser

PREVIEW_PAGES = [DRAFT_URL, DRAFT_PAGE_URL, FUTURE_URL, "/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("previews-browser") / "project")
    add_preview_content(project)
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def session(playwright_driver):
    with BrowserSession(playwright=playwright_driver) as opened:
        yield opened


def test_preview_pages_pass_the_accessibility_and_link_checks(site, session, tmp_path):
    results = run(
        site,
        ["links", "a11y"],
        session=session,
        only_pages=PREVIEW_PAGES,
        screenshots_dir=tmp_path,
    )
    assert sorted(r.name for r in results) == ["a11y", "links"]
    for result in results:
        assert result.faults == [], result.render()


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("url", PREVIEW_PAGES[:3])
def test_the_notice_shows_in_full_at_390px(site, session, url, media):
    with serve(site) as base_url:
        context = session.browser.new_context(viewport={"width": 390, "height": 800})
        try:
            page = context.new_page()
            page.emulate_media(media=media)
            page.goto(base_url + url, wait_until="load")
            notice = page.locator(".preview-notice")
            assert notice.is_visible()
            box = notice.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            # Its title is bold text, not only a colour: the words carry it.
            weight = notice.locator(".notice-title").evaluate("e => getComputedStyle(e).fontWeight")
            assert int(weight) >= 700
        finally:
            context.close()
