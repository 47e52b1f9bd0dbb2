"""Social cards: which image a shared post shows, and its size. No Pelican here.

A findings post shows a card drawn from its first chart: the PNG
survey_charts writes for each chart, as its `survey_charts` records describe
it (record.ChartRecord: path, title, alt text), with the chart's title, the
site's name and, from illustrative data, the label (`survey_notice`),
drawn by findings_card.py. Any other post, and every other page, shows the
site's default card from the theme. Sizes come from the record or the PNG
header, never from a guess, and every URL is absolute, as link previews need.
"""

from __future__ import annotations

import hashlib
import json
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


# Findings cards are written here in the output, named by what they show.
CARDS_FOLDER = "social-cards"
CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_VERSION = "1"  # bump when findings_card.py draws differently


@dataclass(frozen=True)
class Drawing:
    """What a findings card shows, for findings_card.render_card."""

    path: str  # the card, relative to the output folder
    chart_png: str  # the chart's PNG, relative to the output folder
    title: str
    site_name: str
    label: str  # the illustrative-data label, or ""


def chart_card(
    charts, origin: str, *, page_url: str, site_name: str, label: str = ""
) -> tuple[Card, Drawing] | None:
    """The card for a post from its survey_charts records: a 1200x630 card
    drawn from the first chart with a PNG (a withheld chart has none), with
    the chart's title, the site's name and `label` (survey_charts'
    survey_notice), else None."""
    chart = next((record for record in charts or () if record.png_path), None)
    if chart is None:
        return None
    title = " ".join(chart.title.split())
    key = json.dumps([CARD_VERSION, page_url, chart.png_path, title, site_name, label])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    name = page_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")  # the page's slug
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-") or "card"
    path = f"{CARDS_FOLDER}/{stem}-{digest}.png"
    alt = " ".join(part for part in (label, f"{title}.", chart.alt.strip(), site_name) if part)
    card = Card(
        url=absolute(origin, path),
        width=CARD_WIDTH,
        height=CARD_HEIGHT,
        alt=alt,
        kind="chart",
    )
    return card, Drawing(path, chart.png_path, title, site_name, label)


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
