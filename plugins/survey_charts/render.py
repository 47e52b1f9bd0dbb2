"""Render Vega-Lite specs with vl-convert, cache the results, tidy the SVG.

Rendering a chart takes a noticeable fraction of a second, so results are
cached on disk under a key made from the spec itself, the versions of
vl-convert, Vega and Vega-Lite, and this module's own version: an unchanged
chart is never rendered twice, and upgrading a renderer renders everything
again. Cache files are written atomically, so parallel builds can share them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import vl_convert as vlc
from lxml import etree

from .record import PNG_SCALE

# Bump when the SVG tidying below changes, so cached SVGs are made again.
TIDY_VERSION = "3"
SVG_NS = "http://www.w3.org/2000/svg"


@functools.cache
def altair_versions() -> tuple[str, str]:
    """(Altair's version, the Vega-Lite schema version it pins, 'v6.4.1'),
    read from the installed package without importing Altair, which takes
    half a second (charts.py imports it only to build a spec that is not in
    the cache); if the files are not as expected, Altair is imported."""
    try:
        import importlib.util
        from importlib.metadata import version

        package = Path(importlib.util.find_spec("altair").origin).parent / "vegalite"
        major = re.search(
            r"^from \.(v\d+) import \*", (package / "__init__.py").read_text("utf-8"), re.M
        )
        schema = (package / major.group(1) / "schema" / "__init__.py").read_text("utf-8")
        pinned = re.search(r'^SCHEMA_VERSION = "(v[\d.]+)"', schema, re.M).group(1)
        return version("altair"), pinned
    except (AttributeError, ImportError, OSError, TypeError, ValueError):
        import altair as alt

        return alt.__version__, alt.SCHEMA_VERSION


def vegalite_version() -> str:
    """The Vega-Lite version Altair pins, as vl-convert names it ('6.4')."""
    major, minor, *_ = altair_versions()[1].lstrip("v").split(".")
    return f"{major}.{minor}"


def renderer_versions() -> dict:
    return {
        "vl-convert": getattr(vlc, "__version__", "?"),
        "vega": vlc.get_vega_version(),
        "vega-lite": altair_versions()[1],
        "vega-embed": vlc.get_vega_embed_version(),
        "tidy": TIDY_VERSION,
    }


@functools.cache
def spec_code_version() -> str:
    """A digest of the code that turns a table into a spec: charts.py, the
    font widths it lays text out with, the disclosure rules its labels use,
    and Altair's version."""
    from survey_data import disclosure

    digest = hashlib.sha256(altair_versions()[0].encode("utf-8"))
    here = Path(__file__).parent
    for path in (here / "charts.py", here / "font_metrics.py", Path(disclosure.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def spec_key(spec: dict, output: str) -> str:
    payload = json.dumps(
        {"spec": spec, "output": output, "versions": renderer_versions()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Renderer:
    """vl-convert behind a disk cache. `renders` counts real renders."""

    cache_dir: Path | None
    renders: int = 0
    hits: int = 0
    _memory: dict = field(default_factory=dict)

    def _cached(self, key: str, suffix: str, make, count: bool = True):
        if key + suffix in self._memory:
            self.hits += count
            return self._memory[key + suffix]
        path = self.cache_dir / f"{key[:2]}/{key}{suffix}" if self.cache_dir else None
        if path is not None and path.is_file():
            self.hits += count
            data = path.read_bytes()
        else:
            self.renders += count
            data = make()
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
        self._memory[key + suffix] = data
        return data

    def spec(self, make, *inputs) -> dict:
        """The Vega-Lite spec `make()` returns, kept in the cache like the
        renders: building an Altair chart and validating its to_dict() takes
        about 0.1 s a chart, most of a warm build's chart time. The key is the
        repr of `inputs` (frozen dataclasses and strings: the table, kind,
        group, layout...) and the code that turns them into a spec
        (spec_code_version), so a changed table, option or chart code makes
        the spec again. Not counted in `renders`/`hits`."""
        payload = repr((inputs, spec_code_version()))
        key = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        data = self._cached(
            key,
            ".spec.json",
            lambda: json.dumps(make(), ensure_ascii=False).encode("utf-8"),
            count=False,
        )
        return json.loads(data)

    def svg(self, spec: dict) -> str:
        """Tidied SVG markup (no ARIA yet: see `accessible_svg`)."""
        key = spec_key(spec, "svg")
        return self._cached(
            key,
            ".svg",
            lambda: tidy_svg(vlc.vegalite_to_svg(spec, vl_version=vegalite_version())).encode(
                "utf-8"
            ),
        ).decode("utf-8")

    def png(self, spec: dict, scale: float = float(PNG_SCALE)) -> bytes:
        key = spec_key(spec, f"png@{scale}/palette")
        return self._cached(
            key,
            ".png",
            lambda: smaller_png(
                vlc.vegalite_to_png(spec, vl_version=vegalite_version(), scale=scale)
            ),
        )


def smaller_png(data: bytes) -> bytes:
    """The same picture in fewer bytes. vl-convert writes 32-bit RGBA with
    light compression; a chart is opaque (white background) and has a few
    dozen colours (146 at most in the 2025 charts), so it is stored with a
    palette: pixel for pixel the same image (checked here), about a fifth of
    the size. A picture with more than 256 colours, or any transparency,
    keeps its colours and is only compressed harder (deflate_png)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgba = image.convert("RGBA")
        if rgba.getchannel("A").getextrema() != (255, 255):
            return deflate_png(data)
        rgb = rgba.convert("RGB")
        if rgb.getcolors(256) is None:
            return deflate_png(data)
        # With 256 colours or fewer, maximum coverage keeps every one exactly.
        indexed = rgb.quantize(256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
        if indexed.convert("RGB").tobytes() != rgb.tobytes():  # never a changed pixel
            return deflate_png(data)
        out = io.BytesIO()
        indexed.save(out, "PNG", optimize=True)
        packed = out.getvalue()
    except (OSError, ValueError):
        return deflate_png(data)
    return packed if len(packed) < len(data) else deflate_png(data)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def deflate_png(data: bytes) -> bytes:
    """The same PNG, pixel for pixel, compressed harder: vl-convert writes
    its image data with light compression, and a chart's PNG comes out at
    about a quarter of the size at zlib's level 9 (bench/RESULTS.md). Only
    the image data chunks change; anything unexpected returns `data` as is."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data
    chunks, idat, first_idat, pos = [], [], None, 8
    while pos + 12 <= len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IDAT":
            if first_idat is None:
                first_idat = len(chunks)
            idat.append(body)
        else:
            chunks.append((kind, body))
    if first_idat is None or not chunks or chunks[-1][0] != b"IEND":
        return data
    try:
        packed = zlib.compress(zlib.decompress(b"".join(idat)), 9)
    except zlib.error:
        return data
    if len(packed) >= sum(len(body) for body in idat):
        return data
    out = [data[:8]]
    for index, (kind, body) in enumerate(chunks):
        if index == first_idat:
            out.append(_png_chunk(b"IDAT", packed))
        out.append(_png_chunk(kind, body))
    return b"".join(out)


_NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _round_numbers(value: str) -> str:
    def fix(match):
        text = f"{float(match.group(0)):.1f}"
        text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text

    return _NUMBER.sub(fix, value)


_DROPPED_ATTRIBUTES = ("class", "role", "version")
_ROUNDED_ATTRIBUTES = ("d", "transform", "x", "y", "width", "height", "viewBox")
_IDENTITY = ("translate(0,0)", "translate(0, 0)")


def _is_empty_backdrop(element) -> bool:
    """vl-convert's foreground paths, and background paths that paint nothing."""
    if element.tag != f"{{{SVG_NS}}}path":
        return False
    cls = element.get("class", "")
    unpainted = not element.get("fill") and not element.get("stroke")
    return "foreground" in cls or ("background" in cls and unpainted)


def _tidy_element(element) -> None:
    if _is_empty_backdrop(element):
        element.getparent().remove(element)
        return
    for name in list(element.attrib):
        if name in _DROPPED_ATTRIBUTES or name.startswith("aria-"):
            del element.attrib[name]
    for name in _ROUNDED_ATTRIBUTES:
        if name in element.attrib:
            element.set(name, _round_numbers(element.get(name)))
    if element.get("transform") in _IDENTITY:
        del element.attrib["transform"]


def _unwrap_bare_groups(root) -> None:
    """Groups that carry no attribute give their children to their parent."""
    changed = True
    while changed:
        changed = False
        for group in list(root.iter(f"{{{SVG_NS}}}g")):
            parent = group.getparent()
            if parent is None or group.attrib:
                continue
            index = parent.index(group)
            for offset, child in enumerate(list(group)):
                parent.insert(index + offset, child)
            parent.remove(group)
            changed = True


def _fonts_once(root) -> None:
    """Font family and size on the root, when every text agrees."""
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    for name in ("font-family", "font-size"):
        values = {t.get(name) for t in texts}
        if texts and len(values) == 1 and None not in values:
            root.set(name, values.pop())
            for t in texts:
                del t.attrib[name]


def tidy_svg(svg: str) -> str:
    """vl-convert's SVG, smaller: no classes or ARIA on every mark, no empty
    background paths, no redundant groups, fonts set once, numbers rounded."""
    root = etree.fromstring(svg.encode("utf-8"))
    for element in list(root.iter()):
        if isinstance(element.tag, str):
            _tidy_element(element)
    _unwrap_bare_groups(root)
    _fonts_once(root)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def accessible_svg(
    svg: str, labelledby: str, describedby: str | None = None, css_class: str = ""
) -> str:
    """The SVG as an image with an accessible name (and description)."""
    root = etree.fromstring(svg.encode("utf-8"))
    if css_class:
        root.set("class", css_class)
    root.set("role", "img")
    root.set("aria-labelledby", labelledby)
    if describedby:
        root.set("aria-describedby", describedby)
    root.set("focusable", "false")
    return etree.tostring(root, encoding="unicode")


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed at the versions Altair pins, from
    vl-convert (no network): sets window.vegaEmbed."""
    return vlc.javascript_bundle(vl_version=vegalite_version())
