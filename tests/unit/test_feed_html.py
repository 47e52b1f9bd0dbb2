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


# -- the pages' allowlist, applied to what leaves in a feed --------------------------

HOSTILE = (
    '<img src="https://tracker.example/p.gif?u=1" alt="">',
    '<img src="//tracker.example/p.gif" alt="">',
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">',
    '<img src="/ok.png" alt="" onerror="fetch(1)">',
    '<img src="/ok.png" alt="" srcset="https://tracker.example/p.gif 2x">',
    '<a href="javascript:alert(1)">j</a>',
    '<a href="jav&#x61;script:alert(1)">j</a>',
    '<a href="data:text/html,hi">d</a>',
    '<a href="vbscript:x">v</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><button formaction="https://evil.example/">b</button>'
    '<input name="q"></form>',
    '<button formaction="https://evil.example/">b</button>',
    "<script>alert(1)</script>",
    '<svg><image href="https://tracker.example/p.gif"/></svg>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '<link rel="stylesheet" href="https://evil.example/s.css">',
    '<video poster="https://tracker.example/p.gif"></video>',
    '<object data="https://evil.example/x"></object>',
    '<p style="background:url(https://tracker.example/p.gif)">s</p>',
    '<table background="https://tracker.example/p.gif"><tr><td>t</td></tr></table>',
)


def assert_nothing_hostile(out: str) -> None:
    tree = lxml.html.fragment_fromstring(out or "<p></p>", create_parent="div")
    bad_tags = "//script | //meta | //base | //form | //button | //input | //link | //svg"
    assert not tree.xpath(bad_tags + " | //math | //video | //object | //style | //iframe"), out
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name not in ("style", "formaction"), out
            assert name not in ("srcset", "background", "poster", "action"), out
            if name in ("href", "src"):
                assert urlsplit(value).scheme in ("https", "mailto", "tel"), out
    for src in tree.xpath("//img/@src"):
        assert urlsplit(src).hostname == "www.example.org", out
    assert "tracker.example" not in out and "evil.example" not in out, out


@given(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4), st.booleans())
def test_nothing_hostile_leaves_in_a_feed_by_the_body_or_a_feed_replacement(parts, replaced):
    """Written straight into the body, or smuggled in a data-feed-replace (the
    route a writer's raw HTML took before html_policy refused it)."""
    hostile = "".join(parts)
    html = f'<div data-feed-replace="{escape(hostile)}">x</div>' if replaced else hostile
    assert_nothing_hostile(feed_html(f"<p>Before.</p>{html}<p>After.</p>", page_url=PAGE))


def test_the_sites_own_pictures_links_and_tables_stay():
    html = (
        '<p><img src="/charts/a.png" alt="A chart" width="10" height="5"> '
        '<a href="https://other.example/page">another site</a> '
        '<a href="mailto:info@example.org">email</a></p>'
        '<table><caption>C</caption><tr><th scope="col" colspan="2">A</th></tr></table>'
        "<aside><h2>About the survey</h2><dl><dt>Method</dt><dd>Online</dd></dl></aside>"
    )
    assert feed_html(html, page_url=PAGE) == (
        '<p><img src="https://www.example.org/charts/a.png" alt="A chart" width="10" height="5">'
        ' <a href="https://other.example/page">another site</a> '
        '<a href="mailto:info@example.org">email</a></p>'
        '<table><caption><p>C</p></caption><tbody><tr><th scope="col" colspan="2">A</th></tr>'
        "</tbody></table>"
        "<aside><h2>About the survey</h2><dl><dt>Method</dt><dd>Online</dd></dl></aside>"
    )


def test_pictures_from_hosts_the_pages_allow_stay():
    from html_policy.policy import Policy

    html = '<img src="https://images.example.net/a.png" alt="a">'
    assert "images.example.net" not in feed_html(html, page_url=PAGE)
    allowed = Policy(image_hosts=("images.example.net",))
    assert 'src="https://images.example.net/a.png"' in feed_html(
        html, page_url=PAGE, policy=allowed
    )
