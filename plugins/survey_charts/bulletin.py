"""A findings post read like a statistical bulletin: its sections, for the
contents list at the top, and a "Back to contents" link after each one.

A Markdown tree processor, run after the toc extension (priority 5) has given
every heading its id, on posts with a chart block or a method box (findings)
and at least two sections (## headings). It hands the sections to Pelican as
data, the `survey_contents` metadata (a tuple of Section, in page order; the
theme's partials/survey-contents.html lists them) and adds the link, rendered
from partials/survey-back-to-contents.html, at the end of every section.

A section headed "Main points" (any case) is the bulletin's summary: when a
list follows straight under it, the heading (class `main-points-heading`)
and the list (class `main-points`) are drawn by findings.css as one box
(docs/writing-charts.md).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.treeprocessors import Treeprocessor

BACK = "partials/survey-back-to-contents.html"
CONTENTS_ID = "contents"
MAIN_POINTS = "main points"
MIN_SECTIONS = 2


@dataclass(frozen=True)
class Section:
    html_id: str
    title: str


def heading_text(element) -> str:
    return " ".join("".join(element.itertext()).split())


class Bulletin(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        meta = getattr(self.md, "Meta", None)
        page = self.extension.page
        if not meta or not (page.charts or page.methods):
            return None
        # (index in root, section): the post's ## headings and its method boxes.
        starts = []
        for index, element in enumerate(root):
            if element.tag == "h2" and element.get("id"):
                starts.append((index, Section(element.get("id"), heading_text(element))))
            elif element.tag == "p" and (element.text or "").strip() in page.methods:
                starts.append((index, page.methods[element.text.strip()]))
        if len(starts) < MIN_SECTIONS:
            return None
        self.mark_main_points(root)
        back = self.extension.context.render(BACK, contents_id=CONTENTS_ID)
        # After the last section, then before every section but the first.
        for index in [len(root)] + [i for i, _ in reversed(starts[1:])]:
            link = etree.Element("p")
            link.text = self.md.htmlStash.store(back)
            root.insert(index, link)
        meta["survey_contents"] = [tuple(section for _, section in starts)]
        return None

    @staticmethod
    def mark_main_points(root) -> None:
        children = list(root)
        for index, element in enumerate(children):
            if element.tag != "h2" or heading_text(element).casefold() != MAIN_POINTS:
                continue
            following = children[index + 1] if index + 1 < len(children) else None
            if following is not None and following.tag in ("ul", "ol"):
                element.set("class", "main-points-heading")
                following.set("class", "main-points")
            return
