"""Turn a page's HTML into HTML that works in a feed reader or an email.

Feed readers and RSS-to-email tools run no JavaScript, do not know the page's
address and drop much of HTML5. So in a feed entry:
- every URL is absolute (href, src, srcset, poster), whatever the writer typed;
- a chart's inline SVG becomes an <img> of its PNG, with the chart's
  description as alt text, and a link to the chart on the page;
- an element carrying data-feed-replace="<escaped HTML>" is replaced by that
  HTML ("" removes it): a page's interactive box (the survey call to action
  placed with {survey}) says what it needs to in a feed;
- <details> is opened out (its <summary> becomes a bold line), and <script>,
  <style>, <iframe>, <noscript>, <template>, <svg>, inline styles and event
  handlers are removed;
- control characters, which XML forbids, are stripped.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

# Characters XML 1.0 forbids (tab, newline and carriage return are allowed).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_SRCSET_ATTRIBUTES = ("srcset",)
_DROPPED = ("script", "style", "iframe", "noscript", "template", "object", "embed", "form")


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text or "")


def absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            parts[0] = urljoin(base, parts[0])
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _chart_image(figure, page_url: str):
    """The feed version of a chart: its PNG with alt text and a link to it."""
    png = figure.get("data-chart-png")
    description = figure.get("data-chart-description") or ""
    anchor = figure.get("id")
    replacement = etree.Element("p")
    img = etree.SubElement(replacement, "img", src=urljoin(page_url, png), alt=description)
    for attribute in ("width", "height"):
        if figure.get(f"data-chart-{attribute}"):
            img.set(attribute, figure.get(f"data-chart-{attribute}"))
    link = etree.Element("p")
    a = etree.SubElement(link, "a", href=f"{page_url}#{anchor}" if anchor else page_url)
    a.text = "See this chart and its data on our website"
    return replacement, link


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


def feed_html(html: str, *, page_url: str) -> str:
    """The entry's HTML; `page_url` is the absolute URL of the post's page,
    against which every relative URL is resolved, as a browser would."""
    html = strip_control(html)
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")

    for element in root.xpath("//*[@data-feed-replace]"):
        _replace_for_feed(element, root)

    for figure in root.xpath("//figure[@data-chart-png]"):
        image, link = _chart_image(figure, page_url)
        for svg in figure.xpath(".//*[local-name()='svg']"):
            svg.addprevious(image)
            svg.addnext(link)
            break

    for element in root.xpath("//*[local-name()='svg'] | //" + " | //".join(_DROPPED)):
        element.drop_tree()

    for details in root.xpath("//details"):
        for summary in details.xpath("./summary"):
            summary.tag = "p"
            strong = etree.SubElement(summary, "strong")
            strong.text, summary.text = summary.text, None
            for child in list(summary)[:-1]:
                strong.append(child)
        details.drop_tag()

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            if attribute.startswith("on") or attribute == "style" or attribute.startswith("data-"):
                del element.attrib[attribute]
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and not value.startswith(("mailto:", "tel:", "data:")):
                element.set(attribute, urljoin(page_url, value.strip()))
        for attribute in _SRCSET_ATTRIBUTES:
            if element.get(attribute):
                element.set(attribute, absolute_srcset(element.get(attribute), page_url))

    inner = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return inner.strip()
