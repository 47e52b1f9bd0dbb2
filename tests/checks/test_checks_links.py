"""Link and fragment resolution over a folder (pure: no server, no browser)."""

from __future__ import annotations

from pathlib import Path

from checks.links import SiteAddress, check_links, css_refs, srcset_urls
from checks.site import discover


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang=en><head><title>t</title>{head}</head>"
        f"<body>{body}</body></html>"
    )


def faults(root: Path, site_url: str | None = None) -> list[tuple[str, str, str]]:
    result = check_links(root, discover(root), site_url)
    return [(f.page, f.rule, f.message.split(" ")[0]) for f in result.faults]


def test_relative_root_relative_and_absolute_links(tmp_path):
    write(
        tmp_path,
        "index.html",
        page(
            '<a href="about/">a</a><a href="/about/">b</a><a href="https://www.example.org/about/">c</a>'
            '<a href="/about">folder without slash</a><a href="https://other.example/">ext</a>'
            '<a href="mailto:x@example.org">m</a><a href="tel:+44">t</a>'
            '<a href="javascript:void(0)">j</a>'
        ),
    )
    write(tmp_path, "about/index.html", page('<a href="../">home</a><a href="./">self</a>'))
    assert faults(tmp_path, "https://www.example.org") == []
    result = check_links(tmp_path, discover(tmp_path), "https://www.example.org")
    assert result.summary.startswith("6 internal links")
    assert "(1 external not fetched)" in result.summary


def test_missing_targets(tmp_path):
    write(
        tmp_path,
        "index.html",
        page(
            '<a href="/nope/">x</a><img src="/img/a.png" alt="">'
            '<link rel="stylesheet" href="/a.css">'
            '<a href="https://www.example.org/gone.html">y</a>'
        ),
    )
    assert faults(tmp_path, "https://www.example.org") == [
        ("/", "broken-link", "/nope/"),
        ("/", "broken-link", "/img/a.png"),
        ("/", "broken-link", "/a.css"),
        ("/", "broken-link", "https://www.example.org/gone.html"),
    ]


def test_fragments(tmp_path):
    write(
        tmp_path,
        "index.html",
        page(
            '<h2 id="here">h</h2><a name="old"></a>'
            '<a href="#here">1</a><a href="#old">2</a><a href="#">3</a><a href="#top">4</a>'
            '<a href="#:~:text=hello">5</a><a href="/b/#sec">6</a><a href="/b/#caf%C3%A9">7</a>'
            '<a href="#nowhere">8</a><a href="/b/#Sec">9</a>'
        ),
    )
    write(tmp_path, "b/index.html", page('<section id="sec"></section><p id="café"></p>'))
    assert faults(tmp_path) == [
        ("/", "broken-fragment", "#nowhere"),
        ("/", "broken-fragment", "/b/#Sec"),
    ]


def test_fragment_in_svg_and_inline_svg(tmp_path):
    write(
        tmp_path, "icons.svg", '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="star"/></svg>'
    )
    write(
        tmp_path,
        "index.html",
        page(
            '<svg><use href="/icons.svg#star"/></svg><svg><use xlink:href="/icons.svg#moon"/></svg>'
            '<svg><defs><linearGradient id="g"/></defs></svg><a href="#g">g</a>'
        ),
    )
    assert faults(tmp_path) == [("/", "broken-fragment", "/icons.svg#moon")]


def test_srcset_css_and_meta(tmp_path):
    write(tmp_path, "a.png", "x")
    write(
        tmp_path,
        "theme/site.css",
        '/* url(commented.png) */ body { background: url("../a.png"); }'
        " @import 'more.css'; .x { filter: url(#f); }",
    )
    write(
        tmp_path,
        "index.html",
        page(
            '<img src="/a.png" srcset="/a.png 1x, /b.png 2x" alt="">'
            '<p style="background-image: url(/c.png)">x</p>',
            head='<meta property="og:image" content="https://www.example.org/card.png">'
            "<style>body { background: url(a.png) }</style>",
        ),
    )
    assert faults(tmp_path, "https://www.example.org") == [
        ("/", "broken-link", "https://www.example.org/card.png"),
        ("/", "broken-link", "/b.png"),
        ("/", "broken-link", "/c.png"),
        ("/theme/site.css", "broken-link", "more.css"),
    ]


def test_loopback_links_are_faults_only_with_a_site_address(tmp_path):
    write(tmp_path, "index.html", page('<a href="http://127.0.0.1:8000/">dev</a>'))
    assert faults(tmp_path) == []
    assert faults(tmp_path, "https://www.example.org") == [
        ("/", "loopback-link", "http://127.0.0.1:8000/")
    ]


def test_base_href_and_site_prefix(tmp_path):
    write(
        tmp_path,
        "index.html",
        page(
            '<a href="about/">a</a><a href="/blog/about/">b</a>'
            '<a href="/elsewhere/">outside the site</a>'
        ),
    )
    write(tmp_path, "about/index.html", page("x"))
    result = check_links(tmp_path, discover(tmp_path), "https://example.github.io/blog")
    assert result.faults == []
    assert "(1 external not fetched)" in result.summary
    write(tmp_path, "index.html", page('<a href="about/">a</a>', head='<base href="/x/">'))
    assert faults(tmp_path) == [("/", "broken-link", "about/")]


def test_no_traversal_outside_root(tmp_path):
    write(tmp_path, "site/index.html", page('<a href="/../../etc/passwd">x</a>'))
    assert faults(tmp_path / "site") == [("/", "broken-link", "/../../etc/passwd")]


def test_helpers():
    assert srcset_urls("a.png 1x, b.png 2x,c.png") == ["a.png", "b.png", "c.png"]
    assert css_refs("a{b:url( 'x.png' )} c{d:url(y.svg#i)} e{f:url(#local)}") == [
        "x.png",
        "y.svg#i",
    ]
    address = SiteAddress("https://www.example.org")
    assert address.site_path("http://WWW.example.org/a/") == ("internal", "/a/")
    assert address.site_path("https://localhost:8000/") == ("loopback", "/")
    assert address.site_path("https://cdn.example.net/x.js") == ("external", None)
