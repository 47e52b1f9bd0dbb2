"""A Markdown extension: a list written straight under a line of text, with no
empty line between, is a list (as on GitHub), not one run-on paragraph.

    We need help with:
    - setting up stalls
    - serving teas

Python-Markdown needs an empty line above a list; writers do not expect to.
This adds that empty line. It runs as a preprocessor at priority 24, just
after fenced blocks (25; the site's ```chart blocks run at 26) have been set
aside, so a '- ' line inside a code or chart block is never touched.

(mdx-breakless-lists 1.0.1 on PyPI does the same, but runs at 27, before
fenced blocks are set aside, and so also adds empty lines inside them and
inside the YAML of chart blocks; it has had no release since 2020.)

Used from pelicanconf.py's MARKDOWN as "content_checks.markdown_lists".
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A list item at the left margin (up to three spaces): '- ', '* ', '+ ' or '1. '.
ITEM = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+\S")


def with_list_breaks(lines: list[str]) -> list[str]:
    """The lines, with an empty line before each list that starts straight
    under a line of text."""
    out: list[str] = []
    in_list = False
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        if ITEM.match(line):
            if out and out[-1].strip() and not in_list:
                out.append("")
            in_list = True
        elif not line[:1].isspace() and (not out or not out[-1].strip()):
            in_list = False  # a new paragraph after an empty line ends the list
        out.append(line)
    return out


class ListBreaks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return with_list_breaks(lines)


class ListBreaksExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(ListBreaks(md), "content_checks_list_breaks", 24)


def makeExtension(**kwargs):
    return ListBreaksExtension(**kwargs)
