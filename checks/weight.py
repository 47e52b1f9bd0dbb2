"""Page weight: the bytes each page loads (HTML, CSS, JS, images, fonts,
other), raw and gzip, as a table, against the budgets in checks/budgets.py.

The browser records every response a page loads (after scrolling to the
bottom so lazy images load; the HTTP cache is off, so shared files count on
every page). The gzip figure is what a server compressing text would send:
gzip level 6 (zlib's default, as nginx/Apache commonly use) for text types
(HTML, CSS, JS, JSON, XML, SVG, TTF/OTF...), raw size for formats that are
already compressed (PNG, JPEG, WebP, AVIF, GIF, WOFF, WOFF2). A page's weight
is the heavier of its two viewport widths. 1 KB = 1000 bytes."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from checks.budgets import KB, budget_for
from checks.report import CheckResult, Fault

GZIP_LEVEL = 6
CATEGORIES = ("html", "css", "js", "img", "font", "other")
_COMPRESSED = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/avif",
    "image/gif",
    "font/woff",
    "font/woff2",
    "application/font-woff",
    "application/zip",
    "application/gzip",
    "video/",
    "audio/",
    "application/pdf",
)


def is_compressible(content_type: str) -> bool:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if not ctype or ctype.startswith(_COMPRESSED):
        return False
    return (
        ctype.startswith("text/")
        or "javascript" in ctype
        or "json" in ctype
        or "xml" in ctype
        or ctype
        in (
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "image/bmp",
            "font/ttf",
            "font/otf",
            "application/font-sfnt",
            "application/vnd.ms-fontobject",
        )
    )


def transfer_size(body: bytes, content_type: str) -> int:
    if is_compressible(content_type):
        return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
    return len(body)


def category(resource_type: str, content_type: str) -> str:
    ctype = (content_type or "").split(";")[0].strip().lower()
    by_type = {
        "document": "html",
        "stylesheet": "css",
        "script": "js",
        "image": "img",
        "font": "font",
    }
    if resource_type in by_type:
        return by_type[resource_type]
    if ctype == "text/html":
        return "html"
    if ctype == "text/css":
        return "css"
    if "javascript" in ctype:
        return "js"
    if ctype.startswith("image/"):
        return "img"
    if ctype.startswith("font/") or "font" in ctype:
        return "font"
    return "other"


@dataclass(frozen=True)
class Resource:
    url: str
    status: int
    resource_type: str
    content_type: str
    raw: int
    gzip: int


@dataclass
class PageWeight:
    page: str
    kind: str
    width: int
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    gz: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    requests: int = 0

    @property
    def total_raw(self) -> int:
        return sum(self.raw.values())

    @property
    def total_gzip(self) -> int:
        return sum(self.gz.values())

    @property
    def budget(self) -> int:
        return budget_for(self.kind)

    @property
    def over(self) -> bool:
        return self.total_gzip > self.budget


def page_weight(page: str, kind: str, width: int, resources: list[Resource]) -> PageWeight:
    weight = PageWeight(page, kind, width)
    for res in resources:
        cat = category(res.resource_type, res.content_type)
        weight.raw[cat] += res.raw
        weight.gz[cat] += res.gzip
        weight.requests += 1
    return weight


def heaviest(weights: list[PageWeight]) -> list[PageWeight]:
    """Per page, the width that loads most (gzip), in first-seen page order."""
    best: dict[str, PageWeight] = {}
    for w in weights:
        if w.page not in best or w.total_gzip > best[w.page].total_gzip:
            best[w.page] = w
    return list(best.values())


def kb(n: int) -> str:
    return f"{n / KB:.1f}"


def format_table(weights: list[PageWeight]) -> list[str]:
    """Cells are "raw/gzip" KB; budget and status against gzip."""
    head = [
        "page",
        "kind",
        "px",
        "req",
        *[f"{c} raw/gz" for c in CATEGORIES],
        "total raw",
        "total gz",
        "budget",
        "",
    ]
    rows = [head]
    for w in weights:
        rows.append(
            [
                w.page,
                w.kind,
                str(w.width),
                str(w.requests),
                *[f"{kb(w.raw[c])}/{kb(w.gz[c])}" for c in CATEGORIES],
                kb(w.total_raw),
                kb(w.total_gzip),
                kb(w.budget),
                "OVER" if w.over else "ok",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(widths[i + 2]) for i, cell in enumerate(row[2:])]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("-" * len(lines[0]))
    return lines


def check_weight(weights: list[PageWeight]) -> CheckResult:
    pages = heaviest(weights)
    faults = [
        Fault(
            "weight",
            w.page,
            f"budget-{w.kind}" if w.kind in ("article", "findings") else "budget-any-page",
            f"{kb(w.total_gzip)} KB gzip at {w.width} px is over the {w.kind} budget of "
            f"{kb(w.budget)} KB ({kb(w.total_raw)} KB raw, {w.requests} requests)",
        )
        for w in pages
        if w.over
    ]
    largest = max(pages, key=lambda w: w.total_gzip, default=None)
    summary = (
        f"{len(pages)} pages weighed (KB, gzip level {GZIP_LEVEL}), {len(faults)} over budget"
        + (f"; heaviest {largest.page} {kb(largest.total_gzip)} KB gzip" if largest else "")
    )
    return CheckResult("weight", summary, faults, format_table(pages))
