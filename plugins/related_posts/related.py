"""Related reading, from the posts themselves: no Pelican here.

A post is related to another by what they share: each shared tag counts
TAG_WEIGHT, the same category counts CATEGORY_WEIGHT, so a post that shares a
tag always ranks above one that only shares the category. Ties go to the newer
post, then to the title, then to the order the posts came in, so the choice
never depends on file order. A post is never related to itself (the same
object or the same source file), and a post that shares nothing is never
"related".

Posts are read through a few attributes (`date`, `title`, `category`, `tags`,
`source_path`); category and tags compare by their slug when they have one,
so "State of the Sector" and "state-of-the-sector" are the same tag.

`PostIndex` reads the published posts once and then answers for each post in
time that does not grow with the number of posts (see its docstring), so a
whole site links in linear time. `related()` and `category_neighbours()` ask
a one-off index, for a single post.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

TAG_WEIGHT = 2
CATEGORY_WEIGHT = 1

# A post with more tags than this is not put in the index of tag sets (it
# would take 2**tags entries); it is scored directly, against every post.
# Real posts have one to five tags, so this path is for the odd exception.
MAX_INDEXED_TAGS = 6


def _key(term: Any) -> str | None:
    if term is None:
        return None
    slug = getattr(term, "slug", None)
    return str(slug if slug else term).strip().lower() or None


def tag_keys(post: Any) -> frozenset[str]:
    return frozenset(k for k in (_key(t) for t in (getattr(post, "tags", None) or ())) if k)


def category_key(post: Any) -> str | None:
    return _key(getattr(post, "category", None))


def score(post: Any, other: Any) -> int:
    """How related `other` is to `post`: 0 means not at all."""
    shared = len(tag_keys(post) & tag_keys(other))
    same_category = category_key(post) is not None and category_key(post) == category_key(other)
    return shared * TAG_WEIGHT + (CATEGORY_WEIGHT if same_category else 0)


@dataclass(frozen=True)
class Neighbours:
    """The posts either side of one post within its category, by date."""

    newer: Any = None
    older: Any = None


@dataclass(frozen=True)
class _Facts:
    """What the ranking reads from a post, read once."""

    tags: frozenset[str]
    category: str | None
    order: tuple[float, str]  # oldest first, then title A-Z
    path: Any

    @classmethod
    def of(cls, post: Any) -> _Facts:
        return cls(
            tag_keys(post),
            category_key(post),
            (post.date.timestamp(), str(post.title)),
            getattr(post, "source_path", None),
        )

    def is_same(self, post: Any, other: Any, other_path: Any) -> bool:
        return post is other or (self.path is not None and self.path == other_path)

    def points(self, other: _Facts) -> int:
        same_category = self.category is not None and self.category == other.category
        return len(self.tags & other.tags) * TAG_WEIGHT + (CATEGORY_WEIGHT if same_category else 0)


class PostIndex:
    """The published posts, indexed once, to be asked about any post
    (published, hidden or draft).

    Related posts: every published post has a rank, its place in the tie
    order (newest, then title, then input order). Each post is filed under
    every subset of its tags (the empty one too), once for any category and
    once for its own category, in rank order. A post that shares exactly
    `m` tags with the asking post sits in exactly one of the lists for the
    asking post's `m`-tag subsets, so the candidates come score by score, best
    first (m shared tags and the category, then m tags without it, then
    m - 1 ...), each score's lists merged by rank. The walk stops at `limit`
    posts; whatever it skips on the way (the asking post, or posts it already
    took from a better score) is at most a few per list. With a bounded number
    of tags per post, each post's answer costs the same at 100 posts or
    100,000. (A post with more than MAX_INDEXED_TAGS tags is scored
    directly instead, against every post: slower, and rare.)

    Neighbours: each category's posts sorted once, oldest first; a post's
    neighbours are found by bisection.
    """

    def __init__(self, published: Iterable[Any]):
        self.posts = list(published)
        self.facts = [_Facts.of(post) for post in self.posts]
        # Rank -> index into self.posts; sorted() is stable, so equal
        # dates and titles keep the input order.
        self.by_rank = sorted(
            range(len(self.posts)), key=lambda i: (-self.facts[i].order[0], self.facts[i].order[1])
        )
        self.wide: list[int] = []  # ranks of posts with too many tags to index
        self.with_tags: dict[frozenset[str], list[int]] = {}
        self.with_tags_in: dict[tuple[frozenset[str], str], list[int]] = {}
        for rank, i in enumerate(self.by_rank):
            self._file(rank, self.facts[i])
        self.category_order: dict[str, list[int]] = {}  # index into self.posts, oldest first
        for i in sorted(range(len(self.posts)), key=lambda i: self.facts[i].order):
            if self.facts[i].category is not None:
                self.category_order.setdefault(self.facts[i].category, []).append(i)
        self.category_keys = {
            c: [self.facts[i].order for i in ix] for c, ix in self.category_order.items()
        }

    def _file(self, rank: int, facts: _Facts) -> None:
        if len(facts.tags) > MAX_INDEXED_TAGS:
            self.wide.append(rank)
            return
        tags = sorted(facts.tags)
        for size in range(len(tags) + 1):
            for subset in map(frozenset, combinations(tags, size)):
                if size:
                    self.with_tags.setdefault(subset, []).append(rank)
                if facts.category is not None:
                    self.with_tags_in.setdefault((subset, facts.category), []).append(rank)

    # -- related posts ------------------------------------------------------

    def related(self, post: Any, limit: int = 3) -> list[Any]:
        """Up to `limit` published posts most related to `post`, best first."""
        facts = _Facts.of(post)
        if len(facts.tags) > MAX_INDEXED_TAGS:
            best = self._scored(post, facts, range(len(self.posts)))
        else:
            best = self._walk(post, facts, limit) + self._scored(post, facts, self.wide)
        return [self.posts[self.by_rank[rank]] for _, rank in sorted(best)[:limit]]

    def _scored(self, post: Any, facts: _Facts, ranks: Iterable[int]) -> list[tuple[int, int]]:
        """(-points, rank) of each of these posts that is related to `post`."""
        found = []
        for rank in ranks:
            i = self.by_rank[rank]
            points = facts.points(self.facts[i])
            if points > 0 and not facts.is_same(post, self.posts[i], self.facts[i].path):
                found.append((-points, rank))
        return found

    def _walk(self, post: Any, facts: _Facts, limit: int) -> list[tuple[int, int]]:
        """(-points, rank) of the best `limit` indexed posts, best first."""
        taken: dict[int, int] = {}  # rank -> points
        for points, ranks in self._score_levels(facts):
            for rank in ranks:
                i = self.by_rank[rank]
                if rank in taken or facts.is_same(post, self.posts[i], self.facts[i].path):
                    continue
                taken[rank] = points
                if len(taken) == limit:
                    return [(-p, r) for r, p in taken.items()]
        return [(-p, r) for r, p in taken.items()]

    def _score_levels(self, facts: _Facts) -> Iterator[tuple[int, Iterator[int]]]:
        """(points, ranks in rank order) for each score, best first; a list
        also holds posts of better scores, which the caller has taken."""
        tags = sorted(facts.tags)
        for shared in range(len(tags), -1, -1):
            subsets = [frozenset(s) for s in combinations(tags, shared)]
            if facts.category is not None:
                lists = [self.with_tags_in.get((s, facts.category), ()) for s in subsets]
                yield shared * TAG_WEIGHT + CATEGORY_WEIGHT, heapq.merge(*lists)
            if shared:
                lists = [self.with_tags.get(s, ()) for s in subsets]
                yield shared * TAG_WEIGHT, heapq.merge(*lists)

    # -- newer and older in the category -------------------------------------

    def neighbours(self, post: Any) -> Neighbours:
        """The next newer and next older published post in `post`'s category
        (`post` need not be published: a draft gets what it will have)."""
        facts = _Facts.of(post)
        ix = self.category_order.get(facts.category)
        if ix is None:
            return Neighbours()
        keys = self.category_keys[facts.category]
        newer = self._first_other(post, facts, ix, bisect_right(keys, facts.order))
        older = None
        below = bisect_left(keys, facts.order) - 1
        while below >= 0 and facts.is_same(post, self.posts[ix[below]], self.facts[ix[below]].path):
            below -= 1
        if below >= 0:
            # Of several equally old, the first in input order (as max() picks).
            older = self._first_other(post, facts, ix, bisect_left(keys, keys[below]))
        return Neighbours(newer=newer, older=older)

    def _first_other(self, post: Any, facts: _Facts, ix: list[int], start: int) -> Any:
        for i in (ix[j] for j in range(start, len(ix))):
            if not facts.is_same(post, self.posts[i], self.facts[i].path):
                return self.posts[i]
        return None


def related(post: Any, candidates: Iterable[Any], limit: int = 3) -> list[Any]:
    """Up to `limit` posts from `candidates` most related to `post`, best first."""
    return PostIndex(candidates).related(post, limit)


def category_neighbours(post: Any, posts: Sequence[Any]) -> Neighbours:
    """The next newer and next older post in `post`'s category.

    `posts` are the published posts in any order; `post` need not be one of
    them (a draft preview gets the neighbours it would have once published).
    """
    return PostIndex(posts).neighbours(post)


def link_all(
    posts: Sequence[Any], published: Sequence[Any], limit: int = 3
) -> list[tuple[list[Any], Neighbours]]:
    """`(related(post, published, limit), category_neighbours(post, published))`
    for every post, with one index of the published posts."""
    index = PostIndex(published)
    return [(index.related(post, limit), index.neighbours(post)) for post in posts]


def without_neighbours(found: Sequence[Any], neighbours: Neighbours, limit: int) -> list[Any]:
    """Related reading without the newer and older posts, which are offered
    beside it ("Newer in …", "Older in …"): each post is offered once. `found`
    holds up to `limit` + 2 posts, best first, so the list stays full."""
    offered = [post for post in (neighbours.newer, neighbours.older) if post is not None]
    return [post for post in found if not any(post is other for other in offered)][:limit]
