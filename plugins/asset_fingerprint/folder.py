"""Fingerprint a built site in place: folder in, folder rewritten.

1. Find every subresource the HTML pages load (stylesheets, icons, images,
   scripts, chart files) and, through url()/@import, what the stylesheets
   load; keep those with a fingerprinted extension that exist in the folder.
2. Copy each to <folder>/<its path> with a content hash in its name
   (assets/theme/css/site.3f2a9c1b7d4e.css). A stylesheet is hashed after its
   own references are rewritten, so a changed image also renames the CSS.
3. Point the pages at the hashed copies (root-relative URLs).

The original files stay where they were, unchanged: feeds, shared links,
social cards and anything a script builds at run time keep working, and are
served with a short cache. Only the hashed copies are cached for a year.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .urls import (
    Site,
    css_references,
    document_folder,
    hashed_path,
    html_references,
    movable,
    relative,
    rewrite_css,
    rewrite_html,
    root_relative,
)

DEFAULT_FOLDER = "assets"
DEFAULT_EXTENSIONS = (
    "css",
    "js",
    "mjs",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "otf",
)
TEXT_EXTENSIONS = {"css", "svg", "js", "mjs"}


class FingerprintError(Exception):
    pass


@dataclass
class Report:
    hashed: dict[str, str] = field(default_factory=dict)  # site path -> hashed site path
    kept: dict[str, str] = field(default_factory=dict)  # site path -> why it kept its name
    pages: int = 0  # HTML files rewritten

    def summary(self, folder: str) -> str:
        text = (
            f"asset_fingerprint: {len(self.hashed)} files copied to {folder}/ with hashed "
            f"names; {self.pages} pages point at them"
        )
        if self.kept:
            text += "; kept their names: " + ", ".join(
                f"{p} ({why})" for p, why in sorted(self.kept.items())
            )
        return text


def _ext(path: str) -> str:
    return path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""


def _read_text(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError:
        return None


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def fingerprint_folder(
    root: str | Path, siteurl: str, *, folder: str = DEFAULT_FOLDER, extensions=DEFAULT_EXTENSIONS
) -> Report:
    root = Path(root)
    site = Site.parse(siteurl)
    extensions = {e.lower() for e in extensions}
    destination = root / folder
    if destination.exists():
        raise FingerprintError(
            f"asset_fingerprint: the output already has a '{folder}/' folder; hashed copies "
            f"would mix with it. Set ASSET_FINGERPRINT_FOLDER to a name the site does not use."
        )

    pages: dict[Path, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".html"):
                path = Path(dirpath) / name
                text = _read_text(path)
                if text is not None:
                    pages[path] = text

    def wanted(site_path: str) -> bool:
        return _ext(site_path) in extensions and (root / site_path).is_file()

    # 1. What the pages load, and what those stylesheets load in turn.
    report = Report()
    texts: dict[str, str | None] = {}
    queue = sorted(
        {
            ref
            for path, text in pages.items()
            for ref in html_references(text, _folder_of(root, path), site)
            if wanted(ref)
        }
    )
    found: set[str] = set()
    while queue:
        site_path = queue.pop()
        if site_path in found:
            continue
        found.add(site_path)
        ext = _ext(site_path)
        texts[site_path] = _read_text(root / site_path) if ext in TEXT_EXTENSIONS else None
        if ext == "css" and texts[site_path] is not None:
            queue += sorted(
                ref
                for ref in css_references(texts[site_path], document_folder(site_path), site)
                if wanted(ref) and ref not in found
            )

    candidates = set()
    for site_path in sorted(found):
        if _ext(site_path) in TEXT_EXTENSIONS and texts[site_path] is None:
            report.kept[site_path] = "not UTF-8 text"
        elif not movable(site_path, texts[site_path]):
            report.kept[site_path] = "loads other files by relative URL"
        else:
            candidates.add(site_path)

    # 2. Hashed copies, stylesheets after what they reference.
    contents: dict[str, bytes] = {}
    visiting: list[str] = []

    def hashed(site_path: str) -> str:
        if site_path in report.hashed:
            return report.hashed[site_path]
        if site_path in visiting:
            cycle = " -> ".join(visiting[visiting.index(site_path) :] + [site_path])
            raise FingerprintError(f"asset_fingerprint: stylesheets import each other: {cycle}")
        visiting.append(site_path)
        try:
            if _ext(site_path) == "css":
                text = texts[site_path]
                for ref in sorted(css_references(text, document_folder(site_path), site)):
                    if ref in candidates:
                        hashed(ref)
                new_folder = document_folder(hashed_path(site_path, "0" * 64, folder))

                def new_url(target: str) -> str:
                    return relative(report.hashed.get(target, target), new_folder)

                data = rewrite_css(text, document_folder(site_path), site, new_url).encode("utf-8")
            else:
                data = (root / site_path).read_bytes()
        finally:
            visiting.pop()
        digest = hashlib.sha256(data).hexdigest()
        report.hashed[site_path] = hashed_path(site_path, digest, folder)
        contents[site_path] = data
        return report.hashed[site_path]

    for site_path in sorted(candidates):
        hashed(site_path)

    for site_path, new_path in report.hashed.items():
        target = root / new_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(contents[site_path])

    # 3. Pages point at the copies.
    def page_url(target: str) -> str | None:
        new_path = report.hashed.get(target)
        return root_relative(new_path, site) if new_path else None

    for path, text in pages.items():
        new_text = rewrite_html(text, _folder_of(root, path), site, page_url)
        if new_text != text:
            _write_text(path, new_text)
            report.pages += 1
    return report


def _folder_of(root: Path, page: Path) -> str:
    return document_folder(page.relative_to(root).as_posix())
