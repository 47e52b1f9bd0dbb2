"""The real site's production build passes every checker (as `invoke check`
runs them). Uses the project's `prod_site` build (tests/conftest.py)."""

from __future__ import annotations

import shutil

import pytest

from checks.cli import CHECKS, run
from tests.conftest import ROOT

SITE_URL = "https://www.thcvs.org.uk"


@pytest.fixture(scope="module")
def real_results(prod_site, browser_session, vnu):
    from publishconf import SITEURL

    assert SITEURL == SITE_URL
    # Kept after the run (artifacts/ is what CI keeps) so a person can look.
    shots = ROOT / "artifacts" / "screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    results = run(
        prod_site, list(CHECKS), site_url=SITEURL, session=browser_session, screenshots_dir=shots
    )
    return {r.name: r for r in results}, shots


@pytest.mark.parametrize("checker", CHECKS)
def test_real_site_passes(real_results, checker):
    results, _ = real_results
    assert results[checker].faults == [], results[checker].render()


def test_real_site_screenshots(real_results):
    _, shots = real_results
    names = {p.name for p in shots.iterdir()}
    assert {"home-390.png", "home-1280.png", "article-390.png", "article-1280.png"} <= names
    assert any(name.startswith("findings") for name in names), names
    # Every page type, and the Subscribe page by name, at both widths (the
    # survey page too while there is a survey: checks/screenshots.py).
    for name in ("subscribe", "page", "category", "tag", "archives", "search", "404"):
        assert {f"{name}-390.png", f"{name}-1280.png"} <= names, name
