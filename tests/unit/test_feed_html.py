"""Feed HTML: absolute URLs, charts as images, nothing a feed reader can't run."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

import lxml.html
from feedgen_feeds.feed_html import absolute_srcset, feed_html, strip_control
from hypothesis import given
from hypothesis import strategies as st

PAGE = "https://www.example.org/2026/11/a-post/"

segment = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12
).filter(lambda s: s not in (".", ".."))
relative_url = st.builds(
    lambda prefix, parts, fragment: prefix + "/".join(parts) + (f"#{fragment}" if fragment else ""),
    st.sampled_from(["", "/", "./", "../", "../../"]),
    st.lists(segment, min_size=1, max_size=4),
    st.one_of(st.none(), segment),
)


@given(relative_url)
def test_every_link_becomes_absolute_on_the_site(url):
    out = feed_html(f'<p><a href="{url}">x</a><img src="{url}" alt=""></p>', page_url=PAGE)
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    for value in tree.xpath("//a/@href | //img/@src"):
        parts = urlsplit(value)
        assert (parts.scheme, parts.netloc) == ("https", "www.example.org"), value
        assert ".." not in parts.path.split("/")


@given(
    st.lists(st.tuples(relative_url, st.sampled_from(["1x", "2x", "640w"])), min_size=1, max_size=4)
)
def test_srcset_candidates_become_absolute(candidates):
    value = ", ".join(f"{url} {size}" for url, size in candidates)
    for candidate in absolute_srcset(value, PAGE).split(", "):
        assert candidate.startswith("https://www.example.org/")


@given(st.text())
def test_no_control_characters_survive(text):
    cleaned = strip_control(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", cleaned)
    assert cleaned == "".join(ch for ch in text if ch in cleaned)  # nothing else removed or added


def test_absolute_and_special_links_are_left_alone():
    out = feed_html(
        '<a href="https://other.org/x">o</a> <a href="mailto:a@b.org">m</a>', page_url=PAGE
    )
    assert 'href="https://other.org/x"' in out and 'href="mailto:a@b.org"' in out


def test_fragment_only_links_point_at_the_page():
    assert f'href="{PAGE}#method"' in feed_html('<a href="#method">m</a>', page_url=PAGE)


def test_a_chart_becomes_the_image_and_link_its_svg_box_carries():
    # What survey_charts writes (partials/chart-figure.html, chart-feed.html).
    feed_version = (
        '<p><img src="/charts/income.png" alt="Bar chart of &quot;income&quot;" width="288"'
        ' height="163"></p>\n<p><a href="#chart-income">See this chart and its data</a></p>'
    )
    html = (
        '<figure class="chart" id="chart-income"><figcaption>Income fell</figcaption>'
        f'<div class="chart-image" data-feed-replace="{escape(feed_version)}">'
        '<svg role="img"><title>x</title><rect/></svg></div>'
        "<details><summary>Show the table</summary><table><tr><th>A</th></tr></table></details>"
        "</figure>"
    )
    out = feed_html(html, page_url=PAGE)
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    (img,) = tree.xpath("//img")
    assert img.get("src") == "https://www.example.org/charts/income.png"
    assert img.get("alt") == 'Bar chart of "income"'
    assert (img.get("width"), img.get("height")) == ("288", "163")
    assert tree.xpath("//a/@href") == [f"{PAGE}#chart-income"]
    assert not tree.xpath("//svg | //details | //summary | //*[@data-feed-replace]")
    assert tree.xpath("//table") and "Show the table" in tree.text_content()


def test_scripts_frames_styles_and_handlers_are_removed():
    html = (
        '<p style="color:red" onclick="x()">Hi</p><script>alert(1)</script>'
        '<iframe src="https://e.org"></iframe><style>p{}</style><noscript>n</noscript><svg></svg>'
    )
    out = feed_html(html, page_url=PAGE)
    assert out == "<p>Hi</p>"


def test_empty_content():
    assert feed_html("", page_url=PAGE) == ""


def test_an_element_with_data_feed_replace_becomes_its_feed_version():
    feed_version = '<p>Take part: <a href="/survey/">about the survey</a> <script>x()</script></p>'
    html = (
        "<p>Before.</p>"
        f'<div class="box" data-feed-replace="{escape(feed_version)}">'
        '<h2>Box</h2><a class="button" href="https://forms.example.org/s">Go</a>'
        "<div hidden>Closed</div></div>"
        "<p>After.</p>"
    )
    out = feed_html(html, page_url=PAGE)
    assert out == (
        "<p>Before.</p>"
        '<p>Take part: <a href="https://www.example.org/survey/">about the survey</a> </p>'
        "<p>After.</p>"
    )


def test_an_empty_data_feed_replace_removes_the_element_and_keeps_the_text_around_it():
    out = feed_html('<p>One <span data-feed-replace="">gone</span>two</p>', page_url=PAGE)
    assert out == "<p>One two</p>"
