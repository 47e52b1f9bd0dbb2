"""content_checks: stop the build, with a clear message, on a post or page a
writer has got wrong (no title, a date that is not a date, an unknown status
or category, a broken {filename} link, a file that cannot be read).

Settings (checked when Pelican starts):
  CONTENT_CHECKS_CATEGORIES    the categories a post may use (list of names)
  CONTENT_CHECKS_REQUIRED      metadata every post must have
  CONTENT_CHECKS_EXTRA_FIELDS  metadata fields added by other plugins
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from .rules import KNOWN_FIELDS, Rules, check_tree

DEFAULTS = {
    "CONTENT_CHECKS_CATEGORIES": [],
    "CONTENT_CHECKS_REQUIRED": ["title", "date", "category", "author", "summary"],
    "CONTENT_CHECKS_EXTRA_FIELDS": [],
}


class ContentError(Exception):
    """Raised to stop the build; its message lists every problem found."""


class SettingsError(ContentError):
    pass


def _string_list(settings, key) -> tuple[str, ...]:
    value = settings.get(key, DEFAULTS[key])
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise SettingsError(
            f"content_checks: setting {key} = {value!r}: expected a list of non-empty strings."
        )
    return tuple(value)


def rules_from_settings(settings) -> Rules:
    categories = _string_list(settings, "CONTENT_CHECKS_CATEGORIES")
    extra = frozenset(f.lower() for f in _string_list(settings, "CONTENT_CHECKS_EXTRA_FIELDS"))
    required = tuple(f.lower() for f in _string_list(settings, "CONTENT_CHECKS_REQUIRED"))
    unknown = [f for f in required if f not in KNOWN_FIELDS | extra]
    if unknown:
        raise SettingsError(
            f"content_checks: setting CONTENT_CHECKS_REQUIRED = {list(required)!r}: "
            f"{unknown[0]!r} is not a metadata field; expected some of "
            f"{sorted(KNOWN_FIELDS | extra)}."
        )
    return Rules(categories=categories, required=required, extra_fields=extra)


def problems_for(settings):
    content = Path(settings["PATH"])
    return check_tree(
        content,
        article_paths=settings.get("ARTICLE_PATHS", [""]),
        page_paths=settings.get("PAGE_PATHS", ["pages"]),
        rules=rules_from_settings(settings),
        shown_relative_to=Path.cwd(),
    )


def format_problems(problems) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{len(problems)} {noun} in the content; the site was not built:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def check_content(pelican):
    problems = problems_for(pelican.settings)
    if problems:
        raise ContentError(format_problems(problems))


def register():
    signals.initialized.connect(check_content)
