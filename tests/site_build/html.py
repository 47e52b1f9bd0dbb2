"""Reading a built site: pages, links and the files they point at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def pages(site: Path):
    """The public pages: every .html file but the writers' editor's (/admin/,
    tested on its own in test_cms_editor_browser.py and test_cms_admin.py)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def page_at(site: Path, url_path: str) -> Path:
    """The file a server would send for a URL path."""
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def url_of(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative


def internal_target(href: str, page_url: str, site_origin: str | None = None):
    """The path on this site a link points at, or None for another site."""
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.scheme or parts.netloc:
        origin = f"{parts.scheme}://{parts.netloc}"
        if site_origin is None or origin != site_origin:
            return None
    path = parts.path
    if not path:
        return page_url
    if not path.startswith("/"):
        base = page_url.rsplit("/", 1)[0]
        path = f"{base}/{path}"
    # Normalise ./ and ../
    segments = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    return "/".join(segments) or "/"


# The illustrative label's pale band (survey_charts/charts.py LABEL_BAND,
# social_cards/findings_card.py): drawn into chart PNGs and findings cards.
LABEL_BAND = (0xFF, 0xF4, 0xC2)


def label_band_drawn(png: bytes, rows: int) -> bool:
    """Whether the top `rows` rows of a PNG are the label's band with words
    on it: mostly the band's colour, and dark text pixels on it."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        top = image.convert("RGB").crop((0, 0, image.width, rows))
    colours = top.getcolors(top.width * top.height)
    band = sum(count for count, colour in colours if colour == LABEL_BAND)
    ink = sum(count for count, colour in colours if sum(colour) < 200)
    return band > top.width * top.height // 2 and ink > 200
