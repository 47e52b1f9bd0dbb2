"""site_search: settings, URLs, and reading and checking the index (index.py)."""

from __future__ import annotations

import gzip
import json

import pytest
from pluginkit import SettingsError
from site_search import check_settings, urls
from site_search.index import (
    FRAGMENT_SIGNATURE,
    SearchIndexError,
    build_index,
    command,
    compare,
    executable,
    read_fragments,
)


def test_defaults_and_urls_are_root_relative():
    assert check_settings({}) == {"page": "search/", "bundle": "pagefind"}
    assert urls({"SITEURL": ""}) == {
        "base": "/",
        "page": "/search/",
        "bundle": "/pagefind/",
        "path": "search/",
    }
    # The real address's host is dropped (any host can serve the output); a path is kept.
    assert urls({"SITEURL": "https://www.thcvs.org.uk"})["page"] == "/search/"
    assert urls({"SITEURL": "https://example.org/cvs/"}) == {
        "base": "/cvs/",
        "page": "/cvs/search/",
        "bundle": "/cvs/pagefind/",
        "path": "search/",
    }


@pytest.mark.parametrize(
    "key,value",
    [
        ("SITE_SEARCH_PAGE_URL", "search"),
        ("SITE_SEARCH_PAGE_URL", "/search/"),
        ("SITE_SEARCH_PAGE_URL", "../search/"),
        ("SITE_SEARCH_PAGE_URL", 3),
        ("SITE_SEARCH_BUNDLE_PATH", ""),
        ("SITE_SEARCH_BUNDLE_PATH", "/pagefind"),
        ("SITE_SEARCH_BUNDLE_PATH", "a/../b"),
        ("SITE_SEARCH_BUNDLE_PATH", None),
    ],
)
def test_bad_settings_stop_the_build(key, value):
    with pytest.raises(SettingsError, match=f"site_search: setting {key} = .*expected"):
        check_settings({key: value})


def test_page_and_bundle_must_differ():
    with pytest.raises(SettingsError, match="expected two different folders"):
        check_settings({"SITE_SEARCH_PAGE_URL": "pagefind/"})


def test_the_pagefind_binary_is_installed_from_pypi():
    binary = executable()
    assert binary.is_file() and "pagefind_bin" in binary.parts
    assert command(binary, "site", "pagefind")[1:] == [
        "--site",
        "site",
        "--output-subdir",
        "pagefind",
    ]


def write_fragment(folder, name, page, compressed=True):
    folder.mkdir(parents=True, exist_ok=True)
    data = FRAGMENT_SIGNATURE + json.dumps(page).encode()
    (folder / f"{name}.pf_fragment").write_bytes(gzip.compress(data) if compressed else data)


def test_read_fragments(tmp_path):
    write_fragment(
        tmp_path / "fragment", "a", {"url": "/a/", "content": "A", "meta": {"title": "A"}}
    )
    write_fragment(
        tmp_path / "fragment", "b", {"url": "/b/", "content": "B", "meta": {}}, compressed=False
    )
    assert [p["url"] for p in read_fragments(tmp_path)] == ["/a/", "/b/"]
    (tmp_path / "fragment" / "c.pf_fragment").write_bytes(gzip.compress(b"something else"))
    with pytest.raises(SearchIndexError, match="not a Pagefind fragment"):
        read_fragments(tmp_path)


def test_compare_names_extra_and_missing_pages():
    assert compare({"/a/", "/b/"}, {"/a/", "/b/"}) == []
    problems = compare({"/a/", "/drafts/x/"}, {"/a/", "/b/"})
    assert len(problems) == 2
    assert problems[0].startswith("/drafts/x/ is in the search index but is not a published")
    assert problems[1].startswith("/b/ is published but not in the search index")


def test_build_index_on_a_tiny_site(tmp_path):
    site = tmp_path / "site"
    (site / "one").mkdir(parents=True)
    (site / "one" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>One</title></head><body>'
        "<main data-pagefind-body><h1>Reserves are thin</h1><p>Unique zebra text.</p></main>"
        "</body></html>"
    )
    (site / "list.html").write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>List</title></head>'
        "<body><p>zebra</p></body></html>"
    )
    (site / "pagefind").mkdir()
    (site / "pagefind" / "stale.txt").write_text("an old bundle")
    report = build_index(site, "pagefind")
    assert report.pages == 1
    assert not (site / "pagefind" / "stale.txt").exists()
    assert not (site / "pagefind" / "pagefind-ui.js").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
    [page] = read_fragments(site / "pagefind")
    assert page["url"] == "/one/" and page["meta"]["title"] == "Reserves are thin"
    assert "site_search: indexed 1 pages" in report.summary()


def test_build_index_failure_is_reported(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        build_index(tmp_path / "no-such-site", "pagefind")


def test_the_build_stops_when_the_index_holds_a_draft(tmp_path):
    from types import SimpleNamespace

    import site_search

    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body>'
        "<main data-pagefind-body><h1>{}</h1><p>Text.</p></main></body></html>"
    )
    for folder in ("post", "drafts/secret"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text(page.format(folder))
    pelican = SimpleNamespace(settings={}, output_path=str(tmp_path))
    site_search._STATE.clear()
    site_search.note_articles(
        SimpleNamespace(
            articles=[SimpleNamespace(url="post/", status="published")], translations=[]
        )
    )
    site_search.note_pages(SimpleNamespace(pages=[], translations=[]))
    with pytest.raises(
        SearchIndexError, match=r"/drafts/secret/ is in the search index but is not a published"
    ):
        site_search.index_site(pelican)
    (tmp_path / "drafts" / "secret" / "index.html").unlink()
    site_search.index_site(pelican)  # only the published post: fine


def test_a_preview_of_some_pages_keeps_the_last_index(tmp_path, caplog):
    """`invoke serve`'s fast previews write a few pages (build_scope): no
    Pagefind run and no check, though the output holds no index of them."""
    import logging
    from types import SimpleNamespace

    import site_search
    from build_scope import BuildScope, set_scope

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "kept.txt").write_text("the last full build's index", encoding="utf-8")
    site_search.note_articles(
        SimpleNamespace(
            articles=[SimpleNamespace(url="post/", status="published")], translations=[]
        )
    )
    pelican = SimpleNamespace(output_path=str(tmp_path), settings={})
    set_scope(pelican.settings, BuildScope.only([tmp_path / "post.md"]))
    with caplog.at_level(logging.INFO, logger="site_search"):
        site_search.index_site(pelican)  # no error although /post/ is in no index
    assert "the last full build's index stays" in caplog.text
    assert [p.name for p in bundle.iterdir()] == ["kept.txt"]
