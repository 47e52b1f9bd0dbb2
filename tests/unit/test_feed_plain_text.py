"""Feed entries as an RSS-to-email tool's plain-text email shows them: blocks
stay apart (a table's caption is not run into its header row, a chart's title
not into its question) and nothing the page hides is read twice. The
plain text is made with html2text, as such tools do."""

from __future__ import annotations

import html

import html2text
from feedgen_feeds.feed_html import feed_html

PAGE = "https://www.thcvs.org.uk/2026/03/findings/"

ALT = "Bar chart of income change. Decreased is the largest answer."
FEED_IMAGE = html.escape(f'<p><img src="/charts/income.png" alt="{ALT}"></p>')
CHART = (
    '<figure class="chart" id="income"><figcaption>'
    '<span class="chart-title" id="income-title">Four in ten saw their income fall</span> '
    '<span class="chart-question">Question: “How has your income changed?”</span>'
    "</figcaption>"
    f'<div class="chart-image" data-feed-replace="{FEED_IMAGE}"><svg></svg></div>'
    f'<p class="chart-description" id="income-desc" hidden>{ALT}</p>'
    '<p class="chart-base">Base: 132 organisations.</p>'
    '<details class="chart-data"><summary>Show the data as a table</summary>'
    '<div class="table-wrap"><table class="chart-table"><caption>Income change, 2025</caption>'
    '<thead><tr><th scope="col">Answer</th><th scope="col">Per cent</th></tr></thead>'
    '<tbody><tr><th scope="row">Decreased</th><td>42%</td></tr></tbody></table></div>'
    "</details></figure>"
)


def plain(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    return converter.handle(html)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_chart_title_and_its_question_are_separate_lines():
    text = lines(plain(feed_html(CHART, page_url=PAGE)))
    assert "Four in ten saw their income fall" in text
    assert "Question: “How has your income changed?”" in text


def test_a_table_caption_is_its_own_line_before_the_header_row():
    text = lines(plain(feed_html(CHART, page_url=PAGE)))
    caption = text.index("Income change, 2025")
    assert text[caption + 1].replace(" ", "") == "Answer|Percent"


def test_the_description_is_read_once_as_the_image_alt_text():
    html = feed_html(CHART, page_url=PAGE)
    assert "hidden" not in html
    text = plain(html)
    assert text.count("Decreased is the largest answer") == 1
    assert "![Bar chart of income change. Decreased is the largest answer.]" in text


def test_a_caption_stays_the_tables_caption_with_its_markup():
    html = feed_html(
        "<table><caption>Sizes <em>(2025)</em></caption><tr><td>1</td></tr></table><p>After.</p>",
        page_url=PAGE,
    )
    assert html.startswith("<table><caption><p>Sizes <em>(2025)</em></p></caption>")
    assert html.endswith("<p>After.</p>")
    # Already a block: left as it is.
    once = feed_html("<table><caption><p>C</p></caption><tr><td>1</td></tr></table>", page_url=PAGE)
    assert once.startswith("<table><caption><p>C</p></caption>")


def test_without_captions_or_hidden_parts_nothing_changes():
    html = '<p>One.</p><figure><img src="/a.png" alt="A"><figcaption>A photo</figcaption></figure>'
    expected = html.replace('"/a.png"', '"https://www.thcvs.org.uk/a.png"')
    assert feed_html(html, page_url=PAGE) == expected
