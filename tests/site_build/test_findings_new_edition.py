"""A survey edition the project has never seen, with small cells and a
small-base question, dropped into content/data/ with a post charting it:
built as a writer would (`invoke build`), then every output file searched for
the true small counts."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.conftest import run_invoke

from .html import page_at, soup

SURVEY = """\
title: Small Groups Survey 2024
population: Community groups in one ward
fieldwork:
  opens: 2024-05-01
  closes: 2024-05-31
method: A paper form handed out at meetings.
responses: 47
illustrative: false
breakdowns:
  - id: age
    name: age of group
    groups: [New, Established, Old]
questions:
  - id: meeting-place
    text: Where does your group usually meet?
    kind: single
    base: All groups
    answers: [Community centre, Place of worship, Someone's home, Online]
  - id: needs
    text: Which kinds of help would your group use?
    kind: multi
    base: All groups
    respondents: 45
    answers: [Funding advice, Training, Volunteers, Premises]
  - id: insurance
    text: Does your group have public liability insurance?
    kind: single
    base: Groups that hold events
    answers: [Yes, No, Not sure]
"""

# True small counts sit on answers whose published value must not be them.
RESULTS = """\
question,answer,count,group
meeting-place,Community centre,21,
meeting-place,Place of worship,17,
meeting-place,Someone's home,7,
meeting-place,Online,2,
meeting-place,Community centre,12,New
meeting-place,Place of worship,9,New
meeting-place,Someone's home,3,New
meeting-place,Online,1,New
meeting-place,Community centre,8,Established
meeting-place,Place of worship,6,Established
meeting-place,Someone's home,4,Established
meeting-place,Online,1,Established
meeting-place,Community centre,1,Old
meeting-place,Place of worship,2,Old
meeting-place,Someone's home,0,Old
meeting-place,Online,0,Old
needs,Funding advice,33,
needs,Training,19,
needs,Volunteers,3,
needs,Premises,12,
insurance,Yes,4,
insurance,No,3,
insurance,Not sure,1,
"""

POST = """\
Title: What small groups told us
Date: 2026-02-02 10:00
Category: Sector findings
Author: A Writer
Survey: small-groups-2024
Summary: A survey of {{ meeting-place | base }} community groups.

Most groups meet in a community centre ({{ meeting-place: Community centre }}).

```chart
survey: small-groups-2024
question: meeting-place
title: Community centres are where most groups meet
description: Bar chart of where groups meet; community centre is the largest answer.
interactive: true
```

```chart
survey: small-groups-2024
question: meeting-place
group: age
title: Where groups meet, by age of group
description: Grouped bar chart of meeting places by how old the group is.
```

```chart
survey: small-groups-2024
question: needs
title: Funding advice is the help most wanted
description: Bar chart of the help groups would use; funding advice is the largest answer.
```

```chart
survey: small-groups-2024
question: insurance
title: Insurance
description: Bar chart of whether groups have public liability insurance.
```

```survey-method
survey: small-groups-2024
```
"""

URL = "/2026/02/what-small-groups-told-us/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("edition") / "project")
    folder = project / "content" / "data" / "small-groups-2024"
    folder.mkdir()
    (folder / "survey.yaml").write_text(SURVEY, encoding="utf-8")
    (folder / "results.csv").write_text(RESULTS, encoding="utf-8")
    (project / "content" / "findings" / "2026-02-02-small-groups.md").write_text(
        POST, encoding="utf-8"
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_small_base_question_gives_way(built):
    page = soup(page_at(built, URL))
    figure = page.find("figure", id="chart-insurance")
    text = " ".join(figure.get_text(" ").split())
    assert "Fewer than 10 responses: not shown" in text
    assert figure.find("svg") is None and figure.find("table") is None
    assert "n=8" not in text


def test_small_cells_show_as_less_than_5(built):
    page = soup(page_at(built, URL))
    figure = page.find("figure", id="chart-needs")
    row = next(tr for tr in figure.find_all("tr") if tr.th and tr.th.get_text() == "Volunteers")
    assert [td.get_text() for td in row.find_all("td")] == ["<5", "not shown"]
    grouped = page.find("figure", id="chart-meeting-place-by-age")
    text = " ".join(grouped.get_text(" ").split())
    assert "Old: fewer than 10 responses, not shown." in text


def all_output_files(built):
    return [
        p
        for p in built.rglob("*")
        if p.is_file() and p.suffix in (".html", ".csv", ".json", ".xml")
    ]


def test_no_true_small_count_in_any_output(built):
    """Every count, percentage and label published for the new edition."""
    published = []
    for path in (built / "charts" / "small-groups-2024").glob("*.csv"):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            published.append((path.name, row["count"]))
            published.append((path.name, row["base"]))
    page = soup(page_at(built, URL))
    for figure in page.find_all("figure", class_="chart"):
        for td in figure.find_all("td"):
            published.append((figure["id"], td.get_text().split(" ")[0]))
        for text in figure.find_all("text"):
            published.append((figure["id"], text.get_text()))
    for spec in (built / "charts" / "small-groups-2024").glob("*.json"):
        data = json.loads(spec.read_text(encoding="utf-8"))
        for value in data["data"]["values"]:
            published.append((spec.name, value.get("text", "")))
            published.append((spec.name, value.get("tooltip", "")))
    assert published
    for where, value in published:
        assert value not in {"1", "2", "3", "4"}, where
        assert not re.search(r"\b[1-4] of \d+|\([1-4] of", value), (where, value)
    # Nor the bases under 10 (8 for insurance, 3 for the oldest groups), in
    # any file: the page, CSV files, chart specs and feeds.
    for path in all_output_files(built):
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert "n=8" not in text and "n=3" not in text, path


def test_interactive_chart_loads_self_hosted_scripts_only_there(built):
    page = soup(page_at(built, URL))
    scripts = [
        s["src"]
        for s in page.find_all("script")
        if "vega" in s["src"] or "survey-charts" in s["src"]
    ]
    assert len(scripts) == 2 and all(src.startswith("/theme/js/") for src in scripts)
    assert re.search(r"vega-6\.[\d.]+-vega-lite-6\.4\.1-vega-embed-7\.[\d.]+\.js$", scripts[0])
    for src in scripts:
        assert page_at(built, src).stat().st_size > 0
    assert not page.find_all("script", src=False)
    box = page.find("figure", id="chart-meeting-place").find(class_="chart-image")
    assert box.find("svg") is not None  # the static chart stays for readers without JavaScript
    spec = json.loads(page_at(built, box["data-spec"]).read_text(encoding="utf-8"))
    assert spec["$schema"].endswith("v6.4.1.json")
    # Other pages load none of it, not even the findings article with static charts.
    for url in ("/", "/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/"):
        for script in soup(page_at(built, url)).find_all("script"):
            assert "vega" not in script["src"] and "survey-charts" not in script["src"], url


def test_a_bad_chart_block_stops_the_build_naming_file_and_line(project):
    post = project / "content" / "findings" / "2026-03-10-state-of-the-sector-2025.md"
    text = post.read_text(encoding="utf-8")
    lines = text.splitlines()
    first = lines.index("question: income-change") + 1
    post.write_text(
        text.replace("question: income-change", "question: income-chang", 1), encoding="utf-8"
    )
    result = run_invoke(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    expected = (
        f"content/findings/2026-03-10-state-of-the-sector-2025.md:{first}: "
        "chart block: unknown question "
        "'income-chang' in survey 'state-of-the-sector-2025'. Did you mean 'income-change'?"
    )
    assert expected in output, output
    assert not (project / "output").exists()


@pytest.mark.browser
def test_the_interactive_chart_goes_live_under_the_production_csp(
    built, tmp_path, playwright_driver
):
    """Served by the real nginx with deploy/nginx.conf (the strict policy: no
    eval, no inline style): the static SVG becomes a live Vega view, with no
    policy violation, console error or failed request."""
    from tests.server.nginx import Nginx
    from tests.server.test_nginx import LAUNCH_ARGS, Visit

    with Nginx(built, tmp_path / "nginx") as base:
        browser = playwright_driver.chromium.launch(
            executable_path="/usr/bin/chromium", args=LAUNCH_ARGS, headless=True
        )
        visit = Visit(browser, base)
        try:
            response, _ = visit.load(URL)
            csp = response.headers["content-security-policy"]
            assert "'unsafe-eval'" not in csp and "script-src" not in csp
            box = "#chart-meeting-place .chart-image"
            visit.page.wait_for_selector(f"{box}.is-live .chart-live svg", timeout=20_000)
            visit.settle()
            live = visit.page.locator(f"{box} .chart-live svg")
            # The live chart draws the same bars, and names itself as the static one does.
            assert live.locator(".mark-rect path, .mark-rect rect").count() > 0
            assert live.get_attribute("role") == "img"
            assert live.get_attribute("aria-labelledby")
            # Its tooltip works too, styled by the site's own stylesheet.
            tooltip = visit.page.locator("#vg-tooltip-element")
            assert tooltip.count() == 0 or not tooltip.is_visible()
            live.locator(".mark-rect path").first.hover()
            visit.page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
            assert tooltip.is_visible() and tooltip.inner_text().strip()
            assert tooltip.evaluate("e => getComputedStyle(e).position") == "fixed"
            visit.page.mouse.move(0, 0)
            visit.page.wait_for_selector("#vg-tooltip-element.visible", state="detached")
            assert not tooltip.is_visible()
            violations = visit.page.evaluate("window.__violations")
            assert violations == [] and visit.console == [] and visit.failed == [], (
                violations,
                visit.console,
                visit.failed,
            )
        finally:
            visit.close()
            browser.close()


def test_an_edition_without_next_release_or_contact_and_a_post_without_sections(built):
    main = soup(page_at(built, URL)).find("main")
    box = main.find("dl", class_="survey-release")
    assert [dt.get_text() for dt in box.find_all("dt")] == ["Released"]
    assert box.dd.get_text() == "2 February 2026"
    # No ## headings, only the method box: nothing to list, nothing to go back to.
    assert main.find(id="contents") is None and main.find(class_="back-to-contents") is None


def test_a_chart_not_drawn_has_no_description(built):
    """With no image there is nothing to describe: the figure says why."""
    page = soup(page_at(built, URL))
    withheld = page.find("figure", id="chart-insurance")
    assert withheld.find(class_="chart-description") is None
    assert "Bar chart of" not in withheld.get_text()
    drawn = page.find("figure", id="chart-needs").find(class_="chart-description")
    assert drawn.has_attr("hidden") and drawn.get_text().startswith("Bar chart of")
