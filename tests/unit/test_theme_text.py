"""The theme's own words use curly quotes and apostrophes (’ “ ”), as the
writers' Markdown pages do: straight ones (' ") mixed in read as careless.
Only the text readers see is checked: not Jinja code, tag attributes, or
what a post's writer typed (posts are never changed)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

TEMPLATES = sorted((ROOT / "theme" / "templates").rglob("*.html"))
_CODE = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<(script|style)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def visible_text(template: str) -> str:
    return _TAG.sub("\n", _CODE.sub("", template))


def test_the_reader_would_see_text_in_some_templates():
    assert any("Take the survey" in visible_text(p.read_text("utf-8")) for p in TEMPLATES)


def test_visible_text_leaves_out_code_and_attributes():
    text = visible_text(
        '{# it\'s #}<a href="x" title=\'y\'>Read {{ "z" }} more</a>{% if a == "b" %}'
    )
    assert text.split() == ["Read", "more"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_straight_quotes_in_what_readers_see(path):
    straight = [
        line.strip()
        for line in visible_text(path.read_text(encoding="utf-8")).splitlines()
        if re.search(r"[\"']", line)
    ]
    assert straight == [], straight
