"""survey_data (with survey_charts, which shows its tables) in a real Pelican,
on a tiny site with one survey edition."""

from __future__ import annotations

from tests.plugins.fixture_site import ROOT, build_fixture_site

SURVEY = """\
title: Fixture survey
population: Organisations in a fixture borough
fieldwork:
  opens: 2025-09-15
  closes: 2025-11-07
method: An online form.
responses: 40
illustrative: true
questions:
  - id: income
    text: How has your income changed?
    kind: single
    base: All organisations
    answers: [Up, Same, Down]
"""

RESULTS = """\
question,answer,count,group
income,Up,10,
income,Same,3,
income,Down,27,
"""

POST = """\
Title: What we found
Date: 2026-01-02 10:00
Category: Sector findings
Survey: fixture-2025
Summary: What organisations told us.

```chart
survey: fixture-2025
question: income
title: Most saw their income fall
description: Bar chart of how income changed; down is the largest answer.
```
"""

SETTINGS = {"SURVEY_CHARTS_CACHE_PATH": ""}


def site(survey: str = SURVEY, post: str | None = None) -> dict[str, str]:
    files = {"data/fixture-2025/survey.yaml": survey, "data/fixture-2025/results.csv": RESULTS}
    if post:
        files["findings/what-we-found.md"] = post
    return files


def test_a_good_edition_builds(tmp_path):
    result = build_fixture_site(tmp_path, ["survey_data"], site(), SETTINGS)
    assert result.ok, result.log


def test_a_chart_shows_the_controlled_table(tmp_path):
    # The site's theme: its partials draw the charts (theme_helpers and
    # theme_assets give it the filters and asset_url() it calls).
    result = build_fixture_site(
        tmp_path,
        ["theme_helpers", "theme_assets", "survey_data", "survey_charts", "feedgen_feeds"],
        site(post=POST),
        {**SETTINGS, "THEME_STATIC_DIR": "theme", "FEEDGEN_FEEDS_TAG_AUTHORITY": "example.org"},
        theme=ROOT / "theme",
    )
    assert result.ok, result.log
    page = (result.output / "what-we-found.html").read_text(encoding="utf-8")
    assert "Most saw their income fall" in page and "How has your income changed?" in page
    assert "n=40" in page
    # 3 is a small count: shown as "<5" (escaped in HTML), never as itself.
    assert "&lt;5" in page
    assert ">3<" not in page


def test_a_broken_survey_file_stops_the_build_naming_file_and_line(tmp_path):
    broken = SURVEY.replace("kind: single", "kind: singel")
    result = build_fixture_site(tmp_path, ["survey_data"], site(broken), SETTINGS)
    assert not result.ok
    assert "1 problem in the survey data; the site was not built:" in result.log, result.log
    assert (
        "content/data/fixture-2025/survey.yaml:12: question 'income': 'kind: singel' is not "
        "a kind of question. Use 'single' (one answer each) or 'multi' (tick all that apply). "
        "Did you mean 'single'?"
    ) in result.log, result.log
    assert not (result.output / "index.html").exists()


def test_a_contact_that_is_not_an_email_address_stops_the_build(tmp_path):
    broken = SURVEY.replace(
        "illustrative: true\n", "illustrative: true\ncontact: the research team\n"
    )
    result = build_fixture_site(tmp_path, ["survey_data"], site(broken), SETTINGS)
    assert not result.ok
    assert (
        "content/data/fixture-2025/survey.yaml:9: 'contact: the research team' should be an "
        "email address for questions about these statistics, like research@thcvs.org.uk."
    ) in result.log, result.log
    assert not (result.output / "index.html").exists()
