"""asset_fingerprint: the pure URL logic (property-tested) and the folder step."""

from __future__ import annotations

import hashlib
import re
import string
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings

FEWER = settings(max_examples=40, deadline=None)
from asset_fingerprint import AssetFingerprintSettingsError, check_settings
from asset_fingerprint.folder import FingerprintError, fingerprint_folder
from asset_fingerprint.urls import (
    HASHED_NAME,
    Site,
    css_references,
    document_folder,
    hashed_path,
    html_references,
    movable,
    relative,
    resolve,
    rewrite_css,
    rewrite_html,
    rewrite_srcset,
    root_relative,
    srcset_urls,
)
from hypothesis import strategies as st

SITE = Site.parse("https://www.thcvs.org.uk")
PREFIXED = Site.parse("https://example.github.io/thcvs/")

# -- strategies --------------------------------------------------------------

segment = st.text(
    alphabet=string.ascii_letters + string.digits + "-_ é%#?&+()'",
    min_size=1,
    max_size=8,
).filter(lambda s: s not in (".", "..") and s.strip() == s)
extension = st.sampled_from(["css", "png", "svg", "js", "woff2", "jpg"])
site_path = st.builds(
    lambda dirs, stem, ext: "/".join([*dirs, f"{stem}.{ext}"]),
    st.lists(segment, max_size=3),
    segment,
    extension,
)
folder = st.lists(segment, max_size=3).map(lambda parts: "/" + "".join(p + "/" for p in parts))
digest = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
suffix = st.sampled_from(["", "?v=2", "#top", "?a=1&b=2#x"])


# -- names -------------------------------------------------------------------


def test_hashed_path_example():
    assert (
        hashed_path("theme/css/site.css", "3f2a9c1b7d4e" + "0" * 52, "assets")
        == "assets/theme/css/site.3f2a9c1b7d4e.css"
    )
    assert hashed_path("favicon.ico", "a" * 64, "assets") == "assets/favicon.aaaaaaaaaaaa.ico"
    with pytest.raises(ValueError):
        hashed_path("theme/LICENSE", "a" * 64, "assets")


@given(site_path, digest, digest)
def test_hashed_path_keeps_place_and_type_and_changes_with_content(path, one, two):
    new = hashed_path(path, one, "assets")
    assert new.startswith("assets/") and HASHED_NAME.search(new)
    head, _, name = path.rpartition("/")
    assert new.rpartition("/")[0] == ("assets/" + head if head else "assets")
    assert new.rsplit(".", 1)[1] == path.rsplit(".", 1)[1]
    assert (hashed_path(path, two, "assets") == new) == (one[:12] == two[:12])


# -- resolving ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url, folder, expected",
    [
        ("https://www.thcvs.org.uk/theme/css/site.css", "/", "theme/css/site.css"),
        ("HTTPS://WWW.THCVS.ORG.UK/theme/css/site.css?v=1#x", "/about/", "theme/css/site.css"),
        ("//www.thcvs.org.uk/a.png", "/", "a.png"),
        ("/theme/css/site.css", "/2026/11/post/", "theme/css/site.css"),
        ("../images/x%20y.png", "/theme/css/", "theme/images/x y.png"),
        ("../../../../x.png", "/a/", "x.png"),
        ("./x.png", "/a/b/", "a/b/x.png"),
        ("  x.png  ", "/", "x.png"),
        ("http://www.thcvs.org.uk/a.png", "/", None),  # another scheme: not this site
        ("https://cdn.example.org/a.png", "/", None),
        ("//cdn.example.org/a.png", "/", None),
        ("mailto:info@thcvs.org.uk", "/", None),
        ("data:image/png;base64,AAAA", "/", None),
        ("#main", "/", None),
        ("", "/", None),
        ("/about/", "/", None),
        ("?page=2", "/", None),
        ("a\\b.png", "/", None),
    ],
)
def test_resolve_examples(url, folder, expected):
    assert resolve(url, folder, SITE) == expected


def test_resolve_with_a_path_prefix():
    assert resolve("https://example.github.io/thcvs/a/b.css", "/", PREFIXED) == "a/b.css"
    assert resolve("/thcvs/a/b.css", "/", PREFIXED) == "a/b.css"
    assert resolve("/other/a/b.css", "/", PREFIXED) is None
    assert root_relative("assets/b.1.css", PREFIXED) == "/thcvs/assets/b.1.css"


@FEWER
@given(site_path, folder)
def test_every_form_of_a_link_resolves_to_its_file(path, where):
    assert resolve(root_relative(path, SITE), where, SITE) == path
    assert resolve("https://www.thcvs.org.uk" + root_relative(path, SITE), where, SITE) == path
    assert resolve(relative(path, where), where, SITE) == path
    assert resolve(root_relative(path, PREFIXED), where, PREFIXED) == path


@given(st.text(max_size=60), folder)
def test_resolve_never_crashes_and_never_leaves_the_site(url, where):
    result = resolve(url, where, SITE)
    assert result is None or (not result.startswith("/") and ".." not in result.split("/"))


# -- srcset ------------------------------------------------------------------

candidate_url = st.text(
    alphabet=string.ascii_letters + string.digits + "/._-%", min_size=1, max_size=20
).filter(lambda s: not s.endswith(","))
descriptor = st.sampled_from(["", " 1x", " 2x", " 480w", "  1.5x"])


@given(
    st.lists(st.tuples(candidate_url, descriptor), min_size=1, max_size=4),
    st.sampled_from([", ", ",", " , ", ",\n"]),
)
def test_srcset_finds_each_candidate_url(candidates, separator):
    # As in the HTML standard, "a.png,b.png" is one URL: a bare comma only
    # separates candidates after a descriptor.
    assume(separator != "," or all(desc for url, desc in candidates[:-1]))
    value = separator.join(url + desc for url, desc in candidates)
    assert [value[a:b] for a, b in srcset_urls(value)] == [url for url, _ in candidates]
    tagged = rewrite_srcset(value, lambda url: f"[{url}]")
    assert tagged == separator.join(f"[{url}]{desc}" for url, desc in candidates)


def test_srcset_follows_the_html_standard():
    assert srcset_urls("a.png,b.png") == [(0, 11)]
    value = "a.png 1x,b.png 2x, c.png"
    assert [value[a:b] for a, b in srcset_urls(value)] == ["a.png", "b.png", "c.png"]


@given(st.text(max_size=40))
def test_srcset_identity_rewrite_changes_nothing(value):
    assert rewrite_srcset(value, lambda url: url) == value


# -- HTML --------------------------------------------------------------------


def never(_target):
    return None


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_html_without_mapped_files_is_left_byte_for_byte(text):
    assert rewrite_html(text, "/", SITE, never) == text


def test_html_rewrites_subresources_only():
    page = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://www.thcvs.org.uk/theme/css/site.css?v=1">
<link rel=icon href='/theme/images/favicon.svg' type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" href="https://www.thcvs.org.uk/feeds/all.atom.xml">
<link rel="canonical" href="https://www.thcvs.org.uk/theme/css/site.css">
<meta property="og:image" content="https://www.thcvs.org.uk/charts/a.png">
<script src="../theme/js/charts.js" defer></script>
<script>var x = '<img src="/charts/a.png">';</script>
</head><body>
<!-- <img src="/charts/a.png"> -->
<p><code>&lt;img src="/charts/a.png"&gt;</code> and text src="/charts/a.png"</p>
<IMG SRC="/charts/a.png" srcset="/charts/a.png 1x, https://www.thcvs.org.uk/charts/a.png 2x" alt="">
<a href="/charts/a.png">Full size</a>
<svg><image href="/charts/a.png"/><use xlink:href="/charts/a.png#i"/></svg>
<video poster="/charts/a.png"></video><object data="/charts/a.png"></object>
</body></html>"""
    mapping = {
        "theme/css/site.css": "assets/theme/css/site.111111111111.css",
        "theme/images/favicon.svg": "assets/theme/images/favicon.222222222222.svg",
        "theme/js/charts.js": "assets/theme/js/charts.333333333333.js",
        "charts/a.png": "assets/charts/a.444444444444.png",
    }
    new = rewrite_html(
        page, "/about/", SITE, lambda t: root_relative(mapping[t], SITE) if t in mapping else None
    )
    assert '<link rel="stylesheet" href="/assets/theme/css/site.111111111111.css?v=1">' in new
    assert "<link rel=icon href='/assets/theme/images/favicon.222222222222.svg'" in new
    assert 'href="https://www.thcvs.org.uk/feeds/all.atom.xml"' in new
    assert '<link rel="canonical" href="https://www.thcvs.org.uk/theme/css/site.css">' in new
    assert 'content="https://www.thcvs.org.uk/charts/a.png"' in new
    assert '<script src="/assets/theme/js/charts.333333333333.js" defer>' in new
    assert "var x = '<img src=\"/charts/a.png\">';" in new
    assert '<!-- <img src="/charts/a.png"> -->' in new
    assert '<code>&lt;img src="/charts/a.png"&gt;</code> and text src="/charts/a.png"' in new
    assert (
        '<IMG SRC="/assets/charts/a.444444444444.png" srcset="/assets/charts/a.444444444444.png 1x,'
        ' /assets/charts/a.444444444444.png 2x" alt="">'
    ) in new
    assert '<a href="/charts/a.png">Full size</a>' in new
    assert '<image href="/assets/charts/a.444444444444.png"/>' in new
    assert '<use xlink:href="/assets/charts/a.444444444444.png#i"/>' in new
    assert 'poster="/assets/charts/a.444444444444.png"' in new
    assert 'data="/assets/charts/a.444444444444.png"' in new
    assert html_references(page, "/about/", SITE) == set(mapping)


def test_html_base_element_moves_relative_urls():
    page = '<base href="/theme/"><img src="images/a.png"><img src="/x.png">'
    refs = html_references(page, "/about/", SITE)
    assert refs == {"theme/images/a.png", "x.png"}
    assert (
        html_references('<base href="https://other.example/"><img src="a.png">', "/", SITE) == set()
    )


url_form = st.sampled_from(["absolute", "root", "relative"])
quote_style = st.sampled_from(['"', "'", ""])
tag_kind = st.sampled_from(
    [
        ("img", "src"),
        ("script", "src"),
        ("link rel=stylesheet", "href"),
        ("a", "href"),
        ("link rel=alternate", "href"),
        ("source", "srcset"),
        ("video", "poster"),
    ]
)
noise = st.text(alphabet=string.ascii_letters + " \n.,", max_size=15)


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@FEWER
@given(
    st.lists(
        st.tuples(tag_kind, site_path, url_form, quote_style, suffix, noise), min_size=1, max_size=6
    ),
    folder,
    digest,
)
def test_html_rewrites_every_subresource_form_to_its_hashed_copy(items, where, dig):
    parts, expected = [], []
    for (tag, attr), path, form, quote, tail, text in items:
        if form == "absolute":
            url = "https://www.thcvs.org.uk" + root_relative(path, SITE)
        elif form == "root":
            url = root_relative(path, SITE)
        else:
            url = relative(path, where)
        url += tail
        assume(quote or not re.search(r"[\s\"'=<>`]", url))
        if quote == "'":
            assume("'" not in url)
        if quote == '"':
            assume('"' not in url)
        value = url.replace("&", "&amp;") if quote else url
        assume(not (quote == "" and "&" in url))
        end = "</script>" if tag == "script" else ""
        parts.append(f"<{tag} {attr}={quote}{value}{quote}>{end}{text}")
        expected.append((tag.split()[0], attr, path, tail))
    page = "".join(parts)
    mapping = {p: hashed_path(p, dig, "assets") for _, p, _, _, _, _ in items}
    new = rewrite_html(
        page, where, SITE, lambda t: root_relative(mapping[t], SITE) if t in mapping else None
    )
    parser = _Attrs()
    parser.feed(new)
    assert len(parser.found) == len(expected)
    for (tag, attrs), (want_tag, attr, path, tail) in zip(parser.found, expected):
        assert tag == want_tag
        value = attrs[attr]
        if tag == "a" or attrs.get("rel") == "alternate":
            assert resolve(value, where, SITE) == path  # links keep their names
        else:
            assert value == root_relative(mapping[path], SITE) + tail


# -- CSS ---------------------------------------------------------------------


@given(st.text(max_size=200))
def test_css_without_mapped_files_is_left_byte_for_byte(text):
    assert rewrite_css(text, "/theme/css/", SITE, never) == text


def test_css_rewrites_url_and_import_but_not_comments_or_strings():
    css = """@import "base.css";
@import url(print.css) print;
/* url(../images/logo.png) stays in a comment */
.a { background: url(../images/logo.png) no-repeat; }
.b { background-image: URL( "../images/logo.png#x" ); }
.c { background: url('data:image/png;base64,AAAA'); content: "url(../images/logo.png)"; }
.d { mask: url(#m); background: url(https://www.thcvs.org.uk/theme/images/logo.png?v=1); }"""
    mapping = {"theme/css/base.css": "B", "theme/css/print.css": "P", "theme/images/logo.png": "L"}
    new = rewrite_css(css, "/theme/css/", SITE, mapping.get)
    assert '@import "B";' in new and "url(P) print" in new
    assert "/* url(../images/logo.png) stays in a comment */" in new
    assert ".a { background: url(L) no-repeat; }" in new
    assert 'URL( "L#x" )' in new
    assert (
        "url('data:image/png;base64,AAAA')" in new and 'content: "url(../images/logo.png)"' in new
    )
    assert "url(#m)" in new and "url(L?v=1)" in new
    assert css_references(css, "/theme/css/", SITE) == set(mapping)


@FEWER
@given(
    st.lists(st.tuples(site_path, st.sampled_from(['"', "'", ""]), suffix), min_size=1, max_size=5),
    folder,
)
def test_css_rewrites_every_reference_form(items, where):
    rules = []
    for path, mark, tail in items:
        url = relative(path, where) + tail
        assume(not (mark == "" and re.search(r"[\s\"'()\\]", url)))
        assume(mark not in url or not mark)
        rules.append(f".x {{ background: url({mark}{url}{mark}); }}")
    css = "\n".join(rules)
    new = rewrite_css(css, where, SITE, lambda t: "NEW/" + quote(t, safe=""))
    urls = re.findall(r"url\(([\"']?)(.*?)\1\)", new)
    assert [u for _, u in urls] == ["NEW/" + quote(path, safe="") + tail for path, _, tail in items]


# -- what may move -----------------------------------------------------------


@pytest.mark.parametrize(
    "path, text, expected",
    [
        ("a.svg", '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', True),
        ("a.svg", '<svg><use href="#i"/><image href="data:image/png;base64,AA"/></svg>', True),
        ("a.svg", '<svg><image href="photo.png"/></svg>', False),
        ("a.svg", "<svg><style>rect { fill: url(pattern.svg#p) }</style></svg>", False),
        ("a.js", "vegaEmbed('#c', spec);", True),
        ("a.mjs", "import x from './y.js';", False),
        ("a.js", "const m = await import('../m.js');", False),
        ("a.png", None, True),
    ],
)
def test_movable(path, text, expected):
    assert movable(path, text) is expected


# -- settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("ASSET_FINGERPRINT_FOLDER", "/assets", "expected a folder inside the output"),
        ("ASSET_FINGERPRINT_FOLDER", "../up", "expected a folder inside the output"),
        ("ASSET_FINGERPRINT_FOLDER", 3, "expected a folder inside the output"),
        ("ASSET_FINGERPRINT_EXTENSIONS", "css", "expected a non-empty list"),
        ("ASSET_FINGERPRINT_EXTENSIONS", [], "expected a non-empty list"),
        ("ASSET_FINGERPRINT_EXTENSIONS", [".css"], "without a dot"),
        ("ASSET_FINGERPRINT_EXTENSIONS", ["css", "csv"], "keep their names"),
    ],
)
def test_bad_settings_name_plugin_setting_and_value(key, value, words):
    with pytest.raises(AssetFingerprintSettingsError) as info:
        check_settings({key: value})
    message = str(info.value)
    assert message.startswith(f"asset_fingerprint: setting {key}")
    assert repr(value) in message or repr(value[-1]) in message
    assert words in message


def test_default_settings_are_valid():
    assert check_settings({})["folder"] == "assets"


# -- the folder step ---------------------------------------------------------


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fingerprint_folder_hashes_what_pages_load(tmp_path):
    root = tmp_path / "site"
    _write(
        root,
        "index.html",
        '<link rel="stylesheet" href="https://www.thcvs.org.uk/theme/css/site.css">'
        '<img src="/images/a.png" alt=""><a href="/data/t.csv">CSV</a>',
    )
    _write(root, "about/index.html", '<link rel="stylesheet" href="../theme/css/site.css">')
    _write(
        root,
        "theme/css/site.css",
        '@import "parts.css"; .x { background: url(../fonts/f.woff2); }'
        " .y { cursor: url(../cursors/c.cur), auto; }",
    )
    _write(root, "theme/css/parts.css", ".p { background: url(/images/a.png); }")
    _write(root, "theme/fonts/f.woff2", "font")
    _write(root, "theme/cursors/c.cur", "cursor")
    _write(root, "images/a.png", "png")
    _write(root, "images/unused.png", "png2")
    _write(root, "data/t.csv", "a,b\n")
    _write(
        root,
        "feeds/all.atom.xml",
        "<feed><icon>https://www.thcvs.org.uk/images/a.png</icon></feed>",
    )
    before_css = (root / "theme/css/site.css").read_bytes()

    report = fingerprint_folder(root, "https://www.thcvs.org.uk")

    assert set(report.hashed) == {
        "theme/css/site.css",
        "theme/css/parts.css",
        "theme/fonts/f.woff2",
        "images/a.png",
    }
    for original, new in report.hashed.items():
        assert (root / new).is_file() and (root / original).is_file()
        assert new.startswith("assets/" + original.rpartition("/")[0])
    png = report.hashed["images/a.png"]
    assert png == f"assets/images/a.{hashlib.sha256(b'png').hexdigest()[:12]}.png"
    # Originals are untouched; the hashed CSS points at hashed copies, relative to its new place.
    assert (root / "theme/css/site.css").read_bytes() == before_css
    site_css = (root / report.hashed["theme/css/site.css"]).read_text()
    parts = report.hashed["theme/css/parts.css"].rpartition("/")[2]
    font = report.hashed["theme/fonts/f.woff2"].rpartition("/")[2]
    assert f'@import "{parts}";' in site_css
    assert f"url(../fonts/{font})" in site_css
    assert "url(../../../theme/cursors/c.cur)" in site_css  # not hashed: points at the original
    parts_css = (root / report.hashed["theme/css/parts.css"]).read_text()
    assert f"url(../../images/{png.rpartition('/')[2]})" in parts_css
    # The content hash covers the rewritten text.
    digest = hashlib.sha256(site_css.encode()).hexdigest()[:12]
    assert report.hashed["theme/css/site.css"].endswith(f".{digest}.css")
    home = (root / "index.html").read_text()
    assert f'href="/{report.hashed["theme/css/site.css"]}"' in home
    assert f'src="/{png}"' in home and 'href="/data/t.csv"' in home
    assert (
        f'href="/{report.hashed["theme/css/site.css"]}"' in (root / "about/index.html").read_text()
    )
    assert "assets" not in (root / "feeds/all.atom.xml").read_text()
    assert not (root / "assets/images/unused.png").exists() and report.pages == 2


def test_fingerprint_folder_refuses_an_existing_folder_and_import_cycles(tmp_path):
    root = tmp_path / "site"
    _write(root, "assets/x.txt", "taken")
    with pytest.raises(FingerprintError, match="already has a 'assets/' folder"):
        fingerprint_folder(root, "https://www.thcvs.org.uk")
    root = tmp_path / "cycle"
    _write(root, "index.html", '<link rel="stylesheet" href="/a.css">')
    _write(root, "a.css", '@import "b.css";')
    _write(root, "b.css", '@import "a.css";')
    with pytest.raises(FingerprintError, match="import each other: a.css -> b.css -> a.css"):
        fingerprint_folder(root, "https://www.thcvs.org.uk")


def test_document_folder():
    assert document_folder("index.html") == "/"
    assert document_folder("about/index.html") == "/about/"
