"""related_posts' index (related.PostIndex, through link_all) against the
rules said in the plainest code, on random small sites, and on the case the
index is for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from related_posts.related import MAX_INDEXED_TAGS, category_key, link_all, score

from .test_related_posts import post as make_post
from .test_related_posts import titles

START = datetime(2026, 1, 1, 9, tzinfo=UTC)

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
    me = make_post("me", "News", ["common", "rare"], day=500)
    crowd = [make_post(f"p{n}", "CEO blog", ["common"], day=n + 100) for n in range(300)]
    old = make_post("old", "News", ["common", "rare"], day=1)
    found = link_all([me], [*crowd, old, me], 3)[0][0]
    assert titles(found) == ["old", "p299", "p298"]
