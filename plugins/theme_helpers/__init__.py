"""theme_helpers: Jinja filters the theme needs.

Filters:
  reading_time   minutes to read an article's HTML: {{ article.content|reading_time }}
  site_path      the root-relative address of a file in the output, for
                 pictures a page loads (the CSP's 'self' matches it on any
                 host): {{ chart.png_path|site_path }} -> /charts/….png

Tests:
  scheduled      a post dated after this build, shown only in development
                 previews (WITH_FUTURE_DATES): {% if article is scheduled %},
                 {{ articles|reject("scheduled")|list }}

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

import functools

from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from .paths import site_path
from .reading import reading_minutes
from .scheduled import build_now, is_scheduled

SETTINGS = PluginSettings(
    "theme_helpers",
    "THEME_HELPERS_",
    Setting(
        "THEME_HELPERS_WORDS_PER_MINUTE",
        200,
        kinds.whole_number(50, 1000, "of words per minute"),
        'Reading speed for the "N min read" line on articles.',
    ),
)


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def add_filters(generator):
    wpm = SETTINGS.read(generator.settings)["THEME_HELPERS_WORDS_PER_MINUTE"]
    generator.env.filters["reading_time"] = functools.partial(reading_minutes, words_per_minute=wpm)
    generator.env.filters["site_path"] = functools.partial(
        site_path, siteurl=generator.settings.get("SITEURL") or ""
    )
    generator.env.tests["scheduled"] = functools.partial(
        is_scheduled,
        now=build_now(),
        with_future_dates=bool(generator.settings.get("WITH_FUTURE_DATES")),
    )


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_filters)
