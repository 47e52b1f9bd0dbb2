"""Bad input stops `invoke build` with a clear message and leaves output/ alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import run_invoke

GOOD = """\
Title: A news post
Date: 2026-11-20 10:00
Category: News
Tags: news
Author: A Writer
Summary: A short summary.

Some text.
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built_project(project):
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


CASES = {
    "no title": (GOOD.replace("Title: A news post\n", ""), "content/posts/bad.md:1: has no title."),
    "unparsable date": (
        GOOD.replace("2026-11-20 10:00", "20th Novembr"),
        "content/posts/bad.md:2: 'Date: 20th Novembr' is not a date.",
    ),
    "unknown status": (
        GOOD.replace("Summary:", "Status: live\nSummary:"),
        "content/posts/bad.md:6: 'Status: live' is not a status. "
        "Use one of: published, draft, hidden.",
    ),
    "category outside the list": (
        GOOD.replace("Category: News", "Category: Events"),
        "content/posts/bad.md:3: 'Category: Events' is not one of this site's categories",
    ),
    "broken filename link": (
        GOOD + "\nRead [the about page]({filename}/pages/abut.md).\n",
        "content/posts/bad.md:10: links to '{filename}/pages/abut.md', "
        "but there is no file content/pages/abut.md.",
    ),
    # Issue 15: the mistakes that used to reach readers silently.
    "a field below an empty line": (
        GOOD.replace("\nSome text.", "\nStatus: draft\n\nSome text."),
        "content/posts/bad.md:8: 'Status: draft' is below an empty line (line 7), so it is not "
        "read as a field: it would be shown as the first line of the text, and the post would "
        "be published.",
    ),
    "new-post's placeholder summary": (
        GOOD.replace("A short summary.", "A new post: A news post."),
        "content/posts/bad.md:6: 'Summary: A new post: A news post.' is the placeholder "
        "new-post wrote.",
    ),
    "a second main heading": (
        GOOD + "\n# Our plans\n",
        "content/posts/bad.md:10: '# Our plans' is a main heading, but the title is the page's "
        "only main heading. For a heading in the text write '## Our plans' (two #).",
    ),
    "a tab-indented list": (
        GOOD + "\n\t- stalls\n\t- teas\n",
        "content/posts/bad.md:10: this list starts with a tab (or four spaces) before '-', so "
        "it would be shown as a grey box of code, not as a list.",
    ),
    "a picture without {static} that is not there": (
        GOOD + "\n![Our stall](images/stall.jpg)\n",
        "content/posts/bad.md:10: shows the picture 'images/stall.jpg', but there is no such "
        "file. Put the picture in content/images/ and write "
        "![Our stall]({static}/images/stall.jpg).",
    ),
    "a link to a page the site does not have": (
        GOOD + "\nRead [about us](/about-us/).\n",
        "content/posts/bad.md:10: links to '/about-us/', but this site has no page at that "
        "address. To link to a post or page, use its file name, so the link keeps working if "
        "its address changes: [about us]({filename}/pages/about.md).",
    ),
    "a picture with no description": (
        GOOD + "\n![](/theme/images/favicon.svg)\n",
        "content/posts/bad.md:10: the picture '/theme/images/favicon.svg' has no description. "
        "Say what it shows, for example "
        "![Volunteers at the winter fair](/theme/images/favicon.svg)",
    ),
    "curly quotes around a status": (
        GOOD.replace("Summary:", "Status: \u201cpublished\u201d\nSummary:"),
        "content/posts/bad.md:6: 'Status: \u201cpublished\u201d' has quotation marks around the "
        "value (a word processor may have added them). Write it without them: "
        "'Status: published'.",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_post_stops_the_build_and_keeps_the_site(built_project, case):
    text, expected = CASES[case]
    before = snapshot(built_project / "output")
    (built_project / "content" / "posts" / "bad.md").write_text(text, encoding="utf-8")
    result = run_invoke(built_project, "build")
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert expected in message, message
    assert "output/ still holds the last good site" in message
    assert "Traceback" not in message and "Pelican stopped at the warning" not in message
    assert snapshot(built_project / "output") == before


def test_unreadable_file_stops_the_build(built_project):
    before = snapshot(built_project / "output")
    (built_project / "content" / "posts" / "bad.md").write_bytes(GOOD.encode() + b"\nCaf\xe9\n")
    result = run_invoke(built_project, "build")
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "content/posts/bad.md:10: is not valid UTF-8 text" in message
    assert snapshot(built_project / "output") == before


def test_a_failure_inside_pelican_also_keeps_the_site(built_project):
    """A mistake only Pelican finds (here, a broken template) fails the build too."""
    before = snapshot(built_project / "output")
    template = built_project / "theme" / "templates" / "page.html"
    template.write_text(template.read_text() + "\n{% if %}\n")
    result = run_invoke(built_project, "build")
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "page.html" in message
    assert "output/ still holds the last good site" in message
    assert snapshot(built_project / "output") == before


def test_every_problem_is_listed_at_once(built_project):
    (built_project / "content" / "posts" / "a.md").write_text(
        GOOD.replace("Title: A news post\n", "")
    )
    (built_project / "content" / "posts" / "b.md").write_text(
        GOOD.replace("Category: News", "Category: Nws")
    )
    result = run_invoke(built_project, "build")
    message = result.stdout + result.stderr
    assert "2 problems in the content; the site was not built:" in message
    assert "content/posts/a.md:1:" in message and "content/posts/b.md:3:" in message


def test_pelican_cli_alone_also_refuses_bad_content(built_project):
    """The plugin guards builds that do not go through invoke, too."""
    import subprocess
    import sys

    (built_project / "content" / "posts" / "bad.md").write_text(
        GOOD.replace("Category: News", "Category: Events")
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-o", "elsewhere", "-s", "pelicanconf.py"],
        cwd=built_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    # Pelican's console wraps long lines: compare with white space folded.
    said = " ".join((result.stdout + result.stderr).split())
    assert "'Category: Events' is not one of this site's categories" in said


def test_new_post_makes_a_file_that_builds(project):
    result = run_invoke(
        project, "new-post", "Volunteers needed for the winter fair", "--category", "News"
    )
    assert result.returncode == 0, result.stderr
    (created,) = (project / "content" / "posts").glob("*-volunteers-needed-for-the-winter-fair.md")
    assert "Status: draft" in created.read_text()
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        project / "output" / "drafts" / "volunteers-needed-for-the-winter-fair" / "index.html"
    ).exists()


# -- a broken draft never blocks the others (issue 15) -------------------------------

BROKEN_DRAFT = (
    GOOD.replace("Title: A news post", "Title: A broken draft").replace(
        "Summary:", "Status: \u201cdraft\u201d\nSummary:"
    )
    + "\n# A second main heading\n"
)


@pytest.mark.parametrize("task", ["build", "publish-build"])
def test_a_broken_draft_is_reported_and_the_rest_is_built(project, task):
    (project / "content" / "posts" / "draft.md").write_text(BROKEN_DRAFT, encoding="utf-8")
    (project / "content" / "posts" / "news.md").write_text(GOOD, encoding="utf-8")
    result = run_invoke(project, task)
    message = result.stdout + result.stderr
    assert result.returncode == 0, message
    said = " ".join(message.split())
    assert "2 problems in content/posts/draft.md, left out of this build (drafts are never " in said
    assert "content/posts/draft.md:6: 'Status: \u201cdraft\u201d' has quotation marks" in said
    assert "content/posts/draft.md:11: '# A second main heading' is a main heading" in said
    output = project / "output"
    assert (output / "2026" / "11" / "a-news-post" / "index.html").is_file()
    built = "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    assert "A broken draft" not in built and not (output / "drafts" / "a-broken-draft").exists()


# Mistakes other plugins find (survey_charts: chart blocks; survey_cta:
# `{survey}` lines) go through content_checks' rules as well.
CHART_DRAFT = (
    GOOD.replace("Title: A news post", "Title: A chart draft").replace(
        "Summary:", "Status: draft\nSummary:"
    )
    + "\n```chart\nsurvey: state-of-the-sector-2025\nquestion: no-such-question\n```\n"
)
SURVEY_DRAFT = GOOD.replace("Title: A news post", "Title: A survey draft").replace(
    "Summary:", "Status: draft\nSummary:"
) + ("\nJoin in: {survey} today.\n")


@pytest.mark.parametrize(
    "draft, found",
    [
        (CHART_DRAFT, "content/posts/draft.md:13: chart block: unknown question"),
        (SURVEY_DRAFT, "content/posts/draft.md:11: '{survey}'"),
    ],
    ids=["chart block", "survey line"],
)
def test_a_draft_broken_by_another_plugins_check_never_blocks_the_build(project, draft, found):
    (project / "content" / "posts" / "draft.md").write_text(draft, encoding="utf-8")
    (project / "content" / "posts" / "news.md").write_text(GOOD, encoding="utf-8")
    result = run_invoke(project, "publish-build")
    message = result.stdout + result.stderr
    assert result.returncode == 0, message
    said = " ".join(message.split())
    assert "in content/posts/draft.md, left out of this build (drafts are never" in said, said
    assert found in said, said
    assert (project / "output" / "2026" / "11" / "a-news-post" / "index.html").is_file()
    # The same mistake in a post that would be published stops the build.
    (project / "content" / "posts" / "draft.md").write_text(
        draft.replace("Status: draft", "Status: published"), encoding="utf-8"
    )
    result = run_invoke(project, "publish-build")
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0 and found in said, said
    assert said.endswith("still holds the last good site.")


def test_a_preview_build_leaves_out_any_broken_file_and_says_which(project):
    """`invoke serve` builds with broken_files="skip": one broken post does
    not stop the rest of the site from previewing; BuildResult.problems lists it."""
    import json
    import subprocess
    import sys

    broken = GOOD.replace("Title: A news post", "Title: A broken post") + "\n\t- a list\n"
    (project / "content" / "posts" / "broken.md").write_text(broken, encoding="utf-8")
    (project / "content" / "posts" / "news.md").write_text(GOOD, encoding="utf-8")
    script = (
        "import json, sys\n"
        "from buildtools.build import build\n"
        "r = build('pelicanconf.py', 'output', echo=lambda *a: None, broken_files='skip')\n"
        "print(json.dumps([r.ok, [[p.file, p.line, p.message, p.outcome] for p in r.problems]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300
    )
    ok, problems = json.loads(done.stdout.strip().splitlines()[-1])
    assert ok, done.stderr
    ((file, line, message, outcome),) = problems
    assert (file, line, outcome) == ("content/posts/broken.md", 10, "left out of this build")
    assert message.startswith("this list starts with a tab")
    output = project / "output"
    assert (output / "2026" / "11" / "a-news-post" / "index.html").is_file()
    assert not (output / "2026" / "11" / "a-broken-post").exists()


def test_a_failed_build_gives_its_problems_as_data(project):
    """The preview server shows these in the browser (file, line, message)."""
    import json
    import subprocess
    import sys

    (project / "content" / "posts" / "bad.md").write_text(
        GOOD + "\nRead [about us](/about-us/).\n", encoding="utf-8"
    )
    script = (
        "import json\n"
        "from buildtools.build import build\n"
        "r = build('pelicanconf.py', 'output', echo=lambda *a: None)\n"
        "print(json.dumps([r.ok, [[p.file, p.line, p.outcome] for p in r.problems]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300
    )
    ok, problems = json.loads(done.stdout.strip().splitlines()[-1])
    assert not ok
    assert problems == [["content/posts/bad.md", 10, "stopped the build"]]
    assert not (project / "output").exists()


def test_the_scheduled_publish_still_closes_the_survey_when_a_draft_is_broken(project):
    """The hourly publish must run, and take the survey down after its
    closing date, whatever state a writer's draft is in."""
    import shutil

    from tests.conftest import ROOT

    for part in ("checks", "deploy"):
        if not (project / part).exists():
            shutil.copytree(
                ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__")
            )
    survey_link = 'href="https://forms.thcvs.org.uk/state-of-the-sector-2026"'
    ceo_post = project / "public" / "2026" / "11" / "co-production-rhetoric-and-practice"
    opened = run_invoke(
        project, "publish", "--checks", "links", "--extra", "SURVEY_CTA_NOW=2026-12-01T09:00"
    )
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert survey_link in (ceo_post / "index.html").read_text(encoding="utf-8")

    (project / "content" / "posts" / "draft.md").write_text(BROKEN_DRAFT, encoding="utf-8")
    closed = run_invoke(
        project, "publish", "--checks", "links", "--extra", "SURVEY_CTA_NOW=2027-01-16T09:00"
    )
    message = closed.stdout + closed.stderr
    assert closed.returncode == 0, message
    assert "Published: public/ holds the new site" in message
    assert "content/posts/draft.md:6:" in message  # reported, not hidden
    page = (ceo_post / "index.html").read_text(encoding="utf-8")
    assert survey_link not in page and "survey has closed" in page
