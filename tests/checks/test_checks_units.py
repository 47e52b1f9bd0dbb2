"""Pure parts: budgets and classification, weight, vnu messages, keyboard
style comparison, fault merging, page discovery."""

from __future__ import annotations

import gzip

import pytest

from checks import budgets
from checks.html_conformance import parse_messages, site_name
from checks.keyboard import describe, focus_indicator_visible, is_transparent, is_visible
from checks.report import Fault, merge_widths
from checks.site import detect_site_url, discover, file_to_path, path_to_file
from checks.weight import (
    CATEGORIES,
    Resource,
    category,
    check_weight,
    format_table,
    is_compressible,
    page_weight,
    transfer_size,
)


@pytest.mark.parametrize(
    "path, classes, kind",
    [
        ("/", None, "index"),
        ("/page/2/", None, "index"),
        ("/2026/11/co-production-rhetoric-and-practice/", None, "article"),
        ("/2026/11/co-production-rhetoric-and-practice/", "kind-findings wide", "findings"),
        ("/about/", "layout kind-page", "page"),
        ("/about/", None, "page"),
        ("/findings/2026/", None, "findings"),
        ("/category/news/", None, "category"),
        ("/category/news/page/3/", None, "category"),
        ("/tag/survey/", None, "tag"),
        ("/author/jo-bloggs/", None, "author"),
        ("/archives/", None, "archives"),
        ("/tags/", None, "tags"),
        ("/404.html", None, "404"),
        ("/feeds/", "kindness", "page"),
    ],
)
def test_classify(path, classes, kind):
    assert budgets.classify(path, classes) == kind


def test_budgets_in_one_place():
    assert budgets.budget_for("article") == 15_000
    assert budgets.budget_for("findings") == 40_000
    assert budgets.budget_for("index") == budgets.budget_for("page") == 60_000


def test_file_and_path_mapping(tmp_path):
    assert file_to_path("index.html") == "/"
    assert file_to_path("about/index.html") == "/about/"
    assert file_to_path("404.html") == "/404.html"
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("x")
    (tmp_path / "a b.html").write_text("x")
    assert path_to_file(tmp_path, "/about/") == tmp_path / "about" / "index.html"
    assert path_to_file(tmp_path, "/about") == tmp_path / "about" / "index.html"
    assert path_to_file(tmp_path, "/a%20b.html") == tmp_path / "a b.html"
    assert path_to_file(tmp_path, "/missing/") is None
    assert path_to_file(tmp_path, "/") is None


def test_discover_and_site_url(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="canonical" href="https://www.example.org/"></head>'
        '<body class="kind-index"></body></html>'
    )
    (tmp_path / "2026" / "11" / "x").mkdir(parents=True)
    (tmp_path / "2026" / "11" / "x" / "index.html").write_text("<body class='kind-findings'>")
    (tmp_path / "404.html").write_text("<body>")
    pages = discover(tmp_path)
    assert [(p.path, p.kind) for p in pages] == [
        ("/", "index"),
        ("/2026/11/x/", "findings"),
        ("/404.html", "404"),
    ]
    assert detect_site_url(tmp_path) == "https://www.example.org"
    (tmp_path / "index.html").write_text('<link rel="canonical" href="/">')
    assert detect_site_url(tmp_path) is None


def test_transfer_size_and_categories():
    text = b"body { color: red; }\n" * 200
    assert transfer_size(text, "text/css; charset=utf-8") == len(gzip.compress(text, 6, mtime=0))
    assert transfer_size(b"\x89PNG" * 100, "image/png") == 400
    assert is_compressible("image/svg+xml") and is_compressible("application/javascript")
    assert not is_compressible("font/woff2") and not is_compressible("")
    assert category("document", "text/html") == "html"
    assert category("other", "font/woff2") == "font"
    assert category("fetch", "application/json") == "other"
    assert category("image", "image/svg+xml") == "img"


def weights():
    res = [
        Resource("/", 200, "document", "text/html", 5000, 2000),
        Resource("/a.css", 200, "stylesheet", "text/css", 9000, 3000),
        Resource("/p.png", 200, "image", "image/png", 12000, 12000),
    ]
    return [
        page_weight("/2026/11/x/", "article", 390, res[:2]),
        page_weight("/2026/11/x/", "article", 1280, res),
        page_weight("/about/", "page", 390, res),
    ]


def test_weight_budget_uses_heaviest_width():
    result = check_weight(weights())
    assert [(f.page, f.rule) for f in result.faults] == [("/2026/11/x/", "budget-article")]
    assert "17.0 KB gzip at 1280 px" in result.faults[0].message
    assert result.summary.startswith("2 pages weighed")


def test_weight_table():
    lines = format_table(weights())
    assert lines[0].split()[:4] == ["page", "kind", "px", "req"]
    assert set(lines[1]) == {"-"}
    row = lines[3].split()
    assert row[:4] == ["/2026/11/x/", "article", "1280", "3"]
    assert row[4 : 4 + len(CATEGORIES)] == [
        "5.0/2.0",
        "9.0/3.0",
        "0.0/0.0",
        "12.0/12.0",
        "0.0/0.0",
        "0.0/0.0",
    ]
    assert row[-4:] == ["26.0", "17.0", "15.0", "OVER"]


def test_vnu_messages(tmp_path):
    (tmp_path / "about").mkdir()
    data = {
        "messages": [
            {
                "type": "error",
                "url": f"file:{tmp_path}/about/index.html",
                "lastLine": 3,
                "message": "Element “foo” not allowed.",
            },
            {
                "type": "info",
                "subType": "warning",
                "url": f"file:{tmp_path}/index.html",
                "message": "Consider adding a “lang” attribute.",
            },
            {"type": "info", "url": f"file:{tmp_path}/index.html", "message": "Trailing slash."},
            {"type": "non-document-error", "url": f"file:{tmp_path}/x.css", "message": "IO"},
        ]
    }
    found, warnings = parse_messages(data, tmp_path)
    assert [(f.page, f.rule, f.message) for f in found] == [
        ("/about/", "vnu-error", "line 3: Element “foo” not allowed."),
        ("/x.css", "vnu-io-error", "IO"),
    ]
    assert warnings == ["warn / [vnu-warning] Consider adding a “lang” attribute."]
    assert site_name(tmp_path, f"file:{tmp_path}/a%20b/index.html") == "/a b/"


STYLE = {
    "outlineStyle": "none",
    "outlineWidth": 0,
    "outlineColor": "rgb(0, 0, 0)",
    "outlineOffset": "0px",
    "boxShadow": "none",
    "background": "rgba(0, 0, 0, 0) none",
    "color": "rgb(18, 67, 109)",
    "border": "none",
    "textDecoration": "underline",
    "clip": "auto",
    "clipPath": "none",
    "opacity": "1",
    "transform": "none",
    "visibility": "visible",
    "width": 80,
    "height": 24,
    "x": 10,
    "y": 10,
    "vw": 390,
    "vh": 844,
}


def test_focus_indicator_visible():
    assert not focus_indicator_visible(STYLE, dict(STYLE))
    ring = dict(STYLE, outlineStyle="solid", outlineWidth=3, outlineColor="rgb(244, 106, 37)")
    assert focus_indicator_visible(STYLE, ring)
    assert not focus_indicator_visible(STYLE, dict(ring, outlineColor="rgba(0, 0, 0, 0)"))
    assert not focus_indicator_visible(ring, dict(ring))  # same outline as unfocused
    assert focus_indicator_visible(STYLE, dict(STYLE, boxShadow="rgb(0, 0, 0) 0px 0px 0px 3px"))
    assert focus_indicator_visible(STYLE, dict(STYLE, background="rgb(255, 221, 0) none"))
    assert focus_indicator_visible(STYLE, dict(STYLE, textDecoration="none"))
    assert focus_indicator_visible(
        dict(STYLE, clip="rect(0px, 0px, 0px, 0px)", width=1, height=1), STYLE
    )
    assert not focus_indicator_visible(None, STYLE)
    assert focus_indicator_visible(None, ring)


def test_is_visible():
    assert is_visible(STYLE)
    assert not is_visible(dict(STYLE, width=1, height=1))
    assert not is_visible(dict(STYLE, y=-200))
    assert not is_visible(dict(STYLE, x=-10000))
    assert not is_visible(dict(STYLE, clip="rect(0px, 0px, 0px, 0px)"))
    assert not is_visible(dict(STYLE, clipPath="inset(50%)"))
    assert not is_visible(dict(STYLE, opacity="0"))
    assert is_transparent("transparent") and is_transparent("rgba(1, 2, 3, 0)")
    assert not is_transparent("rgb(1, 2, 3)")
    assert (
        describe({"tag": "a", "href": "#main", "text": " Skip  to content "})
        == '<a href="#main"> "Skip to content"'
    )


def test_merge_widths():
    f = Fault("a11y", "/", "image-alt", "msg")
    g = Fault("a11y", "/", "region", "other")
    merged = merge_widths([(390, f), (1280, g), (1280, f)])
    assert [x.message for x in merged] == ["msg (at 390, 1280 px)", "other (at 1280 px)"]
    assert str(merged[0]) == "/ [image-alt] msg (at 390, 1280 px)"
