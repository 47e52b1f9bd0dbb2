"""The raw-HTML policy (html_policy) on the real site, built as a writer builds it.

Each refused case is written into a post of a copy of the project and fed to
`invoke build`: the build stops, names the file and line, says why and what to
write instead, and leaves output/ as it was. Allowed HTML is cleaned to the
allowlist; the site's own markup (charts, the call to action, `{: .signoff }`)
is untouched.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import copy_project, run_invoke
from tests.site_build.test_bad_input import GOOD, snapshot

HEADER = GOOD + "\n"  # the body's first line is 8; what a case adds starts on line 10

POST = "content/posts/bad.md"

CASES = {
    "iframe embed": (
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560"></iframe>\n',
        [
            f"{POST}:10: <iframe src=",
            "is an embed: it loads another website inside the page, which would let that "
            "website see and track our readers",
            "[Watch or read it on the original site](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
            "```chart block",
        ],
    ),
    "newsletter script": (
        '<script src="https://widgets.example.com/signup.js"></script>\n',
        [
            f'{POST}:10: <script src="https://widgets.example.com/signup.js"> is a script',
            "this site runs no code pasted into posts",
            "[Sign up to our newsletter](https://…)",
        ],
    ),
    "on* attribute": (
        'Please <a href="https://example.org" onclick="track()">read this</a>.\n',
        [
            f'{POST}:10: \'onclick=\' in <a href="https://example.org" onclick="track()"> '
            "runs code",
            'Delete onclick="…" from it.',
        ],
    ),
    "javascript: link": (
        "Please [read this](javascript:alert(1)).\n",
        [
            f"{POST}:10: the link to 'javascript:alert(1)' runs code instead of opening a page",
            "Link to a web page instead, such as [read this](https://www.thcvs.org.uk/)",
        ],
    ),
    "style element": (
        "<style>p { color: red }</style>\n",
        [f"{POST}:10: <style> sets its own look", "the published site blocks styles"],
    ),
    "style attribute": (
        '<p style="color: red">Red words.</p>\n',
        [f'{POST}:10: <p style="color: red"> sets its own look'],
    ),
    "form": (
        '<form action="https://forms.example.com/join"><input name="email"></form>\n',
        [
            f'{POST}:10: <form action="https://forms.example.com/join"> is part of a form',
            "[Fill in the form](https://forms.example.com/join)",
        ],
    ),
    "object": (
        '<object data="https://media.example.com/film.swf"></object>\n',
        [f'{POST}:10: <object data="https://media.example.com/film.swf"> is an embed'],
    ),
    "embed": (
        '<embed src="https://media.example.com/film.swf">\n',
        [
            f'{POST}:10: <embed src="https://media.example.com/film.swf"> is an embed',
            "(https://media.example.com/film.swf)",
        ],
    ),
    "picture from another website": (
        "![Our stall](https://photos.example.com/2026/stall.jpg)\n",
        [
            f"{POST}:10: the picture 'https://photos.example.com/2026/stall.jpg' is on "
            "another website",
            "![Our stall]({static}/images/stall.jpg)",
        ],
    ),
    "on* in an attribute list": (
        'Thank you.\n{: onclick="track()" }\n',
        [f"{POST}:11: 'onclick=' in <p onclick=\"track()\"> runs code"],
    ),
    # A feed version smuggled past the page: a tracking pixel in every feed and email.
    "data-feed-replace in raw HTML": (
        '<div data-feed-replace="&lt;img src=https://tracker.example/p.gif alt=&gt;">Hello</div>\n',
        [
            f"{POST}:10: 'data-feed-replace=' in <div data-feed-replace=",
            "changes what feed readers and email subscribers get instead of the page",
            'Delete data-feed-replace="…" from it.',
        ],
    ),
    "data-feed-replace in an attribute list": (
        'Thank you.\n{: data-feed-replace="&lt;img src=https://tracker.example/p.gif&gt;" }\n',
        [f"{POST}:11: 'data-feed-replace=' in <p data-feed-replace="],
    ),
}


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("html-policy") / "project")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.parametrize("case", list(CASES))
def test_refused_html_stops_the_build_naming_file_and_line(built_project, case):
    addition, expected = CASES[case]
    post = built_project / POST
    before = snapshot(built_project / "output")
    post.write_text(HEADER + addition, encoding="utf-8")
    try:
        result = run_invoke(built_project, "build")
    finally:
        post.unlink()
    message = result.stdout + result.stderr
    assert result.returncode != 0
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message and "HtmlPolicyError" not in message
    assert message.rstrip().splitlines()[-1].startswith("Build failed")
    assert snapshot(built_project / "output") == before


def test_a_script_in_the_summary_is_refused_on_its_line(built_project):
    post = built_project / POST
    text = HEADER.replace(
        "Summary: A short summary.", "Summary: Join us <script>alert('hi')</script> on Friday."
    )
    post.write_text(text, encoding="utf-8")
    try:
        result = run_invoke(built_project, "build")
    finally:
        post.unlink()
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{POST}:6: <script> is a script" in message, message


def test_every_problem_is_listed_at_once(built_project):
    post = built_project / POST
    post.write_text(HEADER + CASES["iframe embed"][0] + "\n" + CASES["form"][0], encoding="utf-8")
    try:
        result = run_invoke(built_project, "build")
    finally:
        post.unlink()
    message = result.stdout + result.stderr
    assert "problems in the content; the site was not built:" in message, message
    assert f"{POST}:10: <iframe" in message and f"{POST}:12: <form" in message


ALLOWED = """\
<div class="box" id="box" data-x="1"><p>We <strong>thank</strong> our
<abbr title="Council for Voluntary Service">CVS</abbr> members.<!-- check with Jo --></p></div>

Read <a href="https://example.org/report" target="_blank" class="big">the report</a>,
<a href="{filename}/pages/about.md">about us</a>, or
<a href="mailto:info@thcvs.org.uk">email us</a>.

<table><tr><th scope="col" width="50">Stall</th></tr><tr><td>Cakes</td></tr></table>
"""


def test_allowed_html_is_cleaned_to_the_allowlist(built_project):
    post = built_project / POST
    post.write_text(
        HEADER.replace("Summary: A short summary.", "Summary: Cakes, <em>stalls</em> & music.")
        + ALLOWED,
        encoding="utf-8",
    )
    try:
        result = run_invoke(built_project, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        page = (built_project / "output/2026/11/a-news-post/index.html").read_text("utf-8")
        feed = json.loads((built_project / "output/feeds/all.json").read_text("utf-8"))
        atom = (built_project / "output/feeds/all.atom.xml").read_text("utf-8")
    finally:
        post.unlink()
        assert run_invoke(built_project, "build").returncode == 0
    prose = BeautifulSoup(page, "html.parser").select_one(".prose")
    box = prose.find("div", recursive=False)
    assert box.attrs == {}  # class, id and data- attributes removed
    assert box.find("abbr")["title"] == "Council for Voluntary Service"
    assert "check with Jo" not in page  # comments never reach the page
    report = prose.find("a", string="the report")
    assert report.attrs == {"href": "https://example.org/report"}
    assert prose.find("a", string="about us")["href"] == "/about/"
    assert prose.find("a", string="email us")["href"] == "mailto:info@thcvs.org.uk"
    assert prose.find("th").attrs == {"scope": "col"}
    # The Summary: HTML in the standfirst and Atom feed, plain text in JSON Feed.
    assert '<p class="standfirst">Cakes, <em>stalls</em> &amp; music.</p>' in page
    item = next(i for i in feed["items"] if i["title"] == "A news post")
    assert item["summary"] == "Cakes, stalls & music."
    assert re.search(r"<summary[^>]*>&lt;p&gt;Cakes, &lt;em&gt;stalls", atom)


def test_the_real_sites_markup_is_untouched(tmp_path):
    """The real site, built with and without html_policy: every page and feed
    the same, the findings article's charts and the CEO post's sign-off and
    call to action included (the JSON Feed's summaries aside: plain text now)."""
    project = copy_project(tmp_path / "project")
    assert run_invoke(project, "build", "--output", "with").returncode == 0
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    assert '    "html_policy",\n' in text
    conf.write_text(text.replace('    "html_policy",\n', ""), encoding="utf-8")
    result = run_invoke(project, "build", "--output", "without")
    assert result.returncode == 0, result.stdout + result.stderr
    compared = 0
    for page in sorted((project / "without").rglob("*")):
        if page.suffix not in (".html", ".xml") or "pagefind" in page.parts:
            continue
        relative = page.relative_to(project / "without")
        assert (project / "with" / relative).read_bytes() == page.read_bytes(), relative
        compared += 1
    assert compared > 20
    findings = (
        project
        / "with/2026/03/state-of-the-sector-2025-what-local-organisations-told-us/index.html"
    ).read_text("utf-8")
    assert "<svg" in findings and "data-feed-replace" in findings
    ceo = project / "with/2026/11/co-production-rhetoric-and-practice/index.html"
    assert 'class="signoff"' in ceo.read_text("utf-8")


def test_an_embed_pasted_while_serving_stops_the_fast_preview(project):
    """`invoke serve`'s fast preview of an edited post checks it as a full
    build does: the embed is named with its line, and output/ is kept."""
    from tests.site_build.test_serve_preview import POST as CEO_POST
    from tests.site_build.test_serve_preview import rebuild_after

    assert run_invoke(project, "build").returncode == 0
    text = (project / CEO_POST).read_text(encoding="utf-8")
    before = snapshot(project / "output")
    embed = '<iframe src="https://player.vimeo.com/video/123"></iframe>'
    out = rebuild_after(project, (CEO_POST, text + "\n" + embed + "\n"))
    step = out["steps"][0]
    assert out["off"] is None and not step["ok"], step["log"]
    line = len(text.splitlines()) + 2
    assert f"{CEO_POST}:{line}: <iframe src=" in step["log"], step["log"]
    assert "is an embed" in step["log"] and "Fast preview" not in step["log"]
    assert snapshot(project / "output") == before


def test_a_post_written_as_an_html_file_is_refused(built_project):
    post = built_project / "content/posts/pasted.html"
    post.write_text(
        '<html><head><title>Pasted</title><meta name="date" content="2026-11-20">'
        '</head><body><iframe src="https://a.example"></iframe></body></html>',
        encoding="utf-8",
    )
    try:
        result = run_invoke(built_project, "build")
    finally:
        post.unlink()
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "content/posts/pasted.html: is not a Markdown file, so the HTML in it would reach "
        "the page unchecked"
    ) in message, message
    assert "Save it as pasted.md" in message
