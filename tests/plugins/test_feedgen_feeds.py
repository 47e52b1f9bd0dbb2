"""feedgen_feeds in a real Pelican: what leaves in the feeds is cleaned with
the pages' allowlist, whatever the post's HTML or a plugin's feed replacement
carried.

html_policy is left out on purpose, so the post's hostile HTML reaches the
page's content as it would if a check were skipped; a probe plugin adds a
`data-feed-replace` carrying a tracking pixel, a meta refresh and a
javascript: link (the route a writer's raw HTML once took into every feed).
The feeds are read as feed readers read them, and by publish's feeds checker.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree

from checks.feeds import check_feeds
from tests.conftest import ROOT
from tests.plugins.fixture_site import build_fixture_site

ORIGIN = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SMUGGLED = (
    '<p>Feed version.</p><img src="https://tracker.example.net/p.gif" alt="x" width="1">'
    '<meta http-equiv="refresh" content="0;url=https://evil.example.net/">'
    '<a href="javascript:alert(1)">click</a>'
)

PROBE = f"""\
from pelican import signals


def smuggle(instance):
    if getattr(instance, "_content", None):
        instance._content += '<div data-feed-replace="{escape(SMUGGLED)}">page version</div>'


def register():
    signals.content_object_init.connect(smuggle)
"""

POST = """\
Title: Hostile HTML
Date: 2026-03-11 09:00
Category: News
Author: A Writer
Summary: A summary with <img src="https://tracker.example.net/s.gif" alt="x"> a pixel.

Our own picture: <img src="/images/ok.png" alt="Ours" width="10" height="5">

<base href="https://evil.example.net/">

<a href="jav&#x61;script:alert(1)">a</a> <a href="data:text/html,hi">b</a>
<a href="https://www.example.org/" onclick="track()">fine link</a>

<form action="https://evil.example.net/"><button formaction="https://evil.example.net/">Go</button></form>

<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="x">
<svg><image href="https://tracker.example.net/svg.gif"/></svg>
<script>alert(1)</script>
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("feeds-site")
    probe = tmp_path / "probe" / "smuggle_probe"
    probe.mkdir(parents=True)
    (probe / "__init__.py").write_text(PROBE, encoding="utf-8")
    result = build_fixture_site(
        tmp_path,
        plugins=["feedgen_feeds", "smuggle_probe"],
        files={"posts/hostile.md": POST},
        settings={
            "PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "probe")],
            "FEEDGEN_FEEDS_TAG_AUTHORITY": "example.org",
        },
    )
    assert result.ok, result.log
    return result.output


def entry_html(output) -> dict[str, str]:
    """Every HTML field of the one entry, in each feed."""
    atom = etree.parse(str(output / "feeds" / "all.atom.xml")).getroot()
    rss = etree.parse(str(output / "feeds" / "all.rss.xml")).getroot()
    feed = json.loads((output / "feeds" / "all.json").read_text(encoding="utf-8"))
    (item,) = feed["items"]
    return {
        "atom content": atom.findtext(f"{ATOM}entry/{ATOM}content"),
        "atom summary": atom.findtext(f"{ATOM}entry/{ATOM}summary"),
        "rss description": rss.findtext("channel/item/description"),
        "json content_html": item["content_html"],
    }


def test_the_page_still_carries_the_hostile_html_this_test_feeds_in(output):
    page = (output / "hostile-html.html").read_text(encoding="utf-8")
    assert "tracker.example.net" in page and "data-feed-replace" in page


def test_nothing_hostile_leaves_in_any_feed(output):
    fields = entry_html(output)
    for where, html in fields.items():
        assert html, where
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert not tree.xpath(
            "//script | //meta | //base | //form | //button | //svg | //style | //iframe"
        ), (where, html)
        for element in tree.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on") and name != "formaction", (where, html)
                if name in ("href", "src"):
                    assert urlsplit(value).scheme in ("http", "https"), (where, html)
        for src in tree.xpath("//img/@src"):
            assert src.startswith(ORIGIN + "/"), (where, html)
        assert "tracker.example.net" not in html and "evil.example.net" not in html, where
    # What is allowed stays: the site's own picture, the feed version's words, a plain link.
    content = fields["atom content"]
    assert f'<img src="{ORIGIN}/images/ok.png" alt="Ours" width="10" height="5">' in content
    assert "<p>Feed version.</p>" in content and "page version" not in content
    assert '<a href="https://www.example.org/">fine link</a>' in content


def test_publish_s_feeds_checker_finds_nothing(output):
    result = check_feeds(output, ORIGIN)
    assert result.faults == [], result.render()
    assert result.summary == "5 feeds, 5 entries, 0 faults"  # all and the category, 3 + 2
