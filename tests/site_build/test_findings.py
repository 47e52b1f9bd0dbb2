"""The findings article, built with the real content and read with an HTML parser."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from pathlib import Path

import pytest

from tests.conftest import build_into, run_invoke

from .html import internal_target, label_band_drawn, page_at, soup

FINDINGS_URL = "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"
SURVEY = "state-of-the-sector-2025"
ILLUSTRATIVE = "Illustrative data: these are not real survey results."
BUDGET = 40 * 1024  # bytes, gzip, everything the page loads


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def page(dev_site):
    return soup(page_at(dev_site, FINDINGS_URL))


@pytest.fixture(scope="module")
def figures(page):
    return page.find("main").find_all("figure", class_="chart")


def feed_image(figure) -> dict:
    """The <img> a chart becomes in feeds (its SVG box's data-feed-replace)."""
    box = figure.find(class_="chart-image")
    return soup_fragment(box["data-feed-replace"]).find("img").attrs


def soup_fragment(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_article_is_in_sector_findings(dev_site, page):
    assert text_of(page.find("h1")) == "State of the Sector 2025: what local organisations told us"
    assert page.find("main").find("a", href="/category/sector-findings/") is not None
    listing = soup(page_at(dev_site, "/category/sector-findings/"))
    assert listing.find("main").find("a", href=FINDINGS_URL) is not None


def test_at_least_eight_charts_each_complete(dev_site, page, figures):
    assert len(figures) >= 8
    ids = [f["id"] for f in figures]
    assert len(set(ids)) == len(ids)
    for figure in figures:
        hid = figure["id"]
        title = figure.find(id=f"{hid}-title")
        assert title is not None and text_of(title), hid
        assert "Question: “" in text_of(figure.figcaption), hid
        svg = figure.find("svg")
        assert svg["role"] == "img" and svg["aria-labelledby"] == f"{hid}-title", hid
        description = page.find(id=svg["aria-describedby"])
        assert (
            description is not None and description.name == "p" and len(text_of(description)) > 20
        ), hid
        assert re.search(r"Base: .+ \(n=\d+", text_of(figure.find(class_="chart-base"))), hid
        assert "Source: Tower Hamlets CVS" in text_of(figure), hid
        table = figure.find("details").find("table")
        assert table.caption is not None, hid
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in table.find_all("th")), (
            hid
        )
        # Illustrative is said at the top and in the method box, not on each chart.
        assert "Illustrative data" not in text_of(figure), hid


def test_illustrative_notice_and_method_box(page):
    main = page.find("main")
    notice = main.find(class_="survey-notice")
    assert notice is not None and "not real survey results" in text_of(notice)
    method = main.find("aside", class_="survey-method")
    text = text_of(method)
    for expected in (
        "15 September to 7 November 2025",
        "132 organisations",
        "selected themselves",
        "online questionnaire",
        "exact wording",
        "Illustrative data",
    ):
        assert expected in text, expected
    link = method.find("a", href=f"/charts/{SURVEY}/all-tables.csv")
    assert link is not None and re.fullmatch(
        r"Download all the tables \(CSV, \d+ KB\)", text_of(link)
    )


def test_csv_links_exist_and_match_their_tables(dev_site, figures):
    for figure in figures:
        link = figure.find("a", href=re.compile(r"\.csv$"))
        path = page_at(dev_site, link["href"])
        assert path.is_file(), link["href"]
        size = re.search(r"\(CSV, (\d+) KB\)", text_of(link)).group(1)
        assert int(size) == max(1, -(-path.stat().st_size // 1024))
        rows = read_csv(path)
        assert all("Illustrative data" in row["notes"] for row in rows)
        table = figure.find("table")
        group = None
        checked = 0
        for tr in table.find_all("tr")[1:]:
            header = tr.find("th", scope="rowgroup")
            if header is not None:
                group = re.sub(r" \(n=[\d,]+\)$", "", text_of(header))
                continue
            if tr.th is None:  # a withheld group
                assert all(r["count"] == "[x]" for r in rows if r["group"] == group)
                continue
            row = next(r for r in rows if r["answer"] == text_of(tr.th) and r["group"] == group)
            number, percent = (text_of(td) for td in tr.find_all("td"))
            assert number == row["count"], (figure["id"], row)
            assert percent == (f"{row['percent']}%" if row["percent"] else "not shown"), (
                figure["id"],
                row,
            )
            checked += 1
        assert checked == len([r for r in rows if r["count"] != "[x]"]), figure["id"]


def test_all_tables_csv_covers_every_question(dev_site):
    rows = read_csv(dev_site / "charts" / SURVEY / "all-tables.csv")
    questions = {r["question"] for r in rows}
    assert len(questions) >= 8
    assert {"income-change", "meet-demand", "top-concerns"} <= questions


def test_headline_numbers_come_from_the_data(page):
    standfirst = text_of(page.find(class_="standfirst"))
    assert standfirst.startswith("Four in ten organisations")
    assert "132 local organisations" in standfirst
    # Seven in ten of those that deliver services, not of the 132: it says so.
    assert re.search(
        r"demand rose for \w+ in ten of the \d+ organisations that deliver services ?\.", standfirst
    ), standfirst
    numbers = [text_of(n) for n in page.find("main").find_all("span", class_="survey-number")]
    assert "42%" in numbers and len(numbers) >= 10
    assert "{{" not in page_at_text(page)


def page_at_text(page) -> str:
    return page.get_text()


# The true counts of 1-4 in the shipped (illustrative) data: where they sit,
# and what is published instead.
SMALL = [
    ("meet-demand", "£100k to £1m", "Met little or none", "3"),
    ("meet-demand", "Over £1m", "Met all demand", "3"),
    ("meet-demand", "Over £1m", "Met little or none", "1"),
    ("top-concerns", "All organisations", "Something else", "4"),
]


def test_no_raw_small_count_is_published(dev_site):
    rows = read_csv(dev_site / "charts" / SURVEY / "all-tables.csv")
    for question, group, answer, _raw in SMALL:
        row = next(
            r for r in rows if (r["question"], r["group"], r["answer"]) == (question, group, answer)
        )
        assert row["count"] == "<5" and row["percent"] == "", row
    # No published count anywhere is 1-4, in any CSV file.
    for path in (dev_site / "charts").rglob("*.csv"):
        for row in read_csv(path):
            assert row["count"] not in {"1", "2", "3", "4"}, (path.name, row)
    # Counts and group bases are rounded to the nearest 5 (the default), so
    # the income-band bases of income-change (64/49/19) and meet-demand
    # (60/46/18) no longer give away the 4, 3 and 1 who do not deliver services.
    bases = {}
    for r in rows:
        if r["count"] not in {"<5", "[c]", "[x]", ""}:
            assert int(r["count"]) % 5 == 0, r
        bases[(r["question"], r["group"])] = r["base"]
    for band in ("Under £100k", "£100k to £1m", "Over £1m"):
        gap = int(bases[("income-change", band)]) - int(bases[("meet-demand", band)])
        assert gap % 5 == 0, (band, gap)


def test_no_raw_small_count_in_tables_or_charts(dev_site, figures):
    for figure in figures:
        for td in figure.find_all("td"):
            assert text_of(td) not in {"1", "2", "3", "4"}, (figure["id"], text_of(td))
        for text in figure.find("svg").find_all("text"):
            assert text_of(text) not in {"1", "2", "3", "4"}, figure["id"]
    grouped = next(f for f in figures if f["id"] == "chart-meet-demand-by-income-band")
    labels = [text_of(t) for t in grouped.find("svg").find_all("text")]
    # Rounded to 5, the breakdown needs no "[c]": its three "<5" cannot be worked out.
    assert labels.count("<5") == 3


def test_page_weight_within_budget(dev_site, page):
    """Everything the findings page loads, gzipped, without interactive charts."""
    html = page_at(dev_site, FINDINGS_URL)
    total = len(gzip.compress(html.read_bytes(), 9))
    loaded = []
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
        for element in page.find_all(tag, **{attribute: True}):
            if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon"}:
                continue
            target = internal_target(element[attribute], FINDINGS_URL, "http://127.0.0.1:8000")
            assert target is not None, element
            loaded.append(page_at(dev_site, target))
    for path in loaded:
        total += len(gzip.compress(path.read_bytes(), 9))
    # No chart scripts; only the survey call to action's (while it is open),
    # which hides its button once the survey has closed.
    scripts = [script["src"] for script in page.find_all("script")]
    assert scripts in ([], ["/theme/js/survey-status.js"]), scripts
    assert total <= BUDGET, total


def test_chart_styles_load_only_where_there_are_charts(dev_site, page):
    sheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "/theme/css/findings.css" in sheets
    assert (dev_site / "theme" / "css" / "findings.css").is_file()
    other = soup(page_at(dev_site, "/2026/11/co-production-rhetoric-and-practice/"))
    assert "/theme/css/findings.css" not in [
        link["href"] for link in other.find_all("link", rel="stylesheet")
    ]


def test_social_card_is_drawn_from_the_first_chart(dev_site, page):
    image = page.find("meta", property="og:image")
    assert image is not None and image["content"].startswith("http://127.0.0.1:8000/social-cards/")
    png = page_at(dev_site, image["content"][len("http://127.0.0.1:8000") :])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = page.find("main").find("figure", class_="chart")
    alt = page.find("meta", property="og:image:alt")["content"]
    assert alt.startswith(ILLUSTRATIVE + " " + text_of(first.find(class_="chart-title")))
    assert text_of(first.find(class_="chart-description")) in alt


def test_descriptions_start_with_the_illustrative_label(dev_site, page):
    """A shared link to findings from illustrative data says so first."""
    for tag in (
        page.find("meta", attrs={"name": "description"}),
        page.find("meta", property="og:description"),
    ):
        assert tag["content"].startswith(ILLUSTRATIVE + " Four in ten organisations"), tag
    other = soup(page_at(dev_site, "/2026/11/co-production-rhetoric-and-practice/"))
    assert "Illustrative" not in other.find("meta", property="og:description")["content"]


def test_lists_of_posts_label_the_findings_summary(dev_site):
    """The home page lists summaries (the other lists, titles only): the
    label comes first there too, and only for the findings."""
    for url in ("/",):
        listing = soup(page_at(dev_site, url)).find("main")
        items = listing.select("article.post-summary")
        findings = [i for i in items if i.find("a", href=FINDINGS_URL)]
        assert len(findings) == 1 and len(items) >= 2, url
        summary = text_of(findings[0].find(class_="summary"))
        assert summary.startswith(ILLUSTRATIVE + " Four in ten organisations"), (url, summary)
        others = [text_of(i.find(class_="summary")) for i in items if i not in findings]
        assert not any("Illustrative" in text for text in others), url


def test_every_chart_png_carries_the_illustrative_label(dev_site, figures):
    """Feeds and link previews show the PNG without the page: the label is
    drawn into it, across its top, and not into the SVG the page shows."""
    drawn = 0
    for figure in figures:
        if figure.find(class_="chart-image") is None:
            continue
        data = page_at(dev_site, feed_image(figure)["src"]).read_bytes()
        assert label_band_drawn(data, 40), feed_image(figure)["src"]
        assert "Illustrative" not in str(figure.find("svg"))
        drawn += 1
    assert drawn >= 8


def test_every_chart_has_a_2x_png(dev_site, figures):
    import struct

    for figure in figures:
        image = feed_image(figure)
        assert image["alt"] == text_of(figure.find(class_="chart-description"))
        data = page_at(dev_site, image["src"]).read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (2 * int(image["width"]), 2 * int(image["height"]))


def test_feeds_show_charts_as_images(dev_site):
    feed = (dev_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "http://127.0.0.1:8000/charts/state-of-the-sector-2025/income-change-bar-" in feed
    assert "&lt;svg" not in feed and "<svg" not in feed


def test_two_builds_are_byte_identical(dev_site, tmp_path):
    again = build_into("pelicanconf.py", tmp_path / "output")

    def digests(folder):
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digests(again) == digests(dev_site)


def test_production_findings_use_the_real_address(prod_site):
    page = soup(page_at(prod_site, FINDINGS_URL))
    link = page.find("figure").find("a", href=re.compile(r"\.csv$"))
    assert link["href"].startswith("https://www.thcvs.org.uk/charts/")
    assert page.find("meta", property="og:image")["content"].startswith(
        "https://www.thcvs.org.uk/social-cards/"
    )


ROUNDING = "Percentages may not sum to 100 because of rounding."
MULTI = "Organisations could choose more than one answer"


def table_percents(figure) -> list[list[int]]:
    """Each row group's per cents, as its table shows them (None when hidden)."""
    groups = []
    for body in figure.select("table.chart-table tbody"):
        cells = [row.find_all("td") for row in body.find_all("tr")]
        groups.append(
            [
                int(tds[1].get_text().rstrip("%")) if tds[1].get_text().endswith("%") else None
                for tds in cells
                if len(tds) == 2
            ]
        )
    return groups


def test_a_rounding_note_where_the_per_cents_do_not_sum_to_100(figures):
    """Single choice: the note under a chart exactly when a fully shown row
    of its table adds up to other than 100. Multi-choice: says why instead."""
    seen = {"rounding": 0, "none": 0, "multi": 0}
    for figure in figures:
        notes = figure.find(class_="chart-notes")
        notes = text_of(notes) if notes else ""
        caption = text_of(figure.find("caption")) if figure.find("caption") else ""
        if "choose more than one answer" in caption:
            assert MULTI in notes and ROUNDING not in notes, figure["id"]
            seen["multi"] += 1
            continue
        groups = [g for g in table_percents(figure) if g and None not in g]
        off = any(sum(g) != 100 for g in groups)
        assert (ROUNDING in notes) == off, (figure["id"], groups, notes)
        seen["rounding" if off else "none"] += 1
    # The 2025 data has both kinds of note (income change: 23 + 36 + 42 = 101).
    # Rounded to 5, every single-choice chart has a row off 100; a chart with
    # no note is tested in tests/unit/test_survey_charts.py (percent_sums).
    assert seen["rounding"] and seen["multi"], seen


# An edition with no `source:`, a title that already says "Survey", and a
# group of 11 withheld to protect the other group's small numbers.
GROUPS_SURVEY = """\
title: Neighbourhood Groups Survey 2026
population: Neighbourhood groups in the borough
fieldwork:
  opens: 2026-01-05
  closes: 2026-01-30
method: An online form.
responses: 33
illustrative: false
breakdowns:
  - id: size
    name: size of group
    groups: [Small, Large]
questions:
  - id: premises
    text: Does your group have its own premises?
    kind: single
    base: All groups
    answers: [Yes, No]
"""
GROUPS_RESULTS = """\
question,answer,count,group
premises,Yes,17,
premises,No,16,
premises,Yes,4,Small
premises,No,7,Small
premises,Yes,13,Large
premises,No,9,Large
"""
GROUP_BASES = {"Small": 11, "Large": 22}  # both 10 or more
GROUPS_POST = """\
Title: What neighbourhood groups told us
Date: 2026-02-09 10:00
Category: Sector findings
Author: A Writer
Survey: neighbourhood-2026
Summary: Premises, by size of group.

```chart
survey: neighbourhood-2026
question: premises
group: size
kind: stacked
title: Premises by size of group
description: Stacked bar chart of whether groups have their own premises, by size.
```
"""
GROUPS_URL = "/2026/02/what-neighbourhood-groups-told-us/"


@pytest.fixture(scope="module")
def groups_site(tmp_path_factory):
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("groups") / "project")
    folder = project / "content" / "data" / "neighbourhood-2026"
    folder.mkdir()
    (folder / "survey.yaml").write_text(GROUPS_SURVEY, encoding="utf-8")
    (folder / "results.csv").write_text(GROUPS_RESULTS, encoding="utf-8")
    (project / "content" / "findings" / "2026-02-09-neighbourhood.md").write_text(
        GROUPS_POST, encoding="utf-8"
    )
    # Exact counts: rounded to 5 (the default), the audit finds nothing to
    # hide beyond the small cell; exact, it withholds the group of 22.
    result = run_invoke(project, "build", "--extra", "SURVEY_DATA_ROUND_COUNTS_TO=1")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_a_group_hidden_to_protect_others_is_never_called_fewer_than_10(groups_site):
    """Its base line, table, notes and CSV say why it is not shown, and never
    that it has fewer than 10 responses: it has 11, and a reader knows the
    rule."""
    figure = soup(page_at(groups_site, GROUPS_URL)).find("figure", class_="chart")
    base = text_of(figure.find(class_="chart-base"))
    hidden = [group for group in GROUP_BASES if not re.search(rf"{group} n=\d", base)]
    assert hidden, base  # the disclosure rules hide at least one of the groups
    for group in hidden:
        assert f"{group} not shown, to protect small numbers" in base, base
        assert f"{group} fewer than" not in base, base
    words = " ".join(
        [text_of(figure.find("table")), text_of(figure.find(class_="chart-notes"))]
        + [
            row["notes"]
            for row in read_csv(
                groups_site / "charts" / "neighbourhood-2026" / "premises-by-size.csv"
            )
        ]
    )
    assert "ewer than 10" not in words, words
    assert "small numbers" in words


def test_an_edition_without_a_source_names_the_survey_once(groups_site):
    figure = soup(page_at(groups_site, GROUPS_URL)).find("figure", class_="chart")
    base = text_of(figure.find(class_="chart-base"))
    assert base.endswith("Source: Tower Hamlets CVS, Neighbourhood Groups Survey 2026."), base
    assert "survey survey" not in base.lower() and "2026 survey" not in base.lower()


@pytest.mark.parametrize(
    "lines",
    [
        # A list item's next line indented four spaces: the same paragraph.
        ["- **Income is falling.**", "    {{ income-change: Decresed }} said it fell."],
        # A nested numbered item, indented four spaces.
        ["1. Money", "    1. {{ income-change: Decresed }} said it fell."],
        # A second paragraph of a list item, after an empty line.
        ["- Money", "", "    {{ income-change: Decresed }} said it fell."],
    ],
    ids=["continuation", "nested-numbered", "second-paragraph"],
)
def test_a_number_on_an_indented_list_line_names_its_file_and_line(project, lines):
    """Markdown draws these numbers (they are list text, not code), so the
    check before the build finds them: file:line and what to do, no traceback."""
    post = project / "content" / "findings" / "2026-03-10-state-of-the-sector-2025.md"
    text = post.read_text(encoding="utf-8")
    marker = "## Money\n"
    line = text[: text.index(marker)].count("\n") + len(lines)  # the number's line
    post.write_text(text.replace(marker, "\n".join(lines) + "\n\n" + marker, 1), "utf-8")
    result = run_invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    expected = (
        f"content/findings/2026-03-10-state-of-the-sector-2025.md:{line}: "
        "{{ income-change: Decresed }}: 'Decresed' is not an answer to 'income-change'."
    )
    assert expected in output, output
    assert "Traceback" not in output and "BlockError" not in output
    assert not (project / "output").exists()


def test_a_number_in_an_indented_code_block_is_left_as_written(project):
    """Four spaces after an empty line, outside a list, is a code block: the
    writers' guide shows numbers that way, and they are not drawn."""
    post = project / "content" / "findings" / "2026-03-10-state-of-the-sector-2025.md"
    text = post.read_text(encoding="utf-8")
    example = "Write a number like this:\n\n    {{ income-change: Decresed }}\n\n"
    post.write_text(text.replace("## Money\n", example + "## Money\n", 1), "utf-8")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(page_at(project / "output", FINDINGS_URL))
    code = [c.get_text().strip() for c in page.find("main").find_all("code")]
    assert "{{ income-change: Decresed }}" in code


def test_a_number_on_a_continued_summary_line_is_checked_as_the_summary(project):
    """A `Summary:` continued on a line indented four spaces: its numbers are
    the summary's (drawn), so the check reads them as such and names the line."""
    post = project / "content" / "findings" / "2026-03-10-state-of-the-sector-2025.md"
    text = post.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Summary:"))
    lines[at + 1 : at + 1] = ["    Demand rose for {{ demand-change: Increasd }}."]
    post.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        f"content/findings/2026-03-10-state-of-the-sector-2025.md:{at + 2}: "
        "{{ demand-change: Increasd }}: 'Increasd' is not an answer to 'demand-change'."
    ) in output, output
    assert "not in other fields" not in output and "Traceback" not in output
