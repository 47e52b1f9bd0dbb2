"""The survey call to action in a real browser (Debian's Chromium, headless):
the button's size and contrast at phone and desktop widths, its focus style,
and survey-status.js swapping in the closed message once the closing time has
passed on the reader's clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import copy_project, run_invoke
from tests.site_build.browsing import CHROMIUM, LAUNCH_ARGS, serve_folder, url_of

pytestmark = pytest.mark.browser

CLOSES = datetime(2099, 1, 15, 17, 0, tzinfo=UTC)  # London is on GMT in January
PAGES = ["/2026/11/co-production-rhetoric-and-practice/", "/", "/survey/"]
WIDTHS = [390, 1280]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    result = run_invoke(
        project,
        "build",
        "--extra",
        "SURVEY_CTA_OPENS=2020-01-01T09:00",
        "--extra",
        "SURVEY_CTA_CLOSES=2099-01-15T17:00",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def base_url(site):
    server = serve_folder(site)
    yield url_of(server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def open_page(browser, base_url):
    """open_page(path, width, clock=None) -> (page, console errors)."""
    contexts = []

    def open_(path, width=1280, clock=None, install=False):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
        if clock is not None and install:
            page.clock.install(time=clock)
        elif clock is not None:
            page.clock.set_fixed_time(clock)
        page.goto(base_url + path, wait_until="load")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def _rgb(value: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    fg, bg = _rgb(foreground), _rgb(background)
    assert fg[3] == 1 and bg[3] == 1, (
        foreground,
        background,
    )  # opaque: no guessing what shows through
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours(locator) -> tuple[str, str]:
    return locator.evaluate(
        "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }"
    )


def test_contrast_helper_knows_the_extremes():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(255, 255, 255)", "rgb(18, 67, 109)") == pytest.approx(10.25, abs=0.01)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_the_button_is_at_least_44px_tall_with_enough_contrast(open_page, path, width):
    page, errors = open_page(path, width)
    buttons = page.locator("a.survey-cta-button")
    # The survey page has it at its top and again at its end.
    assert buttons.count() == (2 if path == "/survey/" else 1)
    for button in buttons.all():
        check_button(page, button, width)
    assert not page.locator('[data-survey-when="closed"]').first.is_visible()
    assert errors == []


def check_button(page, button, width):
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44, box
    assert box["width"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert contrast(*colours(button)) >= 4.5
    button.hover()
    assert contrast(*colours(button)) >= 4.5
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # keyboard use, so focus shows as it would for a keyboard user
    button.focus()
    assert contrast(*colours(button)) >= 4.5
    outline = button.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, "
        "parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline


@pytest.mark.parametrize("path", PAGES)
def test_after_the_closing_time_the_script_hides_the_button(open_page, path):
    page, errors = open_page(path, 390, clock=CLOSES + timedelta(days=1))
    for button in page.locator("a.survey-cta-button").all():
        assert button.is_hidden()
    closed = page.locator('[data-survey-when="closed"]').first
    assert closed.is_visible()
    assert "has closed" in closed.inner_text() and "Thank you" in closed.inner_text()
    for open_part in page.locator('[data-survey-when="open"]').all():
        assert open_part.is_hidden()
    assert errors == []


def test_just_before_the_closing_time_the_button_stays(open_page):
    page, errors = open_page(PAGES[0], 390, clock=CLOSES - timedelta(minutes=1))
    assert page.locator("a.survey-cta-button").is_visible()
    assert page.locator('[data-survey-when="closed"]').first.is_hidden()
    assert errors == []


def test_a_page_left_open_across_the_closing_time_changes_by_itself(open_page):
    page, errors = open_page(PAGES[0], 1280, clock=CLOSES - timedelta(seconds=30), install=True)
    assert page.locator("a.survey-cta-button").is_visible()
    page.clock.run_for(31_000)
    assert page.locator("a.survey-cta-button").is_hidden()
    assert page.locator('[data-survey-when="closed"]').first.is_visible()
    assert errors == []
