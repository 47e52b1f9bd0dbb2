"""The site's policy for HTML that a writer types into a post or page. Pure:
no Pelican, no Markdown.

One allowlist, used twice:

- `Policy.inspect()` finds what is refused (embeds, scripts, styles, forms,
  code in attributes or addresses, pictures from other websites, tags that
  are not on the list), each with the reason in plain words and what to write
  instead: the build stops on these, naming the file and line;
- `Policy.clean()` is nh3 (the Ammonia sanitiser) with the same allowlist:
  what is allowed is reduced to the allowed tags, attributes and addresses,
  so anything the inspection did not see cannot reach a page either.

Attributes that are not on the list (class, id, target, width on a paragraph…)
are removed without a word: they change nothing a reader needs. Comments are
removed too, so a writer's note never reaches the published page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# The allowlist (docs/writing-posts.md, "Pasting HTML, embeds and widgets"): simple
# formatting, lists, tables, quotations, pictures from this site, links.
ALLOWED_TAGS = frozenset(
    {
        # words and phrases
        "a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark",
        "q", "s", "small", "span", "strong", "sub", "sup", "u", "wbr",
        # blocks (no <h1>: the title is the page's only top heading)
        "p", "div", "blockquote", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "details", "summary",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "img",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})

EMBED_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "video", "audio",
     "source", "track", "picture", "portal", "fencedframe"}
)  # fmt: skip
SCRIPT_TAGS = frozenset({"script", "noscript"})
FORM_TAGS = frozenset(
    {"form", "input", "button", "select", "textarea", "option", "optgroup", "fieldset",
     "legend", "label", "datalist", "output"}
)  # fmt: skip
HEAD_TAGS = frozenset({"html", "head", "body", "meta", "link", "base", "title"})
DRAWING_TAGS = frozenset({"svg", "math", "canvas"})

# Pelican's own link placeholders ({static}/images/x.png, {filename}/pages/a.md…)
# are addresses on this site.
_PLACEHOLDER = re.compile(r"^\{\w+\}")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

# The attribute the site's own charts and survey box use to say what feed
# readers get instead (feedgen_feeds): never the writer's to set.
FEED_REPLACE = "data-feed-replace"

CHART_HINT = "for survey results, use a ```chart block (docs/writing-charts.md)"


@dataclass(frozen=True)
class Finding:
    """One refused thing: `needle` is text as the writer typed it (to find
    its line in the file), `message` says what is wrong, why and what to do."""

    needle: str | tuple[str, ...]  # or several, tried in turn
    message: str


def shown(text: str, limit: int = 70) -> str:
    """A tag or address quoted in a message: on one line, and not too long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalised_url(value: str) -> str:
    """The address as a browser reads it: entities decoded, spaces and control
    characters gone (browsers ignore them inside 'java script:'), lower case."""
    return _INVISIBLE.sub("", html.unescape(value or "")).lower()


def scheme_of(value: str) -> str | None:
    match = _SCHEME.match(normalised_url(value))
    return match.group(1) if match else None


def _watch_url(src: str) -> str:
    """A page address for an embed's address: YouTube's embed player becomes
    the video's own page; other embeds are linked as they are."""
    match = re.match(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
    if match:
        return f"https://www.youtube.com/watch?v={match.group(1)}"
    return src


def _attr(attrs: Sequence[tuple[str, str | None]], name: str) -> str | None:
    for key, value in attrs:
        if key == name:
            return value or ""
    return None


@dataclass(frozen=True)
class Policy:
    """The allowlist, and the addresses this site counts as its own."""

    link_schemes: tuple[str, ...] = ("http", "https", "mailto", "tel")
    image_hosts: tuple[str, ...] = ()  # host names pictures may come from

    # -- what is refused ------------------------------------------------------------

    def inspect(self, fragment: str) -> list[Finding]:
        """Everything refused in a piece of the writer's raw HTML."""
        parser = _TagLister()
        parser.feed(fragment)
        parser.close()
        found: list[Finding] = []
        for name, attrs, text in parser.tags:
            found += self.inspect_tag(name, attrs, text)
        return found

    def inspect_tag(
        self,
        name: str,
        attrs: Sequence[tuple[str, str | None]],
        text: str,
        from_markdown: bool = False,
        words: str = "",
    ) -> list[Finding]:
        """One start tag. From Markdown (an element Markdown made, perhaps with
        an attribute list) only the attributes and addresses are checked: its
        tags are Markdown's own. `words`: a link's text, when known, for the
        example in the message."""
        name = name.lower()
        tag = shown(text)
        if not from_markdown and name not in ALLOWED_TAGS:
            return [Finding(text, self._refused_tag(name, attrs, tag))]
        found = []
        for key, value in attrs:
            key = key.lower()
            where = text if not from_markdown else _typed(key, value)
            if key.startswith("on"):
                found.append(
                    Finding(
                        where,
                        f"'{key}=' in {tag} runs code when a reader clicks or the page "
                        "loads, and this site runs no code written into posts. "
                        f'Delete {key}="…" from it.',
                    )
                )
            elif key == "style":
                found.append(Finding(where, _style(tag)))
            elif key == FEED_REPLACE:
                found.append(
                    Finding(
                        where,
                        f"'{FEED_REPLACE}=' in {tag} changes what feed readers and email "
                        "subscribers get instead of the page, where the preview does not "
                        "show it: only the site's own charts and survey box use it. "
                        f'Delete {FEED_REPLACE}="…" from it.',
                    )
                )
        href = _attr(attrs, "href") if name == "a" else None
        if href is not None and not self.link_allowed(href):
            found.append(Finding(href, self._bad_link(href, words)))
        src = _attr(attrs, "src") if name == "img" else None
        if src is not None and not self.picture_allowed(src):
            found.append(Finding(src, self._bad_picture(src, _attr(attrs, "alt") or "")))
        if name == "img" and not from_markdown and _attr(attrs, "alt") is None:
            example = src if src and self.picture_allowed(src) else "{static}/images/photo.jpg"
            found.append(
                Finding(
                    text,
                    f"{tag} has no alt text: describe the picture for people who "
                    "cannot see it, or write it in Markdown: "
                    f"![What the picture shows]({example}).",
                )
            )
        return found

    def link_allowed(self, href: str) -> bool:
        scheme = scheme_of(href)
        return scheme is None or scheme in self.link_schemes

    def picture_allowed(self, src: str) -> bool:
        url = normalised_url(src)
        if _PLACEHOLDER.match(src.strip()):
            return True
        scheme = scheme_of(src)
        if scheme is None and not url.startswith("//"):
            return True  # on this site: /images/x.png, images/x.png
        if scheme not in (None, "http", "https"):
            return False
        host = (urlsplit(url).hostname or "").lower()
        return bool(host) and host in self.image_hosts

    def _refused_tag(self, name: str, attrs, tag: str) -> str:
        if name in EMBED_TAGS:
            src = _attr(attrs, "src") or _attr(attrs, "data") or ""
            target = _watch_url(src) if scheme_of(src) in ("http", "https") else "https://…"
            return (
                f"{tag} is an embed: it loads another website inside the page, which "
                "would let that website see and track our readers, and the published "
                "site blocks it (this site loads nothing from other websites). Link to it "
                f"instead: [Watch or read it on the original site]({target}), or show a "
                "picture of it with a description: "
                f"![What the picture shows]({{static}}/images/picture.png); {CHART_HINT}."
            )
        if name in SCRIPT_TAGS:
            return (
                f"{tag} is a script: this site runs no code pasted into posts (a "
                "widget's script comes from another website, which would see and track "
                "our readers, and the published site blocks it). Link to the page the "
                "widget comes from instead: [Sign up to our newsletter](https://…)."
            )
        if name in FORM_TAGS:
            action = _attr(attrs, "action") or ""
            target = action if scheme_of(action) in ("http", "https") else "https://…"
            return (
                f"{tag} is part of a form: a form in a post would send what readers "
                "type to another website, and the published site blocks it. Link to "
                f"the form instead: [Fill in the form]({target})."
            )
        if name == "style":
            return _style(tag)
        if name in HEAD_TAGS:
            return f"{tag} belongs in the page's <head>, which the site's theme writes: delete it."
        if name in DRAWING_TAGS:
            return (
                f"{tag} is a drawing written in code, which posts cannot carry: save it "
                "as a picture (PNG or JPEG) in content/images/ and write "
                "![What the picture shows]({static}/images/picture.png); "
                f"{CHART_HINT}."
            )
        if name == "h1":
            return (
                f"{tag} makes a second top heading (the title is the page's only one): "
                "write headings in the text as '## A heading'."
            )
        return (
            f"{tag} is not HTML this site accepts in posts. Write it in Markdown "
            "instead: **bold**, *italic*, '## A heading', '- ' for a list, "
            "[link text](https://…) (docs/writing-posts.md, 'Pasting HTML, embeds and widgets', "
            "lists the HTML that is accepted)."
        )

    def _bad_link(self, href: str, words: str = "") -> str:
        scheme = scheme_of(href) or ""
        why = (
            "runs code instead of opening a page"
            if scheme in ("javascript", "vbscript")
            else "is not a web or email address"
        )
        return (
            f"the link to '{shown(href, 50)}' {why}: links may only go to "
            f"{', '.join(s + ':' for s in self.link_schemes)} addresses. Link to a web "
            f"page instead, such as [{shown(words, 40) or 'our website'}]"
            "(https://www.thcvs.org.uk/), or an email address, such as "
            "[email us](mailto:info@thcvs.org.uk)."
        )

    def _bad_picture(self, src: str, alt: str = "") -> str:
        url = normalised_url(src)
        if url.startswith("data:"):
            return (
                "this picture is written into the page as data: save it as a file in "
                "content/images/ and write "
                "![What the picture shows]({static}/images/picture.png)."
            )
        name = urlsplit(src).path.rsplit("/", 1)[-1] or "picture.png"
        return (
            f"the picture '{shown(src, 60)}' is on another website: loading it would "
            "let that website see who reads the post, and the published site blocks "
            f"it. Save the picture in content/images/ (as {name}) and write "
            f"![{shown(alt, 50) or 'What the picture shows'}]({{static}}/images/{name})."
        )

    # -- what is allowed, cleaned -----------------------------------------------------

    def clean(self, fragment: str, extra_tags: Iterable[str] = ()) -> str:
        """The fragment with only the allowed tags, attributes and addresses
        (`extra_tags`: more tags, without attributes, for markup the site's
        plugins made, such as a feed entry's <aside>)."""
        return nh3.clean(
            fragment,
            tags=set(ALLOWED_TAGS) | set(extra_tags),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(self.link_schemes),
            attribute_filter=self._keep_attribute,
            link_rel=None,
            strip_comments=True,
        )

    def clean_tag(self, tag: str) -> str:
        """One tag on its own, as Markdown keeps inline HTML ('<b>', then '</b>'):
        the cleaned tag, or '' for one that is not allowed."""
        match = re.match(r"^<\s*(/?)\s*([A-Za-z][\w:-]*)", tag)
        if not match:
            return "" if tag.lstrip().startswith("<") else tag  # comments; entities kept
        closing, name = match.group(1), match.group(2).lower()
        if name not in ALLOWED_TAGS:
            return ""
        if closing:
            return "" if name in VOID_TAGS else f"</{name}>"
        cleaned = self.clean(tag)
        end = f"</{name}>"
        return cleaned[: -len(end)] if cleaned.endswith(end) else cleaned

    def _keep_attribute(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and not self.picture_allowed(value):
            return None
        return value


def _style(tag: str) -> str:
    return (
        f"{tag} sets its own look: the look of every page comes from the site's "
        "theme, and the published site blocks styles written into a page, so it would "
        "show in the preview but not on the site. Delete it: for emphasis use **bold** "
        "or *italic*, for a heading '## A heading', or ask a developer for a new style."
    )


class _TagLister(HTMLParser):
    """Every start tag in a fragment: (name, attributes, the tag as typed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.get_starttag_text() or f"<{tag}>"))

    handle_startendtag = handle_starttag


def _typed(key: str, value: str | None) -> tuple[str, ...]:
    """How an attribute Markdown set may have been typed ({: onclick="…" })."""
    value = value or ""
    return (f'{key}="{value}"', f"{key}='{value}'", f"{key}={value}", key)


def line_of(lines: Sequence[str], needle: str | tuple[str, ...]) -> int | None:
    """The line (from 1) where the needle (its first line) first appears."""
    for one in (needle,) if isinstance(needle, str) else needle:
        first = one.strip().splitlines()[0].strip() if one.strip() else ""
        if not first:
            continue
        for compare in (str, str.lower):
            want = compare(first)
            for index, line in enumerate(lines):
                if want in compare(line):
                    return index + 1
    return None


def unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
