"""Draw the theme's default social card: theme/static/images/social-card.png.

    .venv/bin/python plugins/social_cards/default_card.py

1200x630 (the size link previews ask for), in the site's colours: the name
and tagline in white on the dark blue, a turquoise band as in the header, and
the web address. The SVG below is rendered with vl-convert (already pinned for
the charts) and reduced to a 16-colour palette, so the PNG stays small. The
PNG is committed; run this again only when the design or the name changes,
and update SOCIAL_CARDS_DEFAULT_ALT to match.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

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


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _rgba_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGBA, non-interlaced PNG (what vl-convert writes)."""
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data)
            if (depth, colour, interlace) != (8, 6, 0):
                raise ValueError("expected an 8-bit RGBA PNG")
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw, stride, rows, previous = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - 4] if x >= 4 else 0
            up = previous[x]
            corner = previous[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (
                    line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def palette_png(png: bytes, levels: int = 16) -> bytes:
    """The image reduced to `levels` colours: blends of the background and the
    colour each pixel is nearest to, enough for flat shapes and smooth text."""
    width, height, rows = _rgba_rows(png)
    solid = [(0x12, 0x43, 0x6D), (0xFF, 0xFF, 0xFF), (0x28, 0xA1, 0x97), (0xF4, 0x6A, 0x25)]
    base, inks = solid[0], solid[1:]
    steps = (levels - 1) // len(inks)
    palette = [base] + [
        tuple(round(b + (c - b) * (i + 1) / steps) for b, c in zip(base, ink))
        for ink in inks
        for i in range(steps)
    ]
    cache: dict[tuple[int, int, int], int] = {}

    def nearest(rgb):
        if rgb not in cache:
            cache[rgb] = min(
                range(len(palette)),
                key=lambda i: sum((a - b) ** 2 for a, b in zip(rgb, palette[i])),
            )
        return cache[rgb]

    body = b"".join(
        b"\x00" + bytes(nearest(tuple(row[x : x + 3])) for x in range(0, width * 4, 4))
        for row in rows
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
        + _chunk(b"PLTE", b"".join(bytes(c) for c in palette))
        + _chunk(b"IDAT", zlib.compress(body, 9))
        + _chunk(b"IEND", b"")
    )


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
