"""The editor's config.yml, made from the declarations the build checks.

Every rule the editor enforces before it saves comes from content_checks
(the required fields, the categories, the statuses, the date pattern) and
from the survey data (the editions and questions a chart may name), so the
editor and the build cannot disagree. Pure: no Pelican, no files written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content_checks.rules import ISO_DATE, STATUSES

# The field names the editor uses for each header key of a Pelican file
# (admin/pelican-format.js maps them back; keys it does not know are kept as
# they are). Slug and Feed-Id sit in an "Advanced" group.
HEADER_KEYS = {
    "title": "Title",
    "date": "Date",
    "modified": "Modified",
    "category": "Category",
    "tags": "Tags",
    "author": "Author",
    "summary": "Summary",
    "status": "Status",
    "survey": "Survey",
    "slug": "Slug",
    "feed-id": "Feed-Id",
}
ADVANCED = ("slug", "feed-id")
# The date as the guide writes it (moment.js tokens): London time, 24-hour clock.
DATE_FORMAT = "YYYY-MM-DD HH:mm"
# Text with no picture lacking its description: no `![](` or `![ ](` anywhere.
NO_EMPTY_ALT = r"^(?![\s\S]*!\[\s*\]\()"
PICTURE_NEEDS_ALT = (
    "Every picture needs a description: open the picture and fill in its Alt text "
    "(what it shows, for people who cannot see it)."
)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    questions: tuple[Question, ...]
    breakdowns: tuple[tuple[str, str], ...]  # (id, name)


@dataclass(frozen=True)
class Declarations:
    """What the build checks, as the editor needs it."""

    categories: tuple[str, ...]
    required: tuple[str, ...]
    editions: tuple[Edition, ...]
    statuses: tuple[str, ...] = STATUSES
    date_pattern: str = ISO_DATE.pattern
    summary_max: int = 0  # CONTENT_CHECKS_SUMMARY_MAX; 0: no limit


def _required(key: str, kind: str, decl: Declarations) -> bool:
    return key == "title" if kind == "page" else key in decl.required


def _field(key: str, kind: str, decl: Declarations, default_category: str | None) -> dict:
    label = HEADER_KEYS[key]
    field: dict = {"name": key.replace("-", "_"), "label": label}
    if key == "title":
        field |= {"widget": "string", "hint": "The headline, shown on the page and in lists."}
    elif key in ("date", "modified"):
        field |= {
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": "YYYY-MM-DD",
            "time_format": "HH:mm",
            "picker_utc": False,
            "hint": "London time, 24-hour clock (your computer's clock must be on London "
            "time). A date in the future holds the post back until then.",
            "pattern": [decl.date_pattern, "Write the date year first: 2026-11-24 09:00."],
        }
        if key == "modified":
            field["hint"] = "Only when readers should know the post changed: shown as 'Updated'."
    elif key == "category":
        field |= {
            "widget": "select",
            "options": list(decl.categories),
            "hint": "One of this site's categories.",
            "pattern": [
                "^(" + "|".join(_escape(c) for c in decl.categories) + ")$",
                "Choose one of: " + ", ".join(decl.categories) + ".",
            ],
        }
        if default_category:
            field["default"] = default_category
    elif key == "tags":
        field |= {"widget": "string", "hint": "Topics, separated by commas."}
    elif key == "author":
        field |= {"widget": "string", "hint": "Who wrote it, e.g. Damian Brady (Interim CEO)."}
    elif key == "summary":
        field |= {
            "widget": "text",
            "hint": "One or two sentences: shown at the top of the post, in lists, search "
            "results and on social media.",
        }
        if decl.summary_max:
            field["pattern"] = [
                rf"^[\s\S]{{0,{decl.summary_max}}}$",
                f"A summary may be at most {decl.summary_max} characters, about two "
                "sentences: keep the main point and move the rest into the post.",
            ]
    elif key == "status":
        field |= {
            "widget": "select",
            "options": list(decl.statuses),
            "default": "published",
            "hint": "published (the default), draft (never published) or hidden "
            "(published, but left out of lists).",
        }
    elif key == "survey":
        if kind == "findings":
            field |= {
                "widget": "select",
                "options": [e.id for e in decl.editions],
                "hint": "The survey that the headline numbers come from.",
            }
        else:
            field |= {
                "widget": "select",
                "options": ["yes", "no"],
                "hint": "no leaves the survey call to action off a CEO blog post; yes adds "
                "it to any other post or page.",
            }
    elif key == "slug":
        field |= {
            "widget": "string",
            "hint": "The last part of the web address. Made from the title if empty; never "
            "change it once the post is published.",
            "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", "Small letters, numbers and hyphens only."],
        }
    elif key == "feed-id":
        field |= {
            "widget": "string",
            "hint": "Only if a published post's slug or date must change: its old id from "
            "the feed.",
        }
    field["required"] = _required(key, kind, decl)
    return field


def _escape(text: str) -> str:
    return "".join("\\" + c if c in r".^$*+?()[]{}|\/" else c for c in text)


def _fields(kind: str, decl: Declarations, default_category: str | None = None) -> list[dict]:
    if kind == "page":
        keys = ["title", "summary", "status", "survey"]
    else:
        keys = ["title", "date", "category", "author", "summary", "tags", "status", "survey"]
        keys.append("modified")
    fields = [_field(k, kind, decl, default_category) for k in keys]
    advanced = [
        _field(k, kind, decl, None) for k in ADVANCED if not (kind == "page" and k == "feed-id")
    ]
    fields.append(
        {
            "name": "advanced",
            "label": "Advanced",
            "widget": "object",
            "collapsed": True,
            "required": False,
            "hint": "Leave these empty unless you know you need them.",
            "fields": advanced,
        }
    )
    fields.append(
        {
            "name": "body",
            "label": "Text",
            "widget": "markdown",
            # content_checks' rule that every picture has a description
            # (_missing_descriptions), checked before saving.
            "pattern": [NO_EMPTY_ALT, PICTURE_NEEDS_ALT],
        }
    )
    return fields


def collections(decl: Declarations) -> list[dict]:
    common = {
        "create": True,
        "extension": "md",
        "format": "pelican",
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
    }
    news = [c for c in decl.categories if c != "Sector findings"]
    return [
        {
            **common,
            "name": "posts",
            "label": "Posts (CEO blog and news)",
            "label_singular": "Post",
            "folder": "content/posts",
            "description": "The CEO's blog and news from the CVS.",
            "fields": _fields("post", decl, news[-1] if news else None),
        },
        {
            **common,
            "name": "findings",
            "label": "Survey findings",
            "label_singular": "Findings post",
            "folder": "content/findings",
            "description": "State of the Sector findings, with charts and headline numbers "
            "(docs/writing-charts.md).",
            "fields": _fields(
                "findings",
                decl,
                "Sector findings" if "Sector findings" in decl.categories else None,
            ),
        },
        {
            **common,
            "name": "pages",
            "label": "Pages",
            "label_singular": "Page",
            "folder": "content/pages",
            "slug": "{{slug}}",
            "description": "Pages such as About the CVS.",
            "sortable_fields": ["title"],
            "fields": _fields("page", decl),
        },
    ]


def config(
    decl: Declarations,
    backend: dict,
    site_url: str = "",
    local_backend: str = "",
) -> dict:
    """The whole config.yml, as data."""
    result: dict = {"backend": backend}
    if local_backend:
        result["local_backend"] = {
            "url": local_backend,
            "allowed_hosts": ["127.0.0.1", "localhost"],
        }
    result |= {
        "publish_mode": "editorial_workflow",
        "media_folder": "content/images",
        "public_folder": "{static}/images",
        "locale": "en",
        "show_preview_links": False,
        "editor": {"preview": True},
    }
    if site_url:
        result["site_url"] = site_url
        result["display_url"] = site_url
    result["collections"] = collections(decl)
    return result


def chart_choices(editions: Sequence[Edition]) -> dict:
    """The lists the chart and headline-number components offer, as the
    admin page's script reads them (admin/site-data.js)."""
    return {
        "editions": [{"id": e.id, "title": e.title} for e in editions],
        "questions": [
            {"survey": e.id, "id": q.id, "text": q.text, "answers": list(q.answers), "kind": q.kind}
            for e in editions
            for q in e.questions
        ],
        "groups": [
            {"survey": e.id, "id": b_id, "name": b_name}
            for e in editions
            for b_id, b_name in e.breakdowns
        ],
    }
