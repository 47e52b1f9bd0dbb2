"""The real site's build writes the editor at /admin/ (plugins/cms_admin),
self-hosted, and leaves it out of everything public: sitemap, search,
feeds, links and the pages' weight."""

from __future__ import annotations

import json

import yaml

from tests.conftest import ROOT, run_invoke

from .html import pages


def test_the_build_writes_the_editor(prod_site):
    admin = prod_site / "admin"
    index = (admin / "index.html").read_text(encoding="utf-8")
    for script in ("decap-cms.js", "site-data.js", "pelican.js"):
        assert f'<script src="{script}"></script>' in index
        assert (admin / script).is_file()
    # Decap from node_modules at the pinned version, with the chunks it loads.
    version = json.loads((ROOT / "package.json").read_text())["dependencies"]["decap-cms"]
    installed = json.loads((ROOT / "node_modules/decap-cms/package.json").read_text())
    assert installed["version"] == version
    assert (admin / "decap-cms.js").read_bytes() == (
        ROOT / "node_modules/decap-cms/dist/decap-cms.js"
    ).read_bytes()
    assert len(list(admin.glob("*.decap-cms.js"))) > 10
    assert not list(admin.glob("*.map"))
    # Nothing from another host: every script is a file beside the page.
    assert "://" not in index
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://www.thcvs.org.uk"
    assert "local_backend" not in config  # production has no local mode
    site_data = (admin / "site-data.js").read_text(encoding="utf-8")
    assert site_data.startswith("window.SITE_DATA = ")
    data = json.loads(site_data.removeprefix("window.SITE_DATA = ").rstrip(";\n"))
    assert data["stylesheet"].startswith("/assets/theme/css/site.")
    assert (prod_site / data["stylesheet"].lstrip("/")).is_file()


def test_the_editor_is_left_out_of_everything_public(prod_site):
    assert b"/admin" not in (prod_site / "sitemap.xml").read_bytes()
    for feed in (prod_site / "feeds").rglob("*"):
        if feed.is_file():
            assert b"/admin/" not in feed.read_bytes(), feed
    for page in pages(prod_site):
        assert "/admin/" not in page.read_text(encoding="utf-8"), page
    # Search indexes only pages with data-pagefind-body; the editor has none.
    assert "data-pagefind-body" not in (prod_site / "admin" / "index.html").read_text()
    assert b"/admin/" not in b"".join(
        p.read_bytes() for p in (prod_site / "pagefind").rglob("*.pf_meta")
    )


def test_a_copy_without_node_packages_builds_and_says_so(project):
    """A developer without Node.js still builds the site; /admin/ says how to
    install the editor."""
    result = run_invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    index = (project / "output" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "The editor is not installed here" in index
    assert "npm ci --ignore-scripts" in index
    assert "<script" not in index
