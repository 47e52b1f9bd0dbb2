"""The survey call to action in real builds: open, not yet open, closed, closed
with findings and switched off, with every page and feed searched for the
survey's link; the per-post switch, the {survey} line, the feed paragraph and
the settings and content errors."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.conftest import ROOT, copy_project, run_invoke

from .html import page_at, pages, soup, url_of

SURVEY_CTA_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026"
PRIZE_DRAW_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026-prize-draw"
ORIGIN = "http://127.0.0.1:8000"
CEO_POST = "/2026/11/co-production-rhetoric-and-practice/"
PREVIOUS_FINDINGS = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"
QUIET_POST = "/2026/11/a-ceo-post-without-the-survey/"
INLINE_POST = "/2026/11/a-news-post-with-the-survey-inside/"
YES_POST = "/2026/11/a-news-post-that-asks-for-the-survey/"
PLAIN_POST = "/2026/11/an-ordinary-news-post/"
INLINE_PAGE = "/get-involved/"
FINDINGS_2026 = "/2026/11/state-of-the-sector-2026-findings/"

OPEN = ["SURVEY_CTA_OPENS=2020-01-01T09:00", "SURVEY_CTA_CLOSES=2099-01-15T17:00"]
UPCOMING = ["SURVEY_CTA_OPENS=2099-01-01T09:00", "SURVEY_CTA_CLOSES=2099-02-01T09:00"]
CLOSED = ["SURVEY_CTA_OPENS=2020-01-01T09:00", "SURVEY_CTA_CLOSES=2021-01-15T17:00"]

EXTRA_CONTENT = {
    "posts/2026-11-25-quiet.md": (
        "Title: A CEO post without the survey\nDate: 2026-11-25 09:00\nCategory: CEO blog\n"
        "Author: Damian Brady (Interim CEO)\nSummary: No call to action here.\nSurvey: "
        "no\n\nJust text.\n"
    ),
    "posts/2026-11-26-inline.md": (
        "Title: A news post with the survey inside\nDate: 2026-11-26 09:00\nCategory: News\n"
        "Author: A Writer\nSummary: The call to action sits in the middle.\n\n"
        "Paragraph before.\n\n{survey}\n\nParagraph after.\n"
    ),
    "posts/2026-11-27-yes.md": (
        "Title: A news post that asks for the survey\nDate: 2026-11-23 09:00\nCategory: News\n"
        "Author: A Writer\nSummary: Survey yes.\nSurvey: yes\n\nPlease take part.\n"
    ),
    "posts/2026-11-20-plain.md": (
        "Title: An ordinary news post\nDate: 2026-11-20 09:00\nCategory: News\n"
        "Author: A Writer\nSummary: Nothing about the survey.\n\nOther news.\n"
    ),
    "pages/get-involved.md": (
        "Title: Get involved\nSummary: Ways to help.\n\nVolunteer with us.\n\n{survey}\n\n"
        "Or donate.\n"
    ),
}
FINDINGS_POST = (
    "Title: State of the Sector 2026: findings\nDate: 2026-11-01 09:00\nCategory: Sector findings\n"
    "Author: Tower Hamlets CVS\nSummary: What organisations told us in 2026.\n\nThe findings.\n"
)


def build(tmp_path_factory, name, extra, *, findings=False):
    project = copy_project(tmp_path_factory.mktemp(name) / "project")
    for relative, text in EXTRA_CONTENT.items():
        (project / "content" / relative).write_text(text, encoding="utf-8")
    if findings:
        (project / "content" / "findings" / "2026-11-01-sos-2026.md").write_text(
            FINDINGS_POST, encoding="utf-8"
        )
    args = ["build"]
    for item in extra:
        args += ["--extra", item]
    result = run_invoke(project, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def open_site(tmp_path_factory):
    return build(tmp_path_factory, "open", OPEN)


@pytest.fixture(scope="module")
def upcoming_site(tmp_path_factory):
    return build(tmp_path_factory, "upcoming", UPCOMING)


@pytest.fixture(scope="module")
def closed_site(tmp_path_factory):
    return build(tmp_path_factory, "closed", CLOSED)


@pytest.fixture(scope="module")
def findings_site(tmp_path_factory):
    return build(
        tmp_path_factory,
        "findings",
        [*CLOSED, "SURVEY_CTA_FINDINGS=findings/2026-11-01-sos-2026.md"],
        findings=True,
    )


@pytest.fixture(scope="module")
def off_site(tmp_path_factory):
    return build(tmp_path_factory, "off", ['SURVEY_CTA_URL=""'])


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def page(site: Path, url: str):
    return soup(page_at(site, url))


def files_linking(site: Path, *urls: str) -> list[str]:
    """Every built file (pages, feeds, sitemap) that mentions one of `urls`."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            body = path.read_text(encoding="utf-8")
            if any(url in body for url in urls):
                found.append(path.relative_to(site).as_posix())
    return found


def feed_entry_html(site: Path, url_path: str) -> dict[str, str]:
    """The entry for a post in the Atom, RSS and JSON feeds (content as HTML)."""
    link = ORIGIN + url_path
    out = {}
    for name in ("all.atom.xml", "all.rss.xml"):
        parsed = feedparser.parse((site / "feeds" / name).read_bytes())
        [entry] = [e for e in parsed.entries if e.link == link]
        out[name] = entry.content[0].value if "content" in entry else entry.description
    feed = json.loads((site / "feeds" / "all.json").read_text(encoding="utf-8"))
    [item] = [i for i in feed["items"] if i["url"] == link]
    out["all.json"] = item["content_html"]
    return out


def scripts(site: Path, url: str) -> list[str]:
    """This plugin's scripts on a page (other plugins may add their own)."""
    return [
        s["src"]
        for s in page(site, url).find_all("script", src=True)
        if "survey-status" in s["src"]
    ]


# -- open --------------------------------------------------------------------------


def test_open_ceo_post_ends_with_the_call_to_action(open_site):
    doc = page(open_site, CEO_POST)
    [box] = doc.select(".survey-cta")
    assert "survey-cta-after" in box["class"]
    assert box.find_previous_sibling("div", class_="prose") is not None
    words = text(box)
    for phrase in (
        "State of the Sector 2026",
        "about 10 minutes",
        "anonymous",
        "It closes at 5pm on Thursday 15 January 2099",
        "prize draw for a tablet for your organisation",
        "separate form, so your answers cannot be linked to you",
        "in another format",
    ):
        assert phrase in words, phrase
    links = {a["href"] for a in box.find_all("a")}
    assert {
        "/survey/#prize-draw-terms",
        "mailto:info@thcvs.org.uk",
        PREVIOUS_FINDINGS,
        "/privacy/",
    } <= links
    assert box["data-survey-closes"] == "2099-01-15T17:00:00+00:00"


def test_open_there_is_one_primary_button_to_the_survey_in_the_same_tab(open_site):
    for url in (CEO_POST, "/", "/survey/", INLINE_POST, YES_POST, INLINE_PAGE):
        doc = page(open_site, url)
        buttons = doc.select("a.survey-cta-button")
        # The survey page has it at its top and again at its end.
        assert len(buttons) == (2 if url == "/survey/" else 1), url
        for button in buttons:
            assert text(button) == "Take the survey", url
            assert button["href"] == SURVEY_CTA_URL, url
            assert not button.has_attr("target") and not button.has_attr("rel"), url
        survey_links = [
            a for a in doc.find_all("a", href=True) if a["href"].startswith("https://forms.")
        ]
        assert all("?" not in a["href"] and not a.has_attr("target") for a in survey_links), url


def test_open_home_page_has_the_banner_on_its_first_page(open_site):
    doc = page(open_site, "/")
    [box] = doc.select(".survey-cta")
    assert "survey-cta-home" in box["class"]
    assert box.find_previous_sibling("h1") is not None


def test_open_survey_page_has_full_details_and_the_prize_draw_terms(open_site):
    doc = page(open_site, "/survey/")
    assert len(doc.find_all("h1")) == 1
    terms = doc.find(id="prize-draw-terms").find_parent("section")
    words = text(terms)
    for phrase in (
        "a tablet for your organisation",
        "Who may enter",
        "One entry per organisation",
        "5pm on Thursday 15 January 2099",
        "at random",
        "We tell the winning organisation",
        "separate form",
    ):
        assert phrase in words, phrase
    assert terms.find("a", href=PRIZE_DRAW_URL) is not None
    main = text(doc.find("main"))
    assert "What the survey is for" in main and "Other formats" in main and "anonymous" in main
    assert "/survey/" in (open_site / "sitemap.xml").read_text()


def test_survey_no_and_categories_decide_who_gets_it_after_the_post(open_site):
    assert not page(open_site, QUIET_POST).select(".survey-cta")
    assert not page(open_site, PLAIN_POST).select(".survey-cta")
    assert [b["class"] for b in page(open_site, YES_POST).select(".survey-cta")] == [
        ["survey-cta", "survey-cta-after"]
    ]


@pytest.mark.parametrize("url", [INLINE_POST, INLINE_PAGE])
def test_a_survey_line_places_the_call_to_action_there(open_site, url):
    doc = page(open_site, url)
    [box] = doc.select(".survey-cta")
    assert "survey-cta-inline" in box["class"]
    assert box.parent["class"] == ["prose"]
    before, after = box.find_previous_sibling("p"), box.find_next_sibling("p")
    assert text(before) in ("Paragraph before.", "Volunteer with us.")
    assert text(after) in ("Paragraph after.", "Or donate.")
    assert "{survey}" not in str(doc)


def test_the_script_is_only_on_pages_with_the_open_call_to_action(open_site):
    script = "/theme/js/survey-status.js"
    # Last year's findings ask readers to take this year's survey ({survey}).
    for url in (CEO_POST, "/", "/survey/", INLINE_POST, YES_POST, INLINE_PAGE, PREVIOUS_FINDINGS):
        assert scripts(open_site, url) == [script], url
        assert page(open_site, url).find("script", src=script).has_attr("defer")
    for url in (QUIET_POST, PLAIN_POST, "/about/", "/archives/"):
        assert scripts(open_site, url) == [], url
    assert (open_site / "theme" / "js" / "survey-status.js").is_file()


def test_open_feeds_carry_a_plain_paragraph_with_absolute_links(open_site):
    for url in (CEO_POST, INLINE_POST, YES_POST):
        for name, html in feed_entry_html(open_site, url).items():
            tree = lxml.html.fragment_fromstring(html, create_parent="div")
            [paragraph] = [p for p in tree.xpath("//p") if "Take the survey" in p.text_content()]
            assert paragraph.xpath(".//a/@href") == [SURVEY_CTA_URL, f"{ORIGIN}/survey/"], (
                url,
                name,
            )
            assert "about 10 minutes" in paragraph.text_content()
            assert not tree.xpath(
                "//script | //svg | //details | //*[@style] | //*[@hidden] | "
                "//*[contains(@class, 'survey')]"
            ), (url, name)
            assert "data-feed-replace" not in html and "survey-cta" not in html, (url, name)
            assert html.count(SURVEY_CTA_URL) == 1, (url, name)
    inline = feed_entry_html(open_site, INLINE_POST)["all.atom.xml"]
    assert (
        inline.index("Paragraph before.")
        < inline.index("Take the survey")
        < inline.index("Paragraph after.")
    )
    for url in (QUIET_POST, PLAIN_POST):
        assert SURVEY_CTA_URL not in "".join(feed_entry_html(open_site, url).values()), url


def test_open_pages_already_carry_the_closed_message_hidden(open_site):
    doc = page(open_site, CEO_POST)
    closed = doc.select_one('.survey-cta [data-survey-when="closed"]')
    assert closed.has_attr("hidden")
    assert "has closed" in text(closed) and "Thank you" in text(closed)
    assert "We will publish" in text(closed)  # no findings yet
    assert SURVEY_CTA_URL not in str(closed)
    assert not doc.select_one('.survey-cta [data-survey-when="open"]').has_attr("hidden")


# -- not yet open, and switched off -------------------------------------------------


@pytest.mark.parametrize("site_fixture", ["upcoming_site", "off_site"])
def test_before_it_opens_and_with_no_survey_there_is_nothing(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    assert (
        files_linking(
            site, SURVEY_CTA_URL, PRIZE_DRAW_URL, "survey-status.js", "survey-cta", "/survey/"
        )
        == []
    )
    assert not (site / "survey").exists()
    for path in pages(site):
        assert "{survey}" not in path.read_text(encoding="utf-8"), url_of(site, path)
    inline = page(site, INLINE_POST)
    assert [text(p) for p in inline.select(".prose p")] == ["Paragraph before.", "Paragraph after."]


# -- closed ------------------------------------------------------------------------

CLOSED_PLACES = [
    (CEO_POST, "after"),
    ("/", "home"),
    (INLINE_POST, "inline"),
    (YES_POST, "after"),
    (INLINE_PAGE, "inline"),
    ("/survey/", "page"),
]


@pytest.mark.parametrize("site_fixture", ["closed_site", "findings_site"])
def test_closed_no_page_or_feed_links_to_the_survey(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    assert files_linking(site, SURVEY_CTA_URL, PRIZE_DRAW_URL, "survey-status.js") == []
    for path in pages(site):
        doc = soup(path)
        assert not doc.select("a.survey-cta-button, [data-survey-closes], script[src*=survey]"), (
            url_of(site, path)
        )
        assert "Take the survey" not in text(doc), url_of(site, path)


@pytest.mark.parametrize("site_fixture", ["open_site", "closed_site"])
def test_the_survey_page_is_in_the_navigation_only_while_open(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    for url in ("/", CEO_POST, "/about/"):
        nav = page(site, url).find("nav", class_="site-nav")
        links = [a for a in nav.find_all("a") if text(a) == "Survey"]
        if site_fixture == "open_site":
            [link] = links
            assert link["href"] == "/survey/", url
            # survey-status.js hides it with the button once the survey closes.
            assert link.parent["data-survey-when"] == "open"
        else:
            assert links == [], url


@pytest.mark.parametrize("url, place", CLOSED_PLACES)
def test_closed_every_place_says_so_and_thanks_people(closed_site, url, place):
    [box] = page(closed_site, url).select(".survey-cta")
    assert f"survey-cta-{place}" in box["class"]
    words = text(box)
    assert "The State of the Sector 2026 survey has closed" in words
    assert "Thank you to everyone who took part" in words
    assert "closed on 15 January 2021" in words
    assert "We will publish what organisations told us" in words


def test_closed_survey_page_keeps_the_terms_without_the_form(closed_site):
    doc = page(closed_site, "/survey/")
    assert "The draw closed with the survey at 5pm on Friday 15 January 2021" in text(
        doc.find(id="prize-draw-terms").parent
    )
    assert doc.find(id="other-formats") is None


def test_closed_feeds_thank_people(closed_site):
    for html in feed_entry_html(closed_site, CEO_POST).values():
        assert "survey has closed: thank you to everyone who took part" in html
        assert SURVEY_CTA_URL not in html


@pytest.mark.parametrize("url, place", CLOSED_PLACES)
def test_closed_with_findings_links_them_everywhere(findings_site, url, place):
    [box] = page(findings_site, url).select(".survey-cta")
    link = box.find("a", href=FINDINGS_2026)
    assert link is not None and "Read the findings" in text(link)
    assert "We will publish" not in text(box)


def test_closed_with_findings_feeds_link_them_absolutely(findings_site):
    for html in feed_entry_html(findings_site, CEO_POST).values():
        assert f'href="{ORIGIN}{FINDINGS_2026}"' in html


# -- mistakes stop the build ------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            "SURVEY_CTA_CLOSES=2026-10-01T09:00",
            "survey_cta: setting SURVEY_CTA_CLOSES = '2026-10-01T09:00': expected a date and "
            "time after SURVEY_CTA_OPENS",
        ),
        (
            "SURVEY_CTA_URL=http://forms.thcvs.org.uk/s",
            "survey_cta: setting SURVEY_CTA_URL = 'http://forms.thcvs.org.uk/s': expected an "
            "https:// web address",
        ),
        (
            "SURVEY_CTA_PREVIOUS_FINDINGS=findings/2025.md",
            "survey_cta: setting SURVEY_CTA_PREVIOUS_FINDINGS = 'findings/2025.md': expected the "
            "path of an existing",
        ),
    ],
)
def test_bad_settings_stop_the_build_with_a_clear_message(project, extra, message):
    (project / "output").mkdir()
    (project / "output" / "index.html").write_text("the last good site")
    result = run_invoke(project, "build", "--extra", extra)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert (project / "output" / "index.html").read_text() == "the last good site"


def test_a_bad_survey_field_or_marker_stops_the_build_naming_file_and_line(project):
    post = project / "content" / "posts" / "2026-11-26-bad.md"
    post.write_text(
        "Title: Bad\nDate: 2026-11-26 09:00\nCategory: News\nAuthor: A\nSummary: S.\nSurvey: "
        "maybe\n\n"
        "Take part: {survey}\n",
        encoding="utf-8",
    )
    result = run_invoke(project, "build")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "2 problems in the content; the site was not built:" in log
    assert "content/posts/2026-11-26-bad.md:6: 'Survey: maybe' is not 'yes' or 'no'" in log
    assert "content/posts/2026-11-26-bad.md:8: '{survey}' must be on a line of its own" in log


def test_the_real_settings_are_the_documented_ones():
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert settings["SURVEY_CTA_URL"] == SURVEY_CTA_URL
    assert settings["SURVEY_CTA_PRIZE_DRAW_URL"] == PRIZE_DRAW_URL
    assert (settings["SURVEY_CTA_OPENS"], settings["SURVEY_CTA_CLOSES"]) == (
        "2026-11-02T09:00",
        "2027-01-15T17:00",
    )
    assert (
        "survey_cta" in settings["PLUGINS"] and "survey" in settings["CONTENT_CHECKS_EXTRA_FIELDS"]
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in (
        "SURVEY_CTA_URL",
        "SURVEY_CTA_NAME",
        "SURVEY_CTA_OPENS",
        "SURVEY_CTA_CLOSES",
        "SURVEY_CTA_MINUTES",
        "SURVEY_CTA_PRIZE",
        "SURVEY_CTA_PRIZE_DRAW_URL",
        "SURVEY_CTA_CONTACT_EMAIL",
        "SURVEY_CTA_FINDINGS",
        "SURVEY_CTA_PREVIOUS_FINDINGS",
    ):
        assert f"`{key}`" in readme, key


def test_last_years_findings_must_be_published(project):
    draft = FINDINGS_POST.replace("Summary:", "Status: draft\nSummary:")
    (project / "content" / "findings" / "2026-11-01-sos-2026.md").write_text(
        draft, encoding="utf-8"
    )
    result = run_invoke(
        project, "build", "--extra", "SURVEY_CTA_PREVIOUS_FINDINGS=findings/2026-11-01-sos-2026.md"
    )
    assert result.returncode != 0
    assert (
        "survey_cta: setting SURVEY_CTA_PREVIOUS_FINDINGS = 'findings/2026-11-01-sos-2026.md': "
        "expected a "
        "published findings article, but findings/2026-11-01-sos-2026.md is a draft"
    ) in result.stdout + result.stderr
