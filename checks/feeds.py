"""Feeds: what every entry carries to feed readers and RSS-to-email tools.

The pages are checked in a browser under the site's Content-Security-Policy;
a feed entry is not: a feed reader or an email shows it with no policy at all.
So every feed in the build (Atom `*.atom.xml`, RSS `*.rss.xml`, JSON Feed
`feeds/**/*.json`) is parsed, and the HTML of every entry's content and
summary (JSON Feed: content_html) must carry none of these (each a fault, rule in brackets):

- [feed-code] a script, style, link, frame, object, embed, SVG or MathML
  element, or an on…= event handler;
- [feed-code-address] a javascript:, vbscript:, data: or file: address in any
  attribute that holds one (href, src, srcset, action, formaction, poster…);
- [feed-base] a <base> element; [feed-refresh] a <meta> (refresh or other);
- [feed-form] a form or form control, or a formaction;
- [feed-outside-picture] a picture (img src/srcset, poster, background) from
  any host but the site's own (--site-url): a tracking pixel.

Pure logic over the output folder (lxml, json); no server needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from checks.report import CheckResult, Fault
from checks.site import file_to_path

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CODE_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
             "svg", "math", "noscript", "template", "portal", "link"}  # fmt: skip
FORM_TAGS = {"form", "input", "button", "select", "textarea", "option", "label", "fieldset"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "background",
                  "cite", "data", "xlink:href", "longdesc", "ping", "lowsrc"}  # fmt: skip
PICTURE_ATTRIBUTES = {"src", "srcset", "poster", "background", "lowsrc"}
CODE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


@dataclass(frozen=True)
class Fragment:
    """One piece of entry HTML: which feed, which entry, which field."""

    feed: str  # site path, e.g. /feeds/all.atom.xml
    entry: str  # the entry's title (or id)
    field: str  # content, summary, content_html…
    html: str


def find_feeds(root: Path) -> list[Path]:
    root = Path(root)
    found = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and (
            p.name.endswith((".atom.xml", ".rss.xml"))
            or (p.suffix == ".json" and "feeds" in p.relative_to(root).parts[:-1])
        )
    ]
    return found


def _xml_fragments(path: Path, feed: str) -> list[Fragment]:
    tree = lxml.etree.parse(
        str(path), lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    )
    root = tree.getroot()
    out = []
    for entry in root.iter(f"{ATOM}entry"):
        title = entry.findtext(f"{ATOM}title") or entry.findtext(f"{ATOM}id") or "?"
        for name in ("content", "summary"):
            for element in entry.findall(f"{ATOM}{name}"):
                if element.get("type") == "xhtml":
                    html = "".join(
                        lxml.etree.tostring(child, encoding="unicode") for child in element
                    )
                else:
                    html = element.text or ""
                out.append(Fragment(feed, title, name, html))
    for item in root.iter("item"):
        title = item.findtext("title") or item.findtext("guid") or "?"
        for name in ("description", CONTENT):
            for element in item.findall(name):
                field = "content:encoded" if name == CONTENT else name
                out.append(Fragment(feed, title, field, element.text or ""))
    return out


def _json_fragments(path: Path, feed: str) -> list[Fragment]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return []
    out = []
    for item in data.get("items") or []:
        title = str(item.get("title") or item.get("id") or "?")
        # (summary and content_text are plain text: a reader shows them as text)
        if isinstance(item.get("content_html"), str):
            out.append(Fragment(feed, title, "content_html", item["content_html"]))
    return out


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return [value]


def _scheme_is_code(url: str) -> bool:
    squeezed = "".join(ch for ch in url if ch > " ").lower()
    return squeezed.startswith(CODE_SCHEMES)


def fragment_problems(html: str, site_host: str | None) -> list[tuple[str, str]]:
    """(rule, what) for one piece of entry HTML."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in CODE_TAGS:
            found.append(("feed-code", f"a <{tag}> element"))
        elif tag == "base":
            found.append(("feed-base", "a <base> element, which changes where every link goes"))
        elif tag == "meta":
            what = (
                "a refresh, which sends readers to another address"
                if ((element.get("http-equiv") or "").lower() == "refresh")
                else "a <meta> element"
            )
            found.append(("feed-refresh", what))
        elif tag in FORM_TAGS:
            found.append(("feed-form", f"a <{tag}> element"))
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(("feed-code", f"an event handler {name}= on <{tag}>"))
            if name == "formaction":
                found.append(("feed-form", f"formaction= on <{tag}>"))
            if name not in URL_ATTRIBUTES:
                continue
            for url in _urls(name, value):
                if _scheme_is_code(url):
                    found.append(("feed-code-address", f"<{tag} {name}> is {url[:40]!r}"))
                elif name in PICTURE_ATTRIBUTES and (tag != "a"):
                    host = (urlsplit(url.strip()).hostname or "").lower()
                    if host and host != site_host:
                        found.append(
                            (
                                "feed-outside-picture",
                                f"<{tag} {name}> loads a picture from {host}, which would "
                                "see who reads the entry",
                            )
                        )
    return found


def check_feeds(root: Path, site_url: str | None) -> CheckResult:
    root = Path(root)
    site_host = (urlsplit(site_url).hostname or "").lower() if site_url else None
    faults, fragments, unreadable = [], [], []
    feeds = find_feeds(root)
    for path in feeds:
        feed = file_to_path(path.relative_to(root))
        try:
            if path.suffix == ".json":
                fragments += _json_fragments(path, feed)
            else:
                fragments += _xml_fragments(path, feed)
        except (lxml.etree.XMLSyntaxError, ValueError) as exc:
            unreadable.append(feed)
            faults.append(Fault("feeds", feed, "feed-unreadable", f"cannot be read: {exc}"))
    for fragment in fragments:
        for rule, what in fragment_problems(fragment.html, site_host):
            faults.append(
                Fault(
                    "feeds",
                    fragment.feed,
                    rule,
                    f"entry {fragment.entry!r}, {fragment.field}: {what}",
                )
            )
    entries = len({(f.feed, f.entry) for f in fragments})
    summary = f"{len(feeds)} feeds, {entries} entries, {len(faults)} faults"
    return CheckResult("feeds", summary, faults)
