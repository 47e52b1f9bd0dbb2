"""related_posts: the pure ranking (related.py) and the setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pluginkit import SettingsError
from related_posts import max_related
from related_posts.related import (
    Neighbours,
    category_neighbours,
    related,
    score,
    without_neighbours,
)

START = datetime(2026, 1, 1, 9, tzinfo=UTC)


def post(title, category="News", tags=(), day=0):
    return SimpleNamespace(
        title=title,
        category=SimpleNamespace(slug=category.lower().replace(" ", "-"), name=category),
        tags=[SimpleNamespace(slug=t.lower().replace(" ", "-")) for t in tags],
        date=START + timedelta(days=day),
        source_path=f"/content/{title}.md",
    )


def titles(posts):
    return [p.title for p in posts]


def test_shared_tags_outrank_a_shared_category():
    me = post("me", "CEO blog", ["co-production", "risk"], day=10)
    tagged = post("two tags", "News", ["co-production", "risk"], day=1)
    one_tag = post("one tag", "News", ["risk"], day=2)
    same_category = post("same category", "CEO blog", [], day=9)
    both = post("tag and category", "CEO blog", ["risk"], day=3)
    assert score(me, tagged) == 4 and score(me, one_tag) == 2 and score(me, same_category) == 1
    assert titles(related(me, [same_category, one_tag, tagged, both])) == [
        "two tags",
        "tag and category",
        "one tag",
    ]


def test_at_most_the_limit_never_itself_and_never_unrelated():
    me = post("me", "News", ["a"], day=5)
    others = [post(f"p{n}", "News", ["a"], day=n) for n in range(6)]
    unrelated = post("unrelated", "CEO blog", ["b"], day=20)
    found = related(me, [me, unrelated, *others], limit=3)
    assert len(found) == 3
    assert me not in found and unrelated not in found


def test_ties_go_to_the_newer_post_then_the_title_whatever_the_order():
    me = post("me", "News", ["a"], day=0)
    a, b, c = (
        post("Beta", "News", ["a"], day=3),
        post("Alpha", "News", ["a"], day=3),
        post("Old", "News", ["a"], day=1),
    )
    assert titles(related(me, [c, a, b])) == ["Alpha", "Beta", "Old"]
    assert titles(related(me, [b, c, a])) == ["Alpha", "Beta", "Old"]


def test_the_same_post_read_twice_is_still_itself():
    me = post("me", "News", ["a"])
    copy = post("me", "News", ["a"], day=3)  # same source_path
    assert related(me, [copy]) == []


def test_tags_and_categories_compare_by_slug_or_text():
    me = SimpleNamespace(
        title="x", category="News", tags=["State of the Sector"], date=START, source_path="x"
    )
    other = SimpleNamespace(
        title="y", category="news", tags=["state of the sector"], date=START, source_path="y"
    )
    assert score(me, other) == 3


def test_posts_without_tags_or_category():
    bare = SimpleNamespace(title="bare", category=None, tags=None, date=START, source_path="bare")
    other = post("other", "News", ["a"])
    assert related(bare, [other]) == []
    assert category_neighbours(bare, [other]).newer is None


def test_newer_and_older_within_the_category():
    posts = [
        post("n1", "News", day=1),
        post("c2", "CEO blog", day=2),
        post("n3", "News", day=3),
        post("c4", "CEO blog", day=4),
        post("n5", "News", day=5),
    ]
    middle = category_neighbours(posts[2], posts)
    assert (middle.newer.title, middle.older.title) == ("n5", "n1")
    first = category_neighbours(posts[0], posts)
    assert (first.newer.title, first.older) == ("n3", None)
    assert category_neighbours(posts[4], posts).newer is None


def test_a_draft_gets_the_neighbours_it_will_have():
    posts = [post("n1", "News", day=1), post("n3", "News", day=3)]
    draft = post("draft", "News", day=2)
    found = category_neighbours(draft, posts)
    assert (found.newer.title, found.older.title) == ("n3", "n1")


def test_max_setting_is_checked():
    assert max_related({}) == 3
    assert max_related({"RELATED_POSTS_MAX": 5}) == 5
    for bad in (0, 11, "3", True, 2.5):
        with pytest.raises(
            SettingsError,
            match=r"related_posts: setting RELATED_POSTS_MAX = .*expected a whole number",
        ):
            max_related({"RELATED_POSTS_MAX": bad})


# -- each post offered once: related reading without the newer and older posts ----


@given(
    found=st.lists(st.integers(0, 9), unique=True, max_size=7),
    newer=st.one_of(st.none(), st.integers(0, 9)),
    older=st.one_of(st.none(), st.integers(0, 9)),
    limit=st.integers(1, 5),
)
def test_related_reading_leaves_out_newer_and_older_and_keeps_its_order(found, newer, older, limit):
    posts = [object() for _ in range(10)]
    neighbours = Neighbours(
        newer=None if newer is None else posts[newer],
        older=None if older is None else posts[older],
    )
    kept = without_neighbours([posts[i] for i in found], neighbours, limit)
    expected = [posts[i] for i in found if i not in (newer, older)][:limit]
    assert kept == expected
    assert neighbours.newer not in kept and neighbours.older not in kept
