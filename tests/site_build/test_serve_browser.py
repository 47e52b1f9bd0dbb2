"""The problems of a failed build in the browser, as a writer meets them: the
real `invoke serve` in a copy of the project, a post open in Chromium at
phone width, a mistake saved, the problems over the page; the mistake fixed,
the page back without them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from checks import tools
from checks.browser import AXE_RUN, AXE_TAGS

from .serving import BAD_DATA, DATA, POST_URL, Serving

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def server(project):
    serving = Serving(project)
    serving.wait_for("Serving the site at")
    yield serving
    serving.stop()


def test_a_failed_rebuild_shows_its_problems_over_the_page_until_the_next_good_one(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + POST_URL)
    title = page.locator("h1").first.inner_text()
    problems = page.get_by_role("dialog", name="The site could not be rebuilt")
    expect(page.locator(".serve-problems")).to_have_count(0)

    text = (server.project / DATA).read_text(encoding="utf-8")
    broken_line = len((text + BAD_DATA).splitlines())  # the misspelt key, the last line
    server.edit(DATA, text + BAD_DATA)

    # The open page reloads by itself, with the problems over the last good page.
    expect(problems).to_be_visible(timeout=120_000)
    expect(problems.get_by_role("heading", level=2)).to_have_text("The site could not be rebuilt")
    expect(problems).to_contain_text(f"{DATA}, line {broken_line}")
    expect(problems).to_contain_text("responsess")
    assert page.locator("h1").first.inner_text() == title  # the last good page, under it
    # First in the page, and focused, so keyboard and screen reader users meet it first.
    assert page.evaluate("document.activeElement.closest('.serve-problems') !== null")
    # Readable at phone width: nothing wider than the screen.
    box = page.locator(".serve-problems-box")
    assert box.bounding_box()["width"] <= 390
    assert page.evaluate(
        "[...document.querySelectorAll('.serve-problems *')]"
        ".every(e => e.scrollWidth <= e.clientWidth + 1 || e.clientWidth === 0)"
    )
    page.evaluate(tools.axe_js().read_text(encoding="utf-8"))
    found = page.evaluate(AXE_RUN, AXE_TAGS)
    assert found["violations"] == [], found["violations"]

    # A page opened now shows them too.
    other = context.new_page()
    other.goto(server.url + "/")
    expect(other.get_by_role("dialog", name="The site could not be rebuilt")).to_be_visible()
    # "Hide" closes it without any script.
    other.get_by_role("button", name="Hide this message until the next build").click()
    expect(other.locator(".serve-problems")).to_be_hidden()
    other.close()

    server.edit(DATA, text)
    expect(page.locator(".serve-problems")).to_have_count(0, timeout=120_000)
    assert page.locator("h1").first.inner_text() == title
    context.close()


def test_the_problems_show_without_javascript(server, browser):
    """A page opened while the last build failed carries them in its HTML."""
    text = (server.project / DATA).read_text(encoding="utf-8")
    mark = server.edit(DATA, text + BAD_DATA)
    server.wait_for("still shows the last good site", after=mark)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + POST_URL)
    problems = page.get_by_role("dialog", name="The site could not be rebuilt")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text(f"{DATA}, line ")
    page.get_by_role("button", name="Hide this message until the next build").click()
    expect(problems).to_be_hidden()
    context.close()
