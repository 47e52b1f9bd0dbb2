"""The content boundary (issue 18): `invoke build` publishes only what a post
may publish, and no metadata value can put markup into a page.

Each case is fed to a real build of a throwaway copy of the project, as a
writer with access to content/ (or the coming web editor) could write it; the
build must stop with the file, the line where there is one, and what to do,
and nothing may reach the output (or anywhere outside it).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import html5lib
import pytest
from pelican.settings import read_settings

from tests.conftest import ROOT, run_invoke
from tests.site_build.test_bad_input import GOOD, snapshot

POST = "content/posts/bad.md"


def _post(extra_fields: str = "", body: str = "") -> str:
    text = GOOD.replace("Summary:", f"{extra_fields}Summary:") if extra_fields else GOOD
    return text + (f"\n{body}\n" if body else "")


def _write(project: Path, name: str, text: str) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _link(project: Path, name: str, target: str | Path) -> None:
    (project / name).symlink_to(target)


SURVEY_YAML = "content/data/state-of-the-sector-2025/survey.yaml"
RESULTS_CSV = "content/data/state-of-the-sector-2025/results.csv"


def _line(name: str, text: str) -> int:
    """The line of the project's own file that holds `text` (for the expected messages)."""
    lines = (ROOT / name).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# name: (set-up, the message the build must give). Lines count from GOOD: its
# fields are lines 1-6, one extra field is line 6, a body line after it is 10.
CASES = {
    "{attach} to the raw survey results": (
        lambda p: _write(
            p, POST, _post(body="[d]({attach}/data/state-of-the-sector-2025/results.csv)")
        ),
        f"{POST}:10: links to '{{attach}}/data/state-of-the-sector-2025/results.csv', but that "
        "file is in the survey data folder (content/data/), which is never published",
    ),
    "{static} to the raw survey data's folder, relative": (
        lambda p: _write(
            p, POST, _post(body="[d]({static}../data/state-of-the-sector-2025/survey.yaml)")
        ),
        f"{POST}:10: links to '{{static}}../data/state-of-the-sector-2025/survey.yaml', but that "
        "file is in the survey data folder",
    ),
    "{attach} to a project file": (
        lambda p: _write(p, POST, _post(body="[conf]({attach}/../pelicanconf.py)")),
        f"{POST}:10: links to '{{attach}}/../pelicanconf.py', but that file is outside the "
        "content folder: only files inside content/ can be published.",
    ),
    "{filename} to a project file": (
        lambda p: _write(p, POST, _post(body="[conf]({filename}../../tasks.py)")),
        f"{POST}:10: links to '{{filename}}../../tasks.py', but that file is outside the "
        "content folder",
    ),
    "Pelican's old |static| form": (
        lambda p: _write(p, POST, _post(body="[x](|static|/../publishconf.py)")),
        f"{POST}:10: links to '|static|/../publishconf.py', but that file is outside the "
        "content folder",
    ),
    "a link in the Summary": (
        lambda p: _write(
            p,
            POST,
            GOOD.replace(
                "A short summary.",
                "See [the data]({static}/data/state-of-the-sector-2025/results.csv).",
            ),
        ),
        f"{POST}:6: links to '{{static}}/data/state-of-the-sector-2025/results.csv', but that "
        "file is in the survey data folder",
    ),
    "a script in content/images, linked": (
        lambda p: (
            _write(p, "content/images/widget.js", "alert(1)\n"),
            _write(p, POST, _post(body='<script src="{static}/images/widget.js"></script>')),
        ),
        f"{POST}:10: links to '{{static}}/images/widget.js', but that file is a .js file, which "
        "this site does not publish",
    ),
    "a script in content/images, not linked": (
        lambda p: _write(p, "content/images/widget.mjs", "alert(1)\n"),
        "content/images/widget.mjs: is a .mjs file, which this site does not publish: only "
        "pictures (png, jpg, jpeg, gif, webp, avif) and documents",
    ),
    "a web page in content/images": (
        lambda p: _write(p, "content/images/page.html", "<script>alert(1)</script>\n"),
        "content/images/page.html: is a .html file, which this site does not publish",
    ),
    "an SVG drawing in content/images": (
        lambda p: _write(p, "content/images/logo.svg", '<svg onload="alert(1)"/>\n'),
        "content/images/logo.svg: is a .svg file, which this site does not publish",
    ),
    "a symlink to the machine's accounts": (
        lambda p: _link(p, "content/images/passwd.txt", "/etc/passwd"),
        "content/images/passwd.txt: is a link (a shortcut) to something outside the content "
        "folder, which is never published.",
    ),
    "a picture's name linking outside": (
        lambda p: _link(p, "content/images/photo.png", "/etc/hostname"),
        "content/images/photo.png: is a link (a shortcut) to something outside the content folder",
    ),
    "a symlinked folder of pictures leading outside": (
        lambda p: _link(p, "content/images/etc", "/etc"),
        "content/images/etc: is a link (a shortcut) to something outside the content folder",
    ),
    "a symlinked folder leading round in a loop": (
        lambda p: (_link(p, "content/images/again", "."), _link(p, "content/images/up", "..")),
        "content/images/again: is a link (a shortcut) to a folder it is itself in, so the build "
        "would go round it again and again. Delete the shortcut.",
    ),
    "a symlinked folder leading into the survey data": (
        lambda p: _link(p, "content/images/raw", "../data"),
        "content/images/raw: is in the survey data folder (content/data/), which is never "
        "published",
    ),
    "a symlinked post outside content": (
        lambda p: (
            _write(p, "elsewhere/post.md", GOOD.replace("A news post", "From elsewhere")),
            _link(p, "content/posts/elsewhere.md", p / "elsewhere" / "post.md"),
        ),
        "content/posts/elsewhere.md: is a link (a shortcut) to something outside the content "
        "folder",
    ),
    "a slug that writes markup": (
        lambda p: _write(
            p,
            POST,
            _post('Slug: y"><meta http-equiv=refresh content="0;url=https://evil.example">\n'),
        ),
        f"{POST}:6: 'Slug: y\"><meta http-equiv=refresh content=\"0;url=https://evil.exa…' can "
        "only have lowercase letters, numbers and hyphens: it becomes part of the page's web "
        "address. Write 'Slug: y-meta-http-equiv-refresh-content-0-url-https-evil-example'.",
    ),
    "a slug with capitals and spaces": (
        lambda p: _write(p, POST, _post("Slug: Winter Fair 2026\n")),
        f"{POST}:6: 'Slug: Winter Fair 2026' can only have lowercase letters, numbers and "
        "hyphens: it becomes part of the page's web address. Write 'Slug: winter-fair-2026'.",
    ),
    "a title of only punctuation": (
        lambda p: _write(p, POST, GOOD.replace("Title: A news post", "Title: !!!")),
        f"{POST}:1: the title '!!!' has no letters or numbers to make the page's web address "
        "from. Add a line such as 'Slug: winter-fair' below it",
    ),
    "a language that writes markup": (
        lambda p: _write(p, POST, _post('Lang: en"><script>alert(1)</script>\n')),
        f"{POST}:6: 'Lang: en\"><script>alert(1)</script>' is not a language code. Write the "
        "code of the language the post is in, such as 'Lang: en-GB' (English)",
    ),
    "Url:": (
        lambda p: _write(p, POST, _post("Url: javascript:alert(1)\n")),
        f"{POST}:6: 'Url: javascript:alert(1)' sets where the page is written, which this site "
        "decides itself. Delete the line;",
    ),
    "Save_as: outside the output folder": (
        lambda p: _write(p, POST, _post("Save_as: ../../x.html\n")),
        f"{POST}:6: 'Save_as: ../../x.html' sets where the page is written, which this site "
        "decides itself.",
    ),
    "Save_as: over another page": (
        lambda p: _write(p, "content/pages/over.md", "Title: Over\nSave_as: index.html\n\nText.\n"),
        "content/pages/over.md:2: 'Save_as: index.html' sets where the page is written",
    ),
    "Template: a path": (
        lambda p: _write(p, POST, _post("Template: ../../etc/passwd\n")),
        f"{POST}:6: 'Template: ../../etc/passwd' is not one of this site's templates (article, "
        "page, subscribe, survey). Delete the line to use the usual one.",
    ),
    "Template: a list page's": (
        lambda p: _write(p, POST, _post("Template: base\n")),
        f"{POST}:6: 'Template: base' is not one of this site's templates",
    ),
    "a hidden post with a published post's address": (
        lambda p: (
            _write(p, POST, _post()),
            _write(p, "content/posts/hidden.md", _post("Status: hidden\n")),
        ),
        "content/posts/hidden.md:1: would be written to the same web address as "
        f"{POST} (/2026/11/a-news-post/), so one would replace the other. Give one of them its "
        "own address with a line such as 'Slug: a-news-post-2' at the top",
    ),
    "a post whose file name is not UTF-8": (
        lambda p: (p / os.fsdecode(b"content/posts/caf\xe9-news.md")).write_text(
            GOOD.replace("A news post", "Cafe news")
        ),
        "content/posts/caf?-news.md: has a name with a character that is not UTF-8 text "
        "(shown here as '?'), which would make a broken web address. Rename it with small "
        "letters, numbers and hyphens only, such as 'caf-news.md'.",
    ),
    "a picture whose file name is not UTF-8": (
        lambda p: (p / os.fsdecode(b"content/images/Caf\xe9 Photo.PNG")).write_bytes(b"x"),
        "content/images/Caf? Photo.PNG: has a name with a character that is not UTF-8 text",
    ),
    "a day that does not exist": (
        lambda p: _write(p, POST, GOOD.replace("2026-11-20 10:00", "2025-02-30")),
        f"{POST}:2: 'Date: 2025-02-30' is written the right way but is not a real day and time.",
    ),
    "a huge year": (
        lambda p: _write(p, POST, GOOD.replace("2026-11-20", "99999999999999999999-01-01")),
        f"{POST}:2: 'Date: 99999999999999999999-01-01 10:00' is not a date.",
    ),
    "a time zone of more than a day": (
        lambda p: _write(p, POST, GOOD.replace("10:00", "10:00+99:00")),
        f"{POST}:2: 'Date: 2026-11-20 10:00+99:00' is written the right way but is not a real "
        "day and time.",
    ),
    "a translation of nothing": (
        lambda p: _write(p, POST, _post("Translation: true\n")),
        f"{POST}:6: is marked as a translation, but no post or page with its slug "
        "('a-news-post') is the original it translates. Delete the 'Translation:' line",
    ),
    "a shortcut to a file that is not there": (
        lambda p: _link(p, "content/images/gone.png", "missing.png"),
        "content/images/gone.png: is a link (a shortcut) to a file that is not there.",
    ),
    "a day that does not exist in survey.yaml": (
        lambda p: _edit(p, SURVEY_YAML, "opens: 2025-09-15", "opens: 2025-02-30"),
        f"{SURVEY_YAML}:{_line(SURVEY_YAML, 'opens: 2025-09-15')}: '2025-02-30' is not a real "
        "date: check the day and the month",
    ),
    "a number too long to read in survey.yaml": (
        lambda p: _edit(p, SURVEY_YAML, "respondents: 132", "respondents: " + "9" * 5000),
        f"{SURVEY_YAML}:{_line(SURVEY_YAML, 'respondents: 132')}: '99999999999999999999… "
        "(5000 characters)' is too long a number "
        "to read: check it.",
    ),
    "a count too long to read in results.csv": (
        lambda p: _edit(
            p,
            RESULTS_CSV,
            "income-change,Increased,30,",
            "income-change,Increased," + "9" * 5000 + ",",
        ),
        f"{RESULTS_CSV}:{_line(RESULTS_CSV, 'income-change,Increased,30,')}: count "
        "'999999999999… (5000 digits)' is far more than any survey could "
        "have (at most 9 digits).",
    ),
    "one picture attached by two posts": (
        lambda p: (
            (p / "content/images/fair.png").write_bytes(
                (p / "theme/static/images/social-card.png").read_bytes()
            ),
            _write(p, POST, _post(body="![A fair]({attach}/images/fair.png)")),
            _write(
                p,
                "content/posts/second.md",
                _post(body="![A fair]({attach}/images/fair.png)").replace("A news", "Second"),
            ),
        ),
        # Whichever of the two Pelican reads second (both have it on line 10).
        ".md:10: attaches 'images/fair.png' with {attach}, which puts a file beside one "
        "post only, but another post or page links to it too. Write {static} instead",
    ),
    "a page over the archives": (
        lambda p: _write(p, "content/pages/mine.md", "Title: Mine\nSlug: archives\n\nText.\n"),
        "content/pages/mine.md:2: would be written at /archives/, an address the site uses for "
        "its own pages or files. Give the page another address with a line such as "
        "'Slug: about-archives' at the top.",
    ),
    "a page titled Search": (
        lambda p: _write(p, "content/pages/mine.md", "Title: Search\n\nText.\n"),
        "content/pages/mine.md:1: would be written at /search/, an address the site uses",
    ),
    "two posts with one Feed-Id": (
        lambda p: (
            _write(p, POST, _post("Feed-Id: tag:thcvs.org.uk,2026-11-24:co-production\n")),
            _write(
                p,
                "content/posts/other.md",
                _post("Feed-Id: tag:thcvs.org.uk,2026-11-24:co-production\n").replace(
                    "A news post", "Another news post"
                ),
            ),
        ),
        f"{POST}:6: 'Feed-Id: tag:thcvs.org.uk,2026-11-24:co-production' is also the Feed-Id of "
        "content/posts/other.md, so feed readers would take them for one post",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_build_refuses_what_a_post_may_not_publish(project, case):
    set_up, expected = CASES[case]
    set_up(project)
    result = run_invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert expected in said, said
    assert "Build failed: nothing was written to output/." in said
    assert "Traceback" not in said and "Error:" not in said
    assert not (project / "output").exists()


def test_the_last_good_site_is_kept(project):
    first = run_invoke(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(project / "output")
    _link(project, "content/images/passwd.txt", "/etc/passwd")
    result = run_invoke(project, "build")
    assert result.returncode != 0
    assert "output/ still holds the last good site" in result.stdout
    assert snapshot(project / "output") == before


@pytest.fixture
def read_only(tmp_path):
    """Folders made read-only with the immutable flag (the tests run as root,
    whom permission bits do not stop), made writable again afterwards."""
    made = []

    def freeze(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        # Never a skip: the project's machine (Debian, ext4) has chattr.
        assert done.returncode == 0, f"chattr +i failed: {done.stderr!r}"
        made.append(folder)

    yield freeze
    for folder in made:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_that_cannot_be_written_is_named_without_a_traceback(project, read_only):
    read_only(project / "readonly")
    result = run_invoke(project, "build", "--output", "readonly/output")
    said = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "readonly/output/: the site cannot be written there: readonly cannot be written to "
        "(Operation not permitted)." in said
    ), said
    assert "Traceback" not in said and "PermissionError" not in said
    assert "Build failed: nothing was written to readonly/output/." in said


def test_an_output_folder_that_cannot_be_replaced_keeps_the_site(project, read_only):
    assert run_invoke(project, "build").returncode == 0
    before = snapshot(project / "output")
    read_only(project / "output")
    result = run_invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode == 1
    assert "output/: the new site was built but could not replace the old one there" in said
    assert "Traceback" not in said and "PermissionError" not in said
    assert "output/ still holds the last good site" in said
    assert snapshot(project / "output") == before
    assert not list(project.glob(".build-*"))


def test_both_files_with_one_feed_id_are_named(project):
    CASES["two posts with one Feed-Id"][0](project)
    said = run_invoke(project, "build").stdout
    assert (
        "content/posts/other.md:6: 'Feed-Id: tag:thcvs.org.uk,2026-11-24:co-production' is " in said
    )
    assert f"also the Feed-Id of {POST}, so feed readers" in said


def test_a_draft_that_crosses_the_boundary_is_left_out_not_published(project):
    """As every other mistake in a draft: reported, left out, the rest built."""
    _write(
        project,
        POST,
        _post("Status: draft\n", body="[d]({attach}/data/state-of-the-sector-2025/results.csv)"),
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left out of this build" in result.stdout
    assert not list((project / "output").rglob("results.csv"))
    assert not list((project / "output").rglob("*.yaml"))


def test_nothing_is_written_outside_a_deeper_output_folder(project):
    """Publish's staging folder is deeper than output/: a link that climbs
    out of content/ must not climb out of it either."""
    evil = project / "evildir"
    evil.mkdir()
    (evil / "x").write_text("evil\n")
    _write(project, POST, _post(body="[x]({static}../../../evildir/x)"))
    before = sorted(str(p) for p in project.parent.rglob("*"))
    result = run_invoke(project, "build", "--output", "deep/er/output")
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{POST}:10: links to '{{static}}../../../evildir/x', but that file is outside the " in (
        said
    )
    after = sorted(str(p) for p in project.parent.rglob("*"))
    assert [
        p for p in after if p not in before and "/deep" not in p and "__pycache__" not in p
    ] == []
    assert not list((project / "deep").rglob("x"))


def test_pictures_and_documents_are_published(project):
    """The allowlist lets through what writers need, a link inside content/ included."""
    images = project / "content" / "images"
    png = (project / "theme" / "static" / "images").glob("*.png")
    picture = next(iter(png)).read_bytes()
    (images / "fair.png").write_bytes(picture)
    (images / "annual-report-2026.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (images / "fair-again.png").symlink_to("fair.png")
    _write(
        project,
        POST,
        _post(
            body="![Stalls at the fair]({static}/images/fair.png)\n\n"
            "[Our annual report (PDF)]({static}/images/annual-report-2026.pdf)\n\n"
            "![The fair again]({static}/images/fair-again.png)"
        ),
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    output = project / "output" / "images"
    assert (output / "fair.png").read_bytes() == picture
    assert (output / "fair-again.png").read_bytes() == picture
    assert (output / "annual-report-2026.pdf").is_file()


def test_publish_refuses_raw_data_and_scripts(project):
    """`invoke publish` never gets as far as its checks: the build stops, and
    nothing goes live."""
    _write(project, "content/images/widget.js", "alert(1)\n")
    _write(
        project,
        POST,
        _post(body="[d]({attach}/data/state-of-the-sector-2025/results.csv)"),
    )
    result = run_invoke(project, "publish", "--checks", "links")
    said = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Publish stopped: the build failed" in said
    assert "content/images/widget.js: is a .js file" in said
    assert f"{POST}:10: links to '{{attach}}/data/state-of-the-sector-2025/results.csv'" in said
    assert not (project / "public").exists()


# -- every field into every template, parsed as a browser parses it -----------

# Each value tries to close its attribute or element and open its own.
HOSTILE = '"><hostile-x data-hostile="1"></hostile-x>\' onmouseover=\'x'
HOSTILE_ENTITIES = "&quot;&gt;&lt;hostile-x data-hostile=&quot;1&quot;&gt;"


def _injected(html: bytes) -> list[str]:
    """Elements and attributes in the page that only the hostile values could have made."""
    found = []
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        if element.tag == "hostile-x" or (
            element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh"
        ):
            found.append(f"<{element.tag}>")
        found += [
            f"<{element.tag} {name}>"
            for name in element.attrib
            if name == "data-hostile" or name.startswith("on")
        ]
    return found


def _hostile_site(project: Path) -> None:
    post = (
        f"Title: Hostile {HOSTILE}\n"
        "Date: 2026-11-20 10:00\n"
        "Modified: 2026-11-21 10:00\n"
        "Category: News\n"
        f"Tags: tag {HOSTILE}, other\n"
        f"Author: Writer {HOSTILE}\n"
        f"Summary: Summary {HOSTILE_ENTITIES} and more.\n"
        "\n"
        f"Text {HOSTILE_ENTITIES}.\n"
    )
    _write(project, POST, post)
    _write(
        project,
        "content/posts/draft.md",
        post.replace("Summary:", "Status: draft\nSummary:").replace("Hostile", "Draft"),
    )
    _write(
        project,
        "content/posts/hidden.md",
        post.replace("Summary:", "Status: hidden\nSummary:").replace("Hostile", "Hidden"),
    )
    _write(
        project,
        "content/pages/hostile.md",
        f"Title: Page {HOSTILE}\nSummary: {HOSTILE_ENTITIES}\n\nText {HOSTILE_ENTITIES}.\n",
    )


def _pages(output: Path) -> dict[str, list[str]]:
    return {
        str(path.relative_to(output)): found
        for path in sorted(output.rglob("*.html"))
        if (found := _injected(path.read_bytes()))
    }


def test_no_field_can_put_markup_into_any_page(project):
    """Title, tags, author, summary and text with values that try to break
    out of an attribute or element: every page (article, page, draft, hidden,
    home, archives, category, tag, author, their lists) parsed with the
    WHATWG parser has no element or attribute they made."""
    _hostile_site(project)
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    output = project / "output"
    assert "hostile-x" in (output / "index.html").read_text()  # the values did reach the pages
    assert _pages(output) == {}


def test_the_templates_escape_slug_and_lang_even_unchecked(project):
    """The theme does not rely on content_checks: built without it (and
    without site_search, whose index check would stop at the odd address),
    a Slug, Lang and Category written to break out of every link still make
    nothing."""
    _hostile_site(project)
    text = (project / POST).read_text()
    (project / POST).write_text(
        text.replace(
            "Summary:",
            'Slug: y"><hostile-x data-hostile="1"><meta http-equiv="refresh" content="0;url=x">\n'
            'Lang: en"><hostile-x data-hostile="1">\nSummary:',
        ).replace("Category: News", f"Category: News {HOSTILE}")
    )
    # The site's own plugins (pelicanconf.py), less content_checks, and
    # site_search, whose index adds no page to parse.
    plugins = [
        name
        for name in read_settings(str(project / "pelicanconf.py"))["PLUGINS"]
        if name not in ("content_checks", "site_search")
    ]
    extra = "PLUGINS=[" + ",".join(f'"{name}"' for name in plugins) + "]"
    result = run_invoke(project, "build", "--extra", extra)
    assert result.returncode == 0, result.stdout + result.stderr
    output = project / "output"
    assert "y&#34;&gt;&lt;hostile-x" in (output / "index.html").read_text()  # escaped, in a link
    assert "News &#34;&gt;&lt;hostile-x" in (output / "categories" / "index.html").read_text()
    assert _pages(output) == {}


def test_a_preview_leaves_out_what_may_not_be_published_and_builds_the_rest(project):
    """`invoke serve` (broken_files="skip"): the script, the shortcut out of
    content/ and the post linking to the raw data are left out and listed;
    the rest of the site previews."""
    import json
    import sys

    _write(project, "content/images/widget.js", "alert(1)\n")
    _link(project, "content/images/passwd.txt", "/etc/passwd")
    _write(project, POST, _post(body="[d]({attach}/data/state-of-the-sector-2025/results.csv)"))
    _write(project, "content/posts/news.md", GOOD.replace("A news post", "Other news"))
    script = (
        "import json\n"
        "from buildtools.build import build\n"
        "r = build('pelicanconf.py', 'output', echo=lambda *a: None, broken_files='skip')\n"
        "print(json.dumps([r.ok, [[p.file, p.line, p.outcome] for p in r.problems]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300
    )
    ok, problems = json.loads(done.stdout.strip().splitlines()[-1])
    assert ok, done.stderr
    assert sorted(problems) == [
        ["content/images/passwd.txt", None, "left out of this build"],
        ["content/images/widget.js", None, "left out of this build"],
        [POST, 10, "left out of this build"],
    ]
    output = project / "output"
    assert (output / "2026" / "11" / "other-news" / "index.html").is_file()
    assert not (output / "2026" / "11" / "a-news-post").exists()
    for name in ("widget.js", "passwd.txt", "results.csv"):
        assert not list(output.rglob(name)), name
