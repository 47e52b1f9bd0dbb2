"""`new-post` as a writer runs it: through `python3 dev.py` (as the README
says) and through invoke, in a throwaway copy of the project, reading what it
prints and the file it makes, then building the site with it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, run_invoke
from tests.site_build.html import page_at, soup

EDITION = "state-of-the-sector-2025"


def content_files(project: Path) -> set[Path]:
    return {p.relative_to(project) for p in (project / "content").rglob("*") if p.is_file()}


def run_dev(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python3 dev.py ARGS` in the copy. Its .venv/ holds only the shared
    invoke and the stamp dev.py writes after installing requirements.lock, so
    dev.py goes straight to the task and never runs pip."""
    shutil.copy2(ROOT / "dev.py", project / "dev.py")
    shutil.copy2(ROOT / "requirements.lock", project / "requirements.lock")
    spec = importlib.util.spec_from_file_location("dev", project / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    if not (dev.BIN / "invoke").exists():
        dev.BIN.mkdir(parents=True)
        (dev.BIN / "invoke").symlink_to(Path(sys.executable).parent / "invoke")
    (dev.VENV / ".requirements.sha256").write_text(dev.fingerprint(dev.LOCK))
    return subprocess.run(
        [sys.executable, "dev.py", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def test_help_prints_help_and_makes_no_file(project):
    before = content_files(project)
    for flag in ("--help", "-h"):
        result = run_dev(project, "new-post", flag)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Start a new post, saved as a draft" in result.stdout
        assert 'python3 dev.py new-post "Volunteers needed for the winter fair"' in result.stdout
        assert "--findings" in result.stdout
        assert f"(now: {EDITION})" in result.stdout
        assert "one of: CEO blog, Sector findings, News" in result.stdout
    assert content_files(project) == before


def test_a_title_that_starts_with_a_dash_is_refused(project):
    before = content_files(project)
    for title in ("-x", "--winter-fair"):
        result = run_dev(project, "new-post", title)
        assert result.returncode != 0
        assert f'"{title}" looks like an option, not a title' in result.stderr
        assert "python3 dev.py new-post --help" in result.stderr
        assert "Traceback" not in result.stderr
    # invoke itself reads "-winter-fair" as the short options -w, -i, ... and
    # stops before the task runs, with its own words: still no file.
    result = run_dev(project, "new-post", "-winter-fair")
    assert result.returncode != 0
    assert content_files(project) == before


def test_it_prints_the_drafts_address_and_the_readmes_commands(project):
    result = run_dev(project, "new-post", "Volunteers needed for the winter fair")
    assert result.returncode == 0, result.stdout + result.stderr
    (created,) = (project / "content" / "posts").glob("*-volunteers-needed-for-the-winter-fair.md")
    lines = result.stdout.splitlines()
    assert lines[0] == f"Created content/posts/{created.name}, a draft (Status: draft)."
    assert "    python3 dev.py serve" in lines
    assert "and open http://127.0.0.1:8000/drafts/volunteers-needed-for-the-winter-fair/" in lines
    assert "invoke serve" not in result.stdout
    # The address it gives is where the build puts the draft.
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    draft = page_at(project / "output", "/drafts/volunteers-needed-for-the-winter-fair/")
    assert "Draft — not published" in soup(draft).select_one(".preview-notice").get_text()


def test_it_starts_a_findings_post_that_builds(project):
    result = run_invoke(
        project, "new-post", "State of the Sector 2026: what you told us", "--findings"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (created,) = (project / "content" / "findings").glob("*-what-you-told-us.md")
    assert not list((project / "content" / "posts").glob("*-what-you-told-us.md"))
    header = created.read_text().split("\n\n", 1)[0].splitlines()
    assert "Category: Sector findings" in header
    assert f"Survey: {EDITION}" in header
    assert f"the survey {EDITION} (Survey: {EDITION}), the newest in content/data/" in result.stdout
    assert "docs/writing-charts.md" in result.stdout
    assert "http://127.0.0.1:8000/drafts/state-of-the-sector-2026-what-you-told-us/" in (
        result.stdout
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    draft = page_at(project / "output", "/drafts/state-of-the-sector-2026-what-you-told-us/")
    doc = soup(draft)
    assert doc.body["class"] == ["kind-findings"]
    assert doc.select_one(".post-category").get_text(strip=True) == "In Sector findings"


def test_a_findings_post_takes_the_survey_that_closed_last(project):
    data = project / "content" / "data"
    newer = data / "state-of-the-sector-2026"
    shutil.copytree(data / EDITION, newer)
    survey = yaml.safe_load((newer / "survey.yaml").read_text())
    text = (newer / "survey.yaml").read_text()
    closes = str(survey["fieldwork"]["closes"])
    text = text.replace(f"closes: {closes}", "closes: 2026-11-06").replace(
        f"opens: {survey['fieldwork']['opens']}", "opens: 2026-09-14"
    )
    (newer / "survey.yaml").write_text(text)
    result = run_invoke(
        project, "new-post", "What you told us in 2026", "--category", "Sector findings"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (created,) = (project / "content" / "findings").glob("*-what-you-told-us-in-2026.md")
    assert "Survey: state-of-the-sector-2026" in created.read_text().splitlines()


def test_content_images_is_there_and_its_note_is_not_published(project):
    images = project / "content" / "images"
    assert (images / "README.md").is_file()
    assert "{static}/images/" in (images / "README.md").read_text()
    (images / "winter-fair-stall.png").write_bytes(
        (ROOT / "theme/static/images/social-card.png").read_bytes()
    )
    (images / ".DS_Store").write_bytes(b"\0")
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    published = sorted(p.name for p in (project / "output" / "images").iterdir())
    assert published == ["winter-fair-stall.png"]


def test_the_guides_sign_off_example_builds_as_documented(project):
    readme = (ROOT / "docs" / "writing-posts.md").read_text(encoding="utf-8")
    after = readme.split("as a sign-off", 1)[1]
    example = after.split("```\n", 2)[1]
    assert example.endswith("{: .signoff }\n")
    post = project / "content" / "posts" / "2026-11-20-signed.md"
    post.write_text(
        "Title: Signed\nDate: 2026-11-20 10:00\nCategory: News\nAuthor: A Writer\n"
        "Summary: A signed post.\n\nThank you for reading.\n\n" + example
    )
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = soup(page_at(project / "output", "/2026/11/signed/"))
    (signoff,) = doc.select(".prose p.signoff")
    assert signoff.get_text() == example.splitlines()[0]
    assert "{:" not in doc.select_one(".prose").get_text()
