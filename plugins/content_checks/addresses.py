"""Links and pictures written as an address on this site ('/about-us/',
'/images/x.jpg'), checked against the addresses the build will really have.

Only Pelican knows those, once every generator has read the content: the
glue (__init__.py) collects them into a `SiteAddresses` and asks
`address_problems` about each post and page. Pure: no Pelican here.
"""

from __future__ import annotations

import difflib
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .body import kind_of, links, path_of
from .metadata import Document

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
# Folders the theme and the plugins write into, outside the content: an
# address under one of these is theirs to get right, not the writer's.
GENERATED_FOLDERS = frozenset({"feeds", "theme", "assets", "pagefind", "charts"})


def normal(address: str) -> str:
    """'/about/', 'about', '/about/index.html' all as 'about'."""
    path = urllib.parse.unquote(path_of(address)).strip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    return path


@dataclass
class SiteAddresses:
    """Every address this build writes, and which content file each page comes from."""

    known: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)  # address -> file under content/
    generated: frozenset[str] = GENERATED_FOLDERS

    def add(self, *addresses: str, source: str | None = None) -> None:
        for address in addresses:
            if address:
                self.known.add(normal(address))
                if source:
                    self.sources[normal(address)] = source

    def has(self, address: str) -> bool:
        path = normal(address)
        if path in self.known:
            return True
        return path.split("/", 1)[0] in self.generated

    def closest_source(self, address: str) -> str | None:
        """The post or page whose address or file name is most like `address`."""
        names: dict[str, str] = {}
        for known, source in self.sources.items():
            for name in (known, _last_word(known), _last_word(source)):
                names.setdefault(name, source)
        wanted = normal(address)
        for name in (wanted, _last_word(wanted)):
            close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
            if close:
                return names[close[0]]
        return None


def _last_word(path: str) -> str:
    """'pages/about.html' -> 'about'; '2026/11/winter-fair' -> 'winter-fair'."""
    return path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]


def generated_folders(settings_values: Iterable[tuple[str, object]]) -> frozenset[str]:
    """The first folder of each output path a setting names (SURVEY_CHARTS_OUTPUT_PATH =
    'charts', THEME_STATIC_DIR = 'theme', SITE_SEARCH_PAGE_URL = 'search/'), with the
    folders the plugins always write."""
    found = set(GENERATED_FOLDERS)
    for name, value in settings_values:
        if not isinstance(value, str) or not name.endswith(("_PATH", "_DIR", "_URL", "_SAVE_AS")):
            continue
        if name in ("PATH", "OUTPUT_PATH", "CACHE_PATH", "SITEURL") or name.startswith("SITE_DEV"):
            continue
        first = value.strip("/").split("/", 1)[0]
        if first and "{" not in first and ":" not in value and not value.startswith("/"):
            found.add(first)
    return frozenset(found)


def address_problems(doc: Document, site: SiteAddresses) -> Iterator[tuple[int, str]]:
    """(line, message) for each '/…' link or picture with nothing at its address."""
    for link in links(doc):
        if kind_of(link.target) != "site" or site.has(link.target):
            continue
        if link.image or path_of(link.target).lower().endswith(IMAGE_SUFFIXES):
            name = urllib.parse.unquote(path_of(link.target)).rsplit("/", 1)[-1]
            text = link.text or "A description of the picture"
            yield (
                link.line,
                f"shows the picture '{link.target}', but this site has no picture at that "
                f"address. Put the picture in content/images/ and write "
                f"![{text}]({{static}}/images/{name}).",
            )
            continue
        source = site.closest_source(link.target) or "pages/FILE-NAME.md"
        text = link.text or "link text"
        yield (
            link.line,
            f"links to '{link.target}', but this site has no page at that address. To link to "
            "a post or page, use its file name, so the link keeps working if its address "
            f"changes: [{text}]({{filename}}/{source}).",
        )
