"""The findings article in a real browser (Debian's Chromium, headless, which
has no Arial and draws chart text in DejaVu Sans, the widest font a chart may
fall back to): chart text never clipped or overlapping, charts filling the
column at legible sizes, numbers right-aligned, the Main points box, and the
contents and Back to contents links, at 320, 390 and 1280 px."""

from __future__ import annotations

import pytest

from tests.conftest import copy_project, run_invoke
from tests.site_build.browsing import CHROMIUM, LAUNCH_ARGS, serve_folder, url_of

from .test_findings_bulletin import FINDINGS_URL, OPEN

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 1280]
BODY_TEXT = 17  # px: chart text is never smaller than the body text...
MOST_TEXT = 22.5  # ...nor much larger (findings.css: at most 1.3 times)

# Every <text> of every chart as the reader sees it: its box in the SVG's own
# units (getBBox, through the text's transform), the viewBox, and how many
# CSS pixels one unit is (the scale the SVG is shown at).
CHART_TEXT = """() => [...document.querySelectorAll('figure.chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const vb = svg.viewBox.baseVal;
    const toSvg = svg.getScreenCTM().inverse();
    const texts = [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      const m = toSvg.multiply(t.getScreenCTM());
      const a = new DOMPoint(b.x, b.y).matrixTransform(m);
      const z = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      return {text: t.textContent, x1: a.x, y1: a.y, x2: z.x, y2: z.y,
              size: parseFloat(getComputedStyle(t).fontSize)};
    });
    return {id: svg.closest('figure').id, cls: svg.getAttribute('class'),
            viewBox: [vb.x, vb.y, vb.width, vb.height],
            scale: svg.getBoundingClientRect().width / vb.width, texts};
  })"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("findings-browser") / "project")
    result = run_invoke(project, "build", "--extra", OPEN)
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
def open_findings(browser, base_url):
    contexts = []

    def open_(width):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(base_url + FINDINGS_URL, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()


AT_TOP = """id => {
  const top = document.querySelector(id).getBoundingClientRect().top;
  return top > -2 && top < 100;  // sub-pixel rounding: -0.4 at 1280 px
}"""


def overlaps(a: dict, b: dict, slack: float) -> bool:
    return (
        a["x1"] < b["x2"] - slack
        and b["x1"] < a["x2"] - slack
        and a["y1"] < b["y2"] - slack
        and b["y1"] < a["y2"] - slack
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_inside_its_chart_and_apart(open_findings, width):
    charts = open_findings(width).evaluate(CHART_TEXT)
    assert len(charts) >= 8  # one SVG of each chart is shown
    for chart in charts:
        # Chromium rounds a text's box out to whole screen pixels ('Y' starts
        # 0.03 px left of its pen position, and its box 1 px): one pixel of
        # slack, in the SVG's units. A cut-off letter is 4 px or more.
        slack = 1.05 / chart["scale"]
        x, y, w, h = chart["viewBox"]
        for t in chart["texts"]:
            where = (chart["id"], t["text"], width)
            assert t["x1"] >= x - slack and t["x2"] <= x + w + slack, (*where, t, chart["viewBox"])
            assert t["y1"] >= y - slack and t["y2"] <= y + h + slack, (*where, t, chart["viewBox"])
        for i, a in enumerate(chart["texts"]):
            for b in chart["texts"][i + 1 :]:
                assert not overlaps(a, b, slack), (chart["id"], a["text"], b["text"], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_fill_the_column_with_legible_text(open_findings, width):
    page = open_findings(width)
    column = page.locator("main .prose").bounding_box()["width"]
    charts = page.evaluate(CHART_TEXT)
    assert {c["cls"] for c in charts} == {"chart-narrow" if width < 592 else "chart-wide"}
    for chart in charts:
        shown = chart["viewBox"][2] * chart["scale"]
        # The whole column, or (narrow charts on mid-size screens) 1.3 times
        # the drawn width: never narrower than drawn, never huge.
        assert shown == pytest.approx(min(column, 1.3 * chart["viewBox"][2]), abs=1), chart["id"]
        sizes = {round(t["size"] * chart["scale"], 2) for t in chart["texts"]}
        assert min(sizes) >= BODY_TEXT - 0.01 and max(sizes) <= MOST_TEXT, (chart["id"], sizes)
    if width == 1280:
        assert column >= 660  # the 672 px column is filled, not 370 px of it


@pytest.mark.parametrize("width", [390, 1280])
def test_numbers_in_tables_are_right_aligned(open_findings, width):
    page = open_findings(width)
    page.locator("details.chart-data > summary").first.click()
    table = page.locator("table.chart-table").first
    aligns = table.locator("td.num, th.num").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).textAlign)"
    )
    assert aligns and set(aligns) == {"right"}
    answer = table.locator("tbody th[scope=row]").first
    assert answer.evaluate("c => getComputedStyle(c).textAlign") in ("left", "start")


@pytest.mark.parametrize("width", [390, 1280])
def test_main_points_box_and_no_visible_description(open_findings, width):
    page = open_findings(width)
    heading, points = page.locator("h2.main-points-heading"), page.locator("ul.main-points")
    background = "e => getComputedStyle(e).backgroundColor"
    page_background = page.locator("body").evaluate(background)
    assert heading.evaluate(background) == points.evaluate(background) != page_background
    h, p = heading.bounding_box(), points.bounding_box()
    assert abs(h["y"] + h["height"] - p["y"]) < 1 and h["x"] == p["x"]  # one box
    descriptions = page.locator("figure.chart .chart-description")
    assert descriptions.count() >= 8
    assert not any(d.is_visible() for d in descriptions.all())


@pytest.mark.parametrize("width", [390, 1280])
def test_contents_and_back_links_move_the_reader(open_findings, width):
    page = open_findings(width)
    page.locator("#contents a", has_text="Demand for services").click()
    page.wait_for_function("location.hash === '#demand-for-services'")
    # Scrolled to the top of the screen (once any smooth scrolling is over).
    page.wait_for_function(AT_TOP, arg="#demand-for-services")
    back = page.locator("#demand-for-services ~ p.back-to-contents a").first
    back.click()
    page.wait_for_function("location.hash === '#contents'")
    page.wait_for_function(AT_TOP, arg="#contents")
    box = back.bounding_box()
    assert box["height"] >= 24  # WCAG 2.2 target size (minimum)
