"""What goes into a feed entry, worked out from a Pelican article.

Kept apart from feedgen so the rules (stable ids, dates, which posts belong)
can be tested without writing XML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from html_policy.policy import Policy

from .feed_html import feed_html, plain_text, strip_control


@dataclass(frozen=True)
class Term:
    name: str
    url: str  # absolute URL of the category or tag page


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    category: Term | None
    tags: tuple[Term, ...]
    summary_html: str
    summary_text: str  # the summary as plain text (JSON Feed's `summary`)
    content_html: str


def entry_id(article, authority: str) -> str:
    """A tag: URI (RFC 4151) that survives edits, retitles and moves.

    Made from the post's first publication date and its explicit `Slug:` (or,
    without one, its file name), never from the title or the folder. A post can
    pin its own with `Feed-Id:` (e.g. to keep its id after a slug change).
    """
    pinned = getattr(article, "metadata", {}).get("feed-id")
    if pinned:
        return strip_control(str(pinned)).strip()
    explicit_slug = getattr(article, "metadata", {}).get("slug")
    name = explicit_slug or Path(article.source_path).stem
    return f"tag:{authority},{article.date:%Y-%m-%d}:{name}"


def is_feedable(article, now: datetime) -> bool:
    """Published and not in the future (development builds show future posts)."""
    return getattr(article, "status", "published") == "published" and article.date <= now


def labelled_summary(article) -> tuple[str, str]:
    """The post's summary as (HTML, plain text), started by survey_charts'
    `survey_notice` when the post is built from illustrative survey data: a
    feed reader or a shared link shows the summary without the page."""
    summary = getattr(article, "summary", "") or ""
    notice = strip_control(str(getattr(article, "survey_notice", "") or "")).strip()
    if not notice:
        return summary, plain_text(summary)
    labelled = f"<p><strong>{html.escape(notice)}</strong></p>{summary}"
    return labelled, " ".join(filter(None, [notice, plain_text(summary)]))


def build_entry(
    article, *, site_url: str, authority: str, extra_html: str = "", policy: Policy | None = None
) -> Entry:
    page_url = f"{site_url}/{article.url}"
    category = getattr(article, "category", None)
    summary_html, summary_text = labelled_summary(article)
    return Entry(
        id=entry_id(article, authority),
        url=page_url,
        title=strip_control(article.title),
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple(strip_control(a.name) for a in getattr(article, "authors", [])),
        category=Term(strip_control(category.name), f"{site_url}/{category.url}")
        if category
        else None,
        tags=tuple(
            Term(strip_control(t.name), f"{site_url}/{t.url}") for t in getattr(article, "tags", [])
        ),
        summary_html=feed_html(summary_html, page_url=page_url, policy=policy),
        summary_text=summary_text,
        content_html=feed_html(article.content + extra_html, page_url=page_url, policy=policy),
    )


def newest_first(articles):
    return sorted(articles, key=lambda a: (a.date, a.url), reverse=True)
