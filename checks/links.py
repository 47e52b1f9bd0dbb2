"""Links: every internal reference on every page resolves, and so does its
#fragment. Pure logic over the output folder (lxml); no server needed.

Checked: href (a, area, link, SVG a/use/image, xlink:href), src, srcset,
poster, object data, og:image / og:url / twitter:image, url() and @import
in inline styles, <style> blocks and .css files. Internal means relative,
root-relative, or absolute on the site's own address (--site-url). A link to
127.0.0.1/localhost in a build that has a site address is a fault (a
development URL leaked into production). External links are counted, not
fetched. A fragment must name an id (or <a name>) in the target HTML or SVG
document; "#", "#top" and text fragments ("#:~:text=") always resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree

from checks.report import CheckResult, Fault
from checks.site import Page, is_editor, parse_html, path_to_file

LOCAL = "http://site.invalid"
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about", "sms", "geo", "urn"}
LOOPBACK_HOSTS = {"localhost", "0.0.0.0", "[::1]", "::1"}
META_URL_KEYS = {"og:image", "og:url", "og:image:url", "og:image:secure_url", "twitter:image"}
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


@dataclass(frozen=True)
class Ref:
    url: str
    where: str  # e.g. "<a href>", "<img srcset>", "css url()"


def _is_loopback(host: str) -> bool:
    host = host.lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


class SiteAddress:
    """Turns absolute URLs into site paths (or says they are external)."""

    def __init__(self, site_url: str | None = None):
        self.site_url = site_url.rstrip("/") if site_url else None
        parts = urlsplit(self.site_url or LOCAL)
        self.host = parts.netloc.lower()
        self.prefix = parts.path.rstrip("/")

    def url_for(self, path: str) -> str:
        return (self.site_url or LOCAL) + path

    def site_path(self, absolute: str) -> tuple[str, str | None]:
        """("internal", path) | ("loopback", path) | ("external", None)."""
        parts = urlsplit(absolute)
        host = parts.netloc.lower()
        path = parts.path or "/"
        if host == self.host or host == urlsplit(LOCAL).netloc:
            if self.prefix:
                if path != self.prefix and not path.startswith(self.prefix + "/"):
                    return "external", None
                path = path[len(self.prefix) :] or "/"
            return "internal", path
        hostname = (parts.hostname or "").lower()
        if _is_loopback(hostname) or _is_loopback(host):
            return "loopback", path
        return "external", None


def srcset_urls(value: str) -> list[str]:
    urls = []
    for candidate in value.split(","):
        candidate = candidate.strip()
        if candidate:
            urls.append(candidate.split()[0])
    return urls


def css_refs(text: str) -> list[str]:
    text = CSS_COMMENT.sub("", text)
    found = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(text)]
    found += [m.group(1) or m.group(2) for m in CSS_IMPORT.finditer(text)]
    return [u.strip() for u in found if u and u.strip() and not u.strip().startswith("#")]


def _one(value: str) -> list[str]:
    return [value]


# Attributes that hold URLs, and how to read them out of the value.
URL_ATTRIBUTES = {
    "href": _one,
    "xlink:href": _one,
    "src": _one,
    "poster": _one,
    "data": _one,  # on <object> only
    "srcset": srcset_urls,
    "imagesrcset": srcset_urls,
    "style": css_refs,
}
# <link rel> values that only ask the browser to connect early: no fetch.
CONNECT_HINTS = {"preconnect", "dns-prefetch"}


def _fetches(el, tag: str, name: str) -> bool:
    """Whether this URL attribute, on this element, points at something to fetch."""
    if name in ("href", "xlink:href"):
        rel = set((el.get("rel") or "").lower().split())
        return tag != "base" and not (tag == "link" and rel & CONNECT_HINTS)
    return name != "data" or tag == "object"


def _attribute_refs(el, tag: str) -> list[Ref]:
    refs: list[Ref] = []
    for attr, value in el.attrib.items():
        name = attr.rsplit("}", 1)[-1].lower() if attr.startswith("{") else attr.lower()
        read = URL_ATTRIBUTES.get(name)
        if read is not None and _fetches(el, tag, name):
            label = f"<{tag} {name}>" + (" url()" if name == "style" else "")
            refs += [Ref(url, label) for url in read(value)]
    return refs


def html_refs(doc) -> list[Ref]:
    refs: list[Ref] = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        refs += _attribute_refs(el, tag)
        if tag == "meta":
            key = (el.get("property") or el.get("name") or "").lower()
            if key in META_URL_KEYS and el.get("content"):
                refs.append(Ref(el.get("content"), f"<meta {key}>"))
        elif tag == "style" and el.text:
            refs += [Ref(u, "<style> url()") for u in css_refs(el.text)]
    return refs


def document_anchors(file: Path) -> set[str]:
    """ids (and <a name>s) in an HTML or SVG file."""
    if file.suffix.lower() == ".svg":
        try:
            tree = lxml.etree.parse(str(file))
        except lxml.etree.XMLSyntaxError:
            return set()
        return {v for v in tree.xpath("//@id")}
    doc = parse_html(file)
    if doc is None:
        return set()
    anchors = {v for v in doc.xpath("//@id")}
    anchors |= {el.get("name") for el in doc.iter("a") if el.get("name")}
    return anchors


def fragment_always_resolves(fragment: str) -> bool:
    return fragment == "" or fragment.lower() == "top" or fragment.startswith(":~:")


@dataclass
class LinkReport:
    internal: int = 0
    fragments: int = 0
    external: int = 0
    pages: int = 0
    stylesheets: int = 0
    faults: list[Fault] = field(default_factory=list)


class LinkChecker:
    def __init__(self, root: Path, site_url: str | None = None):
        self.root = Path(root)
        self.address = SiteAddress(site_url)
        self.strict_loopback = site_url is not None
        self._anchors: dict[Path, set[str]] = {}
        self.report = LinkReport()

    def anchors(self, file: Path) -> set[str]:
        if file not in self._anchors:
            self._anchors[file] = document_anchors(file)
        return self._anchors[file]

    def check_ref(self, source: str, base_url: str, ref: Ref, seen: set) -> None:
        raw = ref.url.strip()
        scheme = urlsplit(raw).scheme.lower()
        if scheme in SKIP_SCHEMES:
            return
        if scheme and scheme not in ("http", "https"):
            return
        absolute = urljoin(base_url, raw)
        where, path = self.address.site_path(absolute)
        if where == "external":
            self.report.external += 1
            return
        self.report.internal += 1
        key = (source, raw)
        if key in seen:
            return
        seen.add(key)
        if where == "loopback" and self.strict_loopback:
            self.report.faults.append(
                Fault(
                    "links",
                    source,
                    "loopback-link",
                    f"{raw} ({ref.where}) points at a local development address",
                )
            )
            return
        target = path_to_file(self.root, path)
        if target is None:
            self.report.faults.append(
                Fault("links", source, "broken-link", f"{raw} ({ref.where}): nothing at {path}")
            )
            return
        fragment = urlsplit(absolute).fragment
        if "#" not in raw:
            return
        self.report.fragments += 1
        fragment = unquote(fragment)
        if fragment_always_resolves(fragment):
            return
        if target.suffix.lower() not in (".html", ".htm", ".svg"):
            return
        if fragment not in self.anchors(target):
            self.report.faults.append(
                Fault(
                    "links",
                    source,
                    "broken-fragment",
                    f'{raw} ({ref.where}): no id "{fragment}" in {path}',
                )
            )

    def check_page(self, page: Page) -> None:
        doc = parse_html(page.file)
        if doc is None:
            return
        self.report.pages += 1
        base_url = self.address.url_for(page.path)
        base = doc.find(".//base[@href]")
        if base is not None:
            base_url = urljoin(base_url, base.get("href"))
        seen: set = set()
        for ref in html_refs(doc):
            self.check_ref(page.path, base_url, ref, seen)

    def check_stylesheet(self, file: Path) -> None:
        rel = "/" + file.relative_to(self.root).as_posix()
        self.report.stylesheets += 1
        text = file.read_text(encoding="utf-8", errors="replace")
        seen: set = set()
        for url in css_refs(text):
            self.check_ref(rel, self.address.url_for(rel), Ref(url, "css url()"), seen)


def check_links(root: Path, pages: list[Page], site_url: str | None = None) -> CheckResult:
    checker = LinkChecker(root, site_url)
    for page in pages:
        checker.check_page(page)
    for css in sorted(Path(root).rglob("*.css")):
        if not is_editor(css.relative_to(root).as_posix()):
            checker.check_stylesheet(css)
    r = checker.report
    summary = (
        f"{r.internal} internal links ({r.fragments} with #fragment) on {r.pages} pages"
        f" and {r.stylesheets} stylesheets, {len(r.faults)} broken"
        f" ({r.external} external not fetched)"
    )
    return CheckResult("links", summary, r.faults)
