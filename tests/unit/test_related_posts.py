"""related_posts: the pure ranking (related.py), checked against a plain
reference on random small sites, and the setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from related_posts import RelatedPostsSettingsError, max_related
from related_posts.related import (
    MAX_INDEXED_TAGS,
    category_key,
    category_neighbours,
    link_all,
    related,
    score,
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
            RelatedPostsSettingsError,
            match=r"related_posts: setting RELATED_POSTS_MAX = .*expected a whole number",
        ):
            max_related({"RELATED_POSTS_MAX": bad})


# -- the index against a plain reference ---------------------------------------
# The rules said in the plainest code, one post at a time (the quadratic code
# the index replaced): link_all must give exactly this for every post.


def reference_related(me, published, limit):
    def same(other):
        return other is me or other.source_path == me.source_path

    scored = [(score(me, other), other) for other in published if not same(other)]
    scored = [(points, other) for points, other in scored if points > 0]
    # Highest score, then newest, then title A-Z; a stable sort keeps input order.
    scored.sort(key=lambda item: (-item[0], -item[1].date.timestamp(), str(item[1].title)))
    return [other for _, other in scored[:limit]]


def reference_neighbours(me, published):
    category = category_key(me)
    if category is None:
        return None, None
    order = lambda p: (p.date.timestamp(), str(p.title))  # noqa: E731
    same = [
        p
        for p in published
        if category_key(p) == category and p is not me and p.source_path != me.source_path
    ]
    newer = [p for p in same if order(p) > order(me)]
    older = [p for p in same if order(p) < order(me)]
    # min() and max() keep the first of equal keys.
    return (min(newer, key=order) if newer else None, max(older, key=order) if older else None)


REF_CATEGORIES = ["News", "CEO blog", "Sector findings", None]
# More tags than MAX_INDEXED_TAGS now and then, so both ways of scoring run.
REF_TAGS = list("abcdefghi")
assert MAX_INDEXED_TAGS < 8

post_specs = st.lists(
    st.tuples(
        st.sampled_from(REF_CATEGORIES),
        st.one_of(
            st.lists(st.sampled_from(REF_TAGS[:5]), max_size=3, unique=True),
            st.lists(st.sampled_from(REF_TAGS), max_size=8, unique=True),
        ),
        st.integers(0, 6),  # few days: many ties on date
        st.sampled_from(["Alpha", "Beta", "Gamma"]),  # and on title
    ),
    max_size=25,
)


def spec_post(n, category, tags, day, title, path=None):
    return SimpleNamespace(
        title=title,
        category=None
        if category is None
        else SimpleNamespace(slug=category.lower().replace(" ", "-")),
        tags=[SimpleNamespace(slug=t) for t in tags],
        date=START + timedelta(days=day),
        source_path=path or f"/content/{n}.md",
    )


@settings(max_examples=400, deadline=None)
@given(published_specs=post_specs, other_specs=post_specs, limit=st.integers(1, 5), data=st.data())
def test_link_all_gives_what_the_plain_rules_give(published_specs, other_specs, limit, data):
    published = [spec_post(n, *spec) for n, spec in enumerate(published_specs)]
    # Drafts and hidden posts: asked about, never in the published list.
    others = [spec_post(100 + n, *spec) for n, spec in enumerate(other_specs)]
    # Now and then a draft that is the same file as a published post.
    if published and data.draw(st.booleans()):
        twin = data.draw(st.sampled_from(published))
        others.append(spec_post(999, "News", ["a"], 3, "Alpha", path=twin.source_path))
    posts = [*published, *others]
    for post, (found, neighbours) in zip(posts, link_all(posts, published, limit), strict=True):
        assert [id(p) for p in found] == [id(p) for p in reference_related(post, published, limit)]
        newer, older = reference_neighbours(post, published)
        assert neighbours.newer is newer
        assert neighbours.older is older


def test_many_posts_with_the_same_tags_still_rank_by_score_first():
    # The case the index is for: a tag everyone has, and one old post that
    # shares two tags and the category.
    me = post("me", "News", ["common", "rare"], day=500)
    crowd = [post(f"p{n}", "CEO blog", ["common"], day=n + 100) for n in range(300)]
    old = post("old", "News", ["common", "rare"], day=1)
    found = link_all([me], [*crowd, old, me], 3)[0][0]
    assert titles(found) == ["old", "p299", "p298"]
