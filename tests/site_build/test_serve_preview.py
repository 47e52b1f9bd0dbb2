"""`invoke serve`'s rebuild (buildtools.serve.rebuilder): a change to the text
of an existing post is a fast preview (buildtools/preview.py), anything else a
full build, and bad input still leaves output/ exactly as it was.

Each test runs the rebuild function in a copy of the project, in a separate
Python process (the copy's own buildtools and plugins, as `invoke serve`
would), and reads what it did from a JSON line."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_invoke

POST = "content/posts/2026-11-24-co-production.md"

# Runs in the project copy: warm up as `invoke serve` does after its first
# build, then apply each edit (path, new text) and call the rebuild function.
DRIVER = r"""
import json, sys, time
sys.path.insert(0, ".")
from pathlib import Path
from buildtools import serve
log = []
rebuild = serve.rebuilder("pelicanconf.py", "output", echo=log.append)
rebuild.preview.start()
rebuild.preview.wait_ready(600)
out = {"off": rebuild.preview.off, "steps": []}
for path, text in json.loads(sys.argv[1]):
    Path(path).write_text(text, encoding="utf-8")
    del log[:]
    result = rebuild()
    out["steps"].append({"ok": result.ok, "log": "\n".join(log)})
print(json.dumps(out))
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rebuild_after(project: Path, *edits: tuple[str, str]) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(list(edits))],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture
def served(project):
    """A project copy with its first build done, as `invoke serve` starts."""
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def page_of(project: Path) -> Path:
    return project / "output" / "2026" / "11" / "co-production-rhetoric-and-practice" / "index.html"


def test_a_text_edit_is_a_fast_preview_with_the_new_text_in_output(served):
    text = (served / POST).read_text(encoding="utf-8")
    before = snapshot(served / "output")
    out = rebuild_after(served, (POST, text + "\nA sentence added while serving.\n"))
    assert out["off"] is None
    step = out["steps"][0]
    assert step["ok"] and "Fast preview of content/posts/2026-11-24-co-production.md" in step["log"]
    assert "A sentence added while serving." in page_of(served).read_text(encoding="utf-8")
    after = snapshot(served / "output")
    changed = {name for name in after if after[name] != before.get(name)}
    # The post's own page changes, and nothing but files that carry its text: the
    # search index, the sitemap and the chart files wait for the next full build.
    assert "2026/11/co-production-rhetoric-and-practice/index.html" in changed
    assert changed <= {
        "2026/11/co-production-rhetoric-and-practice/index.html",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/all.json",
        "feeds/category/ceo-blog.atom.xml",
        "feeds/category/ceo-blog.rss.xml",
    }, changed
    assert set(after) == set(before)


def test_the_fast_preview_page_is_the_page_a_full_build_makes(served):
    text = (served / POST).read_text(encoding="utf-8") + "\nOne more paragraph, with *emphasis*.\n"
    rebuild_after(served, (POST, text))
    fast = snapshot(served / "output")
    result = run_invoke(served, "build")
    assert result.returncode == 0
    full = snapshot(served / "output")
    for name in (
        "2026/11/co-production-rhetoric-and-practice/index.html",
        "feeds/all.atom.xml",
        "feeds/all.json",
    ):
        assert fast[name] == full[name], name


def test_a_bad_edit_leaves_output_untouched(served):
    text = (served / POST).read_text(encoding="utf-8")
    before = snapshot(served / "output")
    bad_link = text + "\nSee [the about page]({filename}/pages/abut.md).\n"
    out = rebuild_after(served, (POST, bad_link))
    step = out["steps"][0]
    assert not step["ok"]
    assert "content/posts/2026-11-24-co-production.md:" in step["log"]
    assert "abut.md" in step["log"] and "still holds the last good site" in step["log"]
    assert snapshot(served / "output") == before


def test_a_pelican_warning_fails_the_fast_preview_as_it_fails_a_full_build(served):
    """An image with no description: Pelican warns, --fatal warnings stops a
    full build, and the fast preview stops too."""
    text = (served / POST).read_text(encoding="utf-8")
    before = snapshot(served / "output")
    out = rebuild_after(served, (POST, text + '\n<img src="/theme/images/favicon.svg" alt="">\n'))
    step = out["steps"][0]
    assert not step["ok"], step["log"]
    assert "still holds the last good site" in step["log"]
    assert snapshot(served / "output") == before


def test_a_metadata_change_takes_the_full_build(served):
    text = (served / POST).read_text(encoding="utf-8")
    retitled = text.replace(
        "Title: Co-production: closing the gap", "Title: Co-production: mind the gap"
    )
    assert retitled != text
    out = rebuild_after(served, (POST, retitled))
    step = out["steps"][0]
    assert step["ok"] and "Fast preview" not in step["log"]
    home = (served / "output" / "index.html").read_text(encoding="utf-8")
    assert "Co-production: mind the gap" in home  # list pages follow a full build


def test_a_new_post_takes_the_full_build(served):
    new = "content/posts/2026-11-27-winter-fair.md"
    text = (
        "Title: Winter fair volunteers\nDate: 2026-11-27 10:00\nCategory: News\nAuthor: A Writer\n"
        "Summary: We need volunteers.\n\nWe need ten volunteers.\n"
    )
    out = rebuild_after(served, (new, text))
    step = out["steps"][0]
    assert step["ok"] and "Fast preview" not in step["log"]
    assert (served / "output" / "2026" / "11" / "winter-fair-volunteers" / "index.html").is_file()
