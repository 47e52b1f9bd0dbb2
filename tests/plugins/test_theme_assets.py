"""theme_assets in a real Pelican: a tiny theme whose base template loads a
stylesheet, an icon and a script through asset_url()."""

from __future__ import annotations

import hashlib
import re

from tests.plugins.fixture_site import build_fixture_site

BASE = """<!DOCTYPE html>
<html lang="en"><head><title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="{{ asset_url('css/main.css') }}">
<link rel="icon" href="{{ asset_url('images/icon.svg') }}" type="image/svg+xml">
<script src="{{ asset_url('js/app.js') }}" defer></script>
</head><body>{% block content %}{% endblock %}</body></html>
"""
THEME_FILES = {
    "templates/base.html": BASE,
    "static/css/main.css": "body { margin: 0; }\n",
    "static/images/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    "static/images/unused.png": "not loaded by any page",
    "static/js/app.js": "document.documentElement.className = 'js';\n",
}
POST = "Title: Post {n}\nDate: 2026-01-0{n} 10:00\nCategory: News\n\nText {n}.\n"
POSTS = {f"posts/post-{n}.md": POST.format(n=n) for n in range(1, 5)}
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")


def make_theme(tmp_path, **changes):
    theme = tmp_path / "tinytheme"
    for name, text in {**THEME_FILES, **changes}.items():
        path = theme / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return theme


def loaded(page):
    """What the <head> loads (the simple theme's bodies link posts)."""
    head = page.read_text(encoding="utf-8").partition("</head>")[0]
    return re.findall(r'(?:href|src)="([^"]+)"', head)


def test_production_pages_load_hashed_copies_and_the_originals_stay(tmp_path):
    theme = make_theme(tmp_path)
    result = build_fixture_site(
        tmp_path,
        plugins=["theme_assets"],
        files=POSTS,
        settings={
            "SITEURL": "https://example.org/sub",
            "THEME_ASSETS_HASHED": True,
        },
        theme=theme,
    )
    assert result.ok, result.log
    out = result.output
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 4
    for page in pages:
        urls = loaded(page)
        assert len(urls) == 3, page
        for url in urls:
            # Root-relative under SITEURL's path, so any origin serving the page loads it.
            assert url.startswith("/sub/assets/theme/"), (page, url)
            copy = out / url.removeprefix("/sub/")
            original = out / re.sub(r"\.[0-9a-f]{12}\.", ".", url.removeprefix("/sub/assets/"))
            assert copy.read_bytes() == original.read_bytes(), url
            digest = copy.name.rsplit(".", 2)[1]
            assert hashlib.sha256(copy.read_bytes()).hexdigest()[:12] == digest
    copies = sorted(
        p.relative_to(out).as_posix() for p in (out / "assets").rglob("*") if p.is_file()
    )
    assert [HASHED.sub("", p) for p in copies] == [
        "assets/theme/css/main",
        "assets/theme/images/icon",
        "assets/theme/js/app",
    ]
    # Only what a page loads is copied; nothing outside assets/ is renamed.
    assert (out / "theme/images/unused.png").is_file()
    outside = [p for p in out.rglob("*") if p.is_file() and "assets" not in p.parts]
    assert outside and not [p for p in outside if HASHED.search(p.name)]
    assert not list(out.rglob("*.part"))


def test_development_pages_load_the_plain_files(tmp_path):
    theme = make_theme(tmp_path)
    result = build_fixture_site(tmp_path, ["theme_assets"], POSTS, theme=theme)
    assert result.ok, result.log
    assert loaded(result.output / "post-1.html") == [
        "/theme/css/main.css",
        "/theme/images/icon.svg",
        "/theme/js/app.js",
    ]
    assert not (result.output / "assets").exists()


def test_a_file_the_theme_does_not_have_stops_the_build(tmp_path):
    theme = make_theme(tmp_path, **{"templates/base.html": BASE.replace("main.css", "mian.css")})
    result = build_fixture_site(tmp_path, ["theme_assets"], POSTS, theme=theme)
    assert not result.ok
    assert "asset_url('css/mian.css') in a template: there is no such file in" in result.log
    assert "Did you mean 'css/main.css'?" in result.log


def test_a_stylesheet_that_loads_other_files_stops_the_build_in_development_too(tmp_path):
    theme = make_theme(
        tmp_path, **{"static/css/main.css": "body { background: url(../images/icon.svg); }"}
    )
    result = build_fixture_site(tmp_path, ["theme_assets"], POSTS, theme=theme)
    assert not result.ok
    assert "main.css: the stylesheet loads other files (url() or @import)" in result.log


def test_a_bad_setting_stops_the_build_at_start(tmp_path):
    theme = make_theme(tmp_path)
    result = build_fixture_site(
        tmp_path, ["theme_assets"], POSTS, settings={"THEME_ASSETS_HASHD": True}, theme=theme
    )
    assert not result.ok
    assert "Did you mean THEME_ASSETS_HASHED?" in result.log
