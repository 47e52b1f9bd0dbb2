"""Related reading, from the posts themselves: no Pelican here.

A post is related to another by what they share: each shared tag counts
TAG_WEIGHT, the same category counts CATEGORY_WEIGHT, so a post that shares a
tag always ranks above one that only shares the category. Ties go to the newer
post, then to the title, so the choice never depends on file order. A post is
never related to itself, and a post that shares nothing is never "related".

Posts are read through a few attributes (`date`, `title`, `category`, `tags`,
`source_path`); category and tags compare by their slug when they have one,
so "State of the Sector" and "state-of-the-sector" are the same tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

TAG_WEIGHT = 2
CATEGORY_WEIGHT = 1


def _key(term: Any) -> str | None:
    if term is None:
        return None
    slug = getattr(term, "slug", None)
    return str(slug if slug else term).strip().lower() or None


def tag_keys(post: Any) -> frozenset[str]:
    return frozenset(k for k in (_key(t) for t in (getattr(post, "tags", None) or ())) if k)


def category_key(post: Any) -> str | None:
    return _key(getattr(post, "category", None))


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    path_a, path_b = getattr(a, "source_path", None), getattr(b, "source_path", None)
    return path_a is not None and path_a == path_b


def score(post: Any, other: Any) -> int:
    """How related `other` is to `post`: 0 means not at all."""
    shared = len(tag_keys(post) & tag_keys(other))
    same_category = category_key(post) is not None and category_key(post) == category_key(other)
    return shared * TAG_WEIGHT + (CATEGORY_WEIGHT if same_category else 0)


def related(post: Any, candidates: Iterable[Any], limit: int = 3) -> list[Any]:
    """Up to `limit` posts from `candidates` most related to `post`, best first."""
    scored = []
    for other in candidates:
        if _same(post, other):
            continue
        points = score(post, other)
        if points > 0:
            scored.append((points, other))
    # Highest score, then newest, then title A-Z (stable and independent of input order).
    scored.sort(key=lambda item: (-item[0], -item[1].date.timestamp(), str(item[1].title)))
    return [other for _, other in scored[:limit]]


@dataclass(frozen=True)
class Neighbours:
    """The posts either side of one post within its category, by date."""

    newer: Any = None
    older: Any = None


def category_neighbours(post: Any, posts: Sequence[Any]) -> Neighbours:
    """The next newer and next older post in `post`'s category.

    `posts` are the published posts in any order; `post` need not be one of
    them (a draft preview gets the neighbours it would have once published).
    """
    category = category_key(post)
    if category is None:
        return Neighbours()
    same = [p for p in posts if category_key(p) == category and not _same(post, p)]
    order = lambda p: (p.date.timestamp(), str(p.title))  # noqa: E731
    here = order(post)
    newer = [p for p in same if order(p) > here]
    older = [p for p in same if order(p) < here]
    return Neighbours(
        newer=min(newer, key=order) if newer else None,
        older=max(older, key=order) if older else None,
    )


def link_all(
    posts: Sequence[Any], published: Sequence[Any], limit: int = 3
) -> list[tuple[list[Any], Neighbours]]:
    """`(related(post, published, limit), category_neighbours(post, published))`
    for every post, with exactly the same results, in about linear time: each
    post's tags, category, date and title are read once, candidates come from
    an index of tag -> posts, and each category's posts are sorted once
    (the one-by-one functions are quadratic: minutes at 1,000 posts)."""
    import heapq
    from bisect import bisect_left, bisect_right

    def facts(p):
        return tag_keys(p), category_key(p), p.date.timestamp(), str(p.title)

    pub = [facts(p) for p in published]
    paths = [getattr(p, "source_path", None) for p in published]

    def same(post, path, i):  # _same(post, published[i]), without the attribute look-ups
        return published[i] is post or (path is not None and paths[i] == path)

    by_tag: dict[str, list[int]] = {}
    by_category: dict[str, list[int]] = {}
    for i, (tags, category, _ts, _title) in enumerate(pub):
        for tag in tags:
            by_tag.setdefault(tag, []).append(i)
        if category is not None:
            by_category.setdefault(category, []).append(i)
    # Within a category: newest first (related's tie order), and oldest first
    # (the neighbours' order); stable sorts keep `published` order for ties.
    newest_first = {
        c: sorted(ix, key=lambda i: (-pub[i][2], pub[i][3])) for c, ix in by_category.items()
    }
    oldest_first = {
        c: sorted(ix, key=lambda i: (pub[i][2], pub[i][3])) for c, ix in by_category.items()
    }
    order_keys = {c: [(pub[i][2], pub[i][3]) for i in ix] for c, ix in oldest_first.items()}

    # Every published post's place in related()'s tie order (newest, then
    # title, then the order of `published`), so candidates with the same
    # score compare by one number.
    order = sorted(range(len(pub)), key=lambda i: (-pub[i][2], pub[i][3], i))
    rank = [0] * len(pub)
    for place, i in enumerate(order):
        rank[i] = place

    out = []
    for post in posts:
        tags, category, ts, title = facts(post)
        path = getattr(post, "source_path", None)
        shared: dict[int, int] = {}
        for tag in tags:
            for i in by_tag.get(tag, ()):
                shared[i] = shared.get(i, 0) + 1
        by_points: dict[int, list[int]] = {}
        for i, n in shared.items():
            if same(post, path, i):
                continue
            points = n * TAG_WEIGHT + (
                CATEGORY_WEIGHT if category is not None and pub[i][1] == category else 0
            )
            by_points.setdefault(points, []).append(rank[i])
        chosen = []
        for points in sorted(by_points, reverse=True):
            chosen += [
                published[order[r]] for r in heapq.nsmallest(limit - len(chosen), by_points[points])
            ]
            if len(chosen) >= limit:
                break
        if len(chosen) < limit and category is not None:
            # Sharing only the category scores 1: below every shared tag.
            for i in newest_first.get(category, ()):
                if len(chosen) >= limit:
                    break
                if i not in shared and not same(post, path, i):
                    chosen.append(published[i])
        neighbours = Neighbours()
        if category is not None and category in oldest_first:
            ix, keys = oldest_first[category], order_keys[category]
            here = (ts, title)
            newer = None
            for j in range(bisect_right(keys, here), len(ix)):
                if not same(post, path, ix[j]):
                    newer = published[ix[j]]
                    break
            older = None
            j = bisect_left(keys, here) - 1
            while j >= 0 and same(post, path, ix[j]):
                j -= 1
            if j >= 0:  # max() keeps the first of equal keys: the start of the run
                best = keys[j]
                while j >= 0 and keys[j] == best:
                    if not same(post, path, ix[j]):
                        older = published[ix[j]]
                    j -= 1
            neighbours = Neighbours(newer=newer, older=older)
        out.append((chosen, neighbours))
    return out
