"""Create a new draft post with every metadata field filled in: an ordinary
post in content/posts/, or a survey findings post in content/findings/ that
names the newest survey edition in content/data/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

# Findings posts (docs/writing-charts.md) are in this category, and only they.
FINDINGS_CATEGORY = "Sector findings"

# The text a new post starts with, which the writer replaces. Kept as one
# list so a check for unreplaced template text can use the same lines.
PLACEHOLDER_LINES = (
    "Write the post here, in Markdown. Leave a blank line between paragraphs.",
    "Charts, tables and numbers come from the survey data in content/data/{survey}/: "
    "docs/writing-charts.md shows how to write them.",
    'When it is ready, change "Status: draft" above to "Status: published".',
)
PLACEHOLDER_SUMMARY = "A new post: {title}."


class NewPostError(Exception):
    pass


def make_slug(title: str) -> str:
    # The same rules Pelican uses for slugs, so the file name matches the URL.
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def help_text(categories, author: str, newest: str | None) -> str:
    """What `python3 dev.py new-post --help` prints."""
    survey = f"(now: {newest})" if newest else "(there is none yet)"
    return f"""\
Start a new post, saved as a draft that only previews show:

    python3 dev.py new-post "Volunteers needed for the winter fair"
    python3 dev.py new-post "Why co-production matters" --category "CEO blog"
    python3 dev.py new-post "State of the Sector 2026: what you told us" --findings

Put the title in quotes. Options, after the title:
  --category "NAME"   one of: {", ".join(categories)} (default: News)
  --author "NAME"     who wrote it (default: {author})
  --findings          a survey findings post: in content/findings/, with
                      Category: {FINDINGS_CATEGORY} and the newest survey in
                      content/data/ {survey};
                      --category "{FINDINGS_CATEGORY}" does the same

It creates a file such as
content/posts/2026-11-28-volunteers-needed-for-the-winter-fair.md, dated now,
with Status: draft, and says where to preview it."""


def newest_survey(data_folder: Path) -> str | None:
    """The survey edition whose fieldwork closed last (its folder's name), from
    the editions in data_folder that read without problems; None if none do.
    Read with survey_data's own loader, the one the build uses."""
    from survey_data import load_all

    surveys, _problems = load_all(Path(data_folder))
    if not surveys:
        return None
    return max(surveys.values(), key=lambda s: (s.info.closes, s.info.id)).info.id


def new_post(
    title: str,
    posts_dir: Path,
    *,
    category: str,
    categories,
    author: str,
    tags: str = "",
    summary: str = "",
    survey: str = "",
    timezone: str = "Europe/London",
    now: datetime | None = None,
) -> Path:
    """Write the draft and return its path. `survey` (an edition's folder
    name) makes a findings post: a Survey: line, and a pointer to the guide."""
    title = " ".join(title.split())
    if not title:
        raise NewPostError('Give the post a title, in quotes: python3 dev.py new-post "My title"')
    if title.startswith("-"):
        raise NewPostError(
            f'"{title}" looks like an option, not a title: a title cannot start with "-". '
            'Start a post with: python3 dev.py new-post "My title"; '
            "see the options with: python3 dev.py new-post --help"
        )
    if category not in categories:
        raise NewPostError(
            f"Category {category!r} is not one of this site's categories: {', '.join(categories)}."
        )
    now = now or datetime.now(ZoneInfo(timezone))
    slug = make_slug(title)
    if not slug:
        raise NewPostError(f"Cannot make a web address from the title {title!r}: use some letters.")
    path = Path(posts_dir) / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        raise NewPostError(f"{path} already exists: choose another title or edit that file.")
    date = f"{now:%Y-%m-%d %H:%M}"
    fields = [
        ("Title", title),
        ("Date", date),
        ("Modified", date),
        ("Category", category),
        ("Tags", tags or category.lower()),
        ("Author", author),
        *([("Survey", survey)] if survey else []),
        ("Summary", summary or PLACEHOLDER_SUMMARY.format(title=title)),
        ("Slug", slug),
        ("Status", "draft"),
    ]
    write, charts, ready = PLACEHOLDER_LINES
    body = [write, charts.format(survey=survey), ready] if survey else [write, ready]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(f"{name}: {value}\n" for name, value in fields) + "\n" + "\n\n".join(body) + "\n",
        encoding="utf-8",
    )
    return path
