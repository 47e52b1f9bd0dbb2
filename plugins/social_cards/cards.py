"""Social cards: which image a shared post shows, and its size. No Pelican here.

A findings post shows its first chart (the PNG survey_charts writes for feeds,
at twice the chart's CSS size); any other post, and every other page, shows
the site's default card from the theme. Sizes come from the PNG header, never
from a guess, and every URL is absolute, as link previews need.
"""

from __future__ import annotations

import html
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# survey_charts renders each chart's PNG at twice its CSS size (render.py).
CHART_PNG_SCALE = 2

_FIGURE = re.compile(r"<figure\b[^>]*\bdata-chart-png=\"[^\"]+\"[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


class CardError(Exception):
    pass


@dataclass(frozen=True)
class Card:
    url: str  # absolute
    width: int
    height: int
    alt: str
    kind: str  # "chart" or "default"


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise CardError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def origin_of(settings) -> str:
    return (settings.get("SITEURL") or settings.get("SITE_DEV_URL") or "").rstrip("/")


def absolute(origin: str, url: str) -> str:
    if re.match(r"^https?://", url):
        return url
    return f"{origin}/{url.lstrip('/')}"


def first_chart(content: str) -> dict | None:
    """The first chart figure's PNG URL, description and CSS size, or None."""
    match = _FIGURE.search(content or "")
    if not match:
        return None
    attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match.group(0))}
    try:
        width = int(attributes.get("data-chart-width", ""))
        height = int(attributes.get("data-chart-height", ""))
    except ValueError:
        return None
    if width <= 0 or height <= 0:
        return None
    return {
        "url": attributes["data-chart-png"],
        "alt": attributes.get("data-chart-description", "").strip(),
        "width": width,
        "height": height,
    }


def chart_card(content: str, origin: str, survey_card: dict | None = None) -> Card | None:
    """The card for a post whose content has a chart figure, else None.

    `survey_card` is what survey_charts sets on the post (its first chart's
    absolute PNG URL and alt text); the figure markup gives the size.
    """
    chart = first_chart(content)
    if chart is None:
        return None
    url = (survey_card or {}).get("url") or chart["url"]
    alt = (survey_card or {}).get("alt") or chart["alt"]
    return Card(
        url=absolute(origin, url),
        width=chart["width"] * CHART_PNG_SCALE,
        height=chart["height"] * CHART_PNG_SCALE,
        alt=alt,
        kind="chart",
    )


def output_file(card: Card, origin: str, output: Path) -> Path | None:
    """Where in the output folder the card's image is, or None if off-site."""
    parts = urlsplit(card.url)
    site = urlsplit(origin)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    path = parts.path
    prefix = site.path.rstrip("/")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    return output / path.lstrip("/")


def check_card(card: Card, origin: str, output: Path) -> str | None:
    """A problem with a written card, or None: the file exists and is that size."""
    file = output_file(card, origin, output)
    if file is None:
        return f"og:image {card.url} is not on this site ({origin})"
    if not file.is_file():
        return f"og:image {card.url} was not written ({file})"
    try:
        size = png_size(file.read_bytes())
    except CardError:
        return f"og:image {card.url} is not a PNG image"
    if size != (card.width, card.height):
        return (
            f"og:image {card.url} is {size[0]}x{size[1]} pixels, but the page says "
            f"{card.width}x{card.height}"
        )
    if not card.alt:
        return f"og:image {card.url} has no alt text"
    return None
