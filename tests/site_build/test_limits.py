"""Hostile or mistaken input cannot hang the build (issue 18): each limit in
pluginkit/limits.py stops `invoke build` quickly, with a message naming the
file, the line where there is one, and the limit; output/ keeps the last good
site. The inputs are the ones that hung or crashed the build before (an
alias bomb, a list nested 5,000 deep, 50,000 '[', a CSV of bad rows), or
just over a limit.

One project copy is built once; each case writes its bad file, builds, and
puts the file back.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

import pytest
import yaml
from pluginkit.limits import (
    MAX_ANSWERS,
    MAX_CSV_PROBLEMS,
    MAX_GROUPS,
    MAX_POST_BYTES,
    MAX_QUESTIONS,
    MAX_RESULTS_BYTES,
    MAX_SURVEY_BYTES,
)

from tests.conftest import copy_project, run_invoke
from tests.site_build.html import soup

POST = "content/posts/2026-11-30-limits.md"
SURVEY = "content/data/state-of-the-sector-2025/survey.yaml"
RESULTS = "content/data/state-of-the-sector-2025/results.csv"
FINDINGS = "content/findings/2026-03-10-state-of-the-sector-2025.md"

GOOD = """\
Title: A post with a problem
Date: 2026-11-20 10:00
Category: News
Tags: news
Author: A Writer
Summary: A short summary.

"""
BODY_LINE = len(GOOD.splitlines()) + 1  # the first line after the fields


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("limits") / "project")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@contextlib.contextmanager
def written(project: Path, name: str, text: str):
    path = project / name
    before = path.read_bytes() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)


def refused(project: Path, name: str, text: str) -> str:
    """Build with `name` holding `text`: it must fail and leave output/ alone."""
    kept = snapshot(project / "output")
    with written(project, name, text):
        result = run_invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Build failed: nothing was changed; output/ still holds the last good site." in said
    assert "Traceback" not in said and "RecursionError" not in said
    assert snapshot(project / "output") == kept
    return said


def _survey(project: Path) -> str:
    return (project / SURVEY).read_text(encoding="utf-8")


def _deep(n: int, indent: str) -> str:
    return "\n".join(indent * i + f"- level {i + 1}" for i in range(n)) + "\n"


# -- posts -------------------------------------------------------------------


def test_a_post_over_the_size_limit(site):
    text = GOOD + ("Some words in a very long post. " * 40 + "\n\n") * (MAX_POST_BYTES // 1000)
    said = refused(site, POST, text)
    assert f"{POST}: is 1.3 MB, more than the 1 MB a post or page may be." in said


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # 5,000 levels ran past 10 minutes (that one is 12.6 MB, over the size limit
        # too); 500 ended in RecursionError.
        (_deep(1000, "\t"), f"{POST}:{BODY_LINE + 10}: this list is nested more than 10 levels"),
        (_deep(500, "    "), f"{POST}:{BODY_LINE + 10}: this list is nested more than 10 levels"),
        (
            "[" * 50_000 + "\n",
            f"{POST}:{BODY_LINE}: this paragraph has more than 50 '[' open at once",
        ),
        ("> " * 2000 + "quoted\n", f"{POST}:{BODY_LINE}: this line starts with 2000 '>' marks"),
    ],
    ids=["1000-level tab list", "500-level list", "50k brackets", "2000 quotes"],
)
def test_nesting_that_would_hang_or_crash_markdown(site, body, expected):
    said = refused(site, POST, GOOD + body)
    assert expected in said


def test_a_list_ten_levels_deep_is_still_a_list(site):
    with written(site, POST, GOOD + _deep(10, "    ")):
        result = run_invoke(site, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(site / "output" / "2026" / "11" / "a-post-with-a-problem" / "index.html")
    deepest = page.find(string=re.compile("level 10")).find_parent("li")
    assert len(deepest.find_parents("ul")) == 10


def test_an_over_limit_draft_is_left_out_not_fatal(site):
    draft = GOOD.replace("Summary:", "Status: draft\nSummary:") + _deep(1000, "\t")
    with written(site, POST, draft):
        result = run_invoke(site, "build")
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "left out of this build" in said and "nested more than 10 levels" in said


# -- YAML: survey.yaml and chart blocks ------------------------------------------


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
)


def test_an_alias_bomb_in_survey_yaml(site):
    text = _survey(site).replace("responses: 132\n", "responses: 132\n" + BOMB)
    line = text.splitlines().index(BOMB.splitlines()[0]) + 1
    said = refused(site, SURVEY, text)
    assert f"{SURVEY}:{line}: '&a' is a YAML anchor or alias, which this site does not read" in said


def test_an_alias_in_a_chart_block(site):
    findings = (site / FINDINGS).read_text(encoding="utf-8")
    text = findings.replace(
        "```chart\nsurvey: state-of-the-sector-2025\nquestion: income-change\n",
        "```chart\nsurvey: &s state-of-the-sector-2025\nquestion: *s\n",
        1,
    )
    line = text.splitlines().index("survey: &s state-of-the-sector-2025") + 1
    said = refused(site, FINDINGS, text)
    assert f"{FINDINGS}:{line}:" in said and "'&s' is a YAML anchor or alias" in said


def test_yaml_nested_too_deep(site):
    text = _survey(site).replace("responses: 132\n", "responses: 132\nnotes: " + "[" * 5000 + "\n")
    line = text.splitlines().index("notes: " + "[" * 5000) + 1
    said = refused(site, SURVEY, text)
    assert f"{SURVEY}:{line}: the lines here are nested more than 20 levels deep" in said


# -- survey files ------------------------------------------------------------------


def test_a_survey_file_over_the_size_limit(site):
    text = _survey(site) + ("# " + "padding " * 12 + "\n") * (MAX_SURVEY_BYTES // 90)
    said = refused(site, SURVEY, text)
    assert f"{SURVEY}: is " in said and "more than the 200 KB a survey's survey.yaml" in said


def test_a_results_file_over_the_size_limit(site):
    """A 50 MB CSV took minutes; anything over the limit is not even read."""
    row = "income-change,Increased,30,\n"
    text = "question,answer,count,group\n" + row * (MAX_RESULTS_BYTES // len(row) * 25)
    said = refused(site, RESULTS, text)
    assert f"{RESULTS}: is 50 MB, more than the 2 MB a survey's results.csv may be." in said


def test_reading_a_csv_of_bad_rows_stops_after_the_limit(site):
    text = "question,answer,count,group\n" + "no-such-question,Yes,1,\n" * 20_000
    said = refused(site, RESULTS, text)
    assert (
        f"{RESULTS}:{MAX_CSV_PROBLEMS + 1}: reading stopped here, after {MAX_CSV_PROBLEMS} rows "
        "with problems." in said
    )
    assert f"{RESULTS}:{MAX_CSV_PROBLEMS + 2}:" not in said


def test_a_question_with_too_many_answers(site):
    survey = _survey(site)
    first = "    answers:\n      - Increased\n      - Stayed about the same\n      - Decreased\n"
    assert first in survey
    many = "    answers:\n" + "".join(f"      - Answer {n}\n" for n in range(MAX_ANSWERS + 1))
    text = survey.replace(first, many, 1)
    line = text.splitlines().index("    answers:") + 1
    said = refused(site, SURVEY, text)
    assert (
        f"{SURVEY}:{line}: question 'income-change' has {MAX_ANSWERS + 1} answers; a "
        f"question may have at most {MAX_ANSWERS}" in said
    )


def test_a_breakdown_with_too_many_groups(site):
    survey = _survey(site)
    groups = "    groups:\n      - Under £100k\n      - £100k to £1m\n      - Over £1m\n"
    assert groups in survey
    many = "    groups:\n" + "".join(f"      - Group {n}\n" for n in range(MAX_GROUPS + 1))
    text = survey.replace(groups, many, 1)
    line = text.splitlines().index("    groups:") + 1
    said = refused(site, SURVEY, text)
    assert f"{SURVEY}:{line}:" in said and f"a breakdown may have at most {MAX_GROUPS}" in said


def test_a_survey_with_too_many_questions(site):
    survey = _survey(site)
    extra = "".join(
        f"  - id: extra-{n}\n    text: Question {n}?\n    kind: single\n    base: All\n"
        f"    answers:\n      - Yes\n      - No\n"
        for n in range(MAX_QUESTIONS)
    )
    text = survey.rstrip("\n") + "\n\n" + extra
    line = text.splitlines().index("questions:") + 1
    shipped = len(yaml.safe_load(survey)["questions"])
    said = refused(site, SURVEY, text)
    assert (
        f"{SURVEY}:{line}: the survey has {MAX_QUESTIONS + shipped} questions; a survey may have "
        f"at most {MAX_QUESTIONS}." in said
    )


def test_many_links_in_one_paragraph_are_fine(site):
    """Only '[' left open count: a long paragraph of links builds."""
    links = " ".join(f"[about us {n}]({{filename}}/pages/about.md)" for n in range(400))
    with written(site, POST, GOOD + links + "\n"):
        result = run_invoke(site, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(site / "output" / "2026" / "11" / "a-post-with-a-problem" / "index.html")
    assert len(page.find_all("a", string=re.compile(r"^about us \d+$"))) == 400
