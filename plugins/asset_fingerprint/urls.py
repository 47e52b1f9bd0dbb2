"""Pure URL logic for asset fingerprinting: strings in, strings out.

No files and no Pelican here (folder.py does the I/O), so every function can
be property-tested. Vocabulary:

- a *site path* is a file's place in the output folder, POSIX, without a
  leading slash: "theme/css/site.css";
- a *document folder* is the URL path of the folder a document is served
  from, below the site's root, with slashes at both ends: "/" for index.html
  and 404.html, "/about/" for about/index.html, "/theme/css/" for
  theme/css/site.css;
- a *site* is the parsed SITEURL: scheme, host and path prefix.

Rules (README, "Publishing"):
- HTML: only subresources (what a page loads: `src`, `srcset`, `poster`,
  `data` on <object>, SVG <image>/<use> `href`, and <link> `href` for
  stylesheets, icons and preloads) are rewritten, to root-relative URLs so the
  page loads them from whatever origin serves it (and the CSP's 'self'
  matches). Links people follow or share (<a href>, <link rel=alternate>,
  <meta content>) keep their stable names.
- CSS: `url()` and `@import` are rewritten relative to the stylesheet's new
  place, so it works under any host or prefix.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

HASH_LENGTH = 12
# Matches every name hashed_path() makes, and the nginx/_headers rules rely on
# hashed files living under one folder rather than on this pattern.
HASHED_NAME = re.compile(r"\.[0-9a-f]{%d}\.[A-Za-z0-9]+$" % HASH_LENGTH)


@dataclass(frozen=True)
class Site:
    """The parts of SITEURL that decide whether a URL points at this site."""

    scheme: str  # "https" or "" (no SITEURL: only root-relative and relative URLs are ours)
    host: str  # lower case, with any port: "www.thcvs.org.uk"
    prefix: str  # "" or "/sub/path" (no trailing slash)

    @classmethod
    def parse(cls, siteurl: str) -> Site:
        parts = urlsplit((siteurl or "").strip())
        return cls(parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"))


# -- names -------------------------------------------------------------------


def hashed_path(path: str, digest: str, folder: str) -> str:
    """Where the hashed copy of `path` goes:
    ("theme/css/site.css", "3f2a…", "assets") -> "assets/theme/css/site.3f2a9c1b7d4e.css".
    """
    head, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        raise ValueError(f"{path!r} has no file extension")
    new_name = f"{stem}.{digest[:HASH_LENGTH]}.{ext}"
    return posixpath.join(folder, head, new_name) if head else posixpath.join(folder, new_name)


def document_folder(site_path: str) -> str:
    """ "about/index.html" -> "/about/"; "index.html" -> "/"."""
    head = posixpath.dirname(site_path)
    return f"/{head}/" if head else "/"


# -- resolving ---------------------------------------------------------------

_SPLIT = re.compile(r"[?#]")


def _split_suffix(url: str) -> tuple[str, str]:
    """("a/b.css?v=1#x") -> ("a/b.css", "?v=1#x")."""
    match = _SPLIT.search(url)
    return (url[: match.start()], url[match.start() :]) if match else (url, "")


def _normalise(path: str) -> str:
    """Collapse "." and ".." the way a browser does ("/../a" -> "/a")."""
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    trailing = segments[-1] in (".", "..")
    return "/" + "/".join(out) + ("/" if trailing and out else "")


def resolve(url: str, folder: str, site: Site) -> str | None:
    """The site path `url` points at, seen from a document in `folder`, or
    None when it points elsewhere (another host, mailto:, data:, a fragment
    of the same document, a folder)."""
    url = url.strip(" \t\n\r\f")
    if not url or url.startswith("#") or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() != site.scheme or not site.scheme:
            return None
        if parts.netloc.lower() != site.host:
            return None
    elif parts.netloc or url.startswith("//"):
        if not site.host or parts.netloc.lower() != site.host:
            return None
    path = parts.path
    if not path:
        return None
    if parts.scheme or parts.netloc or path.startswith("/"):
        if site.prefix:
            if not (path == site.prefix or path.startswith(site.prefix + "/")):
                return None
            path = path[len(site.prefix) :]
        if not path.startswith("/"):
            path = "/" + path
    else:
        path = folder + path
    decoded = unquote(path)
    if "\x00" in decoded:
        return None
    normal = _normalise(decoded)
    if normal.endswith("/"):
        return None
    return normal.lstrip("/") or None


def _quote(path: str) -> str:
    # Percent-encode what could end an attribute value or an unquoted url()
    # (quotes, parentheses, '&', '=', spaces): the result needs no escaping.
    return quote(path, safe="/!$*+,;:@-._~")


def root_relative(site_path: str, site: Site) -> str:
    """ "assets/x.1.css" -> "/assets/x.1.css" (with SITEURL's path prefix)."""
    return site.prefix + "/" + _quote(site_path)


def relative(site_path: str, from_folder: str) -> str:
    """The relative URL from a document in `from_folder` to `site_path`."""
    rel = posixpath.relpath("/" + site_path, from_folder.rstrip("/") or "/")
    return _quote(rel)


def rewrite_url(url: str, folder: str, site: Site, new_url: Callable[[str], str | None]) -> str:
    """`url` with its path replaced by new_url(site path) when that gives
    one; query, fragment and surrounding spaces are kept as written."""
    target = resolve(url, folder, site)
    if target is None:
        return url
    replacement = new_url(target)
    if replacement is None:
        return url
    stripped = url.strip(" \t\n\r\f")
    lead = url[: len(url) - len(url.lstrip(" \t\n\r\f"))]
    trail = url[len(url.rstrip(" \t\n\r\f")) :]
    _, suffix = _split_suffix(stripped)
    return lead + replacement + suffix + trail


# -- srcset ------------------------------------------------------------------


def srcset_urls(value: str) -> list[tuple[int, int]]:
    """(start, end) of each image candidate's URL in a srcset value, found as
    the HTML standard's parser does (a URL is a run of non-spaces; trailing
    commas end a candidate; descriptors run to the next comma)."""
    spans = []
    i, n = 0, len(value)
    spaces = " \t\n\r\f"
    while i < n:
        while i < n and (value[i] in spaces or value[i] == ","):
            i += 1
        if i >= n:
            break
        start = i
        while i < n and value[i] not in spaces:
            i += 1
        end = i
        if value[end - 1] == ",":
            while end > start and value[end - 1] == ",":
                end -= 1
            if end > start:
                spans.append((start, end))
            continue
        spans.append((start, end))
        depth = 0
        while i < n:
            c = value[i]
            if c == "(":
                depth += 1
            elif c == ")" and depth:
                depth -= 1
            elif c == "," and not depth:
                i += 1
                break
            i += 1
    return spans


def rewrite_srcset(value: str, rewrite: Callable[[str], str]) -> str:
    out, last = [], 0
    for start, end in srcset_urls(value):
        out.append(value[last:start])
        out.append(rewrite(value[start:end]))
        last = end
    out.append(value[last:])
    return "".join(out)


# -- HTML --------------------------------------------------------------------

# <link rel=…> values whose href the page itself loads.
SUBRESOURCE_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "preload",
        "modulepreload",
        "prefetch",
    }
)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)


def _url_attributes(tag: str, attrs: dict[str, str]) -> dict[str, str]:
    """attribute name -> "url" or "srcset" for the subresources of one tag."""
    kinds = {"src": "url", "srcset": "srcset"}
    if tag == "link":
        rels = set((attrs.get("rel") or "").lower().split())
        if rels & SUBRESOURCE_RELS:
            kinds["href"] = "url"
            kinds["imagesrcset"] = "srcset"
    elif tag in ("image", "use", "feimage"):
        kinds["href"] = "url"
        kinds["xlink:href"] = "url"
    elif tag == "video":
        kinds["poster"] = "url"
    elif tag == "object":
        kinds["data"] = "url"
    return kinds


class _TagFinder(HTMLParser):
    """Start tags with where they begin (line, column) and their raw text;
    comments, <script> and <style> contents are skipped by HTMLParser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if text:
            self.tags.append((self.getpos(), tag, text, {k.lower(): (v or "") for k, v in attrs}))

    handle_startendtag = handle_starttag


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def html_references(text: str, folder: str, site: Site) -> set[str]:
    """Site paths of every subresource an HTML document loads."""
    found: set[str] = set()

    def note(target: str) -> None:
        found.add(target)
        return None

    rewrite_html(text, folder, site, note)
    return found


def rewrite_html(text: str, folder: str, site: Site, new_url: Callable[[str], str | None]) -> str:
    """The document with each subresource URL whose site path new_url()
    maps replaced by the mapped URL. Everything else is left byte for byte."""
    finder = _TagFinder()
    try:
        finder.feed(text)
        finder.close()
    except Exception:  # HTMLParser is lenient; never let odd markup stop a build
        return text
    base_folder = folder
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    for (line, column), tag, raw, attrs in finder.tags:
        offset = starts[line - 1] + column if line - 1 < len(starts) else -1
        if text[offset : offset + len(raw)] != raw:
            continue  # position mismatch: leave this tag alone
        if tag == "base" and attrs.get("href"):
            href = attrs["href"].strip()
            target_dir = _base_folder(href, folder, site)
            if target_dir is None:
                return text  # a <base> pointing elsewhere: relative URLs are not ours
            base_folder = target_dir
            continue
        kinds = _url_attributes(tag, attrs)
        name_end = len(tag) + 1
        for match in _ATTRIBUTE.finditer(raw, name_end):
            name = match.group("name").lower()
            kind = kinds.get(name)
            if kind is None:
                continue
            group = next((g for g in ("dq", "sq", "uq") if match.group(g) is not None), None)
            if group is None:
                continue
            value = match.group(group)
            new_value = _rewrite_attribute(value, kind, base_folder, site, new_url)
            if new_value != value:
                start, end = match.span(group)
                edits.append((offset + start, offset + end, new_value))
    if not edits:
        return text
    out, last = [], 0
    for start, end, new_value in sorted(edits):
        out.append(text[last:start])
        out.append(new_value)
        last = end
    out.append(text[last:])
    return "".join(out)


def _base_folder(href: str, folder: str, site: Site) -> str | None:
    """The document folder a <base href> sets, or None when it is elsewhere."""
    path, _ = _split_suffix(href)
    target = resolve(path + "x" if path.endswith("/") or not path else path, folder, site)
    return None if target is None else document_folder(target)


def _rewrite_attribute(
    raw: str, kind: str, folder: str, site: Site, new_url: Callable[[str], str | None]
) -> str:
    def one(url_raw: str) -> str:
        path_raw, suffix = _split_suffix(url_raw.strip(" \t\n\r\f"))
        path = html.unescape(path_raw)
        if _SPLIT.search(path):
            return url_raw  # an escaped "?" or "#" in the path: leave it as written
        result = rewrite_url(path, folder, site, new_url)
        if result == path:
            return url_raw
        lead = url_raw[: len(url_raw) - len(url_raw.lstrip(" \t\n\r\f"))]
        trail = url_raw[len(url_raw.rstrip(" \t\n\r\f")) :]
        return lead + result + suffix + trail

    if kind == "srcset":
        return rewrite_srcset(raw, one)
    return one(raw)


# -- CSS ---------------------------------------------------------------------

_CSS_TOKEN = re.compile(
    r"""(?P<comment>/\*.*?(?:\*/|\Z))"""
    r"""|(?P<url>\burl\(\s*(?:"(?P<udq>(?:[^"\\\n]|\\.)*)"|'(?P<usq>(?:[^'\\\n]|\\.)*)'|(?P<uraw>[^\s"'()\\]*))\s*\))"""
    r"""|(?P<import>@import\s+(?:"(?P<idq>(?:[^"\\\n]|\\.)*)"|'(?P<isq>(?:[^'\\\n]|\\.)*)'))"""
    r"""|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""",
    re.IGNORECASE | re.DOTALL,
)


def css_url_spans(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each URL in url() and @import, outside comments."""
    for match in _CSS_TOKEN.finditer(text):
        for group in ("udq", "usq", "uraw", "idq", "isq"):
            if match.group(group) is not None:
                yield match.span(group)
                break


def css_references(text: str, folder: str, site: Site) -> set[str]:
    found = set()
    for start, end in css_url_spans(text):
        target = resolve(text[start:end], folder, site)
        if target:
            found.add(target)
    return found


def rewrite_css(text: str, folder: str, site: Site, new_url: Callable[[str], str | None]) -> str:
    """The stylesheet with each url()/@import whose site path new_url() maps
    replaced. URLs with CSS escapes are left as written."""
    out, last = [], 0
    for start, end in css_url_spans(text):
        value = text[start:end]
        if "\\" in value:
            continue
        new_value = rewrite_url(value, folder, site, new_url)
        if new_value != value:
            out.append(text[last:start])
            out.append(new_value)
            last = end
    out.append(text[last:])
    return "".join(out)


# -- what may move -----------------------------------------------------------

_SVG_RELATIVE_REF = re.compile(
    r"""(?:\b(?:xlink:)?href\s*=\s*["']|\burl\(\s*["']?)(?![#"'\s)/]|[a-z][a-z0-9+.-]*:)""",
    re.IGNORECASE,
)
_JS_RELATIVE_IMPORT = re.compile(
    r"""(?:\bimport\b|\bfrom\b|\bimportScripts\b|\bWorker\b)\s*\(?\s*["'`]\.{1,2}/"""
)


def movable(path: str, text: str | None) -> bool:
    """Whether a copy of this file still works from another folder. SVG and
    JavaScript files that load other files by relative URL would break when
    moved, so they keep their names (CSS is rewritten instead)."""
    if text is None:
        return True
    ext = path.rpartition(".")[2].lower()
    if ext == "svg":
        return not _SVG_RELATIVE_REF.search(text)
    if ext in ("js", "mjs"):
        return not _JS_RELATIVE_IMPORT.search(text)
    return True
