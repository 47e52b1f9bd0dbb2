"""The findings article as a statistical bulletin (issue 17): the real site
built while the survey is open, read with an HTML parser. The same page in
Chromium: test_findings_browser.py."""

from __future__ import annotations

import re

import pytest

from tests.conftest import copy_project, run_invoke

from .html import page_at, soup

FINDINGS_URL = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"
# The survey (pelicanconf.py) runs from 2 November 2026 to 15 January 2027.
OPEN = "SURVEY_CTA_NOW=2026-12-01T09:00"
SURVEY_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026"


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("bulletin") / "project")
    result = run_invoke(project, "build", "--extra", OPEN)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="module")
def main(site):
    return soup(page_at(site, FINDINGS_URL)).find("main")


@pytest.fixture(scope="module")
def sections(main):
    """The section headings, in page order: the post's ## headings and the
    method box's (the call to action's own heading is not a section)."""
    prose = main.find(class_="prose")
    return [
        h2
        for h2 in prose.find_all("h2")
        if not h2.find_parent(class_="survey-cta") and h2.get("id")
    ]


def test_release_box_gives_the_release_date_next_release_and_contact(main):
    box = main.find("header").find("dl", class_="survey-release")
    facts = {text_of(dt): dt.find_next_sibling("dd") for dt in box.find_all("dt")}
    assert text_of(facts["Released"]) == "10 March 2026"
    assert facts["Released"].time["datetime"].startswith("2026-03-10")
    assert text_of(facts["Next release"]) == "March 2027"
    assert facts["Contact"].a["href"] == "mailto:info@thcvs.org.uk"


def test_contents_list_every_section_in_order(main, sections):
    nav = main.find("nav", id="contents")
    assert nav is not None and nav.find_next_sibling(class_="prose") is not None
    assert text_of(main.find(id=nav["aria-labelledby"])) == "Contents"
    links = nav.find_all("a")
    assert [(a["href"], text_of(a)) for a in links] == [
        (f"#{h2['id']}", text_of(h2)) for h2 in sections
    ]
    assert [text_of(a) for a in links][:2] == ["Main points", "Money"]
    assert text_of(links[-1]) == "About the survey"
    assert len(links) >= 6


def test_each_section_ends_with_back_to_contents(main, sections):
    backs = main.find_all("p", class_="back-to-contents")
    assert len(backs) == len(sections)
    assert all(text_of(p) == "Back to contents" and p.a["href"] == "#contents" for p in backs)
    for heading in sections[1:]:
        section_start = heading.find_parent("aside") or heading
        assert "back-to-contents" in section_start.find_previous_sibling().get("class", [])
    last = main.find(class_="prose").find_all(recursive=False)[-1]
    assert "back-to-contents" in last.get("class", [])


def test_main_points_box_is_the_list_under_its_heading(main):
    heading = main.find("h2", id="main-points")
    assert "main-points-heading" in heading["class"]
    points = heading.find_next_sibling()
    assert points.name == "ul" and "main-points" in points["class"]
    assert len(points.find_all("li")) >= 4
    assert "Income is falling." in text_of(points)


def test_illustrative_is_said_once_at_the_top_and_once_in_the_method_box(main):
    said = [s for s in main.find_all(string=re.compile("Illustrative data"))]
    assert len(said) == 2, said
    notice = main.find(class_="survey-notice")
    assert notice is main.find(class_="prose").find(recursive=False)
    assert said[0].find_parent(class_="survey-notice") is notice
    assert said[1].find_parent("aside", class_="survey-method") is not None


def test_chart_titles_are_not_repeated_by_a_visible_description(main):
    figures = main.find_all("figure", class_="chart")
    assert len(figures) >= 8
    for figure in figures:
        title = text_of(figure.find(class_="chart-title"))
        description = figure.find(class_="chart-description")
        # The description is the SVGs' text alternative, read with them, never seen.
        assert description.has_attr("hidden"), figure["id"]
        svgs = figure.find_all("svg")
        assert svgs and all(s["aria-describedby"] == description["id"] for s in svgs)
        seen = [p for p in figure.find_all("p") if not p.has_attr("hidden")]
        assert not any(title in text_of(p) for p in seen), figure["id"]


def test_each_chart_is_drawn_for_narrow_and_wide_columns(main):
    for figure in main.find_all("figure", class_="chart"):
        svgs = figure.find(class_="chart-image").find_all("svg", recursive=False)
        assert [s["class"] for s in svgs] == [["chart-narrow"], ["chart-wide"]], figure["id"]
        widths = [float(s["viewbox"].split()[2]) for s in svgs]
        assert widths == [288, 560], figure["id"]
        assert all(s["aria-labelledby"] == f"{figure['id']}-title" for s in svgs)


def test_numbers_in_tables_are_marked_to_right_align(main):
    tables = main.find_all("table", class_="chart-table")
    assert tables
    for table in tables:
        headers = [th for th in table.thead.find_all("th")]
        assert [th.get("class") for th in headers] == [None, ["num"], ["num"]]
        for row in table.find_all("tr"):
            for cell in row.find_all("td"):
                if cell.get("colspan"):
                    continue  # a row that says why a group is not shown
                assert cell.get("class") == ["num"], row
                assert re.fullmatch(r"[\d,<\[\]cx%.]+|not shown", text_of(cell)), text_of(cell)


def test_the_survey_call_to_action_links_to_the_survey_while_open(main):
    heading = main.find("h2", id="what-happens-next")
    section = []
    for element in heading.find_next_siblings():
        if element.name == "h2" or "back-to-contents" in element.get("class", []):
            break
        section.append(element)
    buttons = [a for e in section for a in e.select("a.survey-cta-button")]
    assert [a["href"] for a in buttons] == [SURVEY_URL]
    assert "when it is open" not in text_of(main)
    # These are last year's findings: the call to action does not link here.
    assert not main.select(f'.survey-cta a[href="{FINDINGS_URL}"]')
    assert "last year’s answers" not in text_of(main.find(class_="survey-cta"))
