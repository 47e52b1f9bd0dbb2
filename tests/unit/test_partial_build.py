"""partial_build: a build that renders only the chosen files' pages, and the
plugins that do less in one (related_posts, feedgen_feeds)."""

from __future__ import annotations

from datetime import UTC
from types import SimpleNamespace

import pytest
from partial_build import (
    PartialBuildSettingsError,
    PartialWriter,
    get_writer,
    is_partial,
    selected,
    sources,
)


def test_the_setting_is_none_or_a_list_of_paths(tmp_path):
    assert sources({}) is None and not is_partial({})
    assert sources({"PARTIAL_BUILD_SOURCES": []}) == frozenset() and is_partial(
        {"PARTIAL_BUILD_SOURCES": []}
    )
    path = str(tmp_path / "a.md")
    assert path in sources({"PARTIAL_BUILD_SOURCES": [path]})
    for bad in ("content/a.md", 3, [1], {"a": 1}):
        with pytest.raises(
            PartialBuildSettingsError, match=r"PARTIAL_BUILD_SOURCES = .*expected None"
        ):
            sources({"PARTIAL_BUILD_SOURCES": bad})


def test_a_symlinked_path_is_matched_as_given_and_resolved(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)
    chosen = sources({"PARTIAL_BUILD_SOURCES": [str(tmp_path / "link" / "a.md")]})
    assert selected(chosen, {"article": SimpleNamespace(source_path=str(real / "a.md"))})
    assert selected(chosen, {"page": SimpleNamespace(source_path=str(tmp_path / "link" / "a.md"))})
    assert not selected(chosen, {"article": SimpleNamespace(source_path=str(real / "b.md"))})
    assert not selected(chosen, {})  # a list page: no article, no page


class Template:
    def __init__(self):
        self.rendered = 0

    def render(self, context):
        self.rendered += 1
        return "<p>page</p>"


def test_the_writer_renders_only_the_chosen_pages(tmp_path):
    chosen, other = tmp_path / "chosen.md", tmp_path / "other.md"
    settings = {
        "PARTIAL_BUILD_SOURCES": [str(chosen)],
        "OUTPUT_PATH": str(tmp_path / "out"),
        "RELATIVE_URLS": False,
        "SITEURL": "",
        "OUTPUT_SOURCES": False,
    }
    writer = PartialWriter(str(tmp_path / "out"), settings=settings)
    template = Template()
    context = {"localsiteurl": ""}
    writer.write_file(
        "other/index.html", template, context, article=SimpleNamespace(source_path=str(other))
    )
    writer.write_file("tag/x/index.html", template, context, articles=[])
    assert template.rendered == 0
    writer.write_file(
        "chosen/index.html", template, context, article=SimpleNamespace(source_path=str(chosen))
    )
    assert template.rendered == 1
    assert sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")
    ) == ["chosen/index.html"]


def test_pelican_gets_the_writer_only_in_a_partial_build():
    assert get_writer(SimpleNamespace(settings={})) is None
    assert get_writer(SimpleNamespace(settings={"PARTIAL_BUILD_SOURCES": []})) is PartialWriter


def test_related_posts_links_only_the_written_posts_in_a_partial_build():
    from datetime import datetime

    from related_posts import link_posts

    def post(n):
        return SimpleNamespace(
            title=f"Post {n}",
            source_path=f"/content/{n}.md",
            tags=[SimpleNamespace(slug="t")],
            category=SimpleNamespace(slug="news"),
            date=datetime(2026, 1, n, tzinfo=UTC),
        )

    posts = [post(n) for n in range(1, 6)]
    generator = SimpleNamespace(
        articles=posts,
        hidden_articles=[],
        drafts=[],
        settings={"PARTIAL_BUILD_SOURCES": ["/content/3.md"]},
    )
    link_posts(generator)
    assert [p.title for p in posts[2].related_posts] == ["Post 5", "Post 4", "Post 2"]
    assert not any(hasattr(p, "related_posts") for p in posts if p is not posts[2])
    generator.settings = {}
    link_posts(generator)
    assert all(hasattr(p, "related_posts") for p in posts)


def test_the_sitemap_is_left_alone_in_a_partial_build(tmp_path):
    from site_index import SiteIndexGenerator

    settings = {"PARTIAL_BUILD_SOURCES": [str(tmp_path / "a.md")], "SITEURL": "https://example.org"}
    SiteIndexGenerator(
        {"articles": []}, settings, "content", "theme", str(tmp_path)
    ).generate_output(None)
    assert not (tmp_path / "sitemap.xml").exists() and not (tmp_path / "robots.txt").exists()
    settings.pop("PARTIAL_BUILD_SOURCES")
    SiteIndexGenerator(
        {"articles": []}, settings, "content", "theme", str(tmp_path)
    ).generate_output(None)
    assert (tmp_path / "sitemap.xml").is_file() and (tmp_path / "robots.txt").is_file()
