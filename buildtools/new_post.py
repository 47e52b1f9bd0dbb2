"""Create a new draft post with every metadata field filled in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

TEMPLATE = """\
Title: {title}
Date: {date}
Modified: {date}
Category: {category}
Tags: {tags}
Author: {author}
Summary: {summary}
Slug: {slug}
Status: draft

Write the post here, in Markdown. Leave a blank line between paragraphs.

When it is ready, change "Status: draft" above to "Status: published".
"""


class NewPostError(Exception):
    pass


def make_slug(title: str) -> str:
    # The same rules Pelican uses for slugs, so the file name matches the URL.
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def new_post(
    title: str,
    posts_dir: Path,
    *,
    category: str,
    categories,
    author: str,
    tags: str = "",
    summary: str = "",
    timezone: str = "Europe/London",
    now: datetime | None = None,
) -> Path:
    title = " ".join(title.split())
    if not title:
        raise NewPostError('Give the post a title: invoke new-post "My title"')
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        TEMPLATE.format(
            title=title,
            date=f"{now:%Y-%m-%d %H:%M}",
            category=category,
            tags=tags or category.lower(),
            author=author,
            summary=summary or f"A new post: {title}.",
            slug=slug,
        ),
        encoding="utf-8",
    )
    return path
