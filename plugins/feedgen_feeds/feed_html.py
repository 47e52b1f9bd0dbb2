"""Turn a page's HTML into HTML that works in a feed reader or an email.

Feed readers and RSS-to-email tools run no JavaScript, do not know the page's
address and drop much of HTML5. So in a feed entry:
- an element carrying data-feed-replace="<escaped HTML>" is replaced by that
  HTML ("" removes it): a page's box that needs a browser says what it needs
  to in a feed. A chart's SVG box carries its PNG, with the chart's
  description as alt text, and a link to the chart on the page
  (survey_charts); the survey call to action placed with {survey} carries a
  plain paragraph (survey_cta);
- every URL is absolute (href, src, srcset, poster), whatever the writer typed;
- <details> is opened out (its <summary> becomes a bold line), and <script>,
  <style>, <iframe>, <noscript>, <template>, <svg>, inline styles, event
  handlers and data- attributes are removed;
- control characters, which XML forbids, are stripped;
- last, the result is cleaned with the pages' own allowlist (html_policy's
  Policy.clean, nh3): whatever the replacements or the post carried, no
  script, event handler, style, form, <base>, <meta> refresh, javascript: or
  data: address, or picture from anywhere but the site itself (and the hosts
  HTML_POLICY_IMAGE_HOSTS allows on pages) reaches a feed or an email.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from html_policy.policy import Policy
from lxml import etree

# Characters XML 1.0 forbids (tab, newline and carriage return are allowed).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_LEFT_ALONE = ("mailto:", "tel:")
# The plugins' own markup in an entry that the pages' allowlist has no need
# for in posts (the survey method box is an <aside>): kept, without attributes.
_FEED_EXTRA_TAGS = ("aside", "section")
_DROPPED = ("script", "style", "iframe", "noscript", "template", "object", "embed", "form")
_DROPPED_XPATH = "//*[local-name()='svg'] | //" + " | //".join(_DROPPED)


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text or "")


def plain_text(html: str) -> str:
    """The words of an HTML fragment, as plain text on one line: for fields
    that are text, not HTML (JSON Feed's `summary`). Entities are decoded;
    what a <script> or <style> holds is not text."""
    if not (html or "").strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath("//script | //style"):
        element.drop_tree()
    return " ".join(strip_control(root.text_content()).split())


def absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            parts[0] = urljoin(base, parts[0])
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _replace_for_feed(element, root) -> None:
    """Put the HTML in the element's data-feed-replace where the element was."""
    if not any(ancestor is root for ancestor in element.iterancestors()):
        return  # inside an element already replaced
    replacement = element.get("data-feed-replace") or ""
    if replacement.strip():
        wrapper = lxml.html.fragment_fromstring(strip_control(replacement), create_parent="div")
        element.addprevious(wrapper)
        wrapper.drop_tag()
    element.drop_tree()


def _open_details(details) -> None:
    """<details><summary>S</summary>…</details> becomes <p><strong>S</strong></p>…"""
    for summary in details.xpath("./summary"):
        summary.tag = "p"
        strong = etree.SubElement(summary, "strong")
        strong.text, summary.text = summary.text, None
        for child in list(summary)[:-1]:
            strong.append(child)
    details.drop_tag()


def _caption_as_block(caption) -> None:
    """<caption>C</caption> becomes <caption><p>C</p></caption>: still the
    table's caption, but a line of its own in plain text."""
    if len(caption) == 1 and caption[0].tag == "p" and not (caption.text or "").strip():
        return
    paragraph = caption.makeelement("p", {})
    paragraph.text, caption.text = caption.text, None
    for child in list(caption):
        paragraph.append(child)
    caption.append(paragraph)


def _figcaption_parts(figcaption) -> None:
    """A figcaption's parts (the <span>s in it, such as a chart's title and
    its question, shown as lines on the page) each become a paragraph."""
    for child in figcaption:
        if child.tag == "span":
            child.tag = "p"


def _is_dropped_attribute(name: str) -> bool:
    return name.startswith(("on", "data-")) or name == "style"


def _clean_attributes(element, page_url: str) -> None:
    """No scripts or styles; every URL absolute, resolved as a browser would."""
    for name in [name for name in element.attrib if _is_dropped_attribute(name)]:
        del element.attrib[name]
    for name in _URL_ATTRIBUTES:
        value = element.get(name)
        if value is not None and not value.startswith(_LEFT_ALONE):
            element.set(name, urljoin(page_url, value.strip()))
    if element.get("srcset"):
        element.set("srcset", absolute_srcset(element.get("srcset"), page_url))


def feed_policy(page_url: str, policy: Policy | None = None) -> Policy:
    """The pages' policy, with the site's own host added to the hosts pictures
    may come from (in a feed every address is absolute)."""
    policy = policy or Policy()
    host = (urlsplit(page_url).hostname or "").lower()
    return Policy(link_schemes=policy.link_schemes, image_hosts=(*policy.image_hosts, host))


def feed_html(html: str, *, page_url: str, policy: Policy | None = None) -> str:
    """The entry's HTML; `page_url` is the absolute URL of the post's page,
    against which every relative URL is resolved, as a browser would.
    `policy`: the pages' allowlist (html_policy's settings); its defaults
    without."""
    html = strip_control(html)
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath("//*[@data-feed-replace]"):
        _replace_for_feed(element, root)
    for element in root.xpath(_DROPPED_XPATH):
        element.drop_tree()
    # What the page hides (`hidden`) is not in the entry either: a chart's
    # description is its image's alt text, read once.
    for element in root.xpath("//*[@hidden]"):
        if any(ancestor is root for ancestor in element.iterancestors()):
            element.drop_tree()
    # Blocks stay blocks in plain text: RSS-to-email tools send a plain-text
    # copy of each email made from this HTML, without the page's CSS.
    for caption in root.xpath("//table/caption"):
        _caption_as_block(caption)
    for figcaption in root.xpath("//figcaption"):
        _figcaption_parts(figcaption)
    for details in root.xpath("//details"):
        _open_details(details)
    for element in root.iter():
        if isinstance(element.tag, str):
            _clean_attributes(element, page_url)
    inner = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return feed_policy(page_url, policy).clean(inner, extra_tags=_FEED_EXTRA_TAGS).strip()
