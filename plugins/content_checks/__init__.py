"""content_checks: stop the build, with a clear message, on a post or page a
writer has got wrong (no title, a date that is not a date, an unknown status
or category, a broken {filename} link, a file that cannot be read).

Settings: SETTINGS below (README.md, "Settings").
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pluginkit import PluginSettings, Setting, bad_setting, format_problems, kinds

from .rules import KNOWN_FIELDS, Rules, check_tree


def _required_are_fields(values, _settings) -> list[str]:
    extra = {f.lower() for f in values["CONTENT_CHECKS_EXTRA_FIELDS"]}
    required = [f.lower() for f in values["CONTENT_CHECKS_REQUIRED"]]
    unknown = [f for f in required if f not in KNOWN_FIELDS | extra]
    if not unknown:
        return []
    return [
        bad_setting(
            "CONTENT_CHECKS_REQUIRED",
            required,
            f"some of {sorted(KNOWN_FIELDS | extra)}; {unknown[0]!r} is not a metadata field",
        )
    ]


SETTINGS = PluginSettings(
    "content_checks",
    "CONTENT_CHECKS_",
    Setting(
        "CONTENT_CHECKS_CATEGORIES",
        [],
        kinds.text_list(),
        "The categories a post may use.",
    ),
    Setting(
        "CONTENT_CHECKS_REQUIRED",
        ["title", "date", "category", "author", "summary"],
        kinds.text_list(),
        "Fields every post must have.",
    ),
    Setting(
        "CONTENT_CHECKS_EXTRA_FIELDS",
        [],
        kinds.text_list(),
        "Extra metadata fields that plugins read, so they are not reported as misspellings.",
    ),
    checks=[_required_are_fields],
)


class ContentError(Exception):
    """Raised to stop the build; its message lists every problem found."""


def rules_from_settings(settings) -> Rules:
    values = SETTINGS.read(settings)
    return Rules(
        categories=tuple(values["CONTENT_CHECKS_CATEGORIES"]),
        required=tuple(f.lower() for f in values["CONTENT_CHECKS_REQUIRED"]),
        extra_fields=frozenset(f.lower() for f in values["CONTENT_CHECKS_EXTRA_FIELDS"]),
    )


def problems_for(settings):
    content = Path(settings["PATH"])
    return check_tree(
        content,
        article_paths=settings.get("ARTICLE_PATHS", [""]),
        page_paths=settings.get("PAGE_PATHS", ["pages"]),
        rules=rules_from_settings(settings),
        shown_relative_to=Path.cwd(),
    )


def check_content(pelican):
    problems = problems_for(pelican.settings)
    if problems:
        raise ContentError(format_problems(problems))


def register():
    signals.initialized.connect(check_content)
