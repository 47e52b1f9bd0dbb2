"""Each writer's mistake fed to a real `invoke build` (and `publish-build`):
the message names the file and line in plain words, with the writer's own
value; no Python class name or traceback reaches the writer; the last line
says the build failed and output/ is left as it was."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import run_invoke
from tests.site_build.test_bad_input import GOOD, snapshot

POST = "content/posts/bad.md"
FINDINGS = "content/findings/2026-03-10-state-of-the-sector-2025.md"
KEPT = "Build failed: nothing was changed; output/ still holds the last good site."
CLASS_PREFIX = re.compile(r"^\s*(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception): ", re.MULTILINE)


def _write(project, path, text):
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    (project / path).write_text(text, encoding="utf-8")


def _edit(project, path, old, new):
    text = (project / path).read_text(encoding="utf-8")
    assert old in text, old
    (project / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def date_day_first(project):
    _write(project, POST, GOOD.replace("2026-11-20 10:00", "28/11/2026 10:15"))


def colon_in_chart_description(project):
    _edit(
        project,
        FINDINGS,
        "description: Bar chart of how demand",
        "description: Demand: how demand",
    )


def same_slug(project):
    _write(project, POST, GOOD)
    _write(project, "content/posts/bad-2.md", GOOD.replace("10:00", "11:00"))


def empty_alt(project):
    _write(project, POST, GOOD + "\n![](https://example.org/fair.jpg)\n")


def missing_link_in_summary(project):
    _write(
        project,
        POST,
        GOOD.replace("A short summary.", "See [about]({filename}/pages/abut.md)."),
    )


def misspelt_link_kind(project):
    _write(project, POST, GOOD + "\nSee [about]({filenme}/pages/about.md).\n")


def tag_without_letters(project):
    _write(project, POST, GOOD.replace("Tags: news", "Tags: news, !!!"))


def colon_in_survey_yaml(project):
    (survey_yaml,) = (project / "content" / "data").glob("*/survey.yaml")
    text = survey_yaml.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*)$", r"title: Findings: \1", text, count=1, flags=re.M)
    survey_yaml.write_text(text, encoding="utf-8")


CASES = {
    "a date written day first": (
        date_day_first,
        f"{POST}:2: 'Date: 28/11/2026 10:15' is not a date. Write it year first, so it "
        "cannot be misread: 'Date: 2026-11-28 10:15'",
    ),
    "a colon in a chart description": (
        colon_in_chart_description,
        "chart block: this line has a second colon (after 'Demand'), so it cannot be read. "
        "Put the text after 'description:' in quotes: description: \"Demand: how demand",
    ),
    "two posts with one address": (
        same_slug,
        "content/posts/bad-2.md:1: has the same web address as content/posts/bad.md "
        "(/a-news-post/)",
    ),
    "a picture with no description": (
        empty_alt,
        # content_checks finds it before Pelican would warn.
        f"{POST}:10: the picture 'https://example.org/fair.jpg' has no description. Say what",
    ),
    "a missing file linked from the summary": (
        missing_link_in_summary,
        # Found by content_checks before Pelican, which reads links in the
        # fields too (a link anywhere may publish a file), so said in full.
        f"{POST}:6: links to '{{filename}}/pages/abut.md', but there is no file "
        "content/pages/abut.md.",
    ),
    "a misspelt {filename}": (
        misspelt_link_kind,
        f"{POST}:10: '{{filenme}}' is not a kind of link this site knows. Write {{filename}}",
    ),
    "a tag with no letters": (
        tag_without_letters,
        f"{POST}:4: the tag '!!!' has no letters or numbers to make a web address from.",
    ),
    "a colon in survey.yaml": (
        colon_in_survey_yaml,
        "survey.yaml:6: this line has a second colon (after 'Findings'), so it cannot be "
        "read. Put the text after 'title:' in quotes: title: \"Findings: State of the",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project built once; each case works on a copy of it."""
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("plain") / "project")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture
def project_copy(built, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def assert_plain(result, expected):
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert expected in said, said
    assert not CLASS_PREFIX.search(said), said
    assert "Traceback" not in said and "During handling" not in said, said
    assert "Done: Processed" not in said, said
    assert said.strip().splitlines()[-1] == KEPT, said


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_said_in_plain_words(project_copy, case):
    make_mistake, expected = CASES[case]
    before = snapshot(project_copy / "output")
    make_mistake(project_copy)
    assert_plain(run_invoke(project_copy, "build"), expected)
    assert snapshot(project_copy / "output") == before


def test_publish_build_ends_with_the_same_last_line(project_copy):
    date_day_first(project_copy)
    assert_plain(
        run_invoke(project_copy, "publish-build"),
        f"{POST}:2: 'Date: 28/11/2026 10:15' is not a date.",
    )


def test_developers_can_keep_the_traceback(project_copy, monkeypatch):
    monkeypatch.setenv("BUILD_TRACEBACKS", "1")
    date_day_first(project_copy)
    result = run_invoke(project_copy, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback (most recent call last):" in said
    assert said.strip().splitlines()[-1] == KEPT
