"""build_scope: what a Pelican run writes (the whole site, or in `invoke
serve`'s fast previews only some pages), and the plugins that ask it."""

from __future__ import annotations

from datetime import UTC
from types import SimpleNamespace

from build_scope import WHOLE, BuildScope, scope_of, set_scope


def test_a_build_is_whole_unless_a_scope_is_set(tmp_path):
    settings = {}
    assert scope_of(settings) is WHOLE and WHOLE.whole
    assert WHOLE.includes(tmp_path / "any.md")
    set_scope(settings, BuildScope.only([tmp_path / "a.md"]))
    scope = scope_of(settings)
    assert not scope.whole
    assert scope.includes(tmp_path / "a.md") and scope.includes(str(tmp_path / "a.md"))
    assert not scope.includes(tmp_path / "b.md")
    nothing = BuildScope.only([])
    assert not nothing.whole and not nothing.includes(tmp_path / "a.md")


def test_a_symlinked_path_is_matched_as_given_and_resolved(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)
    scope = BuildScope.only([str(tmp_path / "link" / "a.md")])
    assert scope.includes(str(real / "a.md"))
    assert scope.includes(str(tmp_path / "link" / "a.md"))
    assert not scope.includes(str(real / "b.md"))


def test_related_posts_links_only_the_written_posts_in_a_preview():
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
    generator = SimpleNamespace(articles=posts, hidden_articles=[], drafts=[], settings={})
    set_scope(generator.settings, BuildScope.only(["/content/3.md"]))
    link_posts(generator)
    # Posts 4 and 2 are its newer and older, offered beside related reading.
    assert (posts[2].category_newer.title, posts[2].category_older.title) == ("Post 4", "Post 2")
    assert [p.title for p in posts[2].related_posts] == ["Post 5", "Post 1"]
    assert not any(hasattr(p, "related_posts") for p in posts if p is not posts[2])
    generator.settings = {}
    link_posts(generator)
    assert all(hasattr(p, "related_posts") for p in posts)


def test_the_sitemap_is_left_alone_in_a_preview(tmp_path):
    from site_index import SiteIndexGenerator

    settings = {"SITEURL": "https://example.org"}
    set_scope(settings, BuildScope.only([tmp_path / "a.md"]))
    SiteIndexGenerator(
        {"articles": []}, settings, "content", "theme", str(tmp_path)
    ).generate_output(None)
    assert not (tmp_path / "sitemap.xml").exists() and not (tmp_path / "robots.txt").exists()
    set_scope(settings, WHOLE)
    SiteIndexGenerator(
        {"articles": []}, settings, "content", "theme", str(tmp_path)
    ).generate_output(None)
    assert (tmp_path / "sitemap.xml").is_file() and (tmp_path / "robots.txt").is_file()


def test_the_social_card_check_waits_for_a_whole_build(tmp_path):
    """A preview's output folder holds a few pages: checking every card
    against it would fail, so the next whole build checks them."""
    import pytest
    import social_cards

    card = social_cards.Card("http://127.0.0.1:8000/none.png", 1200, 630, "A card", "default")
    item = SimpleNamespace(source_path="/content/a.md", social_card=card)
    social_cards._STATE["articles"] = [item]
    pelican = SimpleNamespace(
        output_path=str(tmp_path), settings={"SITEURL": "", "SITE_DEV_URL": "http://127.0.0.1:8000"}
    )
    try:
        set_scope(pelican.settings, BuildScope.only(["/content/a.md"]))
        social_cards.check_written(pelican)  # nothing checked
        set_scope(pelican.settings, WHOLE)
        with pytest.raises(social_cards.SocialCardsError, match="was not written"):
            social_cards.check_written(pelican)
    finally:
        social_cards._STATE.clear()
