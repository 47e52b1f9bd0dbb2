"""Fixtures for the checks' tests. Browser and Nu checker tests never skip:
a missing tool fails them with the install instructions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the project, for `import checks`
    sys.path.insert(0, str(ROOT))

from checks import tools  # noqa: E402
from checks.report import ToolMissing  # noqa: E402
from tests.checks.checks_fixtures import make_site  # noqa: E402


@pytest.fixture(scope="session")
def browser_session(playwright_driver):
    """One headless Chromium for the whole session."""
    try:
        tools.require_browser_tools()
    except ToolMissing as exc:
        pytest.fail(f"browser checks cannot run: {exc}", pytrace=False)
    from checks.browser import BrowserSession

    with BrowserSession(playwright=playwright_driver) as session:
        yield session


@pytest.fixture(scope="session")
def vnu():
    try:
        tools.require_vnu()
    except ToolMissing as exc:
        pytest.fail(f"HTML conformance checks cannot run: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def clean_site(tmp_path_factory) -> Path:
    return make_site("clean", tmp_path_factory.mktemp("sites"))
