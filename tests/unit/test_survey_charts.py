"""survey_charts: chart blocks, headline numbers, the chart itself and the
render cache, without Pelican."""

from __future__ import annotations

import re

import jinja2
import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from survey_charts import font_metrics, views
from survey_charts.blocks import BlockError, parse_ref
from survey_charts.charts import Layout, chart, text_width, wrap
from survey_charts.extension import BuildContext, SurveyChartsExtension, check_text
from survey_charts.numbers import in_ten, resolve_text
from survey_charts.render import Renderer, tidy_svg
from survey_charts.views import FORMULA_STARTS, neutralise
from survey_data import Thresholds, publish
from survey_data.disclosure import RawTable
from survey_data.loading import load_edition
from survey_data.secondary import control

from tests.conftest import ROOT

from .test_survey_data_loading import edition

POST = """\
Title: A findings post
Date: 2026-03-10 09:00
Category: Sector findings
Author: A Writer
Survey: test-2025
Summary: {{ income: Down | In-ten }} saw income fall.

Intro: {{ income: Down }} of {{ income | base }} organisations.

```chart
survey: test-2025
question: income
title: "{{ income: Down | In-ten }} saw income fall"
description: Bar chart of income change; down is the largest answer at {{ income: Down }}.
```

Some text, and `{{ not: a reference }}` in code.

```python
print("{{ nor: this }}")
```
"""


@pytest.fixture(scope="module")
def surveys(tmp_path_factory):
    folder = edition(tmp_path_factory.mktemp("surveys"))
    survey, problems = load_edition(folder)
    assert problems == []
    published = publish(survey, Thresholds())
    return {published.id: published}


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    return Renderer(tmp_path_factory.mktemp("cache"))


# The theme's partials, in an environment set up as Pelican sets up the theme's.
THEME_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
    trim_blocks=True,
    lstrip_blocks=True,
)


def build_context(surveys, renderer) -> BuildContext:
    return BuildContext(
        surveys=surveys,
        renderer=renderer,
        layout=Layout(),
        siteurl="",
        output_prefix="charts",
        env=THEME_ENV,
    )


@pytest.fixture
def context(surveys, renderer):
    return build_context(surveys, renderer)


def converter(context) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "markdown.extensions.meta",
            "markdown.extensions.extra",
            SurveyChartsExtension(context),
        ],
        output_format="html5",
    )


def convert(text, context):
    return converter(context).convert(text)


def block(lines: str) -> str:
    return POST.split("```chart")[0] + "```chart\n" + lines + "```\n"


# -- a valid block ------------------------------------------------------------------


def test_a_chart_block_becomes_a_complete_figure(context):
    html = convert(POST, context)
    page = BeautifulSoup(html, "lxml")
    figure = page.find("figure", class_="chart")
    assert figure is not None and figure.parent.name == "body"  # not inside <p>
    assert figure["id"] == "chart-income"
    title = figure.find(id="chart-income-title")
    assert title.get_text() == "Five in ten saw income fall"  # 18 of 40 = 45%
    assert "How has your income changed?" in figure.figcaption.get_text()
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-income-title"
    assert (
        figure.find(id=svg["aria-describedby"]).get_text().startswith("Bar chart of income change")
    )
    assert "Base: All organisations (n=40)." in figure.get_text()
    table = figure.find("details").find("table")
    assert table.caption and all(
        th.get("scope") in ("col", "row", "rowgroup") for th in table.find_all("th")
    )
    link = figure.find("a", href=re.compile(r"\.csv$"))
    assert re.fullmatch(r"Download the data \(CSV, \d+ KB\)", link.get_text())
    assert link["href"] in {"/" + path for path in context.assets}
    # Illustrative is said once, by the notice at the head of the page (and
    # in the method box), not on every chart; numbers come from the data.
    assert "Illustrative data" not in figure.get_text()
    assert len(page.find_all(string=re.compile("Illustrative data"))) == 1
    assert page.find("p", class_="survey-notice") is not None
    assert "Intro: 45% of 40 organisations." in page.get_text()
    # Code is left alone.
    assert "{{ not: a reference }}" in html and "{{ nor: this }}" in html


def test_figure_html_is_deterministic(surveys, renderer):
    first = convert(POST, build_context(surveys, renderer))
    second = convert(POST, build_context(surveys, renderer))
    assert first == second


def test_two_charts_of_one_question_get_distinct_ids(context):
    text = (
        POST
        + "\n```chart\nsurvey: test-2025\nquestion: income\n"
        + "title: Again\ndescription: Again.\n```\n"
    )
    ids = [f["id"] for f in BeautifulSoup(convert(text, context), "lxml").find_all("figure")]
    assert ids == ["chart-income", "chart-income-2"]


# -- errors, each with its line ------------------------------------------------------

BLOCK_START = POST.split("\n").index("```chart") + 1  # 1-based line of the fence

ERRORS = {
    "invalid yaml": (
        "survey: test-2025\nquestion: income\ntitle: Income: the facts\ndescription: D\n",
        3,
        "chart block: this line has a second colon (after 'Income'), so it cannot be read. "
        "Put the text after 'title:' in quotes: title: \"Income: the facts\"",
    ),
    "unknown survey": (
        "survey: test-2024\nquestion: income\ntitle: T\ndescription: D\n",
        1,
        "chart block: unknown survey 'test-2024'. Did you mean 'test-2025'?",
    ),
    "unknown question": (
        "survey: test-2025\nquestion: incme\ntitle: T\ndescription: D\n",
        2,
        "chart block: unknown question 'incme' in survey 'test-2025'. Did you mean 'income'?",
    ),
    "unknown group": (
        "survey: test-2025\nquestion: income\ngroup: sise\ntitle: T\ndescription: D\n",
        3,
        "chart block: unknown group 'sise' for question 'income': "
        "its results are broken down by 'size'. Did you mean 'size'?",
    ),
    "unknown kind": (
        "survey: test-2025\nquestion: income\nkind: pie\ntitle: T\ndescription: D\n",
        3,
        "chart block: unknown kind 'pie'. Use one of: bar, stacked, grouped.",
    ),
    "no description": (
        "survey: test-2025\nquestion: income\ntitle: T\n",
        0,
        "chart block has no description.",
    ),
    "no title": (
        "survey: test-2025\nquestion: income\ndescription: D\n",
        0,
        "chart block has no title.",
    ),
    "unknown key": (
        "survey: test-2025\nquestion: income\ntitle: T\ndescription: D\ncolour: red\n",
        5,
        "chart block: 'colour' is not a chart key.",
    ),
    "stacked multi": (
        "survey: test-2025\nquestion: worries\nkind: stacked\ntitle: T\ndescription: D\n",
        3,
        "kind 'stacked' is for single-choice questions",
    ),
    "grouped without group": (
        "survey: test-2025\nquestion: income\nkind: grouped\ntitle: T\ndescription: D\n",
        3,
        "kind 'grouped' needs 'group:'",
    ),
    "bad number in title": (
        "survey: test-2025\nquestion: income\ntitle: '{{ income: Dwn }} fell'\ndescription: D\n",
        3,
        "chart block: title: 'Dwn' is not an answer to 'income'. Did you mean 'Down'?",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_each_block_error_names_its_line(surveys, case):
    body, offset, expected = ERRORS[case]
    problems = check_text(block(body), surveys)
    assert len(problems) == 1, problems
    line, message = problems[0]
    assert line == BLOCK_START + offset
    assert expected in message, message


def test_unclosed_block(surveys):
    problems = check_text(block("survey: test-2025\n").rstrip("`\n") + "\n", surveys)
    assert problems == [(BLOCK_START, "chart block is never closed: add a line with ``` after it.")]


def test_a_valid_post_has_no_problems(surveys):
    assert check_text(POST, surveys) == []


# -- headline numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "reference, expected",
    [
        ("income: Down", "45%"),
        ("income: Down | count", "18"),
        ("income | base", "40"),
        ("income | of-base", "of the 40 organisations"),
        ("income | of-base | group: Small", "of the 20 organisations (Small)"),
        ("income: Up + Down", "70%"),
        ("income: Down | in-ten", "five in ten"),
        ("income: Down | group: Small", "50%"),
        ("test-2025/worries: Money | count", "30"),
    ],
)
def test_numbers_come_from_the_data(surveys, reference, expected):
    assert resolve_text(reference, surveys, "test-2025") == expected


@pytest.mark.parametrize(
    "reference, expected",
    [
        ("worries: No", "is hidden by disclosure control"),  # 3 organisations: "<5"
        ("income: Dwn", "'Dwn' is not an answer to 'income'. Did you mean 'Down'?"),
        ("incom: Down", "unknown question 'incom' in survey 'test-2025'. Did you mean 'income'?"),
        ("income: Down | percnt", "is not a format. Did you mean 'percent'?"),
        ("worries: Money + People", "multi-choice"),
        ("income: Down | group: Medium", "'income' has no group 'Medium'"),
        ("income: Down | of-base", "'of-base' is about who answered the question"),
    ],
)
def test_number_errors(surveys, reference, expected):
    with pytest.raises(BlockError) as error:
        resolve_text(reference, surveys, "test-2025")
    assert expected in str(error.value)


def test_survey_yes_in_a_findings_post_says_to_name_the_survey(surveys):
    """'Survey: yes' switches the call to action on; headline numbers need a
    survey's folder name there instead, and the message says which."""
    with pytest.raises(BlockError) as error:
        resolve_text("income: Down", surveys, "yes")
    said = str(error.value)
    assert "'Survey: yes' names none" in said and "'Survey: test-2025'" in said
    assert "unknown survey" not in said


def test_a_number_error_in_the_text_names_its_line(surveys):
    text = POST.replace("Intro: {{ income: Down }}", "Intro: {{ income: Dwn }}")
    line = (
        text.splitlines().index("Intro: {{ income: Dwn }} of {{ income | base }} organisations.")
        + 1
    )
    assert [(n, m.split(":")[0]) for n, m in check_text(text, surveys)] == [(line, "{{ income")]


def test_in_ten_words():
    assert [in_ten(p) for p in (0, 4, 5, 41.7, 95, 100)] == [
        "none",
        "fewer than one in ten",
        "one in ten",
        "four in ten",
        "nearly all",
        "all",
    ]


def test_parse_ref_grammar():
    ref = parse_ref(" s/q: A + B | count | group: G ")
    assert (ref.survey, ref.question, ref.answers, ref.fmt, ref.group) == (
        "s",
        "q",
        ("A", "B"),
        "count",
        "G",
    )


# -- the chart and its SVG ------------------------------------------------------------


def test_chart_text_is_body_size_at_the_narrow_width(surveys, renderer):
    table = surveys["test-2025"].table("income")
    for kind, group in (("bar", None), ("stacked", "size"), ("grouped", "size")):
        spec = chart(table, kind, group, Layout()).to_dict()
        svg = renderer.svg(spec)
        root = BeautifulSoup(svg, "xml").find("svg")
        assert root["width"] == "288" and root["viewBox"].startswith("0 0 288 ")
        sizes = {t.get("font-size") or root.get("font-size") for t in root.find_all("text")}
        assert sizes == {"17px"}, (kind, sizes)
        assert "style" not in svg and "class=" not in svg, kind
        colours = set(re.findall(r'fill="(#[0-9A-Fa-f]{6})"', svg)) - {"#0b0c0c", "#ffffff"}
        assert len(colours) <= 4


def test_labels_fit_the_width(surveys):
    from survey_charts.charts import marks_for

    table = surveys["test-2025"].table("income")
    for kind, group in (("bar", None), ("stacked", "size"), ("grouped", "size")):
        items, _ = marks_for(table, kind, group, Layout())
        for item in items:
            if item["layer"] in ("plain", "bold"):
                assert (
                    item["x"] + text_width(item["text"], 17, item["layer"] == "bold") <= 288 + 1
                ), item


def test_render_cache_hit(tmp_path, surveys):
    spec = chart(surveys["test-2025"].table("income"), "bar", None, Layout()).to_dict()
    first = Renderer(tmp_path)
    svg = first.svg(spec)
    assert (first.renders, first.hits) == (1, 0)
    assert first.svg(spec) == svg and first.renders == 1
    second = Renderer(tmp_path)  # a new build, same cache folder
    assert second.svg(spec) == svg
    assert (second.renders, second.hits) == (0, 1)
    changed = dict(spec, height=spec["height"] + 1)
    second.svg(changed)
    assert second.renders == 1


def test_tidy_svg_keeps_drawing_but_drops_noise():
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'version="1.1" class="marks" width="10" height="10" viewBox="0 0 10 10">'
        '<g transform="translate(0,0)"><path class="background" aria-hidden="true" '
        'd="M0,0h10v10h-10Z"/><g><text role="graphics-symbol" aria-label="x" font-family="Arial" '
        'font-size="17px" transform="translate(1.23456,2)">Hi</text></g></g></svg>'
    )
    tidy = tidy_svg(raw)
    assert tidy == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10" '
        'font-family="Arial" font-size="17px"><text transform="translate(1.2,2)">Hi</text></svg>'
    )


def test_the_writers_guide_covers_every_key_kind_and_format():
    from survey_charts.blocks import CHART_OPTIONAL, CHART_REQUIRED, FORMATS
    from survey_charts.charts import KINDS

    from tests.conftest import ROOT

    guide = (ROOT / "docs" / "writing-charts.md").read_text(encoding="utf-8")
    for key in CHART_REQUIRED + CHART_OPTIONAL:
        assert f"| `{key}` |" in guide, key
    for kind in KINDS:
        assert f"**`{kind}`**" in guide and f"kind: {kind}" in guide or kind == "bar", kind
    for fmt in FORMATS:
        assert f"`{fmt}`" in guide, fmt
    assert "```survey-method" in guide


def test_the_extension_survives_pelicans_content_cache(context):
    """Pelican's content cache pickles the settings, where the extension is
    (MARKDOWN): the theme's Jinja environment is left out, and set again at
    the next build's generator_init."""
    import pickle

    again = pickle.loads(pickle.dumps(SurveyChartsExtension(context)))
    assert again.context.env is None and context.env is THEME_ENV
    assert again.context.surveys.keys() == context.surveys.keys()


# -- CSV cells are never formulas ---------------------------------------------------


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula_and_keeps_its_text(cell):
    safe = neutralise(cell)
    assert safe in (cell, "'" + cell)
    if safe.startswith(FORMULA_STARTS):  # only ever a plain number, such as -3
        assert re.fullmatch(r"-[0-9]+(\.[0-9]+)?", safe)
    if not cell.startswith(FORMULA_STARTS):
        assert safe == cell
    assert neutralise(safe) == safe


@given(st.integers(), st.integers(min_value=0, max_value=99))
def test_numbers_stay_numbers(whole, fraction):
    assert neutralise(str(whole)) == str(whole)
    assert neutralise(f"{whole}.{fraction}") == f"{whole}.{fraction}"


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_text_starting_like_a_formula_gets_a_quote(start, rest):
    cell = start + rest
    if not re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell):
        assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell, safe",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),
        ("45", "45"),
        ("<5", "<5"),
        ("[x]", "[x]"),
        ("Up", "Up"),
        ("", ""),
    ],
)
def test_the_owasp_examples(cell, safe):
    assert neutralise(cell) == safe


# -- the bulletin: contents, Back to contents, Main points (bulletin.py) ------------


def bulletin(text: str, context) -> tuple[BeautifulSoup, tuple]:
    """The post as Pelican converts it (with the toc extension, which gives
    headings their ids), and the sections it hands to the template."""
    md = markdown.Markdown(
        extensions=[
            "markdown.extensions.meta",
            "markdown.extensions.extra",
            "markdown.extensions.toc",
            SurveyChartsExtension(context),
        ],
        output_format="html5",
    )
    html = md.convert(text)
    contents = md.Meta.get("survey_contents", [()])[0]
    return BeautifulSoup(html, "html.parser"), contents


HEADER, BODY = POST.split("\n\n", 1)
CHART = BODY[BODY.index("```chart") : BODY.index("```\n", BODY.index("```chart") + 3) + 4]
METHOD = "```survey-method\nsurvey: test-2025\n```\n"


def test_sections_and_the_method_box_are_listed_with_back_links(context):
    text = (
        f"{HEADER}\n\nIntro.\n\n## Main points\n\n- One.\n- Two.\n\n## Money\n\n{CHART}\n{METHOD}"
    )
    page, contents = bulletin(text, context)
    assert [(s.html_id, s.title) for s in contents] == [
        ("main-points", "Main points"),
        ("money", "Money"),
        ("method-test-2025", "About the survey"),
    ]
    for section in contents:
        assert page.find(id=section.html_id) is not None
    backs = page.find_all("p", class_="back-to-contents")
    assert len(backs) == 3 and all(p.a["href"] == "#contents" for p in backs)
    # Each section ends with its link: before the next heading, and at the end.
    assert page.find(id="money").find_previous_sibling().get("class") == ["back-to-contents"]
    assert page.find("aside").find_previous_sibling().get("class") == ["back-to-contents"]
    assert page.find_all(recursive=False)[-1].get("class") == ["back-to-contents"]
    assert page.find("h2", id="main-points")["class"] == ["main-points-heading"]
    assert page.find("ul")["class"] == ["main-points"]


def test_one_section_has_no_contents(context):
    page, contents = bulletin(f"{HEADER}\n\nIntro.\n\n## Money\n\n{CHART}", context)
    assert contents == () and page.find(class_="back-to-contents") is None


def test_a_post_without_charts_has_no_contents(context):
    text = "Title: A post\nDate: 2026-03-10\n\n## One\n\nText.\n\n## Two\n\nText.\n"
    page, contents = bulletin(text, context)
    assert contents == () and page.find(class_="back-to-contents") is None


def test_main_points_without_a_list_under_it_is_not_boxed(context):
    text = f"{HEADER}\n\n## Main points\n\nA paragraph.\n\n- A list.\n\n## Money\n\n{CHART}"
    page, _ = bulletin(text, context)
    assert page.find(class_="main-points") is None
    assert page.find(class_="main-points-heading") is None


WORDS = ["Recruiting", "and", "keeping", "volunteers", "£100k", "Wellbeing", "MMMM", "it", "—"]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.booleans())
def test_wrapped_lines_fit_the_width_in_dejavu_sans_too(words, bold):
    """Every wrapped line of more than one word fits the width by DejaVu Sans's
    own widths (the widest font a chart may be drawn in), as well as Arial's."""
    table = font_metrics.BOLD if bold else font_metrics.REGULAR
    for line in wrap(" ".join(words), 288, 17, bold):
        if " " in line:
            assert sum(table[ch] for ch in line) / 1000 * 17 <= 288
            assert text_width(line, 17, bold) <= 288


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=2, max_size=6).filter(lambda c: sum(c) >= 10),
)
def test_rounding_note_exactly_when_shown_per_cents_do_not_sum_to_100(counts):
    """The note (views.percent_sums) against the per cents the table
    publishes: a single-choice row with every per cent shown gets it exactly
    when those published per cents add up to other than 100."""
    answers = tuple(f"Answer {i}" for i in range(len(counts)))
    table = control(RawTable("single", answers, sum(counts), tuple(counts)))
    (group,) = views.table_groups(table, None)
    published = [percent for _answer, _number, percent in group.rows]
    note = views.percent_sums(table, None)
    if group.withheld or "not shown" in published:
        assert note is None
    else:
        total = sum(int(percent.rstrip("%")) for percent in published)
        assert (note == "rounding") == (total != 100)
    multi = control(RawTable("multi", answers, sum(counts), tuple(counts)))
    assert views.percent_sums(multi, None) == ("multi" if not multi.withheld else None)


@pytest.mark.parametrize(
    "words, expected",
    [
        ("All organisations that answered", "of the 132 organisations that answered"),
        ("Organisations that deliver services", "of the 124 organisations that deliver services"),
        ("NHS trusts", "of the 124 NHS trusts"),
    ],
)
def test_of_base_names_who_a_percentage_is_of(words, expected):
    from survey_charts.numbers import of_base

    assert of_base(words, 132 if words.startswith("All") else 124) == expected


# Lines a writer might put around a number: list items (nested, numbered),
# continuations indented 2 or 4 spaces, paragraphs, empty lines.
_LINE_KINDS = [
    "- item {n}",
    "1. item {n}",
    "    - nested {n}",
    "    1. nested {n}",
    "  continued {n}",
    "    continued {n}",
    "A paragraph {n}.",
    "",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_KINDS), min_size=1, max_size=8))
def test_the_pre_check_checks_every_number_markdown_draws(kinds):
    """Every {{ }} that Markdown (with the site's extensions) draws, outside
    code, is checked before the build, so a wrong one is named by file and
    line rather than failing mid-build. (The other way round, a number in an
    indented code block is left as written: test_findings checks it in a real
    build; in odd layouts the check may read one more, which only costs a
    message about an example.)"""
    from survey_charts.blocks import find_refs

    lines = [kind.format(n=f"{{{{ q{i} }}}}") for i, kind in enumerate(kinds)]
    checked = {body.strip() for _, body in find_refs(lines, [])}
    converter = markdown.Markdown(
        extensions=["markdown.extensions.extra", "content_checks.markdown_lists"]
    )
    html = BeautifulSoup(converter.convert("\n".join(lines)), "html.parser")
    in_code = {code.get_text() for code in html.find_all("code")}
    for i, line in enumerate(lines):
        if "{{" not in line:
            continue
        ref = f"q{i}"
        coded = any(f"{{{{ {ref} }}}}" in text for text in in_code)
        if not coded:
            assert ref in checked, (lines, ref, str(html))
