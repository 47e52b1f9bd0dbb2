"""build_scope: what this Pelican run writes. A small library, not a plugin
(it has no register() and is not in PLUGINS).

Every build writes the whole site, except `invoke serve`'s fast previews
(buildtools/preview.py): Pelican reads every file and every plugin hook runs
as usual, but only the changed posts' and pages' own files are written, by a
writer the preview gives Pelican. Most plugins need not know. A plugin that
works on the whole written site must ask: an index of every page
(site_search), a check of every page's files (social_cards), the sitemap
(site_index). A few also ask to skip work a preview does not show, which is
what keeps a preview under half a second at 1,000 posts: feedgen_feeds writes
only the feeds that carry a changed post, related_posts links only the
changed posts, survey_charts writes only their chart files. Asking looks like:

    from build_scope import scope_of

    def on_finalized(pelican):
        if not scope_of(pelican.settings).whole:
            return  # a preview: the next whole build does this

API:
  scope_of(settings)           the scope of the run these settings belong to
                               (a whole build unless the preview set one)
  BuildScope.whole             True for a whole build
  BuildScope.includes(path)    is this content file's page written?
  BuildScope.only(paths)       a scope writing these content files' pages
  set_scope(settings, scope)   what the preview calls before each run
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# Where the scope is kept: in the settings of the one Pelican it belongs to
# (generators, writers and `finalized` hooks all see those), never in a
# module-level variable. Not a setting: a settings file never sets it.
KEY = "BUILD_SCOPE"


@dataclass(frozen=True)
class BuildScope:
    """None: the whole site. Otherwise the content files whose pages are written,
    each as given made absolute and resolved (Pelican's source_path is absolute
    but not resolved)."""

    sources: frozenset[str] | None = None

    @classmethod
    def only(cls, paths) -> BuildScope:
        paths = [os.fspath(p) for p in paths]
        return cls(
            frozenset(os.path.abspath(p) for p in paths) | {os.path.realpath(p) for p in paths}
        )

    @property
    def whole(self) -> bool:
        return self.sources is None

    def includes(self, source_path) -> bool:
        return self.sources is None or os.fspath(source_path) in self.sources


WHOLE = BuildScope()


def scope_of(settings) -> BuildScope:
    return settings.get(KEY) or WHOLE


def set_scope(settings, scope: BuildScope) -> None:
    settings[KEY] = scope
