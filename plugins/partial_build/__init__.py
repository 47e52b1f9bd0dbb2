"""partial_build: a build that writes only the pages of some posts and pages.

`invoke serve` uses it for fast previews (buildtools/preview.py): when the
text of a post changes, Pelican runs as usual, with every plugin hook and
its content cache, but only that post's page is rendered and written (list
pages show a post's title, date and summary, which a text change leaves as
they were). Pelican 4.12 removed its own WRITE_SELECTED; this plugin gives
Pelican a writer through its public `get_writer` signal instead.

Settings:
  PARTIAL_BUILD_SOURCES  None (default): a whole build. A list of content
                         files (paths, absolute or relative to the project):
                         only their pages are written; [] writes no page.

Other plugins read the setting themselves (PARTIAL_BUILD_SOURCES is not
None): site_search leaves the index, and social_cards its check of every
card, to the next whole build; related_posts links only the written posts;
feedgen_feeds writes only the feeds that carry one of them. Other files
plugins write themselves (chart files, sitemap) are written as usual.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.writers import Writer

logger = logging.getLogger(__name__)

SETTING = "PARTIAL_BUILD_SOURCES"


class PartialBuildSettingsError(Exception):
    pass


def sources(settings) -> frozenset[str] | None:
    """The paths of the files whose pages are written, or None for a whole build."""
    value = settings.get(SETTING)
    if value is None:
        return None
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, (list, tuple, set, frozenset))
        or not all(isinstance(item, (str, os.PathLike)) for item in value)
    ):
        raise PartialBuildSettingsError(
            f"partial_build: setting {SETTING} = {value!r}: expected None (a whole build) or a list "
            "of content file paths, like ['content/posts/2026-11-24-co-production.md']."
        )
    # As given and resolved: Pelican's source_path is absolute, not resolved.
    return frozenset(os.path.abspath(item) for item in value) | frozenset(
        os.path.realpath(item) for item in value
    )


def is_partial(settings) -> bool:
    return settings.get(SETTING) is not None


def selected(chosen: frozenset[str], kwargs: dict) -> bool:
    """Is this write_file call the page of a chosen file? Pelican passes the
    post as `article` (drafts too) and the page as `page`."""
    item = kwargs.get("article") or kwargs.get("page")
    path = getattr(item, "source_path", None)
    return path is not None and path in chosen


class PartialWriter(Writer):
    """Pelican's writer, for the chosen files' pages only: any other
    write_file call returns before its template is rendered."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.chosen = sources(self.settings) or frozenset()

    def write_file(self, name, template, context, *args, **kwargs):
        if selected(self.chosen, kwargs):
            return super().write_file(name, template, context, *args, **kwargs)
        return None

    def write_feed(self, *args, **kwargs):  # Pelican's own feeds are off (feedgen_feeds)
        return None


def check_settings(pelican) -> None:
    sources(pelican.settings)


def get_writer(pelican):
    return PartialWriter if is_partial(pelican.settings) else None


def register():
    signals.initialized.connect(check_settings)
    signals.get_writer.connect(get_writer)
