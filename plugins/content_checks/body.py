"""The text of a post below its fields, as the checks need to see it: line by
line outside fenced blocks (```chart blocks and code), and the links and
pictures it has, each with its line number.

Pure functions over a parsed `Document` (metadata.parse); no Pelican.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .metadata import Document

_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
# [text](target "title") and ![alt](target): the target up to a space or ")".
_INLINE = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^\s)>]*)>?[^)]*\)")
# [id]: target
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?P<text>[^\]]+)\]:\s*<?(?P<target>[^\s>]+)>?")
# <a href="…">, <img src="…" alt="…">
_HTML_ATTR = re.compile(
    r"<(?P<tag>a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"'](?P<target>[^\"']*)[\"']"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    line: int
    text: str  # the link text, or a picture's description (alt text)
    target: str
    image: bool
    written: str  # as the writer wrote it, for messages


def prose_lines(doc: Document) -> Iterator[tuple[int, str]]:
    """(line number, line) for each body line outside fenced blocks."""
    fence = None
    for number in range(doc.body_start, len(doc.lines) + 1):
        line = doc.lines[number - 1]
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match["fence"]
                continue
            yield number, line
        elif match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
            fence = None


def links(doc: Document) -> Iterator[Link]:
    """Every Markdown link and picture, and every HTML <a href> and <img src>."""
    for number, line in prose_lines(doc):
        for match in _INLINE.finditer(line):
            yield Link(number, match["text"], match["target"], bool(match["image"]), match.group(0))
        match = _REFERENCE.match(line)
        if match:
            yield Link(number, match["text"], match["target"], False, match.group(0).strip())
        for match in _HTML_ATTR.finditer(line):
            alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", match.group(0))
            yield Link(
                number,
                alt.group(1) if alt else "",
                match["target"],
                match["tag"] == "img",
                match.group(0) + ">",
            )


def kind_of(target: str) -> str:
    """'site' for an address on this site written as a path from its root
    ('/about-us/'), 'relative' for a path from the page's own address
    ('images/x.jpg', 'about.md'), and 'other' for everything else: a web
    address, mail link, '#part' of the same page, or a {filename}/{static} link
    (checked elsewhere)."""
    if not target or target.startswith(("#", "{", "|", "//")) or _SCHEME.match(target):
        return "other"
    if target.startswith("/"):
        return "site"
    return "relative"


def path_of(target: str) -> str:
    """The address without its '#part' or '?query'."""
    return re.split(r"[#?]", target, maxsplit=1)[0]
