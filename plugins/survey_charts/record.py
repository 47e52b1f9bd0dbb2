"""What survey_charts tells other plugins about a page's charts. Pure.

Public API: every post and page has `survey_charts`, a tuple of ChartRecord,
one per ```chart block in document order (empty when it has none). It is
set while the content is read (the Markdown extension puts it in the
metadata Pelican hands to the content object), so it is there for every
hook from `content_object_init` on. social_cards takes the first chart with
a PNG as the link preview; nothing else needs to read chart markup.

Every post and page also has `survey_notice`: ILLUSTRATIVE when a chart or
a headline number in it comes from an illustrative edition, else "". The
theme starts the meta and og:description with it, feedgen_feeds every feed
summary, social_cards draws it on the card.
"""

from __future__ import annotations

from dataclasses import dataclass

# Chart PNGs are drawn at twice their CSS size, sharp on high-density
# screens and in link previews (which ask for wide images).
PNG_SCALE = 2

# The label every surface that can travel without the page carries for a
# post built from illustrative survey data: chart PNGs (feeds, link
# previews), the meta and og:description, feed summaries, CSV notes. Set on
# every post and page as `survey_notice` ("" when its data is real).
ILLUSTRATIVE = "Illustrative data: these are not real survey results."


@dataclass(frozen=True)
class ChartRecord:
    html_id: str  # the <figure>'s id on the page: the page URL + "#" + html_id shows it
    edition: str  # the survey edition, e.g. "state-of-the-sector-2025"
    question: str  # the question's id in that edition
    title: str  # the chart's headline, numbers resolved
    alt: str  # its description: the text alternative of the SVG and the PNG
    png_path: str | None  # the PNG, relative to the output folder; None when withheld
    width: int  # the PNG's size in CSS pixels (0 when withheld)
    height: int
    illustrative: bool  # the edition's data is illustrative, not real results
    interactive: bool  # the page loads the Vega scripts for this chart

    @property
    def png_width(self) -> int:
        return self.width * PNG_SCALE

    @property
    def png_height(self) -> int:
        return self.height * PNG_SCALE
