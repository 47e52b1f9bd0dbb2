"""theme_helpers: Jinja filters the theme needs.

Filters:
  reading_time   minutes to read an article's HTML: {{ article.content|reading_time }}

Settings:
  THEME_HELPERS_WORDS_PER_MINUTE  reading speed (default 200)
"""

from __future__ import annotations

import functools

from pelican import signals

from .reading import reading_minutes

DEFAULT_WORDS_PER_MINUTE = 200


class ThemeHelpersSettingsError(Exception):
    pass


def _words_per_minute(settings) -> int:
    value = settings.get("THEME_HELPERS_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    if isinstance(value, bool) or not isinstance(value, int) or not 50 <= value <= 1000:
        raise ThemeHelpersSettingsError(
            f"theme_helpers: setting THEME_HELPERS_WORDS_PER_MINUTE = {value!r}: "
            "expected a whole number of words per minute between 50 and 1000."
        )
    return value


def check_settings(pelican):
    _words_per_minute(pelican.settings)


def add_filters(generator):
    wpm = _words_per_minute(generator.settings)
    generator.env.filters["reading_time"] = functools.partial(reading_minutes, words_per_minute=wpm)


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_filters)
