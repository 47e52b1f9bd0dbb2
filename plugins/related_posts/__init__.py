"""related_posts: "Related reading" and newer/older within the category,
worked out once when all posts are read.

The logic is in related.py (pure, no Pelican); this module only connects it.

Hook:
  article_generator_finalized  sets on every published, hidden and draft post:
      related_posts      up to RELATED_POSTS_MAX published posts sharing the
                         most tags (and the category), best first, leaving
                         out category_newer and category_older (offered
                         beside it: each post is offered once)
      category_newer     the next newer published post in the same category
      category_older     the next older published post in the same category
                         (None when there is none)
      In a build that writes only some pages (build_scope), only those posts.

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from .related import (  # noqa: F401 (re-exported)
    category_neighbours,
    link_all,
    related,
    without_neighbours,
)

SETTINGS = PluginSettings(
    "related_posts",
    "RELATED_POSTS_",
    Setting(
        "RELATED_POSTS_MAX",
        3,
        kinds.whole_number(1, 10, "of posts"),
        "How many related posts are listed under a post.",
    ),
)


def max_related(settings) -> int:
    return SETTINGS.read(settings)["RELATED_POSTS_MAX"]


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def link_posts(generator):
    limit = max_related(generator.settings)
    published = list(generator.articles)
    posts = [*published, *generator.hidden_articles, *generator.drafts]
    scope = scope_of(generator.settings)
    if not scope.whole:
        # A fast preview writes only these posts' pages.
        posts = [post for post in posts if scope.includes(post.source_path)]
    # link_all gives what related() and category_neighbours() give post by
    # post, without their quadratic cost (tests/unit/test_related_posts_index.py).
    # Two more than needed, for the newer and older posts left out of it.
    for post, (found, neighbours) in zip(posts, link_all(posts, published, limit + 2)):
        post.related_posts = without_neighbours(found, neighbours, limit)
        post.category_newer = neighbours.newer
        post.category_older = neighbours.older


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(link_posts)
