"""Publishing for real: the production build's assets and URLs, and
`invoke publish` / `invoke rollback` run in a copy of the project as a person
would, with the project's own link checker as the gate."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, run_invoke
from tests.site_build.html import pages, soup

SITEURL = "https://www.thcvs.org.uk"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the production build --------------------------------------------------------


def test_pages_load_assets_by_content_hashed_names(prod_site):
    assets = prod_site / "assets"
    hashed = [p for p in assets.rglob("*") if p.is_file()]
    assert any(p.suffix == ".css" for p in hashed) and any(p.suffix == ".svg" for p in hashed)
    for path in hashed:
        stem, digest, ext = path.name.rsplit(".", 2)
        assert re.fullmatch(r"[0-9a-f]{12}", digest), path
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] == digest, path
        original = prod_site / path.relative_to(assets).with_name(f"{stem}.{ext}")
        assert original.read_bytes() == path.read_bytes(), path  # the original stays
    for page in pages(prod_site):
        doc = soup(page)
        loaded = [link["href"] for link in doc.find_all("link", rel=["stylesheet", "icon"])]
        loaded += [tag["src"] for tag in doc.find_all("script", src=True)]
        # Pictures: the theme's are hashed; content's (a chart on the home
        # page, a post's picture) keep their addresses, as README says.
        loaded += [
            tag["src"]
            for tag in doc.find_all("img", src=True)
            if urlsplit(tag["src"]).path.startswith(("/theme/", "/assets/"))
        ]
        assert loaded, page
        for url in loaded:
            if urlsplit(url).netloc:
                continue  # not this site's (none today)
            assert url.startswith("/assets/"), (page, url)
            assert (prod_site / url.lstrip("/").split("?")[0]).is_file(), (page, url)


def test_feeds_and_sitemap_keep_stable_names(prod_site):
    for path in [*(prod_site / "feeds").rglob("*"), prod_site / "sitemap.xml"]:
        if path.is_file():
            assert "/assets/" not in path.read_text(encoding="utf-8"), path


def test_every_absolute_url_to_this_site_uses_siteurl(prod_site):
    """HTML attributes, feeds, sitemap and robots.txt: links to the site are
    on SITEURL, never the development address or another spelling of it."""
    own = re.compile(
        r"(?:https?:)?//(?:www\.)?(?:thcvs\.org\.uk|127\.0\.0\.1|localhost)[^\s\"'<>)]*",
        re.IGNORECASE,
    )
    checked = 0
    for path in prod_site.rglob("*"):
        if path.suffix not in {".html", ".xml", ".json", ".txt"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for url in own.findall(text):  # e-mail addresses have no "//": not matched
            assert url.startswith(SITEURL + "/") or url == SITEURL, (path, url)
            checked += 1
    assert checked > 50


def test_no_drafts_or_future_posts_in_production(prod_site):
    assert not (prod_site / "drafts").exists()
    assert not list(prod_site.rglob("drafts"))


# -- invoke publish and invoke rollback --------------------------------------------

GOOD_POST = """\
Title: Winter fair volunteers
Date: 2026-11-20 10:00
Category: News
Tags: volunteering
Author: A Writer
Summary: We need ten volunteers.

Please help at the fair.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def publishable(project, tmp_path):
    """A project copy that can publish: with the checks and deploy files, as a
    git repository with a bare remote for gh-pages."""
    for part in ("checks", "deploy"):
        if not (project / part).exists():
            shutil.copytree(
                ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__")
            )
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "config", "user.name", "Test Publisher")
    git(project, "config", "user.email", "publisher@example.org")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "site")
    git(project, "remote", "add", "origin", str(remote))
    return project, remote


def test_publish_check_gate_targets_and_rollback(publishable, tmp_path):
    project, remote = publishable
    live, previous = project / "public", project / "public.previous"
    post = project / "content" / "posts" / "2026-11-20-winter-fair.md"

    # 1. First publish, to a gh-pages branch as well as the local folder.
    post.write_text(GOOD_POST, encoding="utf-8")
    first = run_invoke(project, "publish", "--checks", "links", "--target", "gh-pages")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Published: public/ holds the new site" in first.stdout
    assert (live / "index.html").is_file() and (live / "_headers").is_file()
    assert not previous.exists()
    one = snapshot(live)
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {"index.html", ".nojekyll", "CNAME", "_headers"} <= set(files)
    assert any(name.startswith("assets/") for name in files)
    assert git(remote, "show", "gh-pages:CNAME") == "www.thcvs.org.uk"
    branch_tip = git(remote, "rev-parse", "gh-pages")

    # 2. A broken link fails the check: the live folder and the branch stay as they were.
    # (A link to a page the site does not have, /volunteers/rota/, is caught by the
    # build itself, with its file and line: step 3. The checker still finds a link
    # to a part of a page that is not there.)
    post.write_text(GOOD_POST + "\nSee [the rota](/about/#rota).\n", encoding="utf-8")
    failed = run_invoke(project, "publish", "--checks", "links", "--target", "gh-pages")
    assert failed.returncode == 1
    assert (
        "/about/#rota" in failed.stdout
        and "Publish stopped: the checks found problems" in failed.stdout
    )
    assert snapshot(live) == one and not previous.exists()
    assert git(remote, "rev-parse", "gh-pages") == branch_tip
    assert sorted(p.name for p in project.glob(".public*")) == [".public.lock"]

    # 3. A failed build stops earlier, with the same guarantee.
    post.write_text(GOOD_POST.replace("Category: News", "Category: Events"), encoding="utf-8")
    failed = run_invoke(project, "publish", "--checks", "links")
    assert failed.returncode == 1 and "Publish stopped: the build failed" in failed.stdout
    assert snapshot(live) == one and not previous.exists()
    post.write_text(GOOD_POST + "\nSee [the rota](/volunteers/rota/).\n", encoding="utf-8")
    failed = run_invoke(project, "publish", "--checks", "links")
    assert failed.returncode == 1 and "Publish stopped: the build failed" in failed.stdout
    assert "2026-11-20-winter-fair.md:" in failed.stdout and "'/volunteers/rota/'" in failed.stdout
    assert snapshot(live) == one and not previous.exists()

    # 4. Fixed: published, sent with rsync, and the first build kept.
    post.write_text(GOOD_POST.replace("ten volunteers", "twelve volunteers"), encoding="utf-8")
    server = tmp_path / "server" / "public"
    server.parent.mkdir()  # the server's web root folder exists; rsync fills it
    second = run_invoke(
        project, "publish", "--checks", "links", "--target", "rsync", "--dest", str(server)
    )
    assert second.returncode == 0, second.stdout + second.stderr
    two = snapshot(live)
    assert two != one and snapshot(previous) == one
    assert snapshot(server) == two
    assert (
        "twelve volunteers"
        in (live / "2026" / "11" / "winter-fair-volunteers" / "index.html").read_text()
    )

    # 5. Rollback restores the first build, here and on the server.
    back = run_invoke(project, "rollback", "--target", "rsync", "--dest", str(server))
    assert back.returncode == 0, back.stdout + back.stderr
    assert snapshot(live) == one and snapshot(previous) == two and snapshot(server) == one
    assert sorted(
        p.name for p in project.iterdir() if p.name.startswith((".public", "public"))
    ) == [".public.lock", "public", "public.previous"]
