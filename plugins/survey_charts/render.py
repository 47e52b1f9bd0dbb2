"""Render Vega-Lite specs with vl-convert, cache the results, tidy the SVG.

Rendering a chart takes a noticeable fraction of a second, so results are
cached on disk under a key made from the spec itself, the versions of
vl-convert, Vega and Vega-Lite, and this module's own version: an unchanged
chart is never rendered twice, and upgrading a renderer renders everything
again. Cache files are written atomically, so parallel builds can share them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import vl_convert as vlc
from lxml import etree

# Bump when the SVG tidying below changes, so cached SVGs are made again.
TIDY_VERSION = "3"
SVG_NS = "http://www.w3.org/2000/svg"


def vegalite_version() -> str:
    """The Vega-Lite version Altair pins, as vl-convert names it ('6.4')."""
    major, minor, *_ = alt.SCHEMA_VERSION.lstrip("v").split(".")
    return f"{major}.{minor}"


def renderer_versions() -> dict:
    return {
        "vl-convert": getattr(vlc, "__version__", "?"),
        "vega": vlc.get_vega_version(),
        "vega-lite": alt.SCHEMA_VERSION,
        "vega-embed": vlc.get_vega_embed_version(),
        "tidy": TIDY_VERSION,
    }


def spec_key(spec: dict, output: str) -> str:
    payload = json.dumps({"spec": spec, "output": output, "versions": renderer_versions()},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Renderer:
    """vl-convert behind a disk cache. `renders` counts real renders."""

    cache_dir: Path | None
    renders: int = 0
    hits: int = 0
    _memory: dict = field(default_factory=dict)

    def _cached(self, key: str, suffix: str, make):
        if key + suffix in self._memory:
            self.hits += 1
            return self._memory[key + suffix]
        path = self.cache_dir / f"{key[:2]}/{key}{suffix}" if self.cache_dir else None
        if path is not None and path.is_file():
            self.hits += 1
            data = path.read_bytes()
        else:
            self.renders += 1
            data = make()
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
        self._memory[key + suffix] = data
        return data

    def svg(self, spec: dict) -> str:
        """Tidied SVG markup (no ARIA yet: see `accessible_svg`)."""
        key = spec_key(spec, "svg")
        return self._cached(
            key, ".svg",
            lambda: tidy_svg(vlc.vegalite_to_svg(spec, vl_version=vegalite_version())).encode("utf-8"),
        ).decode("utf-8")

    def png(self, spec: dict, scale: float = 2.0) -> bytes:
        key = spec_key(spec, f"png@{scale}")
        return self._cached(key, ".png", lambda: vlc.vegalite_to_png(spec, vl_version=vegalite_version(), scale=scale))


_NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _round_numbers(value: str) -> str:
    def fix(match):
        text = f"{float(match.group(0)):.1f}"
        text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text

    return _NUMBER.sub(fix, value)


def tidy_svg(svg: str) -> str:
    """vl-convert's SVG, smaller: no classes or ARIA on every mark, no empty
    background paths, no redundant groups, fonts set once, numbers rounded."""
    root = etree.fromstring(svg.encode("utf-8"))
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        cls = element.get("class", "")
        if element.tag == f"{{{SVG_NS}}}path" and ("background" in cls or "foreground" in cls):
            if not element.get("fill") and not element.get("stroke") or "foreground" in cls:
                element.getparent().remove(element)
                continue
        for attribute in list(element.attrib):
            if attribute in ("class", "role", "version") or attribute.startswith("aria-"):
                del element.attrib[attribute]
        for attribute in ("d", "transform", "x", "y", "width", "height", "viewBox"):
            if attribute in element.attrib:
                element.set(attribute, _round_numbers(element.get(attribute)))
        if element.get("transform") in ("translate(0,0)", "translate(0, 0)"):
            del element.attrib["transform"]
    # Unwrap groups that carry nothing.
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
    # Fonts once, on the root, when every text agrees.
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    for attribute in ("font-family", "font-size"):
        values = {t.get(attribute) for t in texts}
        if texts and len(values) == 1 and None not in values:
            root.set(attribute, values.pop())
            for t in texts:
                del t.attrib[attribute]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def accessible_svg(svg: str, labelledby: str, describedby: str | None = None) -> str:
    """The SVG as an image with an accessible name (and description)."""
    root = etree.fromstring(svg.encode("utf-8"))
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
