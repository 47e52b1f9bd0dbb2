"""Entry ids, dates and order, from stand-in articles (no Pelican build)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from feedgen_feeds import check_settings
from feedgen_feeds.entries import build_entry, entry_id, is_feedable, newest_first
from feedgen_feeds.writers import FeedInfo, atom_bytes
from pluginkit import SettingsError

UTC = UTC


def article(
    title="A post", slug=None, source="content/posts/2026-11-01-a-post.md", date=None, **extra
):
    metadata = {"title": title}
    if slug:
        metadata["slug"] = slug
    metadata.update(extra.pop("metadata", {}))
    return SimpleNamespace(
        title=title,
        metadata=metadata,
        source_path=source,
        date=date or datetime(2026, 11, 1, 9, tzinfo=UTC),
        url=f"2026/11/{slug or 'a-post'}/",
        status=extra.pop("status", "published"),
        content=extra.pop("content", "<p>Text</p>"),
        summary="<p>Sum</p>",
        authors=[SimpleNamespace(name="A Writer")],
        category=SimpleNamespace(name="News", url="category/news/"),
        tags=[SimpleNamespace(name="One", url="tag/one/")],
        **extra,
    )


def test_id_ignores_title_and_folder():
    first = entry_id(article(), "example.org")
    assert first == "tag:example.org,2026-11-01:2026-11-01-a-post"
    assert entry_id(article(title="A new title"), "example.org") == first
    assert (
        entry_id(article(source="content/posts/2026/2026-11-01-a-post.md"), "example.org") == first
    )


def test_id_prefers_the_explicit_slug_and_a_pinned_id():
    assert entry_id(article(slug="kept"), "example.org") == "tag:example.org,2026-11-01:kept"
    pinned = article(metadata={"feed-id": "urn:uuid:1234"})
    assert entry_id(pinned, "example.org") == "urn:uuid:1234"


def test_future_and_unpublished_posts_are_left_out():
    now = datetime(2026, 11, 28, tzinfo=UTC)
    assert is_feedable(article(), now)
    assert not is_feedable(article(date=now + timedelta(minutes=1)), now)
    assert not is_feedable(article(status="draft"), now)
    assert not is_feedable(article(status="hidden"), now)


def test_order_and_feed_updated_come_from_the_posts():
    old = article(slug="old", date=datetime(2026, 1, 1, tzinfo=UTC))
    new = article(
        slug="new", date=datetime(2026, 6, 1, tzinfo=UTC), modified=datetime(2026, 7, 1, tzinfo=UTC)
    )
    assert [a.url for a in newest_first([old, new])] == [new.url, old.url]
    entries = [build_entry(a, site_url="https://x.org", authority="x.org") for a in (old, new)]
    assert entries[1].published == datetime(2026, 6, 1, tzinfo=UTC)
    # The feed's own date is its newest entry's, so an unchanged site gives an unchanged feed.
    info = FeedInfo(
        *("T", "S", "https://x.org/", "https://x.org/a.xml", "https://x.org/r.xml", None),
        *("A", "en", "https://x.org/i.svg", "tag:x.org,2026:feed"),
    )
    feed = atom_bytes(info, entries).decode("utf-8")
    assert feed.count("<updated>2026-07-01T00:00:00+00:00</updated>") == 2  # feed and entry


def test_entry_strips_control_characters_and_makes_urls_absolute():
    entry = build_entry(
        article(title="Bad\x0bTitle", content='<p>Hi\x01 <a href="/about/">a</a></p>'),
        site_url="https://x.org",
        authority="x.org",
        extra_html='<p><a href="/survey/">Take the survey</a></p>',
    )
    assert entry.title == "BadTitle"
    assert entry.url == "https://x.org/2026/11/a-post/"
    assert entry.content_html == (
        '<p>Hi <a href="https://x.org/about/">a</a></p>'
        '<p><a href="https://x.org/survey/">Take the survey</a></p>'
    )
    assert entry.category.url == "https://x.org/category/news/"


@pytest.mark.parametrize(
    "key,value,expected",
    [
        ("FEEDGEN_FEEDS_MAX_ITEMS", 0, "FEEDGEN_FEEDS_MAX_ITEMS = 0: expected a whole number"),
        (
            "FEEDGEN_FEEDS_TAG_AUTHORITY",
            "https://x.org",
            "FEEDGEN_FEEDS_TAG_AUTHORITY = 'https://x.org': expected the site's domain name",
        ),
        (
            "FEED_ALL_ATOM",
            "feeds/all.atom.xml",
            "FEED_ALL_ATOM = 'feeds/all.atom.xml': expected None",
        ),
    ],
)
def test_settings_errors(key, value, expected):
    settings = {"FEEDGEN_FEEDS_TAG_AUTHORITY": "x.org", key: value}
    with pytest.raises(SettingsError, match=expected.replace("(", r"\(")):
        check_settings(settings)


def test_an_illustrative_post_s_summaries_start_with_its_label():
    """survey_charts' survey_notice starts the HTML summary (escaped) and the
    plain-text one (JSON Feed's), with no markup in the plain text."""
    labelled = build_entry(
        article(survey_notice="Illustrative data: not <real> & made up."),
        site_url="https://example.org",
        authority="example.org",
    )
    assert labelled.summary_text == "Illustrative data: not <real> & made up. Sum"
    assert labelled.summary_html.startswith(
        "<p><strong>Illustrative data: not &lt;real&gt; &amp; made up.</strong></p>"
    )
    plain = build_entry(
        article(survey_notice=""), site_url="https://example.org", authority="example.org"
    )
    assert (plain.summary_text, plain.summary_html) == ("Sum", "<p>Sum</p>")
