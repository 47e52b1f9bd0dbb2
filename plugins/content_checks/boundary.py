"""What a post may publish: the content boundary.

Anyone with a writer's account can put files into content/, so the build
publishes only what a post is meant to publish:

- pictures and documents, by an allowlist of file types (PUBLISHABLE): never
  a script, a web page or an SVG (which can carry a script) that would run
  on the site under its own address;
- nothing under the survey data folder (content/data/): the raw answers are
  read by survey_data, and only the findings' disclosure-controlled charts
  and tables are published;
- nothing outside content/: no `{static}` link that climbs out of it, no
  link (symlink) that leads out of it.

Pure: paths in, (file, line, message) out; the Pelican glue is in __init__.py.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from pathlib import Path

PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
PUBLISHABLE = PICTURES + DOCUMENTS

ALLOWED_SAID = (
    f"pictures ({', '.join(s.lstrip('.') for s in PICTURES)}) and documents "
    f"({', '.join(s.lstrip('.') for s in DOCUMENTS)})"
)


def inside(path: Path, folder: Path) -> bool:
    """Is `path` (resolved: every symlink followed) `folder` or under it?"""
    real, root = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real == root or root in real.parents


def refusal(path: Path, content_root: Path, data_folder: str, static: bool) -> str | None:
    """Why the file at `path` may not be published, or None if it may.
    `static`: it would be copied as it is (a picture or document), not read
    as a post or page."""
    root = Path(os.path.realpath(content_root))
    real = Path(os.path.realpath(path))
    if os.path.islink(path) and not os.path.exists(path):
        return (
            "is a link (a shortcut) to a file that is not there. Delete it, and put the file "
            "itself in the content folder."
        )
    if not inside(real, root):
        if os.path.islink(path) or inside(Path(os.path.abspath(path)), root):
            return (
                "is a link (a shortcut) to something outside the content folder, which is "
                "never published. Put the file itself in the content folder instead."
            )
        return (
            "is outside the content folder: only files inside content/ can be published. "
            "Put the file in content/images/ and link to it from there."
        )
    if data_folder and inside(real, root / data_folder):
        return (
            f"is in the survey data folder (content/{data_folder}/), which is never published: "
            "the raw answers would show what disclosure control hides. Link to the findings "
            "instead; each chart offers its own table to download."
        )
    if static and real.suffix.lower() not in PUBLISHABLE:
        kind = f"a {real.suffix.lower()} file" if real.suffix else "a file with no type"
        return (
            f"is {kind}, which this site does not publish: only {ALLOWED_SAID} can be "
            "put in content/ for readers. Save a picture as PNG or JPEG, a document as PDF."
        )
    return None


def readable_name(path) -> str:
    """A path as text a console can show: a byte of a file name that is not
    UTF-8 (kept by Python as a lone surrogate) shown as '?'."""
    return os.fsencode(path).decode("utf-8", "replace").replace("\ufffd", "?")


def _name_refusal(name: str) -> str | None:
    if readable_name(name) == name:
        return None
    stem, dot, suffix = readable_name(name).rpartition(".")
    words = "-".join(re.findall(r"[a-z0-9]+", (stem if dot else suffix).lower())) or "new-name"
    better = f"{words}.{suffix.lower()}" if dot else words
    return (
        "has a name with a character that is not UTF-8 text (shown here as '?'), which would "
        "make a broken web address. Rename it with small letters, numbers and hyphens only, "
        f"such as '{better}'."
    )


def _loop_refusal(folder: Path) -> str | None:
    """A link to a folder that holds it: Pelican (which follows links to
    folders) would go round it again and again."""
    if not os.path.islink(folder):
        return None
    target = Path(os.path.realpath(folder))
    here = Path(os.path.realpath(folder.parent))
    if target == here or target in here.parents:
        return (
            "is a link (a shortcut) to a folder it is itself in, so the build would go round "
            "it again and again. Delete the shortcut."
        )
    return None


def _ignored(name: str, patterns) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def folder_refusals(
    content_root: Path,
    folders,
    *,
    data_folder: str,
    static: bool,
    ignore=(),
) -> Iterator[tuple[Path, str]]:
    """(file, reason) for each file under these content folders that Pelican
    would read or copy and may not be published. Walks as Pelican does (it
    follows links to folders), but never into a link that leads out of the
    content folder: that link is itself refused."""
    root = Path(content_root)
    for folder in folders:
        start = root / folder
        if not start.exists() and not start.is_symlink():
            continue
        if start.is_symlink() or start.is_file():
            reason = refusal(start, root, data_folder, static and start.is_file())
            if reason:
                yield start, reason
            if start.is_file() or reason:
                continue
        for here, dirs, files in os.walk(start, followlinks=True):
            here_path = Path(here)
            kept = []
            for name in sorted(dirs):
                if _ignored(name, ignore):
                    continue
                reason = (
                    _name_refusal(name)
                    or _loop_refusal(here_path / name)
                    or refusal(here_path / name, root, data_folder, False)
                )
                if reason:
                    yield here_path / name, reason
                else:
                    kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                if _ignored(name, ignore):
                    continue
                reason = _name_refusal(name) or refusal(here_path / name, root, data_folder, static)
                if reason:
                    yield here_path / name, reason
