"""Page-weight budgets, in one place, and how a page is classified.

Budgets are gzip bytes for everything a page loads (HTML, CSS, JS, images,
fonts, other), measured in the browser; 1 KB = 1000 bytes. Every page must
also stay under ANY_PAGE.

How a page's kind is decided (first match wins):

1. A class `kind-<name>` on its `<body>`, e.g. `<body class="kind-findings">`.
   The theme emits this; it is the only way to tell a findings page from an
   ordinary article, since both use the article URL pattern.
2. Otherwise its URL path, following pelicanconf.py's URL settings:
   `/YYYY/MM/<slug>/` is an article; `/` is the index; `/category/…`,
   `/tag/…`, `/author/…` are category, tag and author pages; `/archives/`,
   `/categories/`, `/tags/`, `/authors/` are themselves; `/404.html` is 404;
   any path with a `findings` segment is findings; the rest are pages.
   Pagination (`…/page/N/`) takes the kind of the page it continues.

An unmarked findings article is therefore held to the stricter article budget
(it fails loudly rather than passing quietly). The kind also picks the pages
for the keyboard checks (one per kind, i.e. per template) and the screenshots.
"""

from __future__ import annotations

import re

KB = 1000

# gzip bytes per page kind; kinds not listed get ANY_PAGE.
BUDGETS = {
    "article": 15 * KB,
    "findings": 40 * KB,
}
ANY_PAGE = 60 * KB

KIND_CLASS = re.compile(r"^kind-([a-z0-9][a-z0-9_-]*)$")
_ARTICLE = re.compile(r"^/\d{4}/\d{2}/[^/]+/$")
_PAGINATION = re.compile(r"^(.*/)page/\d+/$")
_SECTIONS = {
    "category": "category",
    "tag": "tag",
    "author": "author",
    "drafts": "article",
}
_LISTS = {
    "/archives/": "archives",
    "/categories/": "categories",
    "/tags/": "tags",
    "/authors/": "authors",
    "/404.html": "404",
    "/": "index",
}


def budget_for(kind: str) -> int:
    return min(BUDGETS.get(kind, ANY_PAGE), ANY_PAGE)


def kind_from_classes(body_classes: str | None) -> str | None:
    for token in (body_classes or "").split():
        match = KIND_CLASS.match(token)
        if match:
            return match.group(1)
    return None


def kind_from_path(path: str) -> str:
    match = _PAGINATION.match(path)
    if match:
        path = match.group(1)
    if path in _LISTS:
        return _LISTS[path]
    segments = [s for s in path.split("/") if s]
    if "findings" in segments:
        return "findings"
    if _ARTICLE.match(path):
        return "article"
    if segments and segments[0] in _SECTIONS and len(segments) > 1:
        return _SECTIONS[segments[0]]
    return "page"


def classify(path: str, body_classes: str | None = None) -> str:
    """The kind of the page at site path `path` (see the module docstring)."""
    return kind_from_classes(body_classes) or kind_from_path(path)
