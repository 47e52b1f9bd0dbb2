"""The writers' editor at /admin/, end to end, in Chromium: `invoke serve`
(with its decap-server child, in git mode) on a throwaway Git copy of the
project; a writer creates a post with a chart and a picture, saves it as a
draft, moves it to ready and publishes it. Checks the Git branches and
commits, the exact file written, that the build publishes the post with its
chart, that the editor refuses an invalid post before anything is saved,
and that /admin/ asks no other host for anything. Saves the screenshots of
docs/writing-in-the-editor.md (docs/images/editor-*.png)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, run_invoke

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]
SHOTS = ROOT / "docs" / "images"
# A tiny PNG (1x1, blue), as a writer's picture.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763606060f80f0001040100a8c2f0a60000000049454e44ae426082"
)


EXPECTED_POST = """\
Title: Winter fair volunteers
Date: 2026-11-28 10:15
Category: News
Tags: volunteering, events
Author: Jo Smith
Summary: We need ten volunteers to help run stalls on 12 December.
Status: published

```chart
survey: state-of-the-sector-2025
question: income-change
title: Four in ten saw their income fall
description: Bar chart of how income changed; decreased is the largest answer at 42%.
```

![Volunteers at last year's fair]({static}/images/winter-fair.png)
"""


MISFILED = """\
Title: A misfiled post
Date: 2026-11-20 09:00
Category: Newz
Author: Jo Smith
Summary: Its category is not one of the site's.
Status: draft

Text.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_members(group: int) -> list[int]:
    """The live processes of a process group (from /proc: no procps needed)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(stat.parent.name))
    return members


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def cms_branches(repo: Path) -> list[str]:
    # for-each-ref, not `git branch`: decap-server checks a branch out while it
    # commits to it, and `git branch` marks that one with a '*'.
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split()


@pytest.fixture
def editor(project, tmp_path):
    """`invoke serve` in a Git repository made from the project copy: (url, repo)."""
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (project / ".gitignore").write_text("node_modules\noutput\ncache\n.build-*\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Test Writer")
    git(project, "config", "user.email", "writer@example.org")
    # A draft with an unknown category, as someone might have pushed it (the
    # build leaves a draft with problems out, so the site still builds).
    (project / "content" / "posts" / "2026-11-20-misfiled.md").write_text(MISFILED)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The site")
    port, cms_port = free_port(), free_port()
    invoke = Path(sys.executable).parent / "invoke"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(invoke), "serve", "--port", str(port), "--cms-port", str(cms_port)],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "The editor:" not in (tmp_path / "serve.log").read_text():
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", project, cms_port
    finally:
        # Ctrl+C to serve alone: decap-server must stop with it.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        left = group_members(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
    assert not left, "decap-server outlived invoke serve"


def field(page, name: str):
    """The input of the editor's field `name` (Decap gives it the id name-field-N)."""
    return page.locator(f"[id^='{name}-field-']").first


def choose(page, name: str, text: str, nth: int = 0) -> None:
    """Pick an option of a select field (react-select) by typing part of it."""
    page.locator(f"[id^='{name}-field-']").nth(nth).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def add_picture(page, name: str) -> None:
    """Add Component > Image, uploading a picture through the media library."""
    page.get_by_role("button", name="Add Component").click()
    page.get_by_text("Image", exact=True).click()
    page.get_by_role("button", name="Choose an image").last.click()
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Choose selected").click()


def test_write_review_and_publish_a_post_in_the_editor(editor, playwright_driver, tmp_path):
    url, repo, cms_port = editor
    first_commit = git(repo, "rev-parse", "HEAD").strip()
    browser = playwright_driver.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
    )
    context = browser.new_context(
        timezone_id="Europe/London", locale="en-GB", viewport={"width": 1280, "height": 860}
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave without saving?"
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    # Under /admin/'s own Content-Security-Policy, which serve sends as nginx does.
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    try:
        page.goto(f"{url}/admin/")
        login = page.get_by_role("button", name="Login")
        login.wait_for()
        page.screenshot(path=SHOTS / "editor-login.png")
        login.click()
        page.get_by_text("Posts (CEO blog and news)").first.wait_for()
        page.get_by_text("Co-production: closing the gap").first.wait_for()
        page.screenshot(path=SHOTS / "editor-collections.png")

        # A findings post: the preview shows the charts the preview server drew.
        page.goto(f"{url}/admin/#/collections/findings/entries/2026-03-10-state-of-the-sector-2025")
        preview = page.frame_locator("iframe").first
        chart = preview.locator("figure.chart img").first
        chart.wait_for()
        assert chart.get_attribute("src").startswith("/charts/state-of-the-sector-2025/")
        page.wait_for_function(
            "() => [...document.querySelector('iframe').contentDocument"
            ".querySelectorAll('figure.chart img')].every(i => i.complete && i.naturalWidth > 0)"
        )

        # An invalid post: no summary. Refused before anything is saved.
        page.goto(f"{url}/admin/#/collections/posts/new")
        title = field(page, "title")
        title.wait_for()
        title.fill("A post with no summary")
        field(page, "author").fill("Jo Smith")
        field(page, "date").fill("2026-11-28T10:15")
        # ...and a picture with no description.
        add_picture(page, "stall.png")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Summary is required").first.wait_for()
        page.get_by_text("Every picture needs a description").first.wait_for()
        assert cms_branches(repo) == []
        assert git(repo, "rev-parse", "HEAD").strip() == first_commit

        # An unknown category (in a file pushed from elsewhere): refused too.
        page.goto(f"{url}/admin/?misfiled#/collections/posts/entries/2026-11-20-misfiled")
        title = field(page, "title")
        title.wait_for()
        title.fill("A misfiled post, edited")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Choose one of: CEO blog, Sector findings, News.").first.wait_for()
        assert cms_branches(repo) == []
        assert git(repo, "rev-parse", "HEAD").strip() == first_commit

        # An existing post opened, one field changed and saved: every other byte
        # (the other header lines, the whole text) is written back as it was.
        # (Unchanged, the editor does not save at all: its Save stays greyed.)
        page.goto(f"{url}/admin/?unchanged#/collections/posts/entries/2026-11-24-co-production")
        tags = field(page, "tags")
        tags.wait_for()
        assert page.get_by_role("button", name="Save").is_disabled()
        tags.fill("co-production, commissioning")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Entry saved").first.wait_for()
        branch = "cms/posts/2026-11-24-co-production"
        assert cms_branches(repo) == [branch]
        name = "content/posts/2026-11-24-co-production.md"
        saved = git(repo, "show", f"{branch}:{name}")
        original = git(repo, "show", f"main:{name}")
        assert saved == original.replace(
            "Tags: co-production, commissioning, risk, State of the Sector\n",
            "Tags: co-production, commissioning\n",
        )
        assert saved != original
        # Thrown away again (Decap asks first; the dialog handler says yes).
        page.get_by_text("Delete unpublished changes").click()
        deadline = time.monotonic() + 20
        while cms_branches(repo) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert cms_branches(repo) == []

        # The real post (leaving the refused one unsaved).
        page.goto(f"{url}/admin/?again#/collections/posts/new")
        title = field(page, "title")
        title.wait_for()
        title.fill("Winter fair volunteers")
        field(page, "date").fill("2026-11-28T10:15")
        field(page, "author").fill("Jo Smith")
        field(page, "summary").fill("We need ten volunteers to help run stalls on 12 December.")
        field(page, "tags").fill("volunteering, events")
        page.get_by_role("button", name="Add Component").click()
        page.get_by_text("Survey chart", exact=True).click()
        chart = page.locator("[data-slate-editor] >> text=Survey chart").locator(
            "xpath=ancestor::div[.//label][1]"
        )
        choose(page, "question", "income")
        page.locator("[id^='title-field-']").nth(1).fill("Four in ten saw their income fall")
        page.locator("[id^='description-field-']").first.fill(
            "Bar chart of how income changed; decreased is the largest answer at 42%."
        )
        page.screenshot(path=SHOTS / "editor-chart.png")
        # The preview is laid out as the site is, in its stylesheet.
        preview = page.frame_locator("iframe").first
        assert preview.locator("link[href='/theme/css/site.css']").count() == 1
        assert preview.locator("article.post h1").inner_text() == "Winter fair volunteers"
        assert "the site draws it" in preview.locator("figure.chart-placeholder").inner_text()
        del chart
        # A picture, uploaded through the media library, with its description.
        add_picture(page, "winter-fair.png")
        page.locator("[id^='alt-field-']").first.fill("Volunteers at last year's fair")

        # Save: a draft, on its own branch.
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Entry saved").first.wait_for()
        branches = cms_branches(repo)
        assert branches == ["cms/posts/2026-11-28-winter-fair-volunteers"], branches
        assert git(repo, "rev-parse", "main").strip() == first_commit
        draft = "cms/posts/2026-11-28-winter-fair-volunteers"
        assert git(repo, "diff", "--name-only", f"main...{draft}").split() == [
            "content/images/winter-fair.png",
            "content/posts/2026-11-28-winter-fair-volunteers.md",
        ]
        # Draft -> in review -> ready.
        for status in ("In review", "Ready"):
            page.get_by_role("button", name="Status:").click()
            page.get_by_role("menuitem", name=status).click()
            page.get_by_text("Entry status updated").first.wait_for()
            page.wait_for_timeout(300)
        page.goto(f"{url}/admin/#/workflow")
        page.get_by_text("Winter fair volunteers").first.wait_for()
        page.screenshot(path=SHOTS / "editor-workflow.png")
        page.get_by_text("Winter fair volunteers").first.click()
        page.get_by_role("button", name="Publish", exact=True).click()
        page.get_by_role("menuitem", name="Publish now").click()
        page.get_by_text("Entry published").first.wait_for()
        # Decap has merged the branch into main by the time it says so.
    finally:
        context.close()
        browser.close()
    assert hosts <= {url.split("/")[2], f"127.0.0.1:{cms_port}"}, hosts
    assert blocked == []

    # Published: merged into main, the branch gone, the file exactly as the guide writes it.
    assert cms_branches(repo) == []
    # One commit on main (squash_merges), adding the post and its picture.
    log = git(repo, "log", "--format=%s", f"{first_commit}..main").splitlines()
    assert len(log) == 1 and "2026-11-28-winter-fair-volunteers" in log[0], log
    assert git(repo, "diff", "--name-only", first_commit, "main").split() == [
        "content/images/winter-fair.png",
        "content/posts/2026-11-28-winter-fair-volunteers.md",
    ]
    post = repo / "content" / "posts" / "2026-11-28-winter-fair-volunteers.md"
    assert post.read_text(encoding="utf-8") == EXPECTED_POST, post.read_text(encoding="utf-8")
    assert (repo / "content" / "images" / "winter-fair.png").read_bytes() == PNG
    assert not (repo / "content" / "images" / "stall.png").exists()  # the refused post's
    # The production build publishes it with its chart (into its own folder:
    # serve, still running, rebuilds output/ after the merge).
    built = run_invoke(repo, "publish-build", "--output", "published")
    assert built.returncode == 0, built.stdout + built.stderr
    page_html = repo / "published" / "2026" / "11" / "winter-fair-volunteers" / "index.html"
    doc = BeautifulSoup(page_html.read_text(encoding="utf-8"), "lxml")
    figures = [f for f in doc.select("main figure") if "Four in ten saw" in f.get_text()]
    assert len(figures) == 1 and figures[0].find("svg") is not None  # the drawn chart
    [picture] = doc.select("main img[src*='winter-fair']")
    assert picture["alt"] == "Volunteers at last year's fair"
    assert (repo / "published" / "images" / "winter-fair.png").read_bytes() == PNG
