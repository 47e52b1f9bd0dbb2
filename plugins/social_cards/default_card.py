"""Draw the theme's default social card: theme/static/images/social-card.png.

    .venv/bin/python plugins/social_cards/default_card.py

1200x630 (the size link previews ask for), in the site's colours: the name
and tagline in white on the dark blue, a turquoise band as in the header, and
the web address. The SVG below is rendered with vl-convert (already pinned for
the charts) and reduced to a 16-colour palette with Pillow, so the PNG stays small. The
PNG is committed; run this again only when the design or the name changes,
and update SOCIAL_CARDS_DEFAULT_ALT to match.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

WIDTH, HEIGHT = 1200, 630
BLUE, TURQUOISE, ORANGE, WHITE = "#12436d", "#28a197", "#f46a25", "#ffffff"
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
TARGET = Path(__file__).resolve().parents[2] / "theme" / "static" / "images" / "social-card.png"


def svg(
    name: str = "Tower Hamlets CVS",
    lines: tuple[str, ...] = ("News, views and findings from the", "Council for Voluntary Service"),
    address: str = "thcvs.org.uk",
) -> str:
    tagline = "".join(
        f'<text x="96" y="{352 + 60 * i}" font-size="44" fill="{WHITE}">{line}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BLUE}"/>'
        f'<rect y="{HEIGHT - 36}" width="{WIDTH}" height="36" fill="{TURQUOISE}"/>'
        f'<rect x="96" y="150" width="120" height="12" fill="{ORANGE}"/>'
        f'<text x="96" y="262" font-size="92" font-weight="700" fill="{WHITE}">{name}</text>'
        f"{tagline}"
        f'<text x="96" y="530" font-size="36" font-weight="700" fill="{WHITE}">{address}</text>'
        "</svg>"
    )


def palette_png(png: bytes, levels: int = 16) -> bytes:
    """The image reduced to `levels` colours: blends of the background and the
    colour each pixel is nearest to, enough for flat shapes and smooth text."""
    solid = [(0x12, 0x43, 0x6D), (0xFF, 0xFF, 0xFF), (0x28, 0xA1, 0x97), (0xF4, 0x6A, 0x25)]
    base, inks = solid[0], solid[1:]
    steps = (levels - 1) // len(inks)
    palette = [base] + [
        tuple(round(b + (c - b) * (i + 1) / steps) for b, c in zip(base, ink))
        for ink in inks
        for i in range(steps)
    ]
    colours = Image.new("P", (1, 1))
    colours.putpalette([value for colour in palette for value in colour])
    with Image.open(io.BytesIO(png)) as image:
        indexed = image.convert("RGB").quantize(palette=colours, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, "PNG", optimize=True)
    return out.getvalue()


def render() -> bytes:
    import vl_convert

    return palette_png(vl_convert.svg_to_png(svg()))


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    data = render()
    target.write_bytes(data)
    print(f"Wrote {target} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
