"""html_policy's rules, without Pelican: what is refused, what is cleaned, and
the Markdown extension's reach (the writer's HTML only)."""

from __future__ import annotations

import markdown
import pytest
from feedgen_feeds.feed_html import plain_text
from html_policy import SETTINGS, policy_from_settings
from html_policy.extension import HtmlPolicyExtension, check_text
from html_policy.policy import Policy, line_of
from pluginkit import SettingsError

SITE_MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}


def convert(text: str, found: list | None = None) -> str:
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", HtmlPolicyExtension(Policy(), found.append)]
        if found is not None
        else ["markdown.extensions.extra", HtmlPolicyExtension(Policy())],
        output_format="html5",
    )
    return md.convert(text)


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://flo.uri.sh/visualisation/1/embed"></iframe>',
        '<script src="https://x.example/w.js"></script>',
        "<STYLE>p{}</STYLE>",
        '<video src="https://x.example/v.mp4"></video>',
        '<form action="https://x.example"></form>',
        "<svg><circle r=1></circle></svg>",
        '<meta http-equiv="refresh" content="0">',
        "<h1>Second title</h1>",
        "<font>old</font>",
        '<b onmouseover="x()">b</b>',
        '<span style="color:red">r</span>',
        '<a href="javascript:alert(1)">a</a>',
        '<a href="jav&#x61;script:alert(1)">a</a>',
        '<a href="java\tscript:alert(1)">a</a>',
        '<a href="data:text/html,hi">a</a>',
        '<img src="https://tracker.example/pixel.gif" alt="">',
        '<img src="//tracker.example/pixel.gif" alt="">',
        '<img src="/images/a.png">',
    ],
)
def test_refused(html):
    assert Policy().inspect(html), html


@pytest.mark.parametrize(
    "html",
    [
        '<p><strong>b</strong> <em>i</em> <a href="https://example.org">x</a></p>',
        '<a href="mailto:info@thcvs.org.uk">m</a> <a href="tel:+442070000000">t</a>',
        '<a href="/about/">a</a> <a href="{filename}/pages/about.md">b</a> <a href="#top">c</a>',
        '<img src="{static}/images/a.png" alt="A stall"> <img src="/images/b.png" alt="">',
        '<table><tr><th scope="col">A</th></tr><tr><td colspan="2">1</td></tr></table>',
        '<div class="x" id="y" data-z="1">other attributes are removed, not refused</div>',
        "<!-- a note -->",
    ],
)
def test_allowed(html):
    assert Policy().inspect(html) == []


def test_cleaning_keeps_the_allowlist_only():
    clean = Policy().clean(
        '<div class="x"><p>Hi <a href="https://e.org" target="_blank" onclick="x()">e</a>'
        '<img src="https://t.example/p.gif" alt="p"><!-- note --><iframe src="https://a"></iframe>'
        "<script>alert(1)</script></p></div>"
    )
    assert clean == '<div><p>Hi <a href="https://e.org">e</a><img alt="p"></p></div>'


def test_pictures_from_hosts_in_the_setting_are_allowed():
    policy = Policy(image_hosts=("media.thcvs.org.uk",))
    assert policy.picture_allowed("https://media.thcvs.org.uk/a.png")
    assert not policy.picture_allowed("https://thcvs.org.uk.evil.example/a.png")
    assert policy.clean('<img src="https://media.thcvs.org.uk/a.png" alt="a">') == (
        '<img src="https://media.thcvs.org.uk/a.png" alt="a">'
    )


@pytest.mark.parametrize(
    "tag, cleaned",
    [
        ("<b>", "<b>"),
        ("</b>", "</b>"),
        ('<b onclick="x">', "<b>"),
        ('<a href="https://e.org" class="c">', '<a href="https://e.org">'),
        ('<a href="javascript:x()">', "<a>"),
        ("<br>", "<br>"),
        ('<iframe src="https://a">', ""),
        ("</iframe>", ""),
        ("<script>", ""),
        ("<!-- note -->", ""),
        ("&amp;", "&amp;"),
        ("&#8211;", "&#8211;"),
    ],
)
def test_one_inline_tag_is_cleaned_on_its_own(tag, cleaned):
    assert Policy().clean_tag(tag) == cleaned


def test_the_extension_cleans_what_slips_past_the_check_and_says_so():
    found = []
    html = convert(
        'Hi <b onclick="x()">there</b> <iframe src="https://a"></iframe>\n\n'
        '<script>alert(1)</script>\n\n[a](javascript:alert(1))\n{: onclick="x()" }\n',
        found,
    )
    # (the script's block leaves an empty paragraph: only here, where the
    # start-up check has been skipped)
    assert html == "<p>Hi <b>there</b> </p>\n<p>\n</p>\n<p><a>a</a></p>"
    assert len(found) == 5


def test_html_blocks_with_markdown_inside_are_checked_too():
    found = []
    html = convert(
        '<form markdown="1" action="https://x.example">\n*Join*\n</form>\n\n'
        '<div markdown="1" onclick="x()">\n*Kept*\n</div>\n',
        found,
    )
    assert html == "<div>\n<p><em>Kept</em></p>\n</div>"
    assert [f.message.split(" ", 1)[0] for f in found] == ["<form", "'onclick='"]


def test_a_summary_with_a_script_becomes_text():
    """Pelican converts the Summary with the same Markdown; in the build the
    start-up check has refused it already, this is the second line of defence."""
    assert convert("Join us <script>alert(1)</script> on *Friday*.") == (
        "<p>Join us alert(1) on <em>Friday</em>.</p>"
    )


def test_markdowns_own_table_alignment_is_not_refused():
    found = []
    html = convert("| Stall | Volunteers |\n| --- | ---: |\n| Cakes | 4 |\n", found)
    assert found == [] and '<td style="text-align: right;">4</td>' in html


def test_code_is_not_html():
    found = []
    html = convert("Paste `<iframe>` here.\n\n    <script>x</script>\n", found)
    assert found == []
    assert "&lt;iframe&gt;" in html and "&lt;script&gt;" in html


def test_markup_stashed_before_the_writers_html_is_left_alone():
    """A plugin's markup (survey charts stash theirs at preprocessor 26) is
    not the writer's: not inspected, not cleaned."""
    from markdown.preprocessors import Preprocessor

    class Plugin(Preprocessor):
        def run(self, lines):
            svg = '<figure class="chart" data-feed-replace="x"><svg role="img"></svg></figure>'
            return ["", self.md.htmlStash.store(svg), "", *lines]

    found = []
    md = markdown.Markdown(extensions=[HtmlPolicyExtension(Policy(), found.append)])
    md.preprocessors.register(Plugin(md), "plugin", 26)
    html = md.convert("<iframe src='https://a'></iframe>\n")
    assert '<figure class="chart" data-feed-replace="x"><svg role="img"></svg></figure>' in html
    assert "iframe" not in html and len(found) == 1


def test_check_text_names_lines_in_the_text_and_the_summary():
    text = (
        "Title: T\nSummary: Hi <script>x()</script>\n\nText.\n\n"
        '<iframe src="https://a"\n  width="5"></iframe>\n'
    )
    problems = check_text(text, Policy(), SITE_MARKDOWN)
    assert [line for line, _ in problems] == [2, 6]


def test_an_attribute_list_without_a_colon_is_checked():
    problems = check_text('Title: T\n\nThanks.\n{ onclick="x()" }\n', Policy(), SITE_MARKDOWN)
    assert [line for line, _ in problems] == [4]


def test_a_file_without_html_is_not_converted_again():
    assert check_text("Title: T\n\nJust [a link](https://example.org).\n", Policy(), {}) == []


def test_line_of_tries_each_way_an_attribute_was_typed():
    lines = ["<b onclick='x'>", "Text", '{: onclick="y" }']
    assert line_of(lines, ('onclick="y"', "onclick='y'", "onclick")) == 3


def test_settings_refuse_a_code_scheme_and_typos():
    assert policy_from_settings({}).link_schemes == ("http", "https", "mailto", "tel")
    with pytest.raises(SettingsError, match="HTML_POLICY_LINK_SCHEMES"):
        SETTINGS.read({"HTML_POLICY_LINK_SCHEMES": ["https", "javascript"]})
    with pytest.raises(SettingsError, match="Did you mean HTML_POLICY_IMAGE_HOSTS"):
        SETTINGS.read({"HTML_POLICY_IMAGE_HOST": ["media.thcvs.org.uk"]})


def test_json_feed_summary_is_plain_text():
    assert plain_text('<p>Cakes, <em>stalls</em> &amp; <span class="n">4 in 10</span>.</p>') == (
        "Cakes, stalls & 4 in 10."
    )
    assert plain_text("<p>a <script>x()</script>b</p>") == "a b"
    assert plain_text("") == ""


def test_the_guides_accepted_example_is_accepted_unchanged():
    from tests.conftest import ROOT

    guide = (ROOT / "docs" / "writing-posts.md").read_text(encoding="utf-8")
    section = guide.split("## Pasting HTML, embeds and widgets\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("this is\naccepted as it is:\n\n```\n", 1)[1].split("```", 1)[0]
    assert check_text("Title: T\n\n" + example, Policy(), SITE_MARKDOWN) == []
    table = example[example.index("<table>") :].strip()
    # (the HTML parser adds the <tbody> a browser would add too)
    cleaned = Policy().clean(table).replace("<tbody>", "").replace("</tbody>", "")
    assert cleaned == table


SMUGGLED = "&lt;img src=https://tracker.example/p.gif alt=&gt;"


@pytest.mark.parametrize(
    "text, line",
    [
        (f'Title: T\n\nText.\n\n<div data-feed-replace="{SMUGGLED}">x</div>\n', 5),
        (f"Title: T\n\nText.\n\n<p DATA-FEED-REPLACE='{SMUGGLED}'>x</p>\n", 5),
        (f'Title: T\n\nThanks.\n{{: data-feed-replace="{SMUGGLED}" }}\n', 4),
        (f'Title: T\nSummary: <span data-feed-replace="{SMUGGLED}">s</span>\n\nText.\n', 2),
    ],
)
def test_a_writers_data_feed_replace_is_refused_with_its_line(text, line):
    problems = check_text(text, Policy(), SITE_MARKDOWN)
    assert [where for where, _ in problems] == [line]
    message = problems[0][1]
    assert "changes what feed readers and email subscribers get" in message
    assert 'Delete data-feed-replace="…" from it.' in message


def test_a_data_feed_replace_that_slips_past_the_check_never_reaches_the_page():
    found = []
    text = (
        f'<div data-feed-replace="{SMUGGLED}">a</div>\n\nb\n{{: data-feed-replace="{SMUGGLED}" }}\n'
    )
    html = convert(text, found)
    assert "feed-replace" not in html and "tracker" not in html
    assert len(found) == 2
