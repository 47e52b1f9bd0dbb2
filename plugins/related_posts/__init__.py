"""related_posts: "Related reading" and newer/older within the category,
worked out once when all posts are read.

The logic is in related.py (pure, no Pelican); this module only connects it.

Hook:
  article_generator_finalized  sets on every published, hidden and draft post:
      related_posts      up to RELATED_POSTS_MAX published posts sharing the
                         most tags (and the category), best first
      category_newer     the next newer published post in the same category
      category_older     the next older published post in the same category
                         (None when there is none)
      In a partial build (partial_build's PARTIAL_BUILD_SOURCES), only the
      posts whose pages it writes.

Settings (SETTINGS below; checked when Pelican starts, unknown
RELATED_POSTS_* keys refused):
  RELATED_POSTS_MAX  how many related posts to list under a post (default 3,
                     1 to 10)
"""

from __future__ import annotations

import os

from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from .related import PostIndex, category_neighbours, link_all, related  # noqa: F401 (re-exported)

SETTINGS = PluginSettings(
    "related_posts",
    "RELATED_POSTS_",
    Setting(
        "RELATED_POSTS_MAX",
        3,
        kinds.whole_number(1, 10, "of posts"),
        "How many related posts to list under a post.",
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
    partial = generator.settings.get("PARTIAL_BUILD_SOURCES")
    if partial is not None:
        # A fast preview (partial_build) writes only these posts' pages.
        wanted = {os.path.abspath(p) for p in partial} | {os.path.realpath(p) for p in partial}
        posts = [post for post in posts if post.source_path in wanted]
    # One index of the published posts for all of them: linear in posts.
    for post, (found, neighbours) in zip(posts, link_all(posts, published, limit)):
        post.related_posts = found
        post.category_newer = neighbours.newer
        post.category_older = neighbours.older


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(link_posts)
