"""Social cards: which image a shared post shows, and its size. No Pelican here.

A findings post shows its first chart: the PNG survey_charts writes for each
chart, as its `survey_charts` records describe it (record.ChartRecord: path,
size in pixels, alt text). Any other post, and every other page, shows the
site's default card from the theme. Sizes come from the record or the PNG
header, never from a guess, and every URL is absolute, as link previews need.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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


def absolute(origin: str, url: str) -> str:
    if re.match(r"^https?://", url):
        return url
    return f"{origin}/{url.lstrip('/')}"


def chart_card(charts, origin: str) -> Card | None:
    """The card for a post from its survey_charts records: the first chart
    with a PNG (a withheld chart has none), else None."""
    chart = next((record for record in charts or () if record.png_path), None)
    if chart is None:
        return None
    return Card(
        url=absolute(origin, chart.png_path),
        width=chart.png_width,
        height=chart.png_height,
        alt=chart.alt.strip(),
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
