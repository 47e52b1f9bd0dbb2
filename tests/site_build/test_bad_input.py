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
