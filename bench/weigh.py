"""Page weight: every byte a built page loads (HTML, CSS, JS, images, fonts,
other), raw and gzip, the way `invoke check`'s weight checker counts it.

Two ways, same categories and gzip rule (checks/weight.py: gzip level 6 for
text, raw size for formats already compressed):

- browser: load the page in Debian's Chromium through Playwright with the
  HTTP cache off (checks/browser.py), scroll to the bottom, record every
  response. Requests to other sites are blocked and listed (a page that
  needs a CDN shows it there).
- static: read the HTML and follow what it references (stylesheets and what
  they @import or url(), scripts, images, icons, fonts, SVG <use>/<image>).
  No JavaScript runs, so anything a script fetches is missed; used when the
  browser is not available, and by the smoke test.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CATEGORIES = ("html", "css", "js", "img", "font", "other")
_TYPES = {
    ".html": ("html", "text/html"),
    ".css": ("css", "text/css"),
    ".js": ("js", "text/javascript"),
    ".mjs": ("js", "text/javascript"),
    ".json": ("other", "application/json"),
    ".svg": ("img", "image/svg+xml"),
    ".png": ("img", "image/png"),
    ".jpg": ("img", "image/jpeg"),
    ".jpeg": ("img", "image/jpeg"),
    ".gif": ("img", "image/gif"),
    ".webp": ("img", "image/webp"),
    ".avif": ("img", "image/avif"),
    ".ico": ("img", "image/x-icon"),
    ".woff": ("font", "font/woff"),
    ".woff2": ("font", "font/woff2"),
    ".ttf": ("font", "font/ttf"),
    ".otf": ("font", "font/otf"),
    ".eot": ("font", "application/vnd.ms-fontobject"),
    ".wasm": ("other", "application/wasm"),
}


@dataclass
class Weight:
    page: str
    how: str
    raw: dict = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    gz: dict = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    requests: int = 0
    external: list = field(default_factory=list)
    files: list = field(default_factory=list)

    @property
    def total_raw(self) -> int:
        return sum(self.raw.values())

    @property
    def total_gz(self) -> int:
        return sum(self.gz.values())

    def add(self, url: str, category: str, raw: int, gz: int) -> None:
        self.raw[category] += raw
        self.gz[category] += gz
        self.requests += 1
        self.files.append((url, category, raw, gz))

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "how": self.how,
            "raw": self.raw,
            "gzip": self.gz,
            "total_raw": self.total_raw,
            "total_gzip": self.total_gz,
            "requests": self.requests,
            "external": self.external,
            "files": self.files,
        }


def _transfer(body: bytes, content_type: str) -> int:
    from checks.weight import transfer_size

    return transfer_size(body, content_type)


# -- static -----------------------------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _local(root: Path, base_url: str, ref: str) -> tuple[str, Path | None]:
    """(absolute site URL, file) for a reference from the page at base_url."""
    url = urljoin(base_url, ref)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "site.invalid":
        return url, None
    path = posixpath.normpath(parts.path)
    file = root / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return f"{path}", file if file.is_file() else None


def _references(doc) -> list[str]:
    """What a page's HTML makes the browser fetch (no scripts run)."""
    refs = _link_references(doc) + _media_references(doc)
    refs += [el.get("src") for el in doc.iter("script")]
    for el in doc.iter("{http://www.w3.org/2000/svg}image", "image", "use"):
        refs.append(el.get("href") or el.get("{http://www.w3.org/1999/xlink}href"))
    styles = [el.text or "" for el in doc.iter("style")]
    styles += [el.get("style") for el in doc.xpath("//*[@style]")]
    refs += [ref for css in styles for ref in _css_references(css)]
    return [r for r in refs if r and not r.startswith(("data:", "#", "mailto:"))]


def _link_references(doc) -> list[str]:
    fetched = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}
    return [
        el.get("href")
        for el in doc.iter("link")
        if fetched & set((el.get("rel") or "").lower().split())
    ]


def _media_references(doc) -> list[str]:
    refs = []
    for el in doc.iter("img", "source", "input"):
        if el.tag != "input" or el.get("type") == "image":
            refs.append(el.get("src"))
        # Every srcset candidate counts: an upper bound.
        refs += [c.split()[0] for c in (el.get("srcset") or "").split(",") if c.strip()]
    return refs


def _css_references(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


def weigh_static(root: Path, page: str) -> Weight:
    """Follow what the page at site path `page` references, in `root`."""
    import lxml.html

    weight = Weight(page, "static")
    _url, file = _local(root, "http://site.invalid" + page, page)
    if file is None:
        raise FileNotFoundError(f"{page} is not in {root}")
    html = file.read_bytes()
    weight.add(page, "html", len(html), _transfer(html, "text/html"))
    seen = {page}
    queue = [("http://site.invalid" + page, r) for r in _references(lxml.html.fromstring(html))]
    while queue:
        url, file = _local(root, *queue.pop(0))
        if url in seen:
            continue
        seen.add(url)
        if file is None:
            weight.external.append(url)
            continue
        body = file.read_bytes()
        category, content_type = _TYPES.get(
            file.suffix.lower(), ("other", "application/octet-stream")
        )
        weight.add(url, category, len(body), _transfer(body, content_type))
        if category == "css":
            css = body.decode("utf-8", "replace")
            queue += [("http://site.invalid" + url, r) for r in _css_references(css)]
    return weight


# -- browser ------------------------------------------------------------------------


def browser_available() -> str | None:
    """None when the browser weigher can run, else why not."""
    try:
        from checks import tools

        tools.playwright()
        tools.chromium()
    except Exception as error:  # ToolMissing or an import error
        return str(error)
    return None


def weigh_browser(root: Path, pages: list[str], widths=(390, 1280)) -> list[Weight]:
    """Load each page in Chromium (no HTTP cache), at each width; keep the
    heavier width per page, as `invoke check` does."""
    from checks import browser
    from checks.server import serve
    from checks.weight import category

    best: dict[str, Weight] = {}
    with browser.BrowserSession() as session, serve(root) as server_url:
        target = browser.Target(server_url)
        for width in widths:
            with browser.Tab(session, target, width) as tab:
                for page in pages:
                    audit = browser.audit_page(tab, page, "page", axe=False)
                    if audit.error:
                        raise RuntimeError(f"{page}: {audit.error}")
                    weight = Weight(page, f"browser ({width} px)", external=list(audit.external))
                    for res in audit.resources:
                        kind = category(res.resource_type, res.content_type)
                        weight.add(res.url, kind, res.raw, res.gzip)
                    if page not in best or weight.total_gz > best[page].total_gz:
                        best[page] = weight
    return [best[p] for p in pages]


def weigh(root: Path, pages: list[str], how: str = "auto") -> tuple[list[Weight], str]:
    """(weights, how they were measured, with the reason for a fallback)."""
    if how in ("auto", "browser"):
        why_not = browser_available()
        if why_not is None:
            try:
                return weigh_browser(root, pages), "browser"
            except Exception as error:  # fall back, and say so
                why_not = (
                    f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                )
        if how == "browser":
            raise RuntimeError(f"cannot weigh in the browser: {why_not}")
        return [weigh_static(root, p) for p in pages], f"static (browser unavailable: {why_not})"
    return [weigh_static(root, p) for p in pages], "static"
