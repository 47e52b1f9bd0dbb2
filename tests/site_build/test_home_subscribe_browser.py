"""Issue 17, part A, in Chromium at a phone (390 px) and a desktop (1280 px)
width: the home page with its lead story, featured findings and compact
survey box; the header on phones; the survey in the navigation and its
page's two buttons; the footer's facts and its Subscribe link; the Subscribe
page's feed addresses and email sign-up (under the production CSP, with the
form's host added as README.md says); one table rule; related reading shown
once; tag pills; the search results' excerpts; and the print stylesheet.

The site is built as a writer would (`invoke build`), with the survey open,
the charity's facts and a Buttondown sign-up set, and two more posts so the
home page has "More posts" and the CEO post an older one in its category."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from lxml import etree

from tests.conftest import copy_project, run_invoke
from tests.site_build.browsing import CHROMIUM, OFFLINE_ARGS, serve_folder, url_of

from .html import page_at, soup

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PHONE_SCREEN = 844  # a 390 x 844 phone's first screen
CEO_POST = "/2026/11/co-production-rhetoric-and-practice/"
CEO_TITLE = "Co-production: closing the gap between rhetoric and practice"
FINDINGS = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"
NEWS = "/2026/10/volunteers-week-what-we-heard/"
OLDER_CEO = "/2026/06/why-we-ask-every-year/"
SURVEY_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026"
BUTTONDOWN = "https://buttondown.com/api/emails/embed-subscribe/thcvs"
FACTS = {
    "SITE_CHARITY_NUMBER": '"1234567"',
    "SITE_COMPANY_NUMBER": '"01234567"',
    "SITE_ADDRESS": "1 Example Street, London E1 0AA",
}
STRICT = (
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
WITH_SIGNUP = STRICT + " https://buttondown.com"
BUNDLE = STRICT.replace(
    "default-src 'self';", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"
)

NEWS_POST = """\
Title: Volunteers' Week: what we heard
Date: 2026-10-05 10:00
Category: News
Tags: volunteering
Author: Tower Hamlets CVS
Summary: What volunteers told us at our Volunteers' Week stall.

Volunteers told us what keeps them coming back. [NCVO's guidance](https://www.ncvo.org.uk/help-and-guidance/)
has more.
"""
OLDER_CEO_POST = """\
Title: Why we ask every year
Date: 2026-06-01 10:00
Category: CEO blog
Tags: co-production
Author: Damian Brady (Interim CEO)
Summary: Why the State of the Sector survey matters.

A short post about co-production and the survey.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("issue17a") / "project")
    posts = project / "content" / "posts"
    (posts / "2026-10-05-volunteers-week.md").write_text(NEWS_POST, encoding="utf-8")
    (posts / "2026-06-01-why-we-ask.md").write_text(OLDER_CEO_POST, encoding="utf-8")
    extras = {
        "SURVEY_CTA_OPENS": "2020-01-01T09:00",
        "SURVEY_CTA_CLOSES": "2099-01-15T17:00",
        "SUBSCRIBE_EMAIL_PROVIDER": "buttondown",
        "SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME": "thcvs",
        **FACTS,
    }
    args = [item for key, value in extras.items() for item in ("--extra", f"{key}={value}")]
    result = run_invoke(project, "build", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def base_url(site):
    server = serve_folder(site, WITH_SIGNUP, BUNDLE)
    yield f"{url_of(server)}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def open_page(browser, base_url):
    """open_page(path, width, base=None) -> (page, errors): a fresh context,
    a phone-sized screen at 390 px."""
    contexts = []

    def open_(path, width, base=None):
        height = PHONE_SCREEN if width < 640 else 900
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((base or base_url) + path, wait_until="load")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def box(locator):
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# -- home ------------------------------------------------------------------------


def test_on_a_phone_the_header_is_short_and_the_survey_button_is_on_the_first_screen(
    open_page,
):
    page, errors = open_page("/", 390)
    header = box(page.locator("header.site-header"))
    assert header["height"] <= 120, header
    button = page.locator(".survey-cta-home a.survey-cta-button")
    assert button.is_visible()
    spot = box(button)
    assert spot["y"] + spot["height"] <= PHONE_SCREEN and spot["height"] >= 44, spot
    # Search is one tap away: a link to the search page in the header's top row.
    search = page.locator("header a.site-search-link")
    assert search.is_visible() and search.get_attribute("href") == "/search/"
    assert not page.locator("header form.site-search").is_visible()
    no_sideways_scroll(page, 390)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_heading_sits_over_the_survey_box(open_page, width):
    page, errors = open_page("/", width)
    heading = page.locator("main h1")
    assert heading.inner_text() == "Latest posts"
    assert box(heading)["height"] <= 1  # named for screen readers, not shown
    survey = box(page.locator(".survey-cta-home"))
    main = box(page.locator("main"))
    assert survey["y"] - main["y"] <= 48, (survey, main)  # the box comes first
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_home_leads_with_the_ceo_post_then_the_findings_with_their_chart(open_page, site, width):
    page, errors = open_page("/", width)
    stories = page.locator("main .post-summary")
    hrefs = [
        a.get_attribute("href") for a in page.locator("main .post-summary .post-title a").all()
    ]
    assert hrefs == [CEO_POST, FINDINGS, NEWS, OLDER_CEO]
    lead = stories.nth(0)
    assert "post-lead" in lead.get_attribute("class")
    assert "Damian Brady" in lead.locator(".summary").inner_text()
    read_more = page.get_by_role("link", name=f"Read more about {CEO_TITLE}", exact=True)
    assert read_more.count() == 1 and read_more.is_visible()
    assert read_more.get_attribute("href") == CEO_POST
    assert read_more.evaluate("a => a.firstChild.textContent") == "Read more"  # as seen
    # The lead's title is larger than the other posts'.
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert lead.locator(".post-title").evaluate(size) > stories.nth(2).locator(
        ".post-title"
    ).evaluate(size)

    featured = stories.nth(1)
    assert "post-featured" in featured.get_attribute("class")
    image = featured.locator("figure.featured-chart img")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    # The chart's PNG and text alternative are survey_charts' record: the same
    # as the findings post's feed entry carries for its first chart.
    src, alt = image.get_attribute("src"), image.get_attribute("alt")
    feed_alt = first_chart_alt_in_feed(site, src)
    assert alt == feed_alt and len(alt) > 40
    shown = box(image)
    assert shown["width"] <= width and shown["width"] >= 250, shown
    # Illustrative data says so once, with the summary or the chart.
    assert featured.inner_text().count("Illustrative data") == 1

    more = page.locator("section.post-more")
    assert more.locator("h2").inner_text() == "More posts"
    assert more.locator(".post-summary h3 a").count() == 2
    no_sideways_scroll(page, width)
    assert errors == []


def first_chart_alt_in_feed(site, png_src):
    root = etree.parse(str(site / "feeds" / "all.atom.xml")).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in root.findall("a:entry", ns):
        content = entry.find("a:content", ns)
        if content is None or png_src.rsplit("/", 1)[-1] not in (content.text or ""):
            continue
        found = re.search(
            r'<img src="[^"]*' + re.escape(png_src.rsplit("/", 1)[-1]) + r'" alt="([^"]*)"',
            content.text,
        )
        if found:
            import html

            return html.unescape(found.group(1))
    raise AssertionError(f"no feed entry shows {png_src}")


def test_with_no_lead_or_featured_category_the_home_page_is_the_plain_list(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_invoke(
        project, "build", "--extra", 'HOME_LEAD_CATEGORY=""', "--extra", 'HOME_FEATURED_CATEGORY=""'
    )
    assert result.returncode == 0, result.stdout + result.stderr
    main = soup(page_at(project / "output", "/")).find("main")
    assert not main.select(".post-lead, .post-featured, .post-more, .featured-chart")
    assert [a["href"] for a in main.select(".post-summary h2 a")] == [CEO_POST, FINDINGS]


# -- navigation, the survey page, the footer ---------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_survey_is_in_the_navigation_while_open(open_page, width):
    page, errors = open_page("/", width)
    link = page.locator("nav.site-nav").get_by_role("link", name="Survey", exact=True)
    assert link.is_visible() and link.get_attribute("href") == "/survey/"
    page.goto(page.url.rsplit("/", 1)[0] + "/survey/")
    link = page.locator("nav.site-nav").get_by_role("link", name="Survey", exact=True)
    assert link.get_attribute("aria-current") == "page"
    no_sideways_scroll(page, width)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_survey_page_has_its_button_at_the_top_and_at_the_end(open_page, width):
    page, errors = open_page("/survey/", width)
    buttons = page.locator("main a.survey-cta-button")
    assert buttons.count() == 2
    for button in buttons.all():
        assert button.is_visible() and button.get_attribute("href") == SURVEY_URL
        assert box(button)["height"] >= 44
    top, end = box(buttons.nth(0)), box(buttons.nth(1))
    terms = box(page.locator("#prize-draw-terms"))
    h1 = box(page.locator("main h1"))
    assert top["y"] < terms["y"] < end["y"]
    # At the top: straight under the heading and the box's own title.
    assert top["y"] - h1["y"] < 700
    # At the end: nothing but the "Last updated" line after it.
    main = box(page.locator("main"))
    assert main["y"] + main["height"] - (end["y"] + end["height"]) < 160
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_footer_names_the_charity_and_links_subscribe(open_page, width):
    page, errors = open_page("/about/", width)
    footer = page.locator("footer.site-footer")
    words = " ".join(footer.inner_text().split())
    for phrase in (
        "Registered charity number 1234567",
        "Company number 01234567",
        "Registered office: 1 Example Street, London E1 0AA",
        "Contact us: info@thcvs.org.uk",
    ):
        assert phrase in words, phrase
    assert "Atom feed" not in words
    subscribe = footer.get_by_role("link", name="Subscribe", exact=True)
    assert subscribe.is_visible() and subscribe.get_attribute("href") == "/subscribe/"
    email = footer.get_by_role("link", name="info@thcvs.org.uk")
    assert email.get_attribute("href") == "mailto:info@thcvs.org.uk"
    no_sideways_scroll(page, width)
    assert errors == []


def test_the_footer_leaves_out_facts_that_are_not_set(dev_site):
    footer = soup(page_at(dev_site, "/")).find("footer")
    words = " ".join(footer.get_text(" ").split())
    assert "charity number" not in words and "Company number" not in words
    assert "Registered office" not in words
    assert "Contact us: info@thcvs.org.uk" in words
    assert footer.find("a", string="Subscribe")["href"] == "/subscribe/"


# -- subscribe -----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_feed_addresses_break_only_after_a_slash_and_copy_whole(open_page, site, width):
    page, errors = open_page("/subscribe/", width)
    addresses = page.locator("main code.feed-url a")
    feeds = [p for p in (site / "feeds").rglob("*") if p.is_file()]
    assert addresses.count() == len(feeds) == 9  # all (Atom, RSS, JSON), two per category
    for address in addresses.all():
        href = address.get_attribute("href")
        assert address.inner_text().replace("\n", "") == href  # copied as one piece
        assert address.evaluate("a => a.textContent") == href
        # Each piece between the slashes sits on one line, inside the page.
        for piece in address.locator("span").all():
            lines = piece.evaluate("e => e.getClientRects().length")
            assert lines == 1, (href, piece.inner_text())
        spot = box(address)
        assert spot["x"] >= 0 and spot["x"] + spot["width"] <= width, (href, spot)
    no_sideways_scroll(page, width)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_email_sign_up_posts_the_address_to_the_provider(open_page, width):
    page, errors = open_page("/subscribe/", width)
    form = page.locator("form.subscribe-email")
    assert form.get_attribute("action") == BUTTONDOWN
    assert form.get_attribute("method") == "post"
    field = page.get_by_label("Your email address")
    assert field.is_visible() and field.get_attribute("type") == "email"
    assert field.get_attribute("autocomplete") == "email"
    button = form.get_by_role("button", name="Sign up")
    assert box(button)["height"] >= 44
    assert "Buttondown" in form.inner_text()
    posted = []

    def provider(route):
        posted.append((route.request.method, route.request.url, route.request.post_data))
        route.fulfill(status=200, content_type="text/html", body="<p>Thanks</p>")

    page.route("https://buttondown.com/**", provider)
    field.fill("reader@example.org")
    button.click()
    page.wait_for_url(BUTTONDOWN)
    [(method, url, body)] = posted
    assert method == "POST" and url == BUTTONDOWN
    assert parse_qs(body) == {"email": ["reader@example.org"], "embed": ["1"]}
    assert errors == []


def test_without_the_form_host_in_the_csp_the_form_cannot_post(browser, site):
    """The CSP's form-action is what lets the form post: with 'self' alone,
    Chromium refuses (so deploy/nginx.conf must name the host)."""
    server = serve_folder(site, STRICT, BUNDLE)
    context = browser.new_context(viewport={"width": 390, "height": PHONE_SCREEN})
    try:
        page = context.new_page()
        posted = []
        page.route("https://buttondown.com/**", lambda route: (posted.append(1), route.abort()))
        page.goto(f"{url_of(server)}/subscribe/")
        page.get_by_label("Your email address").fill("reader@example.org")
        with page.expect_event(
            "console", predicate=lambda message: "form-action" in message.text
        ) as refused:
            page.locator("form.subscribe-email button").click(no_wait_after=True)
        assert "buttondown.com" in refused.value.text
        assert posted == [] and page.url.endswith("/subscribe/")
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_the_privacy_notice_says_what_the_provider_receives(site, dev_site):
    section = soup(page_at(site, "/privacy/")).find(id="email-updates")
    words = " ".join(t for t in section.find_all_next(string=True, limit=40))
    assert "Buttondown" in words and "your email address" in words
    assert "tracking" in words
    assert soup(page_at(site, "/privacy/")).find("a", href="https://buttondown.com/legal/privacy")
    # Off (the default): no form, and the notice says we send no email.
    subscribe = soup(page_at(dev_site, "/subscribe/"))
    assert subscribe.find("form", class_="subscribe-email") is None
    assert "RSS-to-email" in subscribe.find("main").get_text()
    privacy = soup(page_at(dev_site, "/privacy/")).find("main").get_text(" ")
    assert "We do not send emails ourselves" in privacy
    assert "{email" not in privacy and "{email}" not in subscribe.get_text()


# -- tables, related reading, tags -----------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_row_headers_have_the_same_rule_as_cells(open_page, width):
    page, errors = open_page(FINDINGS, width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    rule = (
        "e => { const s = getComputedStyle(e); return [s.borderBottomWidth, s.borderBottomColor]; }"
    )
    row_header = page.locator("main table th[scope=row]").first
    cell = page.locator("main table td").first
    column_header = page.locator("main table thead th").first
    assert row_header.evaluate(rule) == cell.evaluate(rule)
    assert column_header.evaluate(rule) != cell.evaluate(rule)  # the one heavy rule
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_post_is_offered_once_under_the_article_left_aligned(open_page, width):
    page, errors = open_page(CEO_POST, width)
    related = [a.get_attribute("href") for a in page.locator(".related a").all()]
    nav = [a.get_attribute("href") for a in page.locator(".post-nav a").all()]
    assert OLDER_CEO in related + nav
    assert not set(related) & set(nav), (related, nav)
    for link in page.locator(".post-nav a").all():
        align = link.evaluate("e => getComputedStyle(e).textAlign")
        assert align in ("start", "left")
        assert abs(box(link)["x"] - box(page.locator("main .prose")).get("x")) <= 1
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_tag_pills_are_not_underlined_and_start_with_a_capital(open_page, width):
    page, errors = open_page(CEO_POST, width)
    pills = page.locator(".tags a")
    assert pills.count() >= 1
    for pill in pills.all():
        style = pill.evaluate(
            "e => [getComputedStyle(e).textDecorationLine,"
            " getComputedStyle(e, '::first-letter').textTransform]"
        )
        assert style == ["none", "uppercase"], style
    assert errors == []


# -- search ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_search_marks_words_only_and_shows_where_excerpts_are_cut(open_page, width):
    page, errors = open_page("/search/?q=income", width)
    page.wait_for_selector("#search-results > li")
    marks = [m.inner_text() for m in page.locator("#search-results mark").all()]
    assert marks and all(re.fullmatch(r"\w[\w’'-]*\w|\w", m) for m in marks), marks
    excerpts = [e.inner_text() for e in page.locator("#search-results .excerpt").all()]
    assert any(e.startswith("… ") or e.endswith(" …") for e in excerpts), excerpts
    assert not any("Illustrative data" in e for e in excerpts), excerpts
    assert errors == []


def test_search_does_not_index_the_illustrative_notices(site):
    findings = soup(page_at(site, FINDINGS))
    notice = findings.select_one(".survey-notice")
    assert notice is not None and notice.has_attr("data-pagefind-ignore")
    method = findings.select_one(".survey-method .chart-illustrative")
    assert method is not None and method.has_attr("data-pagefind-ignore")


# -- print -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_findings_article_prints_on_a4_with_charts_tables_and_method(open_page, width):
    page, errors = open_page(FINDINGS, width)
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-search-link", ".site-footer nav", ".skip-link"):
        for element in page.locator(hidden).all():
            assert not element.is_visible(), hidden
    assert page.locator("form.site-search").evaluate("e => getComputedStyle(e).display") == "none"
    charts = page.locator("figure.chart")
    assert charts.count() >= 8
    for chart in charts.all():
        assert chart.is_visible()
        # Its picture: one of its drawings (a chart may have a narrow and a wide one).
        drawings = chart.locator(".chart-image svg, .chart-withheld")
        assert any(drawing.is_visible() for drawing in drawings.all())
    # The data tables print open, the method box too.
    table = page.locator("figure.chart table").first
    assert table.is_visible() and box(table)["height"] > 40
    assert page.locator(".survey-method").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3
    assert errors == []


def test_print_hides_nothing_of_the_article_itself(open_page):
    page, errors = open_page(CEO_POST, 390)
    page.emulate_media(media="print")
    assert page.locator("main h1").is_visible()
    assert page.locator("main .prose").is_visible()
    assert not page.locator(".survey-cta-after").is_visible()
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_printed_links_to_other_sites_show_their_address(open_page, width):
    page, errors = open_page(NEWS, width)
    link = page.locator("main .prose a", has_text="NCVO")
    after = "e => getComputedStyle(e, '::after').content"
    assert link.evaluate(after) == "none"  # on screen: just the words
    page.emulate_media(media="print")
    assert link.evaluate(after) == '" (https://www.ncvo.org.uk/help-and-guidance/)"'
    assert errors == []


# -- feeds as plain-text email -------------------------------------------------------


def test_the_findings_feed_entry_keeps_blocks_apart_in_plain_text(site):
    """As an RSS-to-email tool's plain-text copy shows the entry (html2text):
    no chart title runs into its question, no table caption into its header
    row, and each chart's description is read as often as the page shows it
    plus once as the image's alt text."""
    import html2text

    root = etree.parse(str(site / "feeds" / "all.atom.xml")).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [entry] = [
        e
        for e in root.findall("a:entry", ns)
        if e.find("a:link", ns).get("href").endswith(FINDINGS)
    ]
    converter = html2text.HTML2Text()
    converter.body_width = 0
    text = converter.handle(entry.find("a:content", ns).text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    page = soup(page_at(site, FINDINGS))
    figures = page.select("figure.chart")
    assert figures
    for figure in figures:
        title = " ".join(figure.select_one(".chart-title").get_text().split())
        assert title in lines, title  # a line of its own
        question = " ".join(figure.select_one(".chart-question").get_text().split())
        assert question in lines, question
        description = figure.select_one(".chart-description")
        if description is not None and not figure.select_one(".chart-withheld"):
            words = " ".join(description.get_text().split())
            shown = 0 if description.has_attr("hidden") else 1
            unescaped = re.sub(r"\\(.)", r"\1", " ".join(text.split()))  # html2text's \(
            assert unescaped.count(words) == 1 + shown, words
        for caption in figure.select("table caption"):
            words = " ".join(caption.get_text().split())
            assert words in lines, words  # a line of its own


def test_a_mailchimp_sign_up_posts_to_its_form_with_its_robot_field(project):
    url = "https://thcvs.us21.list-manage.com/subscribe/post?u=abc123&id=def456"
    result = run_invoke(
        project,
        "build",
        "--extra",
        "SUBSCRIBE_EMAIL_PROVIDER=mailchimp",
        "--extra",
        f"SUBSCRIBE_EMAIL_MAILCHIMP_URL={url}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "output"
    form = soup(page_at(site, "/subscribe/")).find("form", class_="subscribe-email")
    assert form["action"] == url and form["method"] == "post"
    assert form.find("input", type="email")["name"] == "EMAIL"
    robot = form.find("input", attrs={"name": "b_abc123_def456"})
    assert robot["tabindex"] == "-1" and robot.get("value") == ""
    assert robot.find_parent("div")["aria-hidden"] == "true"
    privacy = soup(page_at(site, "/privacy/")).find("main").get_text(" ")
    assert "Mailchimp" in privacy


def test_a_sign_up_without_its_account_stops_the_build_naming_the_setting(project):
    result = run_invoke(project, "build", "--extra", "SUBSCRIBE_EMAIL_PROVIDER=buttondown")
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME" in said
    assert "Traceback" not in said
