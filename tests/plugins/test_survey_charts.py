"""survey_charts with the plugins that use its charts (social_cards, feedgen_feeds),
in a real Pelican on a tiny site with one small survey edition.

A probe plugin writes every post's `survey_charts` records to a JSON file, so
the tests read the public API itself, then check what the other plugins made
of it: the link preview and the feed's image.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.conftest import ROOT
from tests.plugins.fixture_site import build_fixture_site
from tests.unit.test_survey_data_loading import RESULTS, SURVEY

ORIGIN = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"

FINDINGS = """\
Title: What the test survey found
Date: 2026-03-10 09:00
Category: Sector findings
Author: A Writer
Survey: test-2025
Summary: {{ income: Down }} saw their income fall.

Worries first, which are not published (38 answered):

```chart
survey: test-2025
question: worries
title: What worries organisations
description: Bar chart of worries; money is the most common.
```

```chart
survey: test-2025
question: income
title: "{{ income: Down | In-ten }} saw income fall"
description: Bar chart of income change; down is the largest answer at {{ income: Down }}.
```

```chart
survey: test-2025
question: income
group: size
kind: stacked
title: Income by size
description: Stacked bar chart of income change by size of organisation.
```
"""

PLAIN = """\
Title: A plain post
Date: 2026-03-11 09:00
Category: News
Author: A Writer
Summary: No charts here.

Just text.
"""

# Writes each post's records where the test can read them.
PROBE = """\
import json
from dataclasses import asdict
from pathlib import Path

from pelican import signals


def dump(generator):
    records = {a.slug: [asdict(r) for r in a.survey_charts] for a in generator.articles}
    Path(generator.settings["PATH"]).parent.joinpath("records.json").write_text(json.dumps(records))


def register():
    signals.article_generator_finalized.connect(dump)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("charts-site")
    probe = tmp_path / "probe" / "chart_probe"
    probe.mkdir(parents=True)
    (probe / "__init__.py").write_text(PROBE, encoding="utf-8")
    result = build_fixture_site(
        tmp_path,
        plugins=[
            *("theme_helpers", "theme_assets", "survey_data", "survey_charts"),
            *("social_cards", "feedgen_feeds"),
            "chart_probe",
        ],
        files={
            "data/test-2025/survey.yaml": SURVEY,
            "data/test-2025/results.csv": RESULTS,
            "findings/findings.md": FINDINGS,
            "posts/plain.md": PLAIN,
        },
        settings={
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "probe")],
            "THEME_STATIC_DIR": "theme",
            "FEEDGEN_FEEDS_TAG_AUTHORITY": "example.org",
            # Higher than the default, so that 38 answers are too few.
            "SURVEY_DATA_MIN_BASE": 39,
            "SURVEY_DATA_CAUTION_BASE": 40,
            # Exact counts: these tests are about drawing, not rounding.
            "SURVEY_DATA_ROUND_COUNTS_TO": 1,
        },
        theme=ROOT / "theme",  # its partials draw the charts (with theme_helpers, theme_assets)
    )
    assert result.ok, result.log
    records = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))
    return result.output, records


def page(output, slug) -> BeautifulSoup:
    return BeautifulSoup((output / f"{slug}.html").read_text(encoding="utf-8"), "lxml")


def test_each_chart_is_recorded_in_document_order(site):
    output, records = site
    assert records["a-plain-post"] == []
    withheld, drawn, stacked = records["what-the-test-survey-found"]
    assert withheld == {
        "html_id": "chart-worries",
        "edition": "test-2025",
        "question": "worries",
        "title": "What worries organisations",
        "alt": "Bar chart of worries; money is the most common.",
        "png_path": None,
        "width": 0,
        "height": 0,
        "illustrative": True,
        "interactive": False,
    }
    assert drawn["html_id"] == "chart-income" and drawn["title"] == "Five in ten saw income fall"
    assert drawn["alt"] == "Bar chart of income change; down is the largest answer at 45%."
    assert re.fullmatch(r"charts/test-2025/income-bar-[0-9a-f]{10}\.png", drawn["png_path"])
    assert stacked["html_id"] == "chart-income-by-size"
    for record in (drawn, stacked):
        png = (output / record["png_path"]).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert size == (2 * record["width"], 2 * record["height"])
    # The figures on the page are the ones recorded, in the same order.
    ids = [f["id"] for f in page(output, "what-the-test-survey-found").select("figure.chart")]
    assert ids == ["chart-worries", "chart-income", "chart-income-by-size"]


def test_withheld_results_say_the_threshold_in_force(site):
    output, _ = site
    findings = page(output, "what-the-test-survey-found")
    worries = findings.find("figure", id="chart-worries")
    assert worries.find("svg") is None and worries.find("table") is None
    assert "Fewer than 39 responses: not shown." in worries.get_text()
    # Both sizes of organisation are under 39: the stacked chart says so in the SVG.
    texts = [t.get_text() for t in findings.find(id="chart-income-by-size").find_all("text")]
    assert "Fewer than 39 responses: not shown" in " ".join(texts)
    assert "Fewer than 10" not in findings.get_text(" ")


def test_the_social_card_is_the_first_drawn_chart(site):
    output, records = site
    drawn = records["what-the-test-survey-found"][1]
    head = page(output, "what-the-test-survey-found").head

    def meta(prop):
        return head.find("meta", property=prop)["content"]

    # social_cards draws a 1200x630 card from it (title, chart, site name).
    assert meta("og:image").startswith(f"{ORIGIN}/social-cards/what-the-test-survey-found-")
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    card = output / meta("og:image")[len(ORIGIN) + 1 :]
    assert card.read_bytes()[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")
    assert drawn["title"] + ". " + drawn["alt"] in meta("og:image:alt")
    plain = page(output, "a-plain-post").head
    card = plain.find("meta", property="og:image")["content"]
    assert card == f"{ORIGIN}/theme/images/social-card.png"


def test_the_feed_shows_each_drawn_chart_as_its_png_and_a_link(site):
    output, records = site
    root = etree.parse(str(output / "feeds" / "all.atom.xml")).getroot()
    entry = next(e for e in root.findall(f"{ATOM}entry") if "found" in e.findtext(f"{ATOM}title"))
    page_url = entry.find(f"{ATOM}link").get("href")
    assert page_url == f"{ORIGIN}/what-the-test-survey-found.html"
    content = lxml.html.fragment_fromstring(entry.findtext(f"{ATOM}content"), create_parent="div")
    drawn = [r for r in records["what-the-test-survey-found"] if r["png_path"]]
    images = content.xpath("//img")
    assert [img.get("src") for img in images] == [f"{ORIGIN}/{r['png_path']}" for r in drawn]
    for img, record in zip(images, drawn):
        assert img.get("alt") == record["alt"]
        assert (img.get("width"), img.get("height")) == (
            str(record["width"]),
            str(record["height"]),
        )
        link = img.getparent().getnext().find("a")
        assert link.get("href") == f"{page_url}#{record['html_id']}"
    assert not content.xpath("//svg | //details | //script | //*[@data-feed-replace]")
    assert content.xpath("//table")  # the data stay, as tables
    # The Summary's headline number is resolved from the body's survey.
    summary = lxml.html.fragment_fromstring(entry.findtext(f"{ATOM}summary"), create_parent="div")
    # The fixture's survey is illustrative: the summary says so first.
    label, resolved = summary.findall("p")
    assert label.text_content() == "Illustrative data: these are not real survey results."
    assert resolved.text_content() == "45% saw their income fall."


# -- CSV downloads: answer and group names are never formulas -------------------------

HOSTILE_SURVEY = SURVEY.replace(
    "groups: [Small, Large]", "groups: ['=HYPERLINK(\"http://x\",\"y\")', '@SUM(1+1)']"
).replace("answers: [Up, Same, Down]", "answers: ['+cmd|'' /C calc''!A0', '-2+3', Down]")
HOSTILE_RESULTS = (
    RESULTS.replace(",Small", ',"=HYPERLINK(""http://x"",""y"")"')
    .replace(",Large", ",@SUM(1+1)")
    .replace("income,Up,", "income,\"+cmd|' /C calc'!A0\",")
    .replace("income,Same,", "income,-2+3,")
)
HOSTILE_FINDINGS = """\
Title: Hostile names
Date: 2026-03-10 09:00
Category: Sector findings
Author: A Writer
Survey: test-2025
Summary: Names that look like formulas.

```chart
survey: test-2025
question: income
group: size
kind: stacked
title: Income by size
description: Stacked bar chart of income change by size of organisation.
```

```survey-method
survey: test-2025
heading: About the survey
```
"""


def test_csv_downloads_write_formula_like_names_as_text(tmp_path):
    import csv

    result = build_fixture_site(
        tmp_path,
        plugins=["theme_helpers", "theme_assets", "survey_data", "survey_charts"],
        files={
            "data/test-2025/survey.yaml": HOSTILE_SURVEY,
            "data/test-2025/results.csv": HOSTILE_RESULTS,
            "findings/findings.md": HOSTILE_FINDINGS,
        },
        settings={"THEME_STATIC_DIR": "theme"},
        theme=ROOT / "theme",
    )
    assert result.ok, result.log
    files = sorted(result.output.rglob("*.csv"))
    assert any(f.name == "all-tables.csv" for f in files) and len(files) >= 2, files
    for file in files:
        rows = list(csv.DictReader(file.read_text(encoding="utf-8").splitlines()))
        assert rows, file
        cells = {(row["group"], row["answer"]) for row in rows}
        groups = {group for group, _ in cells}
        answers = {answer for _, answer in cells}
        assert {'\'=HYPERLINK("http://x","y")', "'@SUM(1+1)"} <= groups, file
        assert {"'+cmd|' /C calc'!A0", "'-2+3", "Down"} <= answers, file
        for row in rows:
            assert not any(str(v).startswith(("=", "+", "@", "\t", "\r")) for v in row.values())
            assert not row["answer"].startswith("-") and not row["group"].startswith("-")
            # Numbers stay numbers.
            assert row["base"] == "[x]" or row["base"].isdigit(), row
            assert row["percent"] == "" or row["percent"].isdigit(), row
