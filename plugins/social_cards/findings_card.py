"""Draw a findings post's social card: 1200x630, the post's first chart with
its title, the site's name and, for illustrative data, the label.

The card is an SVG (the chart's PNG embedded as a data: URI, the words as
text in the site's fonts and colours) rendered with vl-convert, as the
default card is (default_card.py), and stored with a palette by Pillow so it
stays small. No network, no other plugin's code: the chart PNG's bytes and
the words come from the caller.
"""

from __future__ import annotations

import base64
import io
import textwrap
from xml.sax.saxutils import escape

from PIL import Image

WIDTH, HEIGHT = 1200, 630
BLUE, TURQUOISE, WHITE, INK = "#12436d", "#28a197", "#ffffff", "#0b0c0c"
LABEL_BAND = "#fff4c2"  # as the chart PNG's label band (survey_charts/charts.py)
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
MARGIN = 56
FOOTER = 96  # the blue band with the site's name
LABEL = 80  # the illustrative label's band
TITLE_SIZE, TITLE_LINE, TITLE_LINES = 46, 56, 6
# Characters per line at TITLE_SIZE in the left column (about 0.55 em a
# character in Liberation Sans bold, rounded down so nothing overflows).
TITLE_CHARS = 22


def title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(" ".join(title.split()), TITLE_CHARS) or [""]
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def chart_box(label: str) -> tuple[int, int, int, int]:
    """(x, y, width, height) the chart is fitted into, at its aspect ratio."""
    top = (LABEL if label else 0) + 32
    return 640, top, WIDTH - 640 - MARGIN + 16, HEIGHT - FOOTER - 24 - top


def card_svg(chart_png: bytes, title: str, site_name: str, label: str = "") -> str:
    x, y, width, height = chart_box(label)
    data = base64.b64encode(chart_png).decode("ascii")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>',
    ]
    if label:
        parts += [
            f'<rect width="{WIDTH}" height="{LABEL}" fill="{LABEL_BAND}"/>',
            f'<text x="{MARGIN}" y="{LABEL // 2 + 12}" font-size="34" font-weight="700" '
            f'fill="{INK}">{escape(label)}</text>',
        ]
    top = (LABEL if label else 0) + 40 + TITLE_SIZE
    for index, line in enumerate(title_lines(title)):
        parts.append(
            f'<text x="{MARGIN}" y="{top + index * TITLE_LINE}" font-size="{TITLE_SIZE}" '
            f'font-weight="700" fill="{BLUE}">{escape(line)}</text>'
        )
    parts += [
        f'<image x="{x}" y="{y}" width="{width}" height="{height}" '
        f'href="data:image/png;base64,{data}"/>',
        f'<rect y="{HEIGHT - FOOTER}" width="{WIDTH}" height="{FOOTER}" fill="{BLUE}"/>',
        f'<rect y="{HEIGHT - 12}" width="{WIDTH}" height="12" fill="{TURQUOISE}"/>',
        f'<text x="{MARGIN}" y="{HEIGHT - FOOTER // 2 + 6}" font-size="38" font-weight="700" '
        f'fill="{WHITE}">{escape(site_name)}</text>',
        "</svg>",
    ]
    return "".join(parts)


def render_card(chart_png: bytes, title: str, site_name: str, label: str = "") -> bytes:
    """The card as a PNG, 1200x630, at most 256 colours."""
    import vl_convert

    png = vl_convert.svg_to_png(card_svg(chart_png, title, site_name, label))
    with Image.open(io.BytesIO(png)) as image:
        indexed = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, "PNG", optimize=True)
    return out.getvalue()
