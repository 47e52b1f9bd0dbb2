"""The built site as a set of pages: file <-> URL path mapping, discovery,
and the site's public address."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import lxml.html

from checks.budgets import classify

# The writers' editor (plugins/cms_admin): not a public page. Its own
# end-to-end test (tests/site_build/test_cms_editor_browser.py) covers it; the
# public pages' checks (conformance, accessibility, links, weight) leave it out.
EDITOR_FOLDER = "admin"


def is_editor(rel: str) -> bool:
    """Is this output path (relative, with /) part of the editor?"""
    return rel == EDITOR_FOLDER or rel.startswith(EDITOR_FOLDER + "/")


@dataclass(frozen=True)
class Page:
    path: str  # URL path on the site: "/", "/about/", "/404.html"
    file: Path
    kind: str


def file_to_path(rel: str | PurePosixPath) -> str:
    """`about/index.html` -> `/about/`; `index.html` -> `/`; `404.html` -> `/404.html`."""
    rel = PurePosixPath(rel)
    if rel.name == "index.html":
        parent = str(rel.parent)
        return "/" if parent == "." else f"/{parent}/"
    return f"/{rel}"


def path_to_file(root: Path, url_path: str) -> Path | None:
    """The file a static server would send for `url_path` (already without
    query or fragment), or None. `/x/` -> x/index.html; `/x` where x is a
    folder -> x/index.html (servers redirect there). Never leaves root."""
    decoded = unquote(url_path or "/")
    if not decoded.startswith("/"):
        decoded = "/" + decoded
    normal = posixpath.normpath(decoded)
    if normal.startswith("/.."):
        return None
    rel = normal.lstrip("/")
    target = root / rel if rel else root
    if decoded.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def parse_html(file: Path):
    """The root element of an HTML file read as UTF-8 (as Pelican writes it
    and as the Nu checker requires), or None for an empty file."""
    return lxml.html.parse(str(file), parser=_PARSER).getroot()


def read_body_classes(file: Path) -> str | None:
    try:
        doc = parse_html(file)
    except (OSError, ValueError):
        return None
    if doc is None:
        return None
    body = doc.find(".//body")
    return body.get("class") if body is not None else None


def discover(root: Path) -> list[Page]:
    """Every .html file under root as a Page, home first, then by path."""
    root = Path(root)
    pages = []
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == root and EDITOR_FOLDER in dirnames:
            dirnames.remove(EDITOR_FOLDER)
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".html"):
                file = Path(dirpath) / name
                rel = file.relative_to(root).as_posix()
                path = file_to_path(rel)
                pages.append(Page(path, file, classify(path, read_body_classes(file))))
    pages.sort(key=lambda p: (p.path != "/", p.path))
    return pages


def detect_site_url(root: Path) -> str | None:
    """The site's public address, from the home page's
    `<link rel="canonical" href="https://…/">` (or `og:url`) when it is an
    absolute http(s) URL; e.g. "https://www.thcvs.org.uk". None otherwise."""
    index = Path(root) / "index.html"
    if not index.is_file():
        return None
    doc = parse_html(index)
    if doc is None:
        return None
    candidates = [
        el.get("href")
        for el in doc.iter("link")
        if "canonical" in (el.get("rel") or "").lower().split()
    ]
    candidates += [el.get("content") for el in doc.iter("meta") if el.get("property") == "og:url"]
    for href in candidates:
        if href:
            parts = urlsplit(href.strip())
            if parts.scheme in ("http", "https") and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")
    return None


def pick_representatives(pages: list[Page]) -> list[Page]:
    """One page per kind (the first by path): one per template."""
    seen: dict[str, Page] = {}
    for page in pages:
        seen.setdefault(page.kind, page)
    return list(seen.values())
